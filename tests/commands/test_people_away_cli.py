"""`ombud people away` and a roster's `away_until`: set, end, and bad input named clearly."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import col, select

from bot.core.away import back_at
from storage.engine import Database
from storage.tables import AwayPeriodRow, PersonRow
from tests.commands.test_people_privacy_cli import config, database_url, ombud
from tests.storage.test_privacy import ANNA

__all__ = ["database_url"]

FAR = date(2099, 8, 10)


def periods(url: str, key: str = ANNA["key"]) -> list[tuple[datetime | None, str]]:
    db = Database(url)
    try:
        with db.session() as session:
            rows = session.exec(
                select(AwayPeriodRow)
                .join(PersonRow, col(PersonRow.id) == col(AwayPeriodRow.person_id))
                .where(col(PersonRow.key) == key)
                .order_by(col(AwayPeriodRow.id))
            ).all()
            return [(r.ends_at, r.source) for r in rows]
    finally:
        db.dispose()


def test_until_a_date_then_end(tmp_path: Path, database_url: str) -> None:
    cfg = config(tmp_path, database_url)
    code, out, _ = ombud(cfg, "people", "away", ANNA["key"], "--until", FAR.isoformat())
    assert code == 0
    assert "away up to and including" in out
    assert periods(database_url) == [(back_at(FAR, "Europe/Stockholm"), "cli")]
    code, out, _ = ombud(cfg, "people", "away", ANNA["key"], "--end")
    assert code == 0
    assert "is back" in out
    [(ended, _src)] = periods(database_url)
    assert ended is not None
    assert ended <= datetime.now(UTC)
    code, out, _ = ombud(cfg, "people", "away", ANNA["key"], "--end")
    assert code == 0
    assert "was not away" in out


def test_until_further_notice_in_swedish(tmp_path: Path, database_url: str) -> None:
    cfg = config(tmp_path, database_url, "sv")
    code, out, _ = ombud(cfg, "people", "away", ANNA["key"], "--until-further-notice")
    assert code == 0
    assert "tills vidare" in out
    assert periods(database_url) == [(None, "cli")]


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, database_url: str) -> None:
    cfg = config(tmp_path, database_url)
    cases = [
        (("--until", "10 augusti"), "is not a date"),
        (("--until", "2020-01-01"), "has passed"),
        ((), "--until DATE"),
        (("--until", FAR.isoformat(), "--end"), "--until DATE"),
    ]
    for args, message in cases:
        code, _, err = ombud(cfg, "people", "away", ANNA["key"], *args)
        assert code == 2, args
        assert message in err
    code, _, err = ombud(cfg, "people", "away", "nobody", "--end")
    assert code == 2
    assert "nobody" in err
    assert periods(database_url) == []


ROSTER = """\
units:
  - id: klubb-x
    name: Klubb X
    kind: klubb
people:
  - id: {key}
    name: Anna Ek
    units: [klubb-x]
{extra}"""


def test_roster_away_until_sets_and_a_later_roster_without_it_ends(
    tmp_path: Path, database_url: str
) -> None:
    cfg = config(tmp_path, database_url)
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        ROSTER.format(key=ANNA["key"], extra=f"    away_until: {FAR.isoformat()}\n"),
        encoding="utf-8",
    )
    code, _, err = ombud(cfg, "people", "import", str(roster))
    assert code == 0, err
    assert periods(database_url) == [(back_at(FAR, "Europe/Stockholm"), "roster")]
    roster.write_text(ROSTER.format(key=ANNA["key"], extra=""), encoding="utf-8")
    code, _, _ = ombud(cfg, "people", "import", str(roster))
    assert code == 0
    [(ended, source)] = periods(database_url)
    assert source == "roster"
    assert ended is not None
    assert ended <= datetime.now(UTC)


def test_roster_away_until_that_is_not_a_date_is_named(tmp_path: Path, database_url: str) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        ROSTER.format(key=ANNA["key"], extra="    away_until: snart\n"), encoding="utf-8"
    )
    code, _, err = ombud(config(tmp_path, database_url), "people", "import", str(roster))
    assert code == 2
    assert "roster.yaml:9: people[1].away_until:" in err
    assert "away_until" in err
    assert periods(database_url) == []


def test_csv_roster_away_until_column(tmp_path: Path, database_url: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"id,name,away_until\n{ANNA['key']},Anna Ek,{FAR.isoformat()}\nbo.lind,Bo Lind,\n",
        encoding="utf-8",
    )
    code, _, err = ombud(config(tmp_path, database_url), "people", "import", str(roster))
    assert code == 0, err
    assert periods(database_url) == [(back_at(FAR, "Europe/Stockholm"), "roster")]
    assert periods(database_url, "bo.lind") == []
    roster.write_text(f"id,name,away_until\n{ANNA['key']},Anna Ek,10 aug\n", encoding="utf-8")
    code, _, err = ombud(config(tmp_path, database_url), "people", "import", str(roster))
    assert code == 2
    assert "roster.csv:2: away_until:" in err
