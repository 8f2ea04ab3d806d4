"""Away periods and handovers in a person's export and erasure."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from storage.away import set_away
from storage.engine import Database
from storage.handover import retire_person
from storage.privacy import erase_person, export_person
from storage.tables import AwayPeriodRow, HandoverRow, PersonRow
from tests.storage.test_privacy import ANNA, NOW, seed


def anna_id(session: Session) -> int:
    row = session.exec(select(PersonRow).where(col(PersonRow.key) == ANNA["key"])).one()
    return row.id or 0


def test_export_lists_away_periods_with_dates_only(db: Database) -> None:
    db.run_sync(seed)
    ends = NOW + timedelta(days=10)
    db.run_sync(lambda s: set_away(s, anna_id(s), ends_at=ends, source="chat", now=NOW))
    found = db.run_sync(lambda s: export_person(s, ANNA["key"], now=NOW))
    assert [(a.starts_at, a.ends_at, a.source) for a in found.away_periods] == [(NOW, ends, "chat")]


def test_erasure_removes_away_periods_and_handovers(db: Database) -> None:
    db.run_sync(seed)
    db.run_sync(lambda s: set_away(s, anna_id(s), ends_at=None, source="cli", now=NOW))
    db.run_sync(lambda s: retire_person(s, ANNA["key"], actor="cli", now=NOW))
    assert db.run_sync(lambda s: len(s.exec(select(HandoverRow)).all())) == 1  # to Bo
    result = db.run_sync(lambda s: erase_person(s, ANNA["key"], actor="cli", now=NOW))
    assert result.removed["away_periods"] == 1
    assert result.removed["handovers"] == 1
    assert db.run_sync(lambda s: s.exec(select(AwayPeriodRow)).all()) == []
    assert db.run_sync(lambda s: s.exec(select(HandoverRow)).all()) == []
