"""An idle tick in a union's plan year: a live plan, nothing due, answered without the ORM,
on SQLite and on PostgreSQL.

A full tick that added nothing leaves a marker (storage/idle.py); each change that can make
materialise add or archive a check-in, time passing, or a due check-in wakes the full tick.
Expected rows come from the plan's dates, not from what the code under test stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select
from typer.testing import CliRunner

from bot.cli import app
from bot.commands.common import parse_at
from bot.commands.tick import run_tick, summary
from bot.core.i18n import Translator
from bot.core.model import ItemSpec, Platform
from bot.core.specjson import item_to_json
from bot.services.scheduling import nothing_due
from bot.transports.memory import MemoryTransport
from config.settings import Settings
from storage.engine import Database
from storage.tables import AwayPeriodRow, CheckinRow, PlanItemRow
from tests.scheduler.idle_support import config, dump, settings_for
from tests.scheduler.seed import (
    World,
    add_identity,
    add_item,
    add_person,
    checkins,
    event_on,
    person_owner,
    seed_world,
)

ROOT = Path(__file__).resolve().parents[2]
ZONE = "Europe/Stockholm"
START = parse_at("2025-03-03T09:00:00+01:00", ZONE)  # the first full ticks run here
IDLE = parse_at("2025-03-05T09:00:00+01:00", ZONE)  # nothing due, nothing new in reach
# Default horizon 60 days: from START it reaches 2 May. Item "a" (9 April) lies inside it;
# item "b" (13 May) lies beyond it but within the two weeks looked ahead, so the marker holds
# only while the horizon stays a day short of 13 May: to about 12 March.
IN_REACH = date(2025, 4, 9)
BEYOND = date(2025, 5, 13)
MOVED = date(2025, 3, 26)  # item "b" moved into reach
AFTER_MARGIN = parse_at("2025-03-20T09:00:00+01:00", ZONE)  # horizon reaches 19 May


def stamp(at: datetime) -> str:
    return at.isoformat()


def setup(tmp_path: Path, db: Database) -> World:
    world = seed_world(db)
    add_item(db, world, "8.1", event_on(IN_REACH), [person_owner("anna")])
    add_item(db, world, "8.2", event_on(BEYOND), [person_owner("anna")])
    add_item(db, world, "8.3", event_on(IN_REACH), [person_owner("dan")])  # nobody yet
    tick(tmp_path, db, START)  # makes 8.1's check-in
    tick(tmp_path, db, START)  # adds nothing: records the marker
    return world


def tick(tmp_path: Path, db: Database, at: datetime) -> str:
    args = ["--config", str(config(tmp_path, db)), "tick", "--at", stamp(at)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def keys(db: Database) -> set[tuple[int, str]]:
    return {(row.person_id, row.occurrence) for row in checkins(db)}


def test_after_a_full_tick_a_plan_year_tick_is_idle_and_writes_nothing(
    tmp_path: Path, db: Database
) -> None:
    world = setup(tmp_path, db)
    assert keys(db) == {(world.people["anna"], IN_REACH.isoformat())}
    assert nothing_due(settings_for(db), IDLE)
    before = dump(db)
    output = tick(tmp_path, db, IDLE)
    assert dump(db) == before
    # The oracle: the full tick, on the same rows since the idle one wrote none. It writes
    # nothing either but the marker, which it records again at its own instant.
    full = run_tick(settings_for(db), IDLE, {})
    assert full.materialised == 0
    assert dump(db, leave_out=("idle_marker",)) == {
        table: rows for table, rows in before.items() if table != "idle_marker"
    }
    tr = Translator("sv")
    no_platform = tr.gettext("No chat platform is configured, so nothing could be sent.")
    assert output == f"{no_platform}\n{summary(tr, full)}\n"


PROBE = """
import json, sys
sys.argv = ["ombud", *sys.argv[1:]]
from bot.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_idle_plan_year_tick_loads_no_orm(tmp_path: Path, db: Database) -> None:
    setup(tmp_path, db)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env["PYTHONPATH"] = str(ROOT)
    args = ["--config", str(config(tmp_path, db)), "tick", "--at", stamp(IDLE)]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert loaded & {"sqlalchemy", "sqlmodel", "alembic", "holidays", "pydantic"} == set()
    assert "Nya påminnelser: 0." in result.stdout


