"""Linking roster people to chat accounts the platform's directory knows: by the user id the
roster gives, else by e-mail; each link stores the direct-message channel it opened.

Runs when the service starts and again periodically, so a re-imported roster is picked up
without a restart. A person the directory does not know is logged by id for the
administrator and tried again on the next pass.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.core.conversation import ChatAccount
from bot.core.errors import DeliveryError
from bot.core.linking import Directory, LinkCandidate, LinkStore
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import Clock

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")
# A rate-limited directory is waited for this many times per person before the pass stops.
MAX_WAITS = 3


@dataclass
class LinkReport:
    by_user_id: int = 0
    by_email: int = 0
    opened: int = 0
    not_found: list[int] = field(default_factory=list)  # person ids
    taken: list[int] = field(default_factory=list)  # person ids whose account is someone else's
    postponed: int = 0


class _Postponed(Exception):
    """The directory keeps asking to slow down: the rest waits for the next pass."""


async def link_directory(
    store: LinkStore, directory: Directory, clock: Clock, sleep: Sleep = asyncio.sleep
) -> LinkReport:
    """One pass: link whom the directory knows, store the DM channel of every link."""
    report = LinkReport()
    platform = directory.platform
    candidates = await store.link_candidates(platform)
    unopened = await store.unopened_identities(platform)
    remaining = len(candidates) + len(unopened)
    try:
        for candidate in candidates:
            await _link_one(_Pass(store, directory, clock, report, sleep), candidate)
            remaining -= 1
        for identity in unopened:
            chat_id = await _open(directory, identity.user_id, sleep)
            if chat_id:
                await store.store_chat(identity.identity_id, chat_id)
                report.opened += 1
            remaining -= 1
    except _Postponed:
        report.postponed = remaining
    _log(platform, report)
    return report


@dataclass(frozen=True)
class _Pass:
    store: LinkStore
    directory: Directory
    clock: Clock
    report: LinkReport
    sleep: Sleep


async def _link_one(run: _Pass, candidate: LinkCandidate) -> None:
    store, directory, report, sleep = run.store, run.directory, run.report, run.sleep
    user_id, by_email = candidate.user_id, False
    try:
        if not user_id and candidate.email:
            email = candidate.email
            user_id = await _patiently(lambda: directory.lookup_user_by_email(email), sleep)
            by_email = True
        if not user_id:
            _not_found(candidate, report, "users_not_found")
            return
        found: str = user_id
        chat_id = await _patiently(lambda: directory.open_direct(found), sleep)
    except DeliveryError as exc:
        if exc.failure in {DeliveryFailure.UNREACHABLE, DeliveryFailure.PERMANENT}:
            _not_found(candidate, report, exc.code)
            return
        raise _Postponed from None
    account = ChatAccount(directory.platform, directory.team_id or "", found, chat_id)
    if not await store.link_account(candidate.person_id, account, run.clock.now()):
        report.taken.append(candidate.person_id)
        log.warning(
            "%s link refused: account already linked to another person person=%s user=%s",
            directory.platform.value,
            candidate.person_id,
            found,
        )
        return
    report.opened += 1
    if by_email:
        report.by_email += 1
    else:
        report.by_user_id += 1


async def _patiently(call: Callable[[], Awaitable[T]], sleep: Sleep) -> T:
    """The call, waiting out the directory's own Retry-After a few times."""
    for _ in range(MAX_WAITS):
        try:
            return await call()
        except DeliveryError as exc:
            if exc.failure is not DeliveryFailure.RATE_LIMITED:
                raise
            await sleep(exc.retry_after or 1.0)
    try:
        return await call()
    except DeliveryError as exc:
        if exc.failure is DeliveryFailure.RATE_LIMITED:
            raise _Postponed from None
        raise


def _not_found(candidate: LinkCandidate, report: LinkReport, code: str) -> None:
    report.not_found.append(candidate.person_id)
    # The administrator's clue: which roster person, and what the directory said (no e-mail).
    log.warning(
        "roster person not found in the chat directory person=%s by=%s code=%s",
        candidate.person_id,
        "user_id" if candidate.user_id else "email",
        code or "-",
    )


async def _open(directory: Directory, user_id: str, sleep: Sleep) -> str | None:
    try:
        return await _patiently(lambda: directory.open_direct(user_id), sleep)
    except DeliveryError as exc:
        if exc.failure is DeliveryFailure.TRANSIENT:
            raise _Postponed from None
        log.warning("direct chat not opened user=%s code=%s", user_id, exc.code or "-")
        return None


def _log(platform: Platform, report: LinkReport) -> None:
    log.info(
        "%s directory links: by_user_id=%d by_email=%d opened=%d not_found=%d taken=%d "
        "postponed=%d",
        platform.value,
        report.by_user_id,
        report.by_email,
        report.opened,
        len(report.not_found),
        len(report.taken),
        report.postponed,
    )
