"""Scheduling from the command line: the store that materialise and dispatch work on."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.core.scheduling import SchedulingStore
    from storage.engine import Database


def scheduling_store(db: Database) -> SchedulingStore:
    """The store of check-ins, claims and deliveries over this database."""
    from storage.scheduling import SqlSchedulingStore

    return SqlSchedulingStore(db)
