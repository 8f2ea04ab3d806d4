"""The year-end report: DOCX reopened with python-docx, Markdown with escaped user text."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import docx
import pytest

from bot.core.formats import AnnualFormat
from bot.core.i18n import Translator
from bot.core.reporting import AnnualData, AreaReport, ItemReport, ReportComment, TargetProgress
from bot.reports.annual import escape_markdown, write_annual_report
from handlers.progress import progress_of
from storage.engine import Database
from storage.reporting import annual_data
from tests.reports.seed import build_union

AT = datetime(2025, 5, 2, tzinfo=UTC)


def _seeded(db: Database) -> tuple[AnnualData, list[TargetProgress]]:
    db.run_sync(build_union)
    data = db.run_sync(lambda s: annual_data(s, "vp-2025", datetime(2025, 12, 31, tzinfo=UTC)))
    return data, progress_of(data.targets, data.units)


def test_the_docx_has_real_headings_and_tables(sqlite_db: Database) -> None:
    data, targets = _seeded(sqlite_db)
    blob = write_annual_report(data, targets, AnnualFormat.DOCX, Translator("sv"))
    document = docx.Document(io.BytesIO(blob))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings == [
        ("Title", "Verksamhetsberättelse: Verksamhetsplan 2025"),
        ("Heading 1", "Mål"),
        ("Heading 1", "Organisering"),
        ("Heading 2", "8.1 Digitala träffar"),
        ("Heading 2", "8.2 Värvningsvecka"),
        ("Heading 1", "Arbetsmiljö"),
        ("Heading 2", "9.1 Skyddsrond"),
    ]
    (table,) = document.tables
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["Mål", "Målvärde", "Resultat", "Uppnått"],
        ["Träffar", "2", "2", "Ja"],
        ["Värvning", "10", "1 av 3 orter", "Nej"],
    ]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    texts = [p.text for p in document.paragraphs]
    assert "Sektion Väst, 1 januari 2025 – 31 december 2025" in texts
    assert "Genomfört: 2 · Inte genomfört: 1 · Inte aktuellt: 0 · Inget svar: 1" in texts
    assert "New members: 18" in texts
    assert "”Behöver hjälp med lokal” – Bo Lind, 14 mars 2025" in texts


def _hostile() -> AnnualData:
    comment = ReportComment(
        "i", "Eve | <b>", "a | b *c* _d_ # e\x00\x0b\n" + "z" * 5000, None, True, AT
    )
    silent = ItemReport("2.1", "Nothing | here", 0, 0, 0, 3, (), ())
    item = ItemReport("1.1", "Möte *viktigt*", 1, 0, 0, 0, (("Deltagare", 12),), (comment,))
    return AnnualData(
        plan_key="p",
        plan_title="Plan | 2025",
        unit_name="Klubb",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        areas=(AreaReport("Area # 1", (item, silent)),),
        targets=(),
        units=(),
    )


def test_markdown_escapes_user_text_and_lists_the_unreported() -> None:
    text = write_annual_report(_hostile(), [], AnnualFormat.MD, Translator("en")).decode()
    lines = text.splitlines()
    # A bar outside a table, a dot in an item code and a '#' mid-line are read as written.
    assert lines[0] == "# Annual report: Plan | 2025"
    assert "### 1.1 Möte \\*viktigt\\*" in lines
    quote = next(line for line in lines if line.startswith("> "))
    assert "a | b \\*c\\* \\_d\\_ # e z" in quote
    assert "\x00" not in text
    assert len(quote) < 1_200
    assert lines[lines.index("## Not reported") + 2] == "2.1 Nothing | here"


def test_a_targets_table_in_markdown(sqlite_db: Database) -> None:
    data, targets = _seeded(sqlite_db)
    text = write_annual_report(data, targets, AnnualFormat.MD, Translator("nn")).decode()
    assert "| Mål | Målverdi | Resultat | Nådd |" in text
    assert "| Treff | 2 | 2 | Ja |".replace("Treff", "Träffar") in text


def test_the_hostile_docx_opens() -> None:
    blob = write_annual_report(_hostile(), [], AnnualFormat.DOCX, Translator("nb"))
    document = docx.Document(io.BytesIO(blob))
    assert document.paragraphs[0].text == "Årsberetning: Plan | 2025"


def test_escape_markdown_covers_emphasis_code_links_and_html() -> None:
    assert escape_markdown("a*_`[]<b") == "a\\*\\_\\`\\[\\]\\<b"


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("1. januar 2025", "1\\. januar 2025"),  # would be a numbered list
        ("12) punkt", "12\\) punkt"),
        ("- punkt", "\\- punkt"),  # a bullet
        ("+ punkt", "\\+ punkt"),
        ("# 1", "\\# 1"),  # a heading
        ("> sitat", "\\> sitat"),  # a quote
        ("---", "\\---"),  # a rule
        ("Avdeling 101, 1. januar 2025 – 31. desember 2025", None),
        ("Det gjekk fint i høst.", None),
        ("1.1 Møte", None),
        ("1,5 timer - kort", None),
        ("a | b # c (d) e! f~g", None),
    ],
)
def test_escape_markdown_only_where_markdown_would_misread(text: str, markdown: str | None) -> None:
    assert escape_markdown(text) == (text if markdown is None else markdown)
