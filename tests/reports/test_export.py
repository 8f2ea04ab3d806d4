"""Answer exports: CSV for Excel in sv/nb, XLSX reopened with openpyxl, JSON; no formulas."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest

from bot.core.formats import ExportFormat
from bot.core.i18n import Translator
from bot.core.reporting import ExportRow
from bot.reports.export import export_answers, guard_formula

HOSTILE = ['=HYPERLINK("http://e.x")', "+1", "-2", "@SUM(A1)", "\tx", "ok = fine"]


def row(comment: str = "Bra", person: str = "Åsa Øberg", **numbers: int) -> ExportRow:
    return ExportRow(
        plan="Verksamhetsplan 2025",
        area="Organisering",
        item_key="8.2",
        item_title="Värvningsvecka",
        occurrence="2025-11-03",
        person=person,
        unit="Ort A",
        state="answered",
        choice="yes",
        numbers=numbers,
        comment=comment,
        blocker="",
        needs_help=False,
        answered_at=datetime(2025, 11, 10, 9, 30, tzinfo=UTC),
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_starts_are_guarded(text: str) -> None:
    guarded = guard_formula(text)
    assert guarded == (text if text == "ok = fine" else "'" + text)


def test_csv_has_a_bom_semicolons_and_translated_headers() -> None:
    data = export_answers(
        [row(new_members=6), row(person="Bo", participants=3)], ExportFormat.CSV, Translator("sv")
    )
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][:4] == ["Plan", "Område", "Kod", "Punkt"]
    assert table[0][-2:] == ["new_members", "participants"]
    assert table[1][5] == "Åsa Øberg"
    assert table[1][-2:] == ["6", ""]
    assert table[2][-2:] == ["", "3"]
    assert table[1][12] == "2025-11-10 09:30:00"


def test_csv_guards_every_hostile_comment() -> None:
    data = export_answers([row(comment=t) for t in HOSTILE], ExportFormat.CSV, Translator("en"))
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    comments = [r[9] for r in table[1:]]
    assert all(c.startswith("'") for c in comments[:-1])
    assert comments[-1] == "ok = fine"


def test_xlsx_reopens_with_bold_headers_dates_and_no_formulas() -> None:
    rows = [row(comment="=1+1\x00\x0b", new_members=6), row(comment="Vanlig text")]
    data = export_answers(rows, ExportFormat.XLSX, Translator("nb"))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Plan", "Område", "Kode", "Punkt"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet["J2"].value == "'=1+1"
    assert sheet["J2"].data_type == "s"
    assert sheet["E2"].value == datetime(2025, 11, 3)
    assert sheet["M2"].value == datetime(2025, 11, 10, 9, 30)
    assert sheet["N2"].value is None  # no new date
    assert sheet["O2"].value == 6
    assert sheet.column_dimensions["D"].width >= len("Värvningsvecka")


def test_json_keeps_machine_names_and_iso_dates() -> None:
    data = json.loads(export_answers([row(new_members=6)], ExportFormat.JSON, Translator("sv")))
    assert data == [
        {
            "plan": "Verksamhetsplan 2025",
            "area": "Organisering",
            "item_key": "8.2",
            "item": "Värvningsvecka",
            "occurrence": "2025-11-03",
            "person": "Åsa Øberg",
            "unit": "Ort A",
            "state": "answered",
            "choice": "yes",
            "numbers": {"new_members": 6},
            "comment": "Bra",
            "blocker": "",
            "needs_help": False,
            "answered_at": "2025-11-10T09:30:00+00:00",
            "new_date": None,
        }
    ]


def test_an_empty_export_is_just_the_header() -> None:
    data = export_answers([], ExportFormat.CSV, Translator("en"))
    assert data.decode("utf-8-sig").count("\n") == 1
