"""`ombud plan draft`: YAML to stdout or a file, the summary, and exit code 2 on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.planfile import parse_plan
from tests.drafting.conftest import DOCUMENTS


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OMBUD_DATABASE_URL", f"sqlite:///{tmp_path / 'ombud.db'}")
    monkeypatch.setenv("OMBUD_LANGUAGE", "en")
    return CliRunner()


def test_draft_to_stdout_with_summary_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "draft", str(DOCUMENTS / "nn_fagforeining.txt")])
    assert result.exit_code == 0, result.output
    spec = parse_plan(result.stdout, "draft.yaml", unit="demo")
    assert spec.language == "nn"
    assert "7 items found" in result.stderr
    assert "items found" not in result.stdout


def test_draft_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    result = runner.invoke(
        app,
        ["plan", "draft", str(DOCUMENTS / "sv_avdelning.txt"), "--lang", "sv", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "11 items found" in result.stdout
    assert "6 with a date" in result.stdout
    parse_plan(out.read_text("utf-8"), str(out), unit="demo")


def test_summary_in_the_cli_language(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMBUD_LANGUAGE", "sv")
    result = runner.invoke(app, ["plan", "draft", str(DOCUMENTS / "nb_klubb.txt")])
    assert result.exit_code == 0, result.output
    assert "7 punkter hittades" in result.stderr
    assert "# rad " in result.stdout


def test_the_summary_counts_the_per_lines_of_the_draft_it_wrote(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Our own Bokmål plan: "på alle arbeidsplasser" and "alle tillitsvalgte" with no number are
    # comments and review notes only; "minst to kurs i hver klubb" is a target per club.
    monkeypatch.setenv("OMBUD_LANGUAGE", "nb")
    source = tmp_path / "plan.txt"
    source.write_text(
        "Handlingsplan 2026\n\nVerving\n"
        "- Gjennomføre vervekampanje i uke 36 på alle arbeidsplasser.\n"
        "- Alle tillitsvalgte deltar på grunnopplæring innen 1. april.\n"
        "- Minst to kurs for nye tillitsvalgte i hver klubb.\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["plan", "draft", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "          per: klubb" in out.read_text("utf-8")
    assert out.read_text("utf-8").count("per: ") == 1
    assert "1 med mål per enhet" in result.stdout
    assert "ansvarlige" not in result.stdout


def test_bad_input_exits_2_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "tom.txt"
    source.write_text("")
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["plan", "draft", str(source), "--out", str(out)])
    assert result.exit_code == 2
    assert "tom.txt: The document is empty." in result.stderr
    assert not out.exists()


def test_unknown_language_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "draft", str(DOCUMENTS / "nb_klubb.txt"), "--lang", "de"])
    assert result.exit_code == 2
    assert "Unknown language de" in result.stderr


def test_missing_output_folder_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "plan.yaml"
    result = runner.invoke(
        app, ["plan", "draft", str(DOCUMENTS / "nb_klubb.txt"), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert not out.exists()


def test_year_and_period_options(runner: CliRunner, tmp_path: Path) -> None:
    document = tmp_path / "page.txt"
    document.write_text("Klubbens möten\n\nSenast 31 mars ska uppdragen registreras.\n", "utf-8")
    result = runner.invoke(app, ["plan", "draft", str(document), "--year", "2027"])
    assert result.exit_code == 0, result.output
    spec = parse_plan(result.stdout, "draft.yaml", unit="demo")
    assert (spec.period_start.isoformat(), spec.period_end.isoformat()) == (
        "2027-01-01",
        "2027-12-31",
    )
    result = runner.invoke(app, ["plan", "draft", str(document), "--period", "2027..2050"])
    assert result.exit_code == 2
    assert "page.txt: Unknown period 2027..2050" in result.output
