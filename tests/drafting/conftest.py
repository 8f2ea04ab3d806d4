"""Fixtures for the drafter: our own plan documents, their expectations, and document makers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.core.i18n import Translator

DOCUMENTS = Path(__file__).parent / "documents"


def document_names() -> list[str]:
    return sorted(
        path.name
        for path in DOCUMENTS.iterdir()
        if path.suffix in (".txt", ".md") and (DOCUMENTS / expectation_name(path.name)).is_file()
    )


def expectation_name(document: str) -> str:
    return document.rsplit(".", 1)[0] + ".expected.json"


def expectation(document: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DOCUMENTS / expectation_name(document)).read_text("utf-8"))
    return data


def document_lines(document: str) -> list[str]:
    return (DOCUMENTS / document).read_text("utf-8").splitlines()


@pytest.fixture
def tr() -> Translator:
    return Translator("en")


def write_docx(path: Path, lines: list[str]) -> None:
    """A Word document with real heading and list styles, as a board would write it."""
    import docx

    document = docx.Document()
    for index, line in enumerate(lines):
        text = line.strip()
        if index == 0:
            document.add_heading(text, level=0)
        elif text.startswith("- "):
            document.add_paragraph(text[2:], style="List Bullet")
        elif text and text[0].isdigit() and " " in text and "." not in text.split(" ")[0]:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(str(path))


def write_pdf(path: Path, lines: list[str]) -> None:
    """A text PDF, one document line per drawn line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    y = 800.0
    for line in lines:
        if y < 60:
            page.showPage()
            y = 800.0
        page.setFont("Helvetica", 10)
        page.drawString(50, y, line)
        y -= 14
    page.save()


def write_scanned_pdf(path: Path) -> None:
    """A PDF with only drawn shapes on the page, like a scan without a text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    page = canvas.Canvas(str(path), pagesize=A4)
    for row in range(40):
        page.rect(50, 780 - row * 18, 400 - (row % 7) * 30, 8, fill=1)
    page.save()
