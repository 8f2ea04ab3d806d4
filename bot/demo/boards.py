"""The demo's board view: the weekly digests, and the chart, export and year-end draft as files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core.clock import FrozenClock
from bot.core.files import write_private
from bot.core.formats import AnnualFormat, ExportFormat
from bot.core.i18n import Translator, translator
from bot.core.reporting import ExportFilter, IsoWeek
from bot.reports.annual import write_annual_report
from bot.reports.chart import render_progress_chart
from bot.reports.export import export_answers
from bot.services.reports import annual_data, export_rows, plan_keys, preview_digest
from handlers.digest import render_console
from handlers.progress import progress_of

if TYPE_CHECKING:
    from bot.services.database import Database

# Which board of each example reads its digest, and in which language.
# Which board of each example reads its digest, in which language, and about which week: the
# recruitment week (sv) and the end of the September campaign (nb).
DEMO_BOARDS = {
    "sv": ("styrelse-sektion-nord", "sv", IsoWeek(2025, 42)),
    "nb": ("styret-avd-101", "nb", IsoWeek(2025, 40)),
}


async def print_digests(
    db: Database, now: datetime, languages: tuple[str, ...], out: TextIO
) -> None:
    for lang in languages:
        board, locale, week = DEMO_BOARDS[lang]
        message = await preview_digest(db, board, FrozenClock(now), week, locale)
        out.write("\n" + render_console(message) + "\n")


def write_files(db: Database, folder: Path, now: datetime, tr: Translator) -> list[Path]:
    """Per plan: the progress chart, the year-end draft (docx and md); all answers as CSV/XLSX."""
    written: list[Path] = []
    for key in plan_keys(db):
        data = annual_data(db, key, now)
        reader = translator(data.language)
        progress = progress_of(data.targets, data.units)
        files = {
            f"{key}-progress.png": render_progress_chart(reader, progress, data.plan_title),
            f"{key}-annual-report.docx": write_annual_report(
                data, progress, AnnualFormat.DOCX, reader
            ),
            f"{key}-annual-report.md": write_annual_report(data, progress, AnnualFormat.MD, reader),
        }
        for name, content in files.items():
            write_private(folder / name, content)
            written.append(folder / name)
    rows = export_rows(db, ExportFilter())
    for fmt in (ExportFormat.CSV, ExportFormat.XLSX):
        path = folder / f"answers.{fmt.value}"
        write_private(path, export_answers(rows, fmt, tr))
        written.append(path)
    return written
