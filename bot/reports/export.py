"""Answer exports as CSV, XLSX or JSON.

CSV is written for spreadsheet programs in Swedish and Norwegian locales: UTF-8 with a byte
order mark (so Excel reads å, ä, ø correctly) and `;` as the separator (the list separator of
those locales, where `,` is the decimal comma). Text that a spreadsheet would run as a formula
(starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe in CSV and
XLSX. Cells people read are in the reader's language: the states, the choices, yes and no,
and the metric columns under the labels the plan gives them. JSON is for programs rather than
people and keeps the codes: English field names, ISO dates, the state and choice codes and the
metric ids (see docs/exports.md).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from bot.core.formats import ExportFormat
from bot.core.i18n import N_, Translator
from bot.core.model import CheckinState, Choice
from bot.core.reporting import ExportRow

CSV_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_COLUMN_WIDTH = 60

COLUMNS: tuple[tuple[str, str], ...] = (
    ("plan", N_("Plan")),
    ("area", N_("Area")),
    ("item_key", N_("Item code")),
    ("item", N_("Item")),
    ("occurrence", N_("Occurrence")),
    ("person", N_("Person")),
    ("unit", N_("Unit")),
    ("state", N_("Status")),
    ("choice", N_("Answer")),
    ("comment", N_("Comment")),
    ("blocker", N_("Blocker")),
    ("needs_help", N_("Needs help")),
    ("answered_at", N_("Answered (UTC)")),
    ("new_date", N_("New date")),
)


STATE_WORDS: dict[str, str] = {
    CheckinState.SCHEDULED: N_("scheduled"),
    CheckinState.AWAITING: N_("waiting for an answer"),
    CheckinState.SNOOZED: N_("asked again later"),
    CheckinState.ANSWERED: N_("answered"),
    CheckinState.DONE: N_("delivered"),
    CheckinState.MISSED: N_("missed"),
    CheckinState.NO_ANSWER: N_("no answer"),
    CheckinState.UNREACHABLE: N_("unreachable"),
    CheckinState.ARCHIVED: N_("archived"),
}
CHOICE_WORDS: dict[str, str] = {
    Choice.YES: N_("Yes"),
    Choice.NO: N_("No"),
    Choice.LATER: N_("Later"),
    Choice.NOT_RELEVANT: N_("Not relevant"),
}


def guard_formula(text: str) -> str:
    """Make a cell that would start a formula read as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def clean(text: str) -> str:
    """Drop control characters that XML (XLSX, DOCX) cannot hold."""
    return _CONTROL.sub("", text)


def metric_keys(rows: Sequence[ExportRow]) -> list[str]:
    return sorted({key for row in rows for key in row.numbers})


def metric_headers(rows: Sequence[ExportRow], metrics: list[str]) -> list[str]:
    """The label the plan gives each metric column; its id where no item labels it."""
    labels: dict[str, str] = {}
    for row in rows:
        for key, label in row.metric_labels.items():
            labels.setdefault(key, label)
    return [labels.get(key) or key for key in metrics]


def _word(tr: Translator, words: dict[str, str], code: str) -> str:
    return tr.gettext(words[code]) if code in words else code


def _occurrence(text: str) -> date | str:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return text


def _values(row: ExportRow, metrics: list[str], tr: Translator) -> list[Any]:
    """One row's cells in column order, in the reader's words; the metrics follow."""
    fixed: list[Any] = [
        row.plan,
        row.area,
        row.item_key,
        row.item_title,
        _occurrence(row.occurrence),
        row.person,
        row.unit,
        _word(tr, STATE_WORDS, row.state),
        _word(tr, CHOICE_WORDS, row.choice),
        row.comment,
        row.blocker,
        tr.gettext("Yes") if row.needs_help else tr.gettext("No"),
        row.answered_at.astimezone(UTC).replace(tzinfo=None),
        row.new_date,
    ]
    return fixed + [row.numbers.get(key) for key in metrics]


def _headers(tr: Translator, rows: Sequence[ExportRow], metrics: list[str]) -> list[str]:
    return [tr.gettext(label) for _key, label in COLUMNS] + metric_headers(rows, metrics)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return guard_formula(str(value))


def to_csv(rows: Sequence[ExportRow], tr: Translator) -> bytes:
    metrics = metric_keys(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR)
    writer.writerow([guard_formula(h) for h in _headers(tr, rows, metrics)])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in _values(row, metrics, tr)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    return guard_formula(clean(value)) if isinstance(value, str) else value


def to_xlsx(rows: Sequence[ExportRow], tr: Translator) -> bytes:
    metrics = metric_keys(rows)
    # openpyxl is imported here, not at the top: most commands never write a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = clean(tr.gettext("Answers"))[:31]
    sheet.append([_xlsx_cell(h) for h in _headers(tr, rows, metrics)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in _headers(tr, rows, metrics)]
    for row in rows:
        values = _values(row, metrics, tr)
        sheet.append([_xlsx_cell(v) for v in values])
        widths = [max(w, len(str(v or ""))) for w, v in zip(widths, values, strict=True)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_COLUMN_WIDTH)
    for cell in sheet["E"][1:]:
        cell.number_format = "yyyy-mm-dd"
    for cell in sheet["M"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm"
    for cell in sheet["N"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    book.properties.language = tr.language_tag
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def to_json(rows: Sequence[ExportRow]) -> bytes:
    records = [
        {
            "plan": r.plan,
            "area": r.area,
            "item_key": r.item_key,
            "item": r.item_title,
            "occurrence": r.occurrence,
            "person": r.person,
            "unit": r.unit,
            "state": r.state,
            "choice": r.choice,
            "numbers": dict(r.numbers),
            "comment": r.comment,
            "blocker": r.blocker,
            "needs_help": r.needs_help,
            "answered_at": r.answered_at.astimezone(UTC).isoformat(),
            "new_date": r.new_date.isoformat() if r.new_date is not None else None,
        }
        for r in rows
    ]
    return (json.dumps(records, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_answers(rows: Sequence[ExportRow], fmt: ExportFormat, tr: Translator) -> bytes:
    """The rows as a file in the chosen format; CSV and XLSX in the reader's language."""
    if fmt is ExportFormat.CSV:
        return to_csv(rows, tr)
    if fmt is ExportFormat.XLSX:
        return to_xlsx(rows, tr)
    return to_json(rows)
