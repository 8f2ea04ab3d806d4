"""Retiring a steward: open items to the unit's other stewards, or to the board; history stays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select
from typer.testing import CliRunner

from bot.cli import app
from bot.core.reporting import IsoWeek
from handlers.digest import digest_window
from storage.engine import Database
from storage.handover import retire_person
from storage.migrate import upgrade
from storage.reporting import SqlReportingStore
from storage.tables import AnswerRow, CheckinRow, HandoverRow, PersonRow
from tests.scheduler.seed import World, add_item, add_person, event_on, person_owner, seed_world

NOW = datetime(2025, 3, 4, 9, tzinfo=UTC)  # a Tuesday


def _ask(s: Session, item: int, person: int, state: str, due: datetime) -> int:
    row = CheckinRow(
        plan_item_id=item,
        person_id=person,
        occurrence=due.date().isoformat(),
        prompt="ask",
        state=state,
        due_at=due,
        next_send_at=due if state != "answered" else None,
    )
    s.add(row)
    s.flush()
    return row.id or 0


def stage(db: Database) -> tuple[World, dict[str, int]]:
    """Anna (sek) with an answered ask, an awaiting one and a scheduled one; Bo (klubb) with one."""
    world = seed_world(db)
    add_person(db, world, "dag", units=["sek"])
    add_person(db, world, "eva", units=["sek"])
    one = add_item(db, world, "8.1", event_on(date(2025, 3, 1)), [person_owner("anna")])
    two = add_item(db, world, "8.2", event_on(date(2025, 3, 20)), [person_owner("anna")])
    three = add_item(db, world, "8.3", event_on(date(2025, 3, 20)), [person_owner("bo")])
    anna, bo = world.people["anna"], world.people["bo"]

    def write(s: Session) -> dict[str, int]:
        done = _ask(s, one, anna, "answered", NOW - timedelta(days=30))
        s.add(
            AnswerRow(
                checkin_id=done,
                person_id=anna,
                plan_item_id=one,
                choice="yes",
                via="console",
                created_at=NOW - timedelta(days=29),
            )
        )
        return {
            "done": done,
            "awaiting": _ask(s, one, anna, "awaiting", NOW - timedelta(days=2)),
            "later": _ask(s, two, anna, "scheduled", NOW + timedelta(days=17)),
            "bos": _ask(s, three, bo, "scheduled", NOW + timedelta(days=17)),
        }

    return world, db.run_sync(write)


def rows_by_person(db: Database, world: World) -> dict[str, list[tuple[str, str]]]:
    names = {v: k for k, v in world.people.items()}
    found: dict[str, list[tuple[str, str]]] = {}
    for row in db.run_sync(lambda s: s.exec(select(CheckinRow).order_by(col(CheckinRow.id))).all()):
        found.setdefault(names[row.person_id], []).append((row.occurrence, row.state))
    return found


def test_open_asks_go_to_both_other_stewards_and_history_stays(db: Database) -> None:
    world, _ids = stage(db)
    result = db.run_sync(lambda s: retire_person(s, "anna", actor="cli", now=NOW))
    assert [(m.item_key, m.to, m.board) for m in result.moves] == [
        ("8.1", ("dag", "eva"), None),
        ("8.2", ("dag", "eva"), None),
    ]
    rows = rows_by_person(db, world)
    assert rows["anna"] == [
        ("2025-02-02", "answered"),
        ("2025-03-02", "archived"),
        ("2025-03-21", "archived"),
    ]
    assert rows["dag"] == rows["eva"] == [("2025-03-02", "scheduled"), ("2025-03-21", "scheduled")]
    answers = db.run_sync(lambda s: s.exec(select(AnswerRow.person_id)).all())
    assert list(answers) == [world.people["anna"]]
    anna = db.run_sync(lambda s: s.get(PersonRow, world.people["anna"]))
    assert anna is not None
    assert not anna.active
    # The overdue ask is put to them now, the later one keeps its day.
    new = db.run_sync(
        lambda s: s.exec(
            select(CheckinRow.next_send_at)
            .where(col(CheckinRow.person_id) == world.people["dag"])
            .order_by(col(CheckinRow.id))
        ).all()
    )
    assert list(new) == [NOW, NOW + timedelta(days=17)]


def test_with_no_other_steward_the_board_members_take_it(db: Database) -> None:
    world, _ids = stage(db)
    result = db.run_sync(lambda s: retire_person(s, "bo", actor="cli", now=NOW))
    assert [(m.item_key, m.to, m.board) for m in result.moves] == [("8.3", ("cia",), "styrelsen")]
    assert rows_by_person(db, world)["cia"] == [("2025-03-21", "scheduled")]


async def test_the_next_digest_says_what_moved_to_whom(db: Database) -> None:
    _world, _ids = stage(db)
    db.run_sync(lambda s: retire_person(s, "anna", actor="cli", now=NOW))
    db.run_sync(lambda s: retire_person(s, "bo", actor="cli", now=NOW))
    reporting = SqlReportingStore(db)
    board = await reporting.board("styrelsen")
    week = IsoWeek.of(date(2025, 3, 10))  # the digest after the retirements' week
    data = await reporting.digest_data(board, week, digest_window(board, week))
    lines = [(h.title, h.from_name, h.to_name) for h in data.roster.handovers]
    assert lines == [
        ("Punkt 8.1", "Anna", "Dag"),
        ("Punkt 8.1", "Anna", "Eva"),
        ("Punkt 8.2", "Anna", "Dag"),
        ("Punkt 8.2", "Anna", "Eva"),
        ("Punkt 8.3", "Bo", "Cia"),
    ]
    week_after = IsoWeek.of(date(2025, 3, 17))
    later = await reporting.digest_data(board, week_after, digest_window(board, week_after))
    assert later.roster.handovers == ()


def test_a_board_without_members_is_still_named(db: Database) -> None:
    world, _ids = stage(db)

    def no_members(s: Session) -> None:
        from storage.tables import BoardMemberRow

        for row in s.exec(select(BoardMemberRow)):
            s.delete(row)

    db.run_sync(no_members)
    result = db.run_sync(lambda s: retire_person(s, "bo", actor="cli", now=NOW))
    assert [(m.to, m.board) for m in result.moves] == [((), "styrelsen")]
    handovers = db.run_sync(lambda s: s.exec(select(HandoverRow)).all())
    assert [(h.to_person_id, h.from_person_id) for h in handovers] == [(None, world.people["bo"])]


def test_cli_dry_run_shows_and_changes_nothing_then_retires(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ombud.db'}"
    db = Database(url)
    upgrade(db)
    world, _ids = stage(db)
    cfg = tmp_path / "ombud.toml"
    cfg.write_text(f'database_url = "{url}"\nlanguage = "en"\n', encoding="utf-8")
    before = rows_by_person(db, world)
    result = CliRunner().invoke(
        app, ["--config", str(cfg), "people", "retire", "anna", "--dry-run"]
    )
    assert result.exit_code == 0, result.stderr
    assert "8.1 Punkt 8.1 (2025-03-02): to dag, eva" in result.stdout
    assert "nothing was written" in result.stdout
    assert "later dates will ask nobody" in result.stdout
    assert "vp/8.1, vp/8.2" in result.stdout
    assert rows_by_person(db, world) == before
    result = CliRunner().invoke(app, ["--config", str(cfg), "people", "retire", "anna"])
    assert result.exit_code == 0
    assert "dag" in rows_by_person(db, world)
    db.dispose()


ROSTER = """\
units:
  - {id: sek, name: Sektionen, kind: sektion}
  - {id: klubb, name: Klubben, kind: klubb, parent: sek}
