"""Read a document's text as numbered lines: plain text, Markdown, Word (.docx) and text PDFs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from bot.core.errors import InputFileError, Problem
from bot.core.i18n import N_
from bot.drafting.model import SourceLine

# A plan is a few pages; these bounds keep time and memory small whatever the file holds.
MAX_TEXT_BYTES = 2_000_000
MAX_LINES = 20_000
MAX_PDF_PAGES = 300
MAX_DOCX_BYTES = 50_000_000

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _problem(path: Path, msgid: str, **params: object) -> InputFileError:
    return InputFileError(
        [Problem(file=path.name, line=None, field=None, msgid=msgid, params=params)]
    )


def clean_line(text: str) -> str:
    """One line as the drafter sees it: ordinary spaces, no invisible characters, trimmed."""
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    return re.sub(r" {2,}", " ", text).strip()


def split_lines(text: str) -> list[SourceLine]:
    """Numbered lines from text with any line endings (LF, CRLF, CR)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [SourceLine(number, clean_line(line)) for number, line in enumerate(lines, start=1)]


def _decode(path: Path, data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise _problem(path, N_("This is a binary file, not a text document."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Windows tools save Swedish and Norwegian text as cp1252.
        text = data.decode("cp1252", errors="replace")
    if len(_CONTROL.findall(text[:65536])) > 8:
        raise _problem(path, N_("This is a binary file, not a text document."))
    return text


def _read_text(path: Path) -> list[SourceLine]:
    with path.open("rb") as fh:
        data = fh.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise _problem(
            path,
            N_("The document is too long for a plan (more than {limit} MB of text)."),
            limit=MAX_TEXT_BYTES // 1_000_000,
        )
    return split_lines(_decode(path, data))


def _heading_level(style_name: str) -> int | None:
    match = re.match(
        r"(?:heading|rubrik|overskrift|title|titel|tittel)\s*(\d?)", style_name.lower()
    )
    if match is None:
        return None
    return int(match.group(1) or 0)


def _read_docx(path: Path) -> list[SourceLine]:
    import docx

    if path.stat().st_size > MAX_DOCX_BYTES or not zipfile.is_zipfile(path):
        raise _problem(path, N_("This is not a Word document that can be read (.docx)."))
    try:
        return _docx_lines(docx.Document(str(path)))
    except Exception as exc:  # a damaged file fails anywhere: zip, XML or docx
        raise _problem(path, N_("This is not a Word document that can be read (.docx).")) from exc


def _docx_blocks(document: Any) -> list[Any]:
    """Paragraphs and table rows in the order the document has them.

    A row of several filled cells ("Medlemsmøte | Styret | Mars") is one line, its cells joined
    by " | ", so an activity keeps its month; a row of one filled cell gives its paragraphs.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[Any] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            blocks.append(Paragraph(child, document))
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:  # a merged cell comes back once per grid column
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        cells.append(cell)
                filled = [cell for cell in cells if cell.text.strip()]
                if len(filled) > 1:
                    blocks.append(" | ".join(" ".join(cell.text.split()) for cell in filled))
                else:
                    blocks.extend(p for cell in filled for p in cell.paragraphs)
    return blocks


def _docx_lines(document: Any) -> list[SourceLine]:
    lines: list[SourceLine] = []
    for block in _docx_blocks(document)[:MAX_LINES]:
        if isinstance(block, str):
            lines.append(SourceLine(len(lines) + 1, clean_line(block), None))
            continue
        style = block.style.name if block.style is not None else ""
        level = _heading_level(style or "")
        bullet = "- " if "list" in (style or "").lower() else ""
        for part in block.text.split("\n"):
            text = clean_line(part)
            lines.append(SourceLine(len(lines) + 1, bullet + text if text else "", level))
    return lines


def _read_pdf(path: Path) -> list[SourceLine]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise _problem(path, N_("The PDF is encrypted; save an unprotected copy first."))
        pages = reader.pages[:MAX_PDF_PAGES]
        text = "\n".join(page.extract_text() or "" for page in pages)
    except InputFileError:
        raise
    except Exception as exc:  # pypdf fails in many ways on a damaged file
        raise _problem(path, N_("This is not a PDF that can be read.")) from exc
    if not text.strip():
        raise _problem(
            path,
            N_("The PDF has no text layer (a scanned document?); run text recognition first."),
        )
    return split_lines(text[: MAX_TEXT_BYTES + 1])


def read_document(path: Path) -> list[SourceLine]:
    """The document's lines; raises InputFileError when it cannot be read as a plan document."""
    if not path.is_file():
        raise _problem(path, N_("The file does not exist."))
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise _problem(
            path,
            N_("Ombud cannot read {suffix} files; save the document as .docx, .pdf, .txt or .md."),
            suffix=suffix or "?",
        )
    if suffix == ".docx":
        lines = _read_docx(path)
    elif suffix == ".pdf":
        with path.open("rb") as fh:
            head = fh.read(1024)
        if not head.lstrip().startswith(b"%PDF"):
            raise _problem(path, N_("This is not a PDF that can be read."))
        lines = _read_pdf(path)
    else:
        lines = _read_text(path)
    if len(lines) > MAX_LINES:
        raise _problem(
            path,
            N_("The document is too long for a plan (more than {limit} lines)."),
            limit=MAX_LINES,
        )
    if not any(line.text for line in lines):
        raise _problem(path, N_("The document is empty."))
    return lines
