"""`ombud plan` and `ombud people` through the real command line, on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ombud.toml"
    path.write_text('database_url = "sqlite:///x.db"\nlanguage = "en"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(path), "db", "upgrade"])
    assert result.exit_code == 0, result.output  # commands other than db upgrade create none
    return path


def ombud(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--config", str(config), *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_list_and_show(config: Path) -> None:
    code, out, _ = ombud(config, "people", "import", str(EXAMPLES / "roster-sv.yaml"))
    assert code == 0
    assert "8 people" in out
    code, out, _ = ombud(config, "plan", "import", str(EXAMPLES / "plans" / "sv-sektion-2025.yaml"))
    assert code == 0
    assert "12 new" in out
    code, out, _ = ombud(config, "plan", "list")
    assert code == 0
    assert "sv-sektion-nord-2025" in out
    code, out, _ = ombud(config, "plan", "show", "sv-sektion-nord-2025")
    assert code == 0
    assert "Värvningsvecka" in out
    assert "12 March 2025" in out
    code, out, _ = ombud(config, "people", "list")
    assert code == 0
    assert "karin" in out


def test_a_bad_plan_file_gives_file_line_field_and_exit_2(config: Path, tmp_path: Path) -> None:
    ombud(config, "people", "import", str(EXAMPLES / "roster-sv.yaml"))
    bad = tmp_path / "bad.yaml"
    text = (EXAMPLES / "plans" / "sv-sektion-2025.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("date: 2025-03-12", "date: 2025-02-30"), encoding="utf-8")
    code, _, err = ombud(config, "plan", "import", str(bad))
    line = text.splitlines().index("          date: 2025-03-12") + 1
    assert code == 2
    assert err.strip() == (
        f"{bad}:{line}: areas[4].items[1].when.date: The date 2025-02-30 does not exist in the "
        "calendar."
    )
    code, out, _ = ombud(config, "plan", "list")
    assert code == 0
    assert "No plans yet" in out


def test_unknown_owner_in_the_database_exits_2(config: Path) -> None:
    code, _, err = ombud(config, "plan", "import", str(EXAMPLES / "plans" / "sv-sektion-2025.yaml"))
    assert code == 2
    assert "plan.unit" in err


def test_dry_run_writes_nothing(config: Path) -> None:
    code, out, _ = ombud(config, "people", "import", "--dry-run", str(EXAMPLES / "roster-sv.yaml"))
    assert code == 0
    assert "nothing was written" in out
    code, out, _ = ombud(config, "people", "list")
    assert "Nobody yet" in out


def test_unit_option_and_unknown_plan(config: Path, tmp_path: Path) -> None:
    ombud(config, "people", "import", str(EXAMPLES / "roster-nb.yaml"))
    text = (EXAMPLES / "plans" / "nb-avdeling-2025.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "no-unit.yaml"
    plan.write_text(text.replace("\n  unit: demo-avd-101\n", "\n", 1), encoding="utf-8")
    code, _, err = ombud(config, "plan", "import", str(plan))
    assert code == 2
    assert "plan.unit" in err
    code, out, _ = ombud(config, "plan", "import", str(plan), "--unit", "demo-avd-101")
    assert code == 0
    assert "11 new" in out
    code, _, err = ombud(config, "plan", "show", "nope")
    assert code == 2
    assert "nope" in err


def test_bad_csv_roster_names_line_and_column(config: Path, tmp_path: Path) -> None:
    roster = tmp_path / "people.csv"
    roster.write_text("id,name,timezone\nanna,Anna,Europe/Oslo\nbo,Bo,Nowhere/City\n", "utf-8")
    code, _, err = ombud(config, "people", "import", str(roster))
    assert code == 2
    assert err.startswith(f"{roster}:3: timezone:")
