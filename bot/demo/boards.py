"""The demo's board view: the weekly digests, and the chart, export and year-end draft as files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.i18n import Translator, translator
from bot.core.reporting import AnnualData, ExportFilter, ExportFormat, IsoWeek
from bot.reports.annual import AnnualFormat, write_annual_report
from bot.reports.chart import render_progress_chart
from bot.reports.export import export_answers
from handlers.digest import preview_digest, render_console
from handlers.progress import progress_of
from storage.engine import Database
from storage.reporting import SqlReportingStore, annual_data, export_rows
from storage.tables import PlanRow

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
    store = SqlReportingStore(db)
    for lang in languages:
        board, locale, week = DEMO_BOARDS[lang]
        message = await preview_digest(store, board, FrozenClock(now), week, locale)
        out.write("\n" + render_console(message) + "\n")


def write_files(db: Database, folder: Path, now: datetime, tr: Translator) -> list[Path]:
    """Per plan: the progress chart, the year-end draft (docx and md); all answers as CSV/XLSX."""
    written: list[Path] = []
    plans = db.run_sync(lambda s: [p.key for p in s.exec(select(PlanRow)).all()])
    for key in plans:

        def read(session: Session, key: str = key) -> AnnualData:
            return annual_data(session, key, now)

        data = db.run_sync(read)
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
            (folder / name).write_bytes(content)
            written.append(folder / name)
    rows = db.run_sync(lambda s: export_rows(s, ExportFilter()))
    for fmt in (ExportFormat.CSV, ExportFormat.XLSX):
        path = folder / f"answers.{fmt.value}"
        path.write_bytes(export_answers(rows, fmt, tr))
        written.append(path)
    return written
