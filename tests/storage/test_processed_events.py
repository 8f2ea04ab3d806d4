"""Handled-event ids: per platform and bot, with a fingerprint, kept for a bounded time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.core.model import Platform
from storage.conversation import SqlConversationStore
from storage.conversation.identities import PROCESSED_EVENT_KEEP, prune_processed_events
from storage.engine import Database
from storage.tables import ProcessedEventRow

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def mark(db: Database, bot: str, event_id: str, fingerprint: str, at: datetime = NOW) -> bool:
    store = SqlConversationStore(db)
    return store.run_sync(
        lambda tx: tx.mark_processed(
            Platform.TELEGRAM, event_id, bot=bot, fingerprint=fingerprint, at=at
        )
    )


def test_the_same_id_from_two_bots_is_two_events(db: Database) -> None:
    assert mark(db, "111", "tg:1", "a")
    assert mark(db, "222", "tg:1", "b")
    assert not mark(db, "111", "tg:1", "a")
    assert not mark(db, "222", "tg:1", "b")


def test_a_reused_id_with_another_fingerprint_is_a_new_event(db: Database) -> None:
    assert mark(db, "111", "tg:1", "a")
    assert mark(db, "111", "tg:1", "b")
    assert not mark(db, "111", "tg:1", "b")


def test_pruning_keeps_the_last_fourteen_days_to_the_microsecond(db: Database) -> None:
    assert timedelta(days=14) == PROCESSED_EVENT_KEEP
    edge = NOW - PROCESSED_EVENT_KEEP
    for n, at in enumerate((edge - timedelta(microseconds=1), edge, edge + timedelta(hours=1))):
        assert mark(db, "111", f"tg:{n}", "x", at)
    removed = db.run_sync(lambda s: prune_processed_events(s, NOW))
    left = db.run_sync(
        lambda s: [
            r.event_id
            for r in s.exec(select(ProcessedEventRow).order_by(col(ProcessedEventRow.at)))
        ]
    )
    assert (removed, left) == (1, ["tg:1", "tg:2"])
    # A pruned id is simply new again.
    assert mark(db, "111", "tg:0", "x")


async def test_the_service_prunes_in_a_periodic_job(sqlite_db: Database) -> None:
    from bot.app import PRUNE_EVENTS_JOB_ID, Service, extra_jobs
    from bot.core.clock import FrozenClock
    from config.settings import Settings

    assert mark(sqlite_db, "111", "tg:old", "x", NOW - timedelta(days=15))
    assert mark(sqlite_db, "111", "tg:new", "x", NOW - timedelta(days=1))
    service = Service(Settings(database_url=sqlite_db.url), sqlite_db, {}, FrozenClock(NOW))
    [prune] = [job for job_id, job, _every in extra_jobs(service) if job_id == PRUNE_EVENTS_JOB_ID]
    await prune()
    left = sqlite_db.run_sync(lambda s: [r.event_id for r in s.exec(select(ProcessedEventRow))])
    assert left == ["tg:new"]


async def test_the_same_job_drops_receipts_no_running_bot_will_handle(db: Database) -> None:
    from bot.app import PRUNE_EVENTS_JOB_ID, Service, extra_jobs
    from bot.core.clock import FrozenClock
    from bot.core.ports import Receipt
    from config.settings import Settings
    from storage.inbox import SqlUpdateInbox

    inbox = SqlUpdateInbox(db)
    # A bot that stopped long ago left a receipt; the running one has one just received.
    await inbox.receive(Platform.TELEGRAM, "111", [Receipt("1", "{}")], NOW - timedelta(days=15))
    await inbox.receive(Platform.TELEGRAM, "222", [Receipt("2", "{}")], NOW - timedelta(days=13))
    service = Service(Settings(database_url=db.url), db, {}, FrozenClock(NOW))
    [prune] = [job for job_id, job, _every in extra_jobs(service) if job_id == PRUNE_EVENTS_JOB_ID]
    await prune()
    assert await inbox.pending(Platform.TELEGRAM, "111") == []
    assert [r.update_id for r in await inbox.pending(Platform.TELEGRAM, "222")] == ["2"]
