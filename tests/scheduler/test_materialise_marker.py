"""An unchanged re-run of materialise skips its work; any change makes exactly the missing rows.

Each scenario runs materialise, changes one thing materialise reads (with plain writes, as
any code path might), and runs it again. The rows that re-run adds are compared with a full
run on a fresh database of the same kind, seeded the same way with the change already made:
the rows of that run the first run did not make, each at the same instant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, delete, select, update

from bot.core.clock import FrozenClock
from bot.core.model import (
    Frequency,
    ItemSpec,
    Owner,
    OwnerKind,
    Role,
    Schedule,
    ScheduleKind,
)
from bot.core.scheduling import (
    MaterialiseInputs,
    OwnerLookup,
    SchedulableItem,
    SchedulingPolicy,
)
from bot.core.specjson import item_from_json, item_to_json
from handlers.scheduling import materialise
from storage.engine import Database
from storage.migrate import upgrade
from storage.scheduling import SqlSchedulingStore
from storage.tables import (
    AreaRow,
    BoardMemberRow,
    BoardRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)
from tests.conftest import _postgres_db
from tests.scheduler.seed import World, add_item, add_person, event_on, person_owner, seed_world
from tests.support.seed import insert_item, insert_plan, insert_row

START = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
HORIZON = 60
ARCHIVED = datetime(2025, 2, 1, tzinfo=UTC)
# (item key, person key, occurrence, prompt) -> the planned send instant
Keyed = dict[tuple[str, str, str, str], datetime]
Change = Callable[[Database, World], None]


def _stewards(unit: str, *, subunits: bool = False) -> Owner:
    return Owner(OwnerKind.ROLE, role=Role.STEWARD, unit=unit, include_subunits=subunits)


def build(db: Database) -> World:
    """A roster and plans with one thing of each kind that a change below can switch on."""
    world = seed_world(db)  # sek > klubb; anna (sek), bo (klubb), cia (board of sek)
    add_person(db, world, "dag", units=["sek"], active=False)
    add_person(db, world, "eva", units=[])
    add_person(db, world, "fia", units=["sek"], timezone="Europe/Oslo")

    def more(s: Session) -> None:
        world.units["ort"] = insert_row(s, UnitRow(key="ort", name="Orten", kind="klubb"))
        s.execute(
            update(PersonRow).where(col(PersonRow.key) == "fia").values(reminder_time="10:30")
        )
        # A second plan and an area that are archived, each with an item for bo.
        plan = insert_plan(s, "old", world.units["klubb"])
        area = insert_row(s, AreaRow(plan_id=plan, key="1", title="Gammalt"))
        insert_item(s, plan, area, _spec("plan-item", event_on(date(2025, 3, 26)), "klubb"))
        s.execute(update(PlanRow).where(col(PlanRow.id) == plan).values(archived_at=ARCHIVED))
        shut = insert_row(s, AreaRow(plan_id=world.plan_id, key="9", title="Vilande"))
        insert_item(
            s, world.plan_id, shut, _spec("area-item", event_on(date(2025, 3, 27)), "klubb")
        )
        s.execute(update(AreaRow).where(col(AreaRow.id) == shut).values(archived_at=ARCHIVED))

    db.run_sync(more)
    add_person(db, world, "ivar", units=["ort"])
    monthly = Schedule(ScheduleKind.RECURRING, every=Frequency.MONTHLY, day=10)
    add_item(db, world, "month", monthly, [_stewards("sek")])
    add_item(db, world, "tree", event_on(date(2025, 3, 18)), [_stewards("sek", subunits=True)])
    board = Owner(OwnerKind.BOARD, unit="sek")
    add_item(db, world, "board", event_on(date(2025, 3, 20), 7), [board])
    add_item(db, world, "named", event_on(date(2025, 3, 25)), [person_owner("gus")])
    # Its ask, 27 February 09:00 in Stockholm, lies four days back: beyond the catch-up.
    add_item(db, world, "past", event_on(date(2025, 2, 26)), [person_owner("anna")])
    # Its ask, 21 May, lies beyond the horizon and within the look beyond it.
    add_item(db, world, "later", event_on(date(2025, 5, 20)), [person_owner("anna")])
    gone = add_item(db, world, "gone", event_on(date(2025, 3, 24)), [_stewards("sek")])
    db.run_sync(
        lambda s: s.execute(
            update(PlanItemRow).where(col(PlanItemRow.id) == gone).values(archived_at=ARCHIVED)
        )
    )
    return world


def _spec(key: str, schedule: Schedule, unit: str) -> ItemSpec:
    return ItemSpec(key=key, title=key, schedule=schedule, owners=(_stewards(unit),))


def keyed(db: Database) -> Keyed:
    def read(s: Session) -> Keyed:
        items = {i.id: i.key for i in s.exec(select(PlanItemRow))}
        people = {p.id: p.key for p in s.exec(select(PersonRow))}
        return {
            (items[r.plan_item_id], people[r.person_id], r.occurrence, r.prompt): r.due_at
            for r in s.exec(select(CheckinRow))
        }

    return db.run_sync(read)


def _set(db: Database, table: Any, where: Any, **values: object) -> None:
    db.run_sync(lambda s: s.execute(update(table).where(where).values(**values)))


def _person(db: Database, key: str) -> int:
    found = db.run_sync(lambda s: s.exec(select(PersonRow.id).where(PersonRow.key == key)).one())
    assert found is not None
    return found


def new_steward(db: Database, world: World) -> None:
    add_person(db, world, "hal", units=["sek"])


def joins_unit(db: Database, world: World) -> None:
    eva = _person(db, "eva")
    db.run_sync(lambda s: s.add(PersonUnitRow(person_id=eva, unit_id=world.units["sek"])))


def becomes_steward(db: Database, world: World) -> None:
    _set(db, PersonRow, col(PersonRow.key) == "cia", roles="board,steward")


def joins_board(db: Database, world: World) -> None:
    anna = _person(db, "anna")

    def write(s: Session) -> None:
        board = s.exec(select(BoardRow.id).where(BoardRow.key == "styrelsen")).one()
        assert board is not None
        s.add(BoardMemberRow(board_id=board, person_id=anna))

    db.run_sync(write)


def reactivated(db: Database, world: World) -> None:
    _set(db, PersonRow, col(PersonRow.key) == "dag", active=True)


def key_renamed(db: Database, world: World) -> None:
    _set(db, PersonRow, col(PersonRow.key) == "eva", key="gus")


def unit_moved(db: Database, world: World) -> None:
    _set(db, UnitRow, col(UnitRow.key) == "ort", parent_id=world.units["sek"])


def item_restored(db: Database, world: World) -> None:
    _set(db, PlanItemRow, col(PlanItemRow.key) == "gone", archived_at=None)


def plan_restored(db: Database, world: World) -> None:
    _set(db, PlanRow, col(PlanRow.key) == "old", archived_at=None)


def area_restored(db: Database, world: World) -> None:
    _set(db, AreaRow, col(AreaRow.key) == "9", archived_at=None)


def reminder_added(db: Database, world: World) -> None:
    def write(s: Session) -> None:
        row = s.exec(select(PlanItemRow).where(PlanItemRow.key == "board")).one()
        spec = item_from_json(row.key, row.title, row.description, row.spec)
        schedule = replace(spec.schedule, remind_days_before=(7, 3))
        row.spec = item_to_json(replace(spec, schedule=schedule))
        s.add(row)

    db.run_sync(write)


def new_item(db: Database, world: World) -> None:
    add_item(db, world, "new", event_on(date(2025, 4, 2)), [_stewards("klubb")])


def checkin_deleted(db: Database, world: World) -> None:
    anna = _person(db, "anna")
    db.run_sync(
        lambda s: s.execute(
            delete(CheckinRow).where(
                col(CheckinRow.person_id) == anna, col(CheckinRow.occurrence) == "2025-04-10"
            )
        )
    )


CHANGES: dict[str, Change] = {
    "a new steward in an owning unit": new_steward,
    "a person joins an owning unit": joins_unit,
    "a person takes the owning role": becomes_steward,
    "a person joins the owning board": joins_board,
    "an inactive person is active again": reactivated,
    "a person's key becomes an owner's": key_renamed,
    "a unit moves under an owning tree": unit_moved,
    "an archived item is restored": item_restored,
    "an archived plan is restored": plan_restored,
    "an archived area is restored": area_restored,
    "an item gets another reminder": reminder_added,
    "a new item": new_item,
    "a stored check-in is deleted": checkin_deleted,
}


@pytest.fixture
def fresh(db: Database, tmp_path: Path) -> Iterator[Database]:
    """A second, empty database of the same kind as `db`."""
    if db.is_postgres:
        yield from _postgres_db()
        return
    other = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(other)
    yield other
    other.dispose()


class CountingStore(SqlSchedulingStore):
    """Counts the runs that planned (read the items and the roster)."""

    rosters = 0

    async def plans_and_roster(
        self,
    ) -> tuple[Sequence[SchedulableItem], OwnerLookup, MaterialiseInputs | None]:
        self.rosters += 1
        return await super().plans_and_roster()


async def full_run(
    db: Database,
    change: Change | None,
    at: datetime,
    horizon: int = HORIZON,
    policy: SchedulingPolicy | None = None,
) -> Keyed:
    world = build(db)
    if change is not None:
        change(db, world)
    await materialise(SqlSchedulingStore(db), FrozenClock(at), horizon, policy=policy)
    return keyed(db)


def _new(after: Keyed, before: Keyed) -> Keyed:
    return {k: v for k, v in after.items() if k not in before}


@pytest.mark.parametrize("name", CHANGES)
async def test_a_re_run_after_a_change_adds_what_a_fresh_full_run_has(
    db: Database, fresh: Database, name: str
) -> None:
    change = CHANGES[name]
    world = build(db)
    store = CountingStore(db)
    await materialise(store, FrozenClock(START), HORIZON)
    assert await materialise(store, FrozenClock(START), HORIZON) == 0
    assert store.rosters == 1  # the unchanged re-run skipped its planning
    change(db, world)
    changed = keyed(db)
    created = await materialise(store, FrozenClock(START), HORIZON)
    expected = _new(await full_run(fresh, change, START), changed)
    assert expected, "the change makes rows a full run adds"
    assert _new(keyed(db), changed) == expected
    assert created == len(expected)
    # And that run leaves a marker in turn: the next unchanged run plans nothing again.
    assert await materialise(store, FrozenClock(START), HORIZON) == 0
    assert store.rosters == 2


async def test_an_unchanged_re_run_plans_nothing_while_its_window_is_covered(
    db: Database,
) -> None:
    build(db)
    store = CountingStore(db)
    created = await materialise(store, FrozenClock(START), HORIZON)
    assert created == len(keyed(db)) > 0
    # A day later the horizon ends on 3 May; the next send a later run could add is the
    # monthly ask of 12 May (the 11th is a Sunday), after it: nothing to plan.
    for later in (timedelta(0), timedelta(hours=1), timedelta(days=1)):
        assert await materialise(store, FrozenClock(START + later), HORIZON) == 0
    assert store.rosters == 1
    # An earlier run reaches further back than the marked one: it plans again, adds nothing.
    assert await materialise(store, FrozenClock(START - timedelta(hours=1)), HORIZON) == 0
    assert store.rosters == 2


@pytest.mark.parametrize(
    ("later", "horizon", "policy"),
    [
        # The horizon ends on 12 May at 08:00 UTC, an hour after the first send beyond the
        # first run's (the monthly ask of 12 May, 07:00 UTC) and days before its end + 14 days.
        pytest.param(timedelta(days=10), HORIZON, None, id="past the first send beyond"),
        pytest.param(timedelta(days=20), HORIZON, None, id="weeks later"),
        pytest.param(timedelta(0), 90, None, id="a longer horizon"),
        pytest.param(
            timedelta(0), HORIZON, SchedulingPolicy(catch_up_hours=120), id="a longer catch-up"
        ),
        # The horizon ends on 12 May at 06:00 UTC: the monthly ask that day (the 11th is a
        # Sunday) is at 07:00 UTC (09:00 local) by default, inside the window at 07:00 local.
        pytest.param(
            timedelta(days=9, hours=22),
            HORIZON,
            SchedulingPolicy(default_time=time(7, 0), quiet_end=time(6, 0)),
            id="an earlier default time",
        ),
    ],
)
async def test_a_re_run_with_another_window_or_settings_adds_what_a_fresh_full_run_has(
    db: Database,
    fresh: Database,
    later: timedelta,
    horizon: int,
    policy: SchedulingPolicy | None,
) -> None:
    build(db)
    store = SqlSchedulingStore(db)
    await materialise(store, FrozenClock(START), HORIZON)
    first = keyed(db)
    at = START + later
    created = await materialise(store, FrozenClock(at), horizon, policy=policy)
    expected = _new(await full_run(fresh, None, at, horizon, policy), first)
    assert expected
    assert _new(keyed(db), first) == expected
    assert created == len(expected)


class ChangedWhilePlanning(SqlSchedulingStore):
    """A steward joins right after materialise read the roster, before it inserts."""

    def __init__(self, db: Database, world: World) -> None:
        super().__init__(db)
        self.world, self.joined = world, False

    async def plans_and_roster(
        self,
    ) -> tuple[Sequence[SchedulableItem], OwnerLookup, MaterialiseInputs | None]:
        found = await super().plans_and_roster()
        if not self.joined:
            self.joined = True
            new_steward(self.db, self.world)
        return found


class AwayWhilePlanning(SqlSchedulingStore):
    """hal is inactive just while materialise reads the roster, active before and after."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.planned = False

    async def plans_and_roster(
        self,
    ) -> tuple[Sequence[SchedulableItem], OwnerLookup, MaterialiseInputs | None]:
        if self.planned:
            return await super().plans_and_roster()
        self.planned = True
        _set(self.db, PersonRow, col(PersonRow.key) == "hal", active=False)
        found = await super().plans_and_roster()
        _set(self.db, PersonRow, col(PersonRow.key) == "hal", active=True)
        return found


