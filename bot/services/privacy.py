"""A person's data on request: export it, or erase it and push the erasure to the files."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from bot.core.privacy import ErasureResult, PersonExport
    from storage.engine import Database
    from storage.privacy import DiskResult as _DiskResult

# The storage types the service returns, named here so that commands need not import storage.
DiskResult: TypeAlias = "_DiskResult"


def export_person(db: Database, key: str, *, now: datetime) -> PersonExport:
    """Everything stored about the person, read in one transaction."""
    from storage.privacy import export_person as read

    return db.run_sync(lambda s: read(s, key, now=now))


def person_name(db: Database, key: str) -> str:
    """The person's name; NotFoundError naming the key when there is none."""
    from storage.privacy import find_person

    return db.run_sync(lambda s: find_person(s, key).name)


def sole_steward_units(db: Database, key: str) -> list[str]:
    """The person's units that have no other active steward."""
    from storage.privacy import sole_steward_units as read

    return db.run_sync(lambda s: read(s, key))


def erase_person(
    db: Database, key: str, *, actor: str, now: datetime, keep_numbers: bool
) -> tuple[ErasureResult, DiskResult]:
    """Erase in one transaction, then clear the erased data from the database files."""
    from storage.privacy import erase_person as erase
    from storage.privacy import settle_erasure

    result = db.run_sync(lambda s: erase(s, key, actor=actor, now=now, keep_numbers=keep_numbers))
    return result, settle_erasure(db)
