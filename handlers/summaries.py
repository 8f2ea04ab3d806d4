"""Item summaries: when a dated item's occurrence closes, tell its owners and board once.

An occurrence of an event, window or deadline item *closes* when none of its report requests
is still open (all answered, given up, unreachable...), or when the plan's follow-up period
(give_up_after_days) has passed since its last request fell due. Recurring and continuous
items are covered by the weekly digest instead. The item_summary row, inserted before
sending, makes the summary go out at most once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from bot.core.errors import DeliveryError
from bot.core.i18n import Translator, translator
from bot.core.messages import OutgoingMessage, Section
from bot.core.model import Platform
from bot.core.ports import Clock, Transport
from bot.core.reporting import ItemSummaryData, ReportingStore, SummaryDue
from handlers.delivery import send_patiently
from handlers.digest import NAME_LIMIT, clip_line, comment_line, status_line

logger = logging.getLogger(__name__)


def compose_summary(tr: Translator, data: ItemSummaryData) -> OutgoingMessage:
    """What came of one occurrence: done / not done / no answer, the numbers, the comments."""
    lines = [
        status_line(
            tr,
            data.done,
            data.not_done,
            not_relevant=data.not_relevant,
            no_answer=data.no_answer,
        )
    ]
    lines += [
        tr.gettext("{label}: {total}", label=clip_line(label, NAME_LIMIT), total=tr.number(total))
        for label, total in data.sums
    ]
    sections = [Section(tr.gettext("Reported"), tuple(lines))]
    if data.comments:
        comments = tuple(comment_line(tr, c) for c in data.comments)
        sections.append(Section(tr.gettext("Comments"), comments))
    return OutgoingMessage(
        title=tr.gettext("Summary: {item}", item=clip_line(data.item_title, NAME_LIMIT * 2)),
        text=tr.ngettext("{n} person reported it done.", "{n} people reported it done.", data.done),
        context=tr.date(data.occurrence),
        sections=tuple(sections),
    )


async def _send_summary(
    store: ReportingStore, transports: Mapping[Platform, Transport], due: SummaryDue
) -> int:
    data = await store.summary_data(due)
    delivered = 0
    for recipient in data.recipients:
        transport = transports.get(recipient.address.platform)
        if transport is None:
            continue
        message = compose_summary(translator(recipient.locale), data)
        try:
            await send_patiently(transport, recipient.address, message)
        except DeliveryError as exc:
            logger.warning("summary of item %s failed: %s", due.item_id, exc.failure.value)
            continue
        delivered += 1
    return delivered


async def run_due_summaries(
    store: ReportingStore, transports: Mapping[Platform, Transport], clock: Clock
) -> int:
    """Summarise every closed occurrence not yet summarised; returns how many were sent."""
    now = clock.now()
    sent = 0
    for due in await store.due_summaries(now):
        if not await store.claim_summary(due, now):
            continue
        try:
            delivered = await _send_summary(store, transports, due)
        except Exception:  # a job boundary: one item's failure must not stop the others
            logger.exception("summary of item %s failed", due.item_id)
            continue
        logger.info("summary of item %s sent to %d", due.item_id, delivered)
        sent += 1
    return sent
