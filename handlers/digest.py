"""The weekly board digest: compose it per reader, and send each (board, ISO week) exactly once.

Exactly once: the digest row for (board, week) is inserted *before* anything is sent; the
unique constraint makes a second worker or a restarted process lose that race and skip. A
crash between the claim and the sends therefore loses that week's digest rather than doubling
it: boards prefer one missing digest to two identical ones.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.errors import DeliveryError
from bot.core.i18n import Translator, translator
from bot.core.messages import OutgoingMessage, Section
from bot.core.model import Platform
from bot.core.ports import Clock, Transport
from bot.core.reporting import (
    AreaDigest,
    BoardInfo,
    DigestData,
    DigestWindow,
    IsoWeek,
    PersonCount,
    Recipient,
    ReportComment,
    ReportingStore,
    TargetProgress,
)
from handlers.away import roster_sections
from handlers.delivery import send_patiently
from handlers.progress import format_progress, progress_of

logger = logging.getLogger(__name__)

COMMENT_LIMIT = 500
NAME_LIMIT = 80
LOOKBACK = timedelta(weeks=4)
UPCOMING_WEEKS = 4
_SPACE = re.compile(r"\s+")

ChartRenderer = Callable[[Translator, Sequence[TargetProgress]], bytes]


def clip_line(text: str, limit: int = COMMENT_LIMIT) -> str:
    """One line of user text, at most `limit` characters: longer text is cut with '…'."""
    flat = _SPACE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def status_line(
    tr: Translator,
    done: int,
    not_done: int,
    *,
    not_relevant: int,
    no_answer: int,
    not_sent: int = 0,
) -> str:
    """The same four figures the year-end report gives, and the requests no chat delivered.

    "No answer" counts requests that reached someone; a request that was never sent is not a
    silence of the person, so it has a figure of its own, shown when there is one.
    """
    line = tr.gettext(
        "Done: {done} · Not done: {not_done} · Not relevant: {not_relevant} · "
        "No answer: {no_answer}",
        done=tr.number(done),
        not_done=tr.number(not_done),
        not_relevant=tr.number(not_relevant),
        no_answer=tr.number(no_answer),
    )
    if not_sent:
        line += " · " + tr.gettext("Never sent: {n}", n=tr.number(not_sent))
    return line


def comment_line(tr: Translator, comment: ReportComment) -> str:
    line = tr.gettext(
        "{item} – {name}: {text}",
        item=clip_line(comment.item_title, NAME_LIMIT * 2),
        name=clip_line(comment.person_name, NAME_LIMIT),
        text=clip_line(comment.text) if comment.text else "",
    ).rstrip(": ")
    if comment.blocker:
        line += " · " + tr.gettext("Blocker: {text}", text=clip_line(comment.blocker))
    if comment.new_date is not None:
        line += " · " + tr.gettext("New date: {date}", date=tr.date(comment.new_date))
    # Only a Yes to "shall someone from the board contact you?" asks for help; a No with a
    # reason or a new date is a "not done" the board reads, not a call for help.
    if comment.needs_help:
        line = tr.gettext("Needs help") + " – " + line
    elif comment.blocker or comment.new_date is not None:
        line = tr.gettext("Not done") + " – " + line
    return line


def _area_section(tr: Translator, area: AreaDigest, with_plan: bool) -> Section:
    title = f"{area.plan_title}: {area.area_title}" if with_plan else area.area_title
    lines = [
        status_line(
            tr,
            area.done,
            area.not_done,
            not_relevant=area.not_relevant,
            no_answer=area.no_answer,
            not_sent=area.not_sent,
        )
    ]
    lines += [
        tr.gettext(
            "Coming up {date}: {title}", date=tr.weekday_date(item.on), title=clip_line(item.title)
        )
        for item in area.upcoming
    ]
    return Section(title, tuple(lines))


def _people_line(tr: Translator, person: PersonCount) -> str:
    return tr.ngettext(
        "{name}: {n} unanswered request",
        "{name}: {n} unanswered requests",
        person.count,
        name=clip_line(person.name, NAME_LIMIT),
    )


def _busy(area: AreaDigest) -> bool:
    return bool(
        area.done
        or area.not_done
        or area.not_relevant
        or area.no_answer
        or area.not_sent
        or area.upcoming
    )


def _not_sent_line(tr: Translator, person: PersonCount) -> str:
    return tr.ngettext(
        "{name}: {n} request never sent",
        "{name}: {n} requests never sent",
        person.count,
        name=clip_line(person.name, NAME_LIMIT),
    )


def is_quiet(data: DigestData) -> bool:
    """Nothing answered, nothing coming up, unanswered or unsent, no comments."""
    busy_area = any(_busy(a) for a in data.areas)
    return not (busy_area or data.comments or data.not_answered or data.not_sent or data.roster)


def digest_title(tr: Translator, week: IsoWeek) -> str:
    return tr.gettext("Weekly digest {week}", week=tr.week(week.monday()))


def compose_digest(tr: Translator, data: DigestData) -> OutgoingMessage:
    """The digest in the reader's language; user text is bounded here and escaped by transports."""
    title = digest_title(tr, data.reported_week)
    if is_quiet(data):
        return OutgoingMessage(
            text=tr.gettext("{title}: a quiet week, nothing reported and nothing due.", title=title)
        )
    shown = [a for a in data.areas if _busy(a)]
    with_plan = len({a.plan_title for a in shown}) > 1
    sections = [_area_section(tr, a, with_plan) for a in shown]
    progress = progress_of(data.targets, data.units)
    if progress:
        sections.append(
            Section(tr.gettext("Targets"), tuple(format_progress(tr, p) for p in progress))
        )
    if data.comments:
        lines = tuple(comment_line(tr, c) for c in data.comments)
        sections.append(Section(tr.gettext("Comments this week"), lines))
    if data.not_answered:
        lines = tuple(_people_line(tr, p) for p in data.not_answered)
        sections.append(Section(tr.gettext("Not answered"), lines))
    if data.not_sent:
        lines = tuple(_not_sent_line(tr, p) for p in data.not_sent)
        lines += (
            tr.gettext("These requests fell due, but no chat delivered them: nobody was asked."),
        )
        sections.append(Section(tr.gettext("Never sent"), lines))
    if data.unreachable:
        lines = tuple(clip_line(name, NAME_LIMIT) for name in data.unreachable)
        sections.append(Section(tr.gettext("Cannot be reached by the bot"), lines))
    sections.extend(roster_sections(tr, data.roster))
    # Every answer of the week is a report, "Not relevant" included, as in the year-end report.
    reported = sum(a.done + a.not_done + a.not_relevant for a in data.areas)
    text = tr.ngettext(
        "{n} report from {start} to {end}.",
        "{n} reports from {start} to {end}.",
        reported,
        start=tr.date(data.period_start),
        end=tr.date(data.period_end - timedelta(days=1)),
    )
    return OutgoingMessage(
        text=text, title=title, context=data.board.name, sections=tuple(sections)
    )


