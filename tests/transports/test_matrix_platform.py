"""A platform Ombud has never heard of, added by one adapter file: roster people linked by a
(matrix, user_id) handle or by e-mail, then reminded through the real dispatch."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.app import Service, extra_jobs
from bot.core.clock import FrozenClock
from bot.core.model import Handle, HandleKind, Platform
from bot.core.ports import Transport
from bot.planfile import parse_plan
from bot.planfile.roster import parse_roster_yaml
from config.settings import Settings
from handlers.scheduling import dispatch, materialise
from storage.engine import Database
from storage.people import import_roster
from storage.plans import import_plan
from storage.scheduling import SqlSchedulingStore
from tests.transports.matrix_adapter import MATRIX, MatrixTransport

CLOCK = FrozenClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))  # Monday, 10:00 in Stockholm

ROSTER = """\
units:
  - {id: klubb, name: Klubben, kind: klubb}
people:
  - id: anna
    name: Anna Ek
    units: [klubb]
    matrix_user_id: "@anna:example.org"
  - id: bo
    name: Bo Berg
    units: [klubb]
    email: bo@example.org
  - id: cia
    name: Cia Dahl
    units: [klubb]
    slack_user_id: U0CIA
"""

PLAN = """\
plan:
  id: klubbplan
  title: Plan
  unit: klubb
  period: 2025
  language: sv
  send_time: "08:00"
areas:
  - id: "1"
    title: Organisering
    items:
      - id: "1.1"
        title: Arbetsplatsträff
        when: {date: 2025-03-02}
        owners: [{role: steward, unit: klubb}]
"""


def import_files(db: Database) -> None:
    roster = parse_roster_yaml(ROSTER, "roster.yaml")
    plan = parse_plan(PLAN, "plan.yaml")
    db.run_sync(lambda s: import_roster(s, roster, actor="test", now=CLOCK.now()))
    db.run_sync(lambda s: import_plan(s, plan, actor="test", now=CLOCK.now()))


def test_the_roster_reads_a_handle_for_any_platform() -> None:
    [anna, _bo, cia] = parse_roster_yaml(ROSTER, "roster.yaml").people
    assert anna.handles == (Handle("matrix", HandleKind.USER_ID, "@anna:example.org"),)
    assert cia.handles == (Handle("slack", HandleKind.USER_ID, "U0CIA"),)


async def test_a_new_platform_links_roster_people_and_delivers_their_reminders(
    sqlite_db: Database, tmp_path: Path
) -> None:
    import_files(sqlite_db)
    matrix = MatrixTransport({"bo@example.org": "@bo:example.org"}, known={"@anna:example.org"})
    assert Platform("matrix") is MATRIX
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}")
    service = Service(settings, sqlite_db, {MATRIX: matrix}, CLOCK)

    # The service's own linking job, which it runs for every transport with a directory.
    jobs = {job_id: job for job_id, job, _ in extra_jobs(service)}
    await jobs["links_matrix"]()

    store = SqlSchedulingStore(sqlite_db)
    assert await materialise(store, CLOCK, 30) == 3  # one ask for each steward
    transports: dict[Platform, Transport] = {MATRIX: matrix}
    report = await dispatch(store, transports, CLOCK, owner="test")

    # Anna by her handle, Bo by his e-mail; Cia has no Matrix account and waits.
    assert report.sent == 2
    posted = [call for call in matrix.calls if call.kind == "send"]
    assert sorted(call.room for call in posted) == [
        "!dm-@anna:example.org",
        "!dm-@bo:example.org",
    ]
    assert all(call.message and call.message.buttons for call in posted)  # Yes and No to tap
