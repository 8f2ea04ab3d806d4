"""`ombud reports export`, `ombud digest preview` and `ombud annual-report` end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlmodel import select

from storage.engine import Database
from storage.tables import DigestRow
from tests.reports.conftest import ombud
from tests.reports.seed import Union

Seeded = tuple[Path, Union]


def test_export_csv_to_stdout(seeded_config: Seeded) -> None:
    config, _union = seeded_config
    code, out, _err = ombud(config, "reports", "export", "--format", "csv", "--unit", "ort-b")
    assert code == 0
    lines = out.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Plan;Area;Item code;Item;")
    assert len(lines) == 1 + 2  # Bo's two answers
    assert all("Bo Lind" in line for line in lines[1:])


def test_export_json_filtered_by_period(seeded_config: Seeded) -> None:
    config, _union = seeded_config
    code, out, _err = ombud(
        config, "reports", "export", "-f", "json", "--since", "2025-03-14", "--until", "2025-03-14"
    )
    assert code == 0
    assert sorted(r["person"] for r in json.loads(out)) == ["Bo Lind", "Cilla Berg"]


def test_export_xlsx_needs_a_file(seeded_config: Seeded, tmp_path: Path) -> None:
    config, _union = seeded_config
    code, _out, err = ombud(config, "reports", "export", "--format", "xlsx")
    assert code == 2
    assert "XLSX needs --out FILE." in err
    target = tmp_path / "svar.xlsx"
    code, _out, err = ombud(config, "reports", "export", "-f", "xlsx", "--out", str(target))
    assert code == 0
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row == 1 + 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "nope"], "There is no plan with the key nope."),
        (["--unit", "nope"], "There is no unit with the key nope."),
        (["--person", "nope"], "There is no person with the key nope."),
        (["--since", "14/3"], "--since: not a date; use YYYY-MM-DD."),
    ],
)
def test_export_rejects_bad_filters(seeded_config: Seeded, args: list[str], message: str) -> None:
    config, _union = seeded_config
    code, out, err = ombud(config, "reports", "export", "-f", "csv", *args)
    assert (code, out) == (2, b"")
    assert message in err


def test_an_unknown_format_is_a_usage_error(seeded_config: Seeded) -> None:
    code, _out, _err = ombud(seeded_config[0], "reports", "export", "-f", "pdf")
    assert code == 2


def test_digest_preview_prints_without_sending(seeded_config: Seeded) -> None:
    config, _union = seeded_config
    code, out, _err = ombud(config, "digest", "preview", "styrelsen", "--week", "2025-W12")
    assert code == 0
    text = out.decode()
    assert text.startswith("Rapport för vecka 12\nStyrelsen Avd Syd\n")
    assert "  Värvning: 1 av 3 orter" in text
    db = Database(f"sqlite:///{config.parent / 'ombud.db'}")
    assert db.run_sync(lambda s: s.exec(select(DigestRow)).all()) == []
    db.dispose()
    code, out, _err = ombud(
        config, "digest", "preview", "styrelsen", "--week", "2025-W12", "--lang", "nn"
    )
    assert out.decode().startswith("Rapport for veke 12")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "There is no board or unit with the key nope."),
        (["styrelsen", "--week", "2025-12"], "Not an ISO week: use the form 2025-W12."),
        (["styrelsen", "--week", "2025-W53"], "Week 53 does not exist in 2025."),
        (["styrelsen", "--week", "x" * 10_000], "Not an ISO week"),
    ],
)
def test_digest_preview_rejects_bad_input(
    seeded_config: Seeded, args: list[str], message: str
) -> None:
    code, _out, err = ombud(seeded_config[0], "digest", "preview", *args)
    assert code == 2
    assert message in err


def test_annual_report_docx_and_markdown(seeded_config: Seeded, tmp_path: Path) -> None:
    config, _union = seeded_config
    target = tmp_path / "berattelse.docx"
    code, _out, _err = ombud(config, "annual-report", "vp-2025", "--out", str(target))
    assert code == 0
    document = docx.Document(io.BytesIO(target.read_bytes()))
    assert document.paragraphs[0].text == "Verksamhetsberättelse: Verksamhetsplan 2025"
    code, out, _err = ombud(config, "annual-report", "vp-2025", "-f", "md", "--lang", "nb")
    assert code == 0
    assert out.decode().startswith("# Årsberetning: Verksamhetsplan 2025")


def test_annual_report_of_an_unknown_plan(seeded_config: Seeded) -> None:
    code, _out, err = ombud(seeded_config[0], "annual-report", "nope", "-f", "md")
    assert code == 2
    assert "There is no plan with the key nope." in err


def test_annual_report_docx_needs_a_file(seeded_config: Seeded) -> None:
    code, _out, err = ombud(seeded_config[0], "annual-report", "vp-2025")
    assert code == 2
    assert "DOCX needs --out FILE." in err


def test_plan_show_gives_target_progress_as_the_digest_does(seeded_config: Seeded) -> None:
    config, _union = seeded_config
    code, out, _err = ombud(config, "plan", "show", "vp-2025")
    assert code == 0
    text = out.decode()
    # The seeded answers (see tests/reports/seed.py): both meetings held, one ort recruited.
    assert "Träffar: 2 of 2 ✓" in text
    assert "Värvning: 1 of 3 locations" in text