async def test_a_run_whose_inputs_change_meanwhile_leaves_no_marker(
    db: Database, fresh: Database
) -> None:
    world = build(db)
    await materialise(ChangedWhilePlanning(db, world), FrozenClock(START), HORIZON)
    first = keyed(db)
    assert not any(k[1] == "hal" for k in first)  # the roster it planned from had no hal
    created = await materialise(SqlSchedulingStore(db), FrozenClock(START), HORIZON)
    expected = _new(await full_run(fresh, new_steward, START), first)
    assert expected
    assert all(k[1] == "hal" for k in expected)
    assert _new(keyed(db), first) == expected
    assert created == len(expected)


async def test_a_change_undone_while_planning_leaves_no_marker(
    db: Database, fresh: Database
) -> None:
    world = build(db)
    new_steward(db, world)
    await materialise(AwayWhilePlanning(db), FrozenClock(START), HORIZON)
    first = keyed(db)
    assert not any(k[1] == "hal" for k in first)  # planned while hal was inactive
    # What it reads is the same before and after that run; what it planned from was not.
    created = await materialise(SqlSchedulingStore(db), FrozenClock(START), HORIZON)
    expected = _new(await full_run(fresh, new_steward, START), first)
    assert expected
    assert all(k[1] == "hal" for k in expected)
    assert _new(keyed(db), first) == expected
    assert created == len(expected)
