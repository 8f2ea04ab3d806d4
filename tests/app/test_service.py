"""The assembled service: transports, router and the fixed jobs on one loop, stopped cleanly."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, select

from bot.app import (
    DIGEST_JOB_ID,
    PRUNE_EVENTS_JOB_ID,
    SUMMARY_JOB_ID,
    WATCH_JOB_ID,
    Service,
    extra_jobs,
)
from bot.core.clock import FrozenClock
from bot.core.messages import ChoiceSelected, CommandReceived, Sender
from bot.core.model import Platform
from bot.demo.story import examples_dir
from bot.planfile import load_plan, load_roster
from bot.transports.memory import MemoryTransport
from config.settings import SchedulerSettings, Settings
from storage.engine import Database
from storage.people import import_roster
from storage.plans import import_plan
from storage.retention_job import RETENTION_JOB_ID
from storage.tables import AnswerRow, ChatIdentityRow, PersonRow

# Monday after the example section's recruitment week: its report request is due at 09:00.
DUE = datetime(2025, 10, 13, 7, 30, tzinfo=UTC)


def seeded(sqlite_db: Database) -> None:
    base = examples_dir()
    roster = load_roster(base / "roster-sv.yaml")
    plan = load_plan(base / "plans/sv-sektion-2025.yaml")
    now = datetime(2025, 8, 1, tzinfo=UTC)
    sqlite_db.run_sync(lambda s: import_roster(s, roster, actor="test", now=now))
    sqlite_db.run_sync(lambda s: import_plan(s, plan, actor="test", now=now))


def link_console(session: Session, key: str) -> None:
    """The person with this key, linked to the terminal chat (as `ombud chat` does)."""
    person = session.exec(select(PersonRow).where(PersonRow.key == key)).one()
    assert person.id is not None
    session.add(ChatIdentityRow(person_id=person.id, platform="console", workspace="",
                                user_id=key, chat_id=key))  # fmt: skip


async def test_service_sends_due_reminders_and_stops(sqlite_db: Database, tmp_path: Path) -> None:
    seeded(sqlite_db)
    transport = MemoryTransport()
    # Both jobs fire at start-up; a short interval lets a dispatch follow the first materialise.
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'unused.db'}",
        scheduler=SchedulerSettings(dispatch_interval_seconds=1),
    )
    service = Service(settings, sqlite_db, {Platform.CONSOLE: transport}, FrozenClock(DUE))
    stop = asyncio.Event()
    running = asyncio.create_task(service.run(stop))
    await asyncio.wait_for(transport.wait_for_sends(), timeout=20)
    # The router is live on the same loop: a person's command is answered while jobs run.
    await transport.deliver(
        CommandReceived(Sender(Platform.CONSOLE, "johan", "johan"), "hjalp", "", "t-1")
    )
    # And it records taps on receipt for a transport that asks (Telegram's webhook does).
    to, reminder = next((to, m) for to, m in transport.sent if m.buttons)
    sqlite_db.run_sync(lambda s: link_console(s, to.chat_id))
    tap = ChoiceSelected(
        Sender(Platform.CONSOLE, to.chat_id, to.chat_id), reminder.buttons[0].token, "t-2"
    )
    assert transport.record_taps is not None
    recorded = await transport.record_taps([tap])
    assert list(recorded) == ["t-2"]
    await transport.deliver(replace(tap, recorded=recorded["t-2"]))
    stop.set()
    await asyncio.wait_for(running, timeout=20)
    assert transport.lifecycle[-1] == "stop"
    recipients = {to.chat_id for to, _ in transport.sent}
    assert recipients  # stewards of the section got the recruitment week's report request
    assert recipients <= {"johan", "sara", "lisa", "petter", "ingrid", "amira", "karin", "olof"}
    stored = sqlite_db.run_sync(
        lambda s: [(a.choice, a.revision) for a in s.exec(select(AnswerRow))]
    )
    assert stored == [("yes", 1)]  # the tap's answer, recorded once


def test_digest_and_summary_jobs_are_scheduled(sqlite_db: Database, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}")
    service = Service(settings, sqlite_db, {}, FrozenClock(DUE))
    ids = [job_id for job_id, _, _ in extra_jobs(service)]
    assert {
        DIGEST_JOB_ID,
        SUMMARY_JOB_ID,
        WATCH_JOB_ID,
        PRUNE_EVENTS_JOB_ID,
        RETENTION_JOB_ID,
    } <= set(ids)
