"""The year-end DOCX opens in LibreOffice (where it is installed) and keeps its text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from bot.core.formats import AnnualFormat
from bot.core.i18n import Translator
from bot.reports.annual import write_annual_report
from storage.engine import Database
from tests.reports.test_annual import _seeded

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (soffice not on PATH)")
def test_libreoffice_converts_the_docx_with_its_headings_and_table(
    sqlite_db: Database, tmp_path: Path
) -> None:
    assert SOFFICE is not None
    data, targets = _seeded(sqlite_db)
    source = tmp_path / "report.docx"
    source.write_bytes(write_annual_report(data, targets, AnnualFormat.DOCX, Translator("sv")))
    profile = tmp_path / "profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    for expected in ("Verksamhetsberättelse", "Organisering", "8.2 Värvningsvecka", "Målvärde"):
        assert expected in text
