"""Item summaries: a closed event is summarised once, to its owners, each in their language."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.clock import FrozenClock
from bot.core.model import Platform
from handlers.summaries import run_due_summaries
from storage.engine import Database
from storage.reporting import SqlReportingStore
from tests.reports.fakes import RecordingTransport
from tests.reports.seed import build_union


async def test_a_closed_event_is_summarised_once(db: Database) -> None:
    union = db.run_sync(build_union)
    store, console = SqlReportingStore(db), RecordingTransport()
    transports = {Platform.CONSOLE: console}
    clock = FrozenClock(datetime(2025, 3, 20, tzinfo=UTC))
    # Only the other plan's event has closed; nobody of it can be reached.
    assert await run_due_summaries(store, transports, clock) == 1
    assert console.sent == []
    clock.set(datetime(2025, 3, 29, tzinfo=UTC))  # the follow-up period of 8.2 has ended
    assert await run_due_summaries(store, transports, clock) == 1
    assert await run_due_summaries(store, transports, clock) == 0
    by_chat = {to.chat_id: message for to, message in console.sent}
    assert sorted(by_chat) == sorted(f"dm{union[k]}" for k in ("anna", "bo", "dag"))
    swedish = by_chat[f"dm{union['anna']}"]
    assert swedish.title == "Sammanfattning: Värvningsvecka"
    assert swedish.text == "2 personer rapporterade det som genomfört."
    assert swedish.context == "3 mars 2025"
    assert swedish.sections[0].lines == (
        "Genomfört: 2 · Inte genomfört: 1 · Inte aktuellt: 0 · Inget svar: 1",
        "New members: 18",
    )
    assert len(swedish.sections[1].lines) == 2
    norwegian = by_chat[f"dm{union['bo']}"]
    assert norwegian.title == "Oppsummering: Värvningsvecka"