people:
  - {id: bo, name: Bo, units: [klubb], timezone: Europe/Oslo, locale: nb}
  - {id: cia, name: Cia, units: [sek], roles: [board]}
  - {id: dag, name: Dag, units: [sek]}
  - {id: eva, name: Eva, units: [sek]}
"""


def test_a_roster_without_her_names_her_and_retire_missing_hands_over(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ombud.db'}"
    db = Database(url)
    upgrade(db)
    world, _ids = stage(db)
    cfg = tmp_path / "ombud.toml"
    cfg.write_text(f'database_url = "{url}"\nlanguage = "en"\n', encoding="utf-8")
    roster = tmp_path / "roster.yaml"
    roster.write_text(ROSTER, encoding="utf-8")
    base = ["--config", str(cfg), "people", "import", str(roster)]
    result = CliRunner().invoke(app, base)
    assert result.exit_code == 0, result.stderr
    assert "1 person in the database is not in this roster" in result.stdout
    assert "anna" in result.stdout
    assert "dag" not in rows_by_person(db, world)
    result = CliRunner().invoke(app, [*base, "--retire-missing"])
    assert result.exit_code == 0, result.stderr
    assert "8.2 Punkt 8.2 (2025-03-21): to dag, eva" in result.stdout
    assert rows_by_person(db, world)["eva"] == [
        ("2025-03-02", "scheduled"),
        ("2025-03-21", "scheduled"),
    ]
    db.dispose()
