"""People: import a roster (and retire who it leaves out), list, retire, mark as away."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, TypeAlias

from bot.services.database import run_import

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.core.plans import ImportResult, PersonSummary, Roster
    from storage.away import AwayChange as _AwayChange
    from storage.engine import Database
    from storage.handover import Move as _Move
    from storage.handover import RetireResult as _RetireResult

# The storage types the service returns, named here so that commands need not import storage.
AwayChange: TypeAlias = "_AwayChange"
Move: TypeAlias = "_Move"
RetireResult: TypeAlias = "_RetireResult"

# Who a roster import leaves out, and (when asked) how each of them was retired.
Leavers: TypeAlias = "tuple[list[str], list[_RetireResult]]"


def import_roster(
    db: Database, roster: Roster, *, retire_missing: bool, actor: str, now: datetime, dry_run: bool
) -> tuple[ImportResult, Leavers]:
    """The import, then who it leaves out and (when asked) their retirement, in one transaction."""
    return run_import(
        db, lambda s: _import_and_retire(s, roster, retire_missing, actor, now), dry_run
    )


def _import_and_retire(
    session: Session, roster: Roster, retire: bool, actor: str, now: datetime
) -> tuple[ImportResult, Leavers]:
    from storage.handover import missing_from, retire_person
    from storage.people import import_roster as store

    result = store(session, roster, actor=actor, now=now)
    gone = missing_from(session, {p.key for p in roster.people})
    retired = [retire_person(session, k, actor=actor, now=now) for k in gone] if retire else []
    return result, (gone, retired)


def list_people(db: Database) -> tuple[list[PersonSummary], set[tuple[str, str]]]:
    """Everyone, and the (person, platform) pairs that cannot be reached."""
    from storage.people import list_people as read
    from storage.status import unreachable_people

    people = db.run_sync(read)
    blocked = {(u.person, u.platform) for u in db.run_sync(unreachable_people)}
    return people, blocked


def retire(db: Database, key: str, *, actor: str, now: datetime, dry_run: bool) -> RetireResult:
    """No more reminders for the person; their open items move on. A dry run only shows it."""
    from storage.handover import retire_person

    return run_import(db, lambda s: retire_person(s, key, actor=actor, now=now), dry_run)


def set_away(
    db: Database, key: str, last_day: date | None, *, end: bool, actor: str, now: datetime
) -> AwayChange:
    """Start, change or (with end) finish the person's away period."""
    from storage.away import set_away_for

    return db.run_sync(lambda s: set_away_for(s, key, last_day, end=end, actor=actor, now=now))
