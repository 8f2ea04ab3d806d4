"""Never-sent check-ins past the catch-up window that no claim takes are closed as missed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from storage.engine import Database
from storage.scheduling.stale import close_stale
from storage.tables import AwayPeriodRow, CheckinRow
from tests.scheduler.seed import add_item, add_person, event_on, person_owner, seed_world

NOW = datetime(2026, 11, 30, 8, tzinfo=UTC)
OLDEST = NOW - timedelta(hours=12)


def test_only_open_never_sent_unleased_rows_of_people_not_away_are_closed(db: Database) -> None:
    world = seed_world(db)
    gone = add_person(db, world, "dag", units=["sek"], active=False)
    item = add_item(db, world, "8.1", event_on(date(2025, 9, 30)), [person_owner("anna")])
    people = world.people
    # (person, next_send_at, sends, state, leased until): the row's expected state after.
    rows = {
        "stale": (people["anna"], OLDEST - timedelta(days=400), 0, "scheduled", None, "missed"),
        "just_late": (people["anna"], OLDEST + timedelta(minutes=1), 0, "scheduled", None, None),
        "followed_up": (people["bo"], OLDEST - timedelta(days=1), 1, "awaiting", None, None),
        "leased": (people["cia"], OLDEST - timedelta(days=1), 0, "scheduled", NOW, None),
        "away": (people["bo"], OLDEST - timedelta(days=2), 0, "scheduled", None, None),
        "retired": (gone, OLDEST - timedelta(days=1), 0, "scheduled", None, None),
        "snoozed": (people["cia"], OLDEST - timedelta(days=3), 0, "snoozed", None, "missed"),
    }

    def write(s: Session) -> None:
        for occurrence, (person, at, sends, state, lease, _after) in rows.items():
            s.add(
                CheckinRow(
                    plan_item_id=item,
                    person_id=person,
                    occurrence=occurrence,
                    prompt="ask",
                    state=state,
                    due_at=at,
                    next_send_at=at,
                    sends=sends,
                    lease_owner="w" if lease else None,
                    lease_until=lease + timedelta(minutes=1) if lease else None,
                )
            )
        s.add(
            AwayPeriodRow(
                person_id=people["bo"],
                starts_at=NOW - timedelta(days=10),
                ends_at=None,
                source="cli",
                created_at=NOW - timedelta(days=10),
            )
        )

    db.run_sync(write)
    closed = db.run_sync(lambda s: close_stale(s, now=NOW, oldest=OLDEST))
    assert closed == sum(1 for row in rows.values() if row[-1] == "missed")
    after = {
        r.occurrence: (r.state, r.next_send_at)
        for r in db.run_sync(lambda s: list(s.exec(select(CheckinRow)).all()))
    }
    for occurrence, (_p, at, _s, state, _l, expected) in rows.items():
        if expected == "missed":
            assert after[occurrence] == ("missed", None), occurrence
        else:
            assert after[occurrence] == (state, at), occurrence