def test_a_tick_before_the_markers_instant_is_not_idle(tmp_path: Path, db: Database) -> None:
    setup(tmp_path, db)
    assert not nothing_due(settings_for(db), START - timedelta(days=1))


def test_a_new_plan_item_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    world = setup(tmp_path, db)
    add_item(db, world, "8.4", event_on(date(2025, 3, 26)), [person_owner("bo")])
    assert not nothing_due(settings_for(db), IDLE)
    output = tick(tmp_path, db, IDLE)
    assert "Nya påminnelser: 1." in output
    assert (world.people["bo"], "2025-03-26") in keys(db)


def test_an_item_moved_into_reach_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    world = setup(tmp_path, db)
    moved = ItemSpec(
        key="8.2", title="Punkt 8.2", schedule=event_on(MOVED), owners=(person_owner("anna"),)
    )

    def move(s: Session) -> None:
        row = s.exec(select(PlanItemRow).where(PlanItemRow.key == "8.2")).one()
        row.spec = item_to_json(moved)
        s.add(row)

    db.run_sync(move)
    assert not nothing_due(settings_for(db), IDLE)
    output = tick(tmp_path, db, IDLE)
    assert "Nya påminnelser: 1." in output
    assert (world.people["anna"], MOVED.isoformat()) in keys(db)


def test_a_new_person_who_owns_an_item_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    world = setup(tmp_path, db)
    add_person(db, world, "dan", units=["sek"])
    assert not nothing_due(settings_for(db), IDLE)
    output = tick(tmp_path, db, IDLE)
    assert "Nya påminnelser: 1." in output
    assert keys(db) == {
        (world.people["anna"], IN_REACH.isoformat()),
        (world.people["dan"], IN_REACH.isoformat()),
    }


def test_a_linked_chat_identity_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    world = setup(tmp_path, db)
    add_identity(db, world.people["anna"], Platform.TELEGRAM, "4711")
    assert not nothing_due(settings_for(db), IDLE)
    assert "Nya påminnelser: 0." in tick(tmp_path, db, IDLE)
    assert nothing_due(settings_for(db), IDLE)  # two full passes in, the marker is back


def test_an_away_period_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    world = setup(tmp_path, db)
    row = AwayPeriodRow(
        person_id=world.people["anna"],
        starts_at=datetime(2025, 4, 1, tzinfo=UTC),
        ends_at=datetime(2025, 4, 20, tzinfo=UTC),
        source="cli",
        created_at=IDLE,
    )
    db.run_sync(lambda s: s.add(row))
    assert not nothing_due(settings_for(db), IDLE)


def test_time_passing_beyond_the_margin_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    world = setup(tmp_path, db)
    assert not nothing_due(settings_for(db), AFTER_MARGIN)
    output = tick(tmp_path, db, AFTER_MARGIN)
    assert "Nya påminnelser: 1." in output  # item 8.2 has come within the horizon
    assert keys(db) == {
        (world.people["anna"], IN_REACH.isoformat()),
        (world.people["anna"], BEYOND.isoformat()),
    }


DUE = IDLE - timedelta(hours=1)


def _make_due(db: Database, state: str) -> None:
    def due(s: Session) -> None:
        for row in s.exec(select(CheckinRow)).all():
            row.state, row.due_at, row.next_send_at = state, DUE, DUE
            s.add(row)

    db.run_sync(due)


def test_a_due_check_in_wakes_the_full_tick_which_sends_it(tmp_path: Path, db: Database) -> None:
    setup(tmp_path, db)
    _make_due(db, "scheduled")
    assert not nothing_due(settings_for(db), IDLE)
    result = run_tick(settings_for(db), IDLE, {Platform.CONSOLE: MemoryTransport()})
    assert (result.materialised, result.dispatch.sent) == (0, 1)


def test_a_due_follow_up_wakes_the_full_tick(tmp_path: Path, db: Database) -> None:
    setup(tmp_path, db)
    _make_due(db, "awaiting")
    assert not nothing_due(settings_for(db), IDLE)
    result = run_tick(settings_for(db), IDLE, {Platform.CONSOLE: MemoryTransport()})
    assert result.dispatch.claimed == 1


def test_changed_scheduling_settings_wake_the_full_tick(tmp_path: Path, db: Database) -> None:
    setup(tmp_path, db)
    changed = Settings(database_url=db.url, reminders={"default_time": "10:00"})
    assert nothing_due(settings_for(db), IDLE)
    assert not nothing_due(changed, IDLE)
