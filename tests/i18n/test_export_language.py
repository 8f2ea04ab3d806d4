"""Exports and the year-end report in the reader's language; JSON keeps the codes."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import docx
import openpyxl
from docx.oxml.ns import qn

from bot.core.formats import AnnualFormat, ExportFormat
from bot.core.i18n import Translator
from bot.core.reporting import AnnualData, ExportRow
from bot.reports.annual import write_annual_report
from bot.reports.export import export_answers

ROW = ExportRow(
    plan="Verksamhetsplan 2025",
    area="Organisering",
    item_key="1.1",
    item_title="Värvningsvecka",
    occurrence="2025-03-10",
    person="Anna Ek",
    unit="Ort A",
    state="answered",
    choice="not_relevant",
    numbers={"new_members": 3},
    comment="",
    blocker="",
    needs_help=True,
    answered_at=datetime(2025, 3, 14, 9, 30, tzinfo=UTC),
    metric_labels={"new_members": "Nya medlemmar"},
)


def csv_rows(locale: str) -> list[list[str]]:
    text = export_answers([ROW], ExportFormat.CSV, Translator(locale)).decode("utf-8-sig")
    return [line.split(";") for line in text.splitlines()]


def test_csv_cells_are_words_and_metrics_have_their_labels() -> None:
    header, row = csv_rows("sv")
    assert header[-1] == "Nya medlemmar"
    assert header[12] == "Besvarad (UTC)"
    assert (row[7], row[8], row[11], row[-1]) == ("besvarad", "Inte aktuellt", "Ja", "3")


def test_bokmal_and_nynorsk_cells() -> None:
    assert csv_rows("nb")[1][7:9] == ["besvart", "Ikke aktuelt"]
    assert csv_rows("nn")[1][7:9] == ["svar motteke", "Ikkje aktuelt"]
    assert csv_rows("nb")[0][12] == "Besvart (UTC)"


def test_a_metric_without_a_label_keeps_its_id() -> None:
    bare = ExportRow(**{**ROW.__dict__, "metric_labels": {}})
    text = export_answers([bare], ExportFormat.CSV, Translator("sv")).decode("utf-8-sig")
    assert text.splitlines()[0].endswith(";new_members")


def test_xlsx_cells_and_language() -> None:
    data = export_answers([ROW], ExportFormat.XLSX, Translator("nn"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Nya medlemmar"  # the plan's own label, as the plan writes it
    assert rows[1][7:9] == ("svar motteke", "Ikkje aktuelt")
    assert rows[1][11] == "Ja"
    assert book.properties.language == "nn-NO"


def test_json_keeps_codes_and_ids() -> None:
    (record,) = json.loads(export_answers([ROW], ExportFormat.JSON, Translator("sv")))
    assert (record["state"], record["choice"], record["needs_help"]) == (
        "answered",
        "not_relevant",
        True,
    )
    assert record["numbers"] == {"new_members": 3}


def test_the_year_end_docx_is_tagged_with_the_readers_language() -> None:
    data = AnnualData(
        plan_key="vp",
        plan_title="Verksamhetsplan 2025",
        unit_name="Sektion Väst",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        areas=(),
        targets=(),
        units=(),
    )
    raw = write_annual_report(data, (), AnnualFormat.DOCX, Translator("nb"))
    document = docx.Document(io.BytesIO(raw))
    langs = {e.get(qn("w:val")) for e in document.styles.element.iter(qn("w:lang"))}
    assert langs == {"nb-NO"}
    assert document.core_properties.language == "nb-NO"