def render_console(message: OutgoingMessage) -> str:
    """Plain text for a terminal: title, text, then each section with its lines indented."""
    parts = [message.title] if message.title else []
    if message.context:
        parts.append(message.context)
    parts.append(message.text)
    for section in message.sections:
        parts.append("")
        parts.append(section.title)
        parts.extend(f"  {line}" for line in section.lines)
    return "\n".join(parts)


# --- when, and to whom -------------------------------------------------------


def _zone(board: BoardInfo) -> ZoneInfo | None:
    try:
        return ZoneInfo(board.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("board %s has an unknown time zone; no digest", board.id)
        return None


def due_week(board: BoardInfo, now: datetime) -> IsoWeek | None:
    """The ISO week whose digest moment (local weekday and time) has passed, if it has.

    That is the week the digest is sent in (its claim key); it reports the week before.
    """
    zone = _zone(board)
    if zone is None:
        return None
    week = IsoWeek.of(now.astimezone(zone).date())
    day = week.monday() + timedelta(days=board.digest_weekday % 7)
    moment = datetime.combine(day, board.digest_time, tzinfo=zone)
    return week if now >= moment else None


def digest_window(
    board: BoardInfo, week: IsoWeek, upcoming_weeks: int = UPCOMING_WEEKS
) -> DigestWindow:
    """The previous local week as UTC instants, plus the look-back and the weeks ahead."""
    zone = _zone(board) or ZoneInfo("UTC")
    monday = week.monday()
    start = datetime.combine(monday - timedelta(days=7), datetime.min.time(), tzinfo=zone)
    end = datetime.combine(monday, datetime.min.time(), tzinfo=zone)
    return DigestWindow(
        period_start=start,
        period_end=end,
        lookback_start=end - LOOKBACK,
        upcoming_end=end + timedelta(weeks=upcoming_weeks),
    )


async def preview_digest(
    store: ReportingStore,
    board_key: str,
    clock: Clock,
    week: IsoWeek | None = None,
    locale: str | None = None,
) -> OutgoingMessage:
    """The digest a board would get, without sending it or writing its digest row.

    `week` is the week reported on; without it, the digest sent this week (about the last).
    """
    board = await store.board(board_key)
    zone = _zone(board) or ZoneInfo("UTC")
    if week is None:
        sent_in = IsoWeek.of(clock.now().astimezone(zone).date())
    else:
        sent_in = IsoWeek.of(week.monday() + timedelta(days=7))
    data = await store.digest_data(board, sent_in, digest_window(board, sent_in))
    return compose_digest(translator(locale or board.locale), data)


async def _deliver(
    transport: Transport,
    recipient: Recipient,
    message: OutgoingMessage,
    chart: bytes | None,
    caption: str,
) -> bool:
    try:
        await send_patiently(transport, recipient.address, message)
    except DeliveryError as exc:
        logger.warning("digest to %s failed: %s", recipient.address.platform, exc.failure.value)
        return False
    if chart is not None:
        try:
            await transport.send_file(recipient.address, chart, "progress.png", caption)
        except DeliveryError as exc:
            logger.warning(
                "digest chart to %s failed: %s", recipient.address.platform, exc.failure.value
            )
    return True


async def send_digest(
    store: ReportingStore,
    transports: Mapping[Platform, Transport],
    board: BoardInfo,
    week: IsoWeek,
    chart: ChartRenderer | None = None,
) -> int:
    """Compose once per language and send to every recipient; returns how many got it."""
    data = await store.digest_data(board, week, digest_window(board, week))
    progress = progress_of(data.targets, data.units)
    composed: dict[str, tuple[OutgoingMessage, bytes | None, str]] = {}
    delivered = 0
    for recipient in await store.board_recipients(board):
        transport = transports.get(recipient.address.platform)
        if transport is None:
            continue
        if recipient.locale not in composed:
            tr = translator(recipient.locale)
            message = compose_digest(tr, data)
            wants_chart = chart is not None and progress and message.sections
            # Drawn off the event loop: taps are answered while a chart is drawn.
            png = await asyncio.to_thread(chart, tr, progress) if chart and wants_chart else None
            composed[recipient.locale] = (message, png, tr.gettext("Progress towards the targets"))
        if await _deliver(transport, recipient, *composed[recipient.locale]):
            delivered += 1
    return delivered


async def run_due_digests(
    store: ReportingStore,
    transports: Mapping[Platform, Transport],
    clock: Clock,
    chart: ChartRenderer | None = None,
) -> int:
    """Send every digest whose moment has passed this week and that nobody sent yet."""
    now = clock.now()
    sent = 0
    for board in await store.boards():
        week = due_week(board, now)
        if week is None or not await store.claim_digest(board.id, week, now):
            continue
        try:
            delivered = await send_digest(store, transports, board, week, chart)
        except Exception:  # a job boundary: one board's failure must not stop the others
            logger.exception("digest for board %s week %s failed", board.id, week)
            await store.finish_digest(board.id, week, "failed", clock.now())
            continue
        await store.finish_digest(
            board.id, week, "sent" if delivered else "undelivered", clock.now()
        )
        logger.info("digest for board %s week %s sent to %d", board.id, week, delivered)
        sent += 1
    return sent
