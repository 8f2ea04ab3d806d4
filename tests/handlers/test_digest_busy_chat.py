"""A digest goes out once, so a chat that is busy for a moment must not cost the board it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FrozenClock
from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from handlers.digest import run_due_digests
from storage.engine import Database
from storage.reporting import SqlReportingStore
from tests.reports.fakes import RecordingTransport
from tests.reports.seed import build_union


class BusyFirst(RecordingTransport):
    """Each chat is busy for its first `busy` sends (as a paced Telegram chat hands back)."""

    def __init__(self, busy: int, failure: DeliveryFailure = DeliveryFailure.RATE_LIMITED) -> None:
        super().__init__()
        self.busy, self.failure, self.refused = busy, failure, 0

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        if self.refused < self.busy:
            self.refused += 1
            raise DeliveryError(self.failure, code="chat_pace", retry_after=0.01)
        return await super().send(to, message)


MONDAY_8 = datetime(2025, 3, 17, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm


@pytest.mark.parametrize("busy", [1, 2])
async def test_a_digest_to_a_busy_chat_waits_and_arrives(sqlite_db: Database, busy: int) -> None:
    sqlite_db.run_sync(build_union)
    transport = BusyFirst(busy)
    sent = await run_due_digests(
        SqlReportingStore(sqlite_db), {Platform.CONSOLE: transport}, FrozenClock(MONDAY_8)
    )
    assert sent == 1
    assert transport.refused == busy
    assert transport.chats() == ["board"]


async def test_a_refusal_that_is_no_rate_limit_is_not_retried(sqlite_db: Database) -> None:
    sqlite_db.run_sync(build_union)
    transport = BusyFirst(1, DeliveryFailure.PERMANENT)
    await run_due_digests(
        SqlReportingStore(sqlite_db), {Platform.CONSOLE: transport}, FrozenClock(MONDAY_8)
    )
    assert transport.refused == 1
    assert transport.chats() == []
