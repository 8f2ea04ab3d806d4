"""A plan file's quiet periods reach the scheduler: no check-in falls due inside one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.core.clock import FrozenClock
from bot.planfile import load_plan, load_roster, parse_plan
from handlers.scheduling import materialise
from storage.engine import Database
from storage.people import import_roster
from storage.plans import import_plan
from storage.scheduling import SqlSchedulingStore
from storage.tables import CheckinRow, PersonRow
from tests.scheduler.seed import checkins

EXAMPLES = Path(__file__).parents[2] / "examples"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
SUMMER_START = FrozenClock(datetime(2025, 6, 16, 6, 0, tzinfo=UTC))
HORIZON = 100

PLAN = """\
plan:
  id: quiet
  title: Plan
  unit: demo-sektion-nord
  period: 2025
  language: sv
{quiet}
areas:
  - id: "1"
    title: Area
    items:
      - id: weekly
        title: Veckans samtal
        when: {{every: weekly}}
        owners: [{{person: karin}}]
      - id: week
        title: Värvningsvecka
        when: {{dates: {{from: 2025-07-14, to: 2025-07-18}}}}
        remind: [3]
        owners: [{{person: karin}}]
"""
SUMMER = '  quiet_periods:\n    - {from: "07-01", to: "08-10"}'


def import_files(db: Database, roster: str, plan_text: str | None, plan_file: str = "") -> None:
    people = load_roster(EXAMPLES / roster)
    if plan_text is not None:
        spec = parse_plan(plan_text, "plan.yaml")
    else:
        spec = load_plan(EXAMPLES / "plans" / plan_file)
    db.run_sync(lambda s: import_roster(s, people, actor="test", now=NOW))
    db.run_sync(lambda s: import_plan(s, spec, actor="test", now=NOW))


def local_days(db: Database, rows: list[CheckinRow]) -> list[date]:
    people = db.run_sync(lambda s: s.exec(select(PersonRow)).all())
    zones = {p.id: ZoneInfo(p.timezone) for p in people}
    return sorted(r.due_at.replace(tzinfo=UTC).astimezone(zones[r.person_id]).date() for r in rows)


def in_span(day: date, first: date, last: date) -> bool:
    return first <= day <= last


async def test_no_check_in_falls_due_inside_the_plans_summer_window(db: Database) -> None:
    import_files(db, "roster-sv.yaml", PLAN.format(quiet=SUMMER))
    created = await materialise(SqlSchedulingStore(db), SUMMER_START, HORIZON)
    days = local_days(db, checkins(db))
    assert created == len(days) > 0
    assert not [d for d in days if in_span(d, date(2025, 7, 1), date(2025, 8, 10))]
    # The asks held back by the window all go out on the first working day after it.
    assert days.count(date(2025, 8, 11)) >= 2
    assert any(d < date(2025, 7, 1) for d in days)


async def test_without_the_window_the_same_plan_sends_in_july(db: Database) -> None:
    import_files(db, "roster-sv.yaml", PLAN.format(quiet=""))
    await materialise(SqlSchedulingStore(db), SUMMER_START, HORIZON)
    days = local_days(db, checkins(db))
    assert [d for d in days if in_span(d, date(2025, 7, 1), date(2025, 8, 10))]


async def test_the_norwegian_example_is_silent_in_fellesferien(db: Database) -> None:
    import_files(db, "roster-nb.yaml", None, "nb-avdeling-2025.yaml")
    await materialise(SqlSchedulingStore(db), SUMMER_START, HORIZON)
    days = local_days(db, checkins(db))
    assert days
    assert not [d for d in days if in_span(d, date(2025, 7, 7), date(2025, 7, 27))]


async def test_the_swedish_example_is_silent_in_industrisemestern(db: Database) -> None:
    import_files(db, "roster-sv.yaml", None, "sv-sektion-2025.yaml")
    store = SqlSchedulingStore(db)
    await materialise(store, SUMMER_START, HORIZON)
    christmas = FrozenClock(datetime(2025, 12, 1, 6, 0, tzinfo=UTC))
    await materialise(store, christmas, 60)
    days = local_days(db, checkins(db))
    assert days
    assert not [d for d in days if in_span(d, date(2025, 7, 7), date(2025, 8, 3))]
    assert not [d for d in days if in_span(d, date(2025, 12, 22), date(2026, 1, 6))]
    assert any(d >= date(2025, 8, 4) for d in days)
