"""Done when: the CLI's screens and files in sv, nb and nn hold no English outside plan texts.

Each test runs the real entry point with OMBUD_LANGUAGE set, as an administrator would, and
looks for the English catalogue msgids and the framework's English words (tests/i18n/english.py).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlmodel import col, select
from typer import _click
from typer.testing import CliRunner

from bot.cli import build_app, main
from bot.core.i18n import translator
from bot.demo.report import answer_rows
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import AnswerRow, CheckinRow
from tests.i18n.english import english_in
from tests.reports.seed import build_union

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("sv", "nb", "nn")
DEMO_EXAMPLE = {"sv": "sv", "nb": "nb", "nn": "nb"}
EXAMPLE_PLAN = {"sv": "sv-sektion-2025.yaml", "nb": "nb-avdeling-2025.yaml"}


@pytest.fixture(autouse=True)
def english_frame_afterwards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No ambient config; and the process-wide CLI frame is left in English for other tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OMBUD_CONFIG", raising=False)
    monkeypatch.delenv("OMBUD_LANGUAGE", raising=False)
    yield
    build_app([], {})


def ombud(monkeypatch: pytest.MonkeyPatch, language: str, *args: str) -> tuple[int, str]:
    """Run `ombud ARGS` with OMBUD_LANGUAGE; the exit code and what it printed, unwrapped."""
    monkeypatch.setattr(sys, "argv", ["ombud", *args])
    with CliRunner().isolation(env={"OMBUD_LANGUAGE": language}) as (out, err, _both):
        try:
            main()
            code = 0
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
        text = out.getvalue().decode("utf-8") + "\n" + err.getvalue().decode("utf-8")
    for frame in "│╭╮╰╯─":
        text = text.replace(frame, " ")
    return code, " ".join(text.split())


def assert_no_english(text: str, language: str) -> None:
    found = english_in(text, language)
    assert not found, "\n".join(found)


def command_paths(
    command: _click.Command, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    yield prefix
    for name, child in getattr(command, "commands", {}).items():
        yield from command_paths(child, (*prefix, name))


def file_text(path: Path) -> str:
    """The cells or paragraphs of an export or a year-end report, one per line."""
    if path.suffix == ".csv":
        rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";")
        return "\n".join(";".join(row) for row in rows)
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        assert sheet is not None
        sheet_rows = sheet.iter_rows(values_only=True)
        return "\n".join(";".join("" if v is None else str(v) for v in row) for row in sheet_rows)
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_help_page_is_in_the_cli_language(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    paths = list(command_paths(build_app([], {"OMBUD_LANGUAGE": language})))
    assert len(paths) > 20  # the root, the groups and their commands
    for path in paths:
        code, text = ombud(monkeypatch, language, *path, "--help")
        assert code == 0, text
        assert_no_english(text, language)


BROKEN_YAML = 'plan:\n  id: x\n  title: "not closed\n'
TAB_YAML = "units:\n\t- id: a\n"


@pytest.mark.parametrize("language", LANGUAGES)
def test_usage_and_file_errors_are_in_the_cli_language(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, language: str
) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    (tmp_path / "tabs.yaml").write_text(TAB_YAML, encoding="utf-8")
    cases = [
        ["bogus"],
        ["plan", "impor"],
        ["plan"],
        ["plan", "import"],
        ["plan", "import", "--bogus", "x"],
        ["plan", "import", "missing.yaml"],
        ["plan", "import", "broken.yaml"],
        ["people", "import", "tabs.yaml"],
        ["people", "import", str(tmp_path)],
        ["reports", "export"],
        ["reports", "export", "-f", "pdf"],
        ["reports", "export", "-f"],
        ["tick", "--now", "yesterday"],
        ["plan", "show", "nope"],
    ]
    for args in cases:
        code, text = ombud(monkeypatch, language, *args)
        assert code != 0, (args, text)
        assert_no_english(text, language)


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A config whose SQLite database holds a union with plans, answers and a board."""
    db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
    upgrade(db)
    db.run_sync(build_union)
    db.dispose()
    config = tmp_path / "ombud.toml"
    config.write_text('database_url = "sqlite:///ombud.db"\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("language", LANGUAGES)
def test_plan_show_digest_export_and_year_end_report(
    monkeypatch: pytest.MonkeyPatch, seeded: Path, tmp_path: Path, language: str
) -> None:
    example = ROOT / "examples" / "plans" / EXAMPLE_PLAN[DEMO_EXAMPLE[language]]
    roster = ROOT / "examples" / f"roster-{DEMO_EXAMPLE[language]}.yaml"
    config = ["--config", str(seeded)]
    runs = [
        ["people", "import", str(roster)],
        ["plan", "import", str(example)],
        ["people", "list"],
        ["plan", "list"],
        ["plan", "show", "vp-2025"],
        ["digest", "preview", "styrelsen", "--week", "2025-W12", "--lang", language],
        ["reports", "export", "-f", "csv", "--out", "answers.csv"],
        ["reports", "export", "-f", "xlsx", "--out", "answers.xlsx"],
        ["annual-report", "vp-2025", "--lang", language, "--out", "year.docx"],
    ]
    for args in runs:
        code, text = ombud(monkeypatch, language, *config, *args)
        assert code == 0, (args, text)
        assert_no_english(text, language)
    shown = ombud(monkeypatch, language, *config, "plan", "list")[1]
    imported = ("sv-sektion-nord-2025", "nb-avd-101-2025")
    key = next(w for w in shown.split() if w in imported)
    code, text = ombud(monkeypatch, language, *config, "plan", "show", key)
    assert code == 0, text
    assert_no_english(text, language)
    for name in ("answers.csv", "answers.xlsx", "year.docx"):
        assert_no_english(file_text(tmp_path / name), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_and_its_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, language: str
) -> None:
    folder = tmp_path / "demo"
    code, text = ombud(
        monkeypatch, language, "demo", "--lang", DEMO_EXAMPLE[language], "--out", str(folder)
    )
    assert code == 0, text
    assert_no_english(text, language)
    # The table of stored answers tells apart the occurrences of an item asked several times:
    # no two of its rows read alike, and an answer's day is that of its check-in.
    db = Database(f"sqlite:///{folder / 'demo.db'}")
    try:
        rows = answer_rows(db, translator(language))
        days = db.run_sync(
            lambda s: sorted(
                (c.occurrence for a, c in s.exec(
                    select(AnswerRow, CheckinRow)
                    .join(CheckinRow, col(CheckinRow.id) == col(AnswerRow.checkin_id))
                    .where(col(AnswerRow.current).is_(True))
                )),
            )
        )  # fmt: skip
    finally:
        db.dispose()
    assert len(rows) > 5
    assert len(set(rows)) == len(rows), [r for r in rows if rows.count(r) > 1]
    tr = translator(language)
    assert sorted(row[2] for row in rows) == sorted(tr.date(date.fromisoformat(d)) for d in days)
    # Numbers read with the plan's labels, never as the metric's key ("participants=18").
    assert [row[4] for row in rows if "=" in row[4] or "_" in row[4]] == []
    # A person who comments on several reports does not say the same sentence each time.
    comments: dict[str, list[str]] = {}
    for person, _item, _day, _choice, _numbers, comment in rows:
        if comment:
            comments.setdefault(person, []).append(comment)
    repeated = {p: said for p, said in comments.items() if len(said) >= 3 and len(set(said)) == 1}
    assert repeated == {}
    files = sorted(p for p in folder.iterdir() if p.suffix in {".csv", ".xlsx", ".docx"})
    assert {p.suffix for p in files} == {".csv", ".xlsx", ".docx"}
    for path in files:
        assert_no_english(file_text(path), language)
