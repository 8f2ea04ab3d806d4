"""Scheduling from the command line: the store that materialise and dispatch work on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.core.files import make_sqlite_private

if TYPE_CHECKING:
    from bot.core.scheduling import SchedulingStore
    from config.settings import Settings
    from storage.engine import Database


def scheduling_store(db: Database) -> SchedulingStore:
    """The store of check-ins, claims and deliveries over this database."""
    from storage.scheduling import SqlSchedulingStore

    return SqlSchedulingStore(db)


def nothing_due(settings: Settings, at: datetime | None = None) -> bool:
    """True only when a tick at `at` (default: now) is certain to find nothing to do.

    Answered on a SQLite file with the standard library, before the database layer loads;
    for any other database, or in any doubt, False: the full tick runs and decides.
    """
    return nothing_due_in(
        settings.database_url, settings_key(settings), settings.scheduler.horizon_days, at
    )


def nothing_due_in(
    database_url: str, key: str, horizon_days: int, at: datetime | None = None
) -> bool:
    """`nothing_due` from the settings it reads: the database, `settings_key` and the horizon.

    The tick asks this before the settings are loaded in full (config/quick.py).
    """
    from storage.idle import nothing_due as idle
    from storage.idle import sqlite_file

    path = sqlite_file(database_url)
    if path is None or not path.is_file():
        return False
    try:
        make_sqlite_private(path)  # as opening the database for a full tick does
    except OSError:
        return False  # the full path says why, or goes on read-only as before
    return idle(path, at or datetime.now(UTC), key, timedelta(days=horizon_days))


def settings_key(settings: Settings) -> str:
    """The settings materialise's result depends on, as one string for the idle marker."""
    return settings.scheduler.model_dump_json() + settings.reminders.model_dump_json()


def materialise_fingerprint(settings: Settings) -> str | None:
    """What materialise reads, fingerprinted; None when no idle marker can apply (not SQLite)."""
    from storage.idle import fingerprint, sqlite_file

    path = sqlite_file(settings.database_url)
    if path is None or not path.is_file():
        return None
    return fingerprint(path, settings_key(settings))


def record_idle_marker(
    settings: Settings, fingerprint: str, through: datetime, at: datetime
) -> bool:
    """Remember that materialise at `at` is complete through `through` for this fingerprint."""
    from storage.idle import record_marker, sqlite_file

    path = sqlite_file(settings.database_url)
    if path is None:
        return False
    return record_marker(path, fingerprint, through, at)
