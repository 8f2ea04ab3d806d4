"""The year-end report (verksamhetsberättelse / årsberetning) as DOCX or Markdown.

Both formats carry the same content, built once as a list of blocks: the plan's title and
period, a table of the targets, per area a heading and per item what was reported (counts,
numbers summed, comments quoted with who wrote them), and the items nobody reported on.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.formats import AnnualFormat
from bot.core.i18n import Translator
from bot.core.reporting import AnnualData, ItemReport, TargetProgress, units_reached_text
from bot.reports.export import clean

QUOTE_LIMIT = 1_000
# Characters that start emphasis, code, links or HTML anywhere in a line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
# What turns the start of a line into a block: a heading, a quote, a list item (bullet or
# "1. " / "1) "), or a line of only -, = or _ (a rule or a heading's underline).
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_BLOCK_START = re.compile(r"^([#>+\-])(?=\s|$|#)")
_RULE = re.compile(r"^([-=_*])(?=[-=_*\s]*$)")
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0: the title


@dataclass(frozen=True)
class Paragraph:
    text: str
    quote: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Table


def _flat(text: str, limit: int = QUOTE_LIMIT) -> str:
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _target_rows(tr: Translator, targets: Sequence[TargetProgress]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for p in targets:
        figure = tr.percent_of if p.percent else tr.number
        goal = figure(p.goal) if p.goal is not None else "–"
        if p.scope is not None:
            result = units_reached_text(tr, p.units_reached, p.units_total, p.scope)
        elif not p.measured:
            result = "–"
        else:
            result = figure(p.achieved)
        reached = (
            "–" if p.fraction is None else tr.gettext("Yes") if p.reached else tr.gettext("No")
        )
        rows.append((_flat(p.label), goal, result, reached))
    return tuple(rows)


def _status(tr: Translator, item: ItemReport) -> str:
    """The item's figures; an item never asked says so rather than "No answer: 0"."""
    if not item.asked and not (item.done or item.not_done or item.not_relevant):
        return tr.gettext("Not asked.")
    line = tr.gettext(
        "Done: {done} · Not done: {not_done} · Not relevant: {not_relevant} · "
        "No answer: {no_answer}",
        done=tr.number(item.done),
        not_done=tr.number(item.not_done),
        not_relevant=tr.number(item.not_relevant),
        no_answer=tr.number(item.no_answer),
    )
    if item.not_sent:
        line += " · " + tr.gettext("Never sent: {n}", n=tr.number(item.not_sent))
    return line


def _item_blocks(tr: Translator, item: ItemReport) -> list[Block]:
    blocks: list[Block] = [
        Heading(_flat(f"{item.key} {item.title}", 300), 2),
        Paragraph(_status(tr, item)),
    ]
    blocks += [
        Paragraph(tr.gettext("{label}: {total}", label=_flat(label), total=tr.number(total)))
        for label, total in item.sums
    ]
    for comment in item.comments:
        text = _flat(comment.text or comment.blocker or "")
        if text:
            quoted = tr.gettext(
                "“{text}” – {name}, {date}",
                text=text,
                name=_flat(comment.person_name, 100),
                date=tr.date(comment.at.date()),
            )
            blocks.append(Paragraph(quoted, quote=True))
    return blocks


def annual_blocks(
    tr: Translator, data: AnnualData, targets: Sequence[TargetProgress]
) -> list[Block]:
    """The report's content, independent of the file format."""
    blocks: list[Block] = [
        Heading(tr.gettext("Annual report: {plan}", plan=_flat(data.plan_title, 300)), 0),
        Paragraph(
            tr.gettext(
                "{unit}, {start} – {end}",
                unit=_flat(data.unit_name, 200),
                start=tr.date(data.period_start),
                end=tr.date(data.period_end),
            )
        ),
    ]
    if targets:
        header = (
            tr.gettext("Target"),
            tr.gettext("Goal"),
            tr.gettext("Result"),
            tr.gettext("Reached"),
        )
        blocks += [Heading(tr.gettext("Targets"), 1), Table(header, _target_rows(tr, targets))]
    silent: list[ItemReport] = []
    never_asked: list[ItemReport] = []
    for area in data.areas:
        blocks.append(Heading(_flat(area.title, 300), 1))
        for item in area.items:
            blocks += _item_blocks(tr, item)
            if item.done or item.not_done or item.not_relevant:
                continue
            (silent if item.asked else never_asked).append(item)
    # Asked and unanswered, and never asked, are told apart here as in each item's figures.
    if silent:
        blocks.append(Heading(tr.gettext("Not reported"), 1))
        blocks += [Paragraph(_flat(f"{i.key} {i.title}", 300)) for i in silent]
    if never_asked:
        blocks.append(Heading(tr.gettext("Not asked"), 1))
        blocks += [Paragraph(_flat(f"{i.key} {i.title}", 300)) for i in never_asked]
    return blocks


def escape_inline(text: str) -> str:
    """Escape what Markdown reads as markup anywhere in a line; dots and dashes stay as written."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def escape_markdown(text: str) -> str:
    """A line of text as Markdown that reads as the text: escaped only where Markdown would
    misread it ("1. januar" starting a line is not a list, "# 1" not a heading)."""
    text = escape_inline(text)
    text = _LIST_NUMBER.sub(r"\1\\\2", text)
    text = _BLOCK_START.sub(r"\\\1", text)
    return _RULE.sub(r"\\\1", text)


def escape_heading(text: str) -> str:
    """A heading's text: only inline markup, and a closing run of '#', are escaped."""
    return _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\#" * len(m.group(2)), escape_inline(text))


def escape_cell(text: str) -> str:
    """A table cell: inline markup and the column bar."""
    return escape_inline(text).replace("|", "\\|")


def to_markdown(blocks: Sequence[Block]) -> bytes:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + escape_heading(block.text), ""]
        elif isinstance(block, Paragraph):
            prefix = "> " if block.quote else ""
            lines += [prefix + escape_markdown(block.text), ""]
        else:
            lines.append("| " + " | ".join(escape_cell(h) for h in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(escape_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def _set_language(document: Any, tag: str) -> None:
    """Tag the text with the reader's language, so Word spell-checks and reads it aloud right."""
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")) if defaults is not None else ():
        lang.set(qn("w:val"), tag)
    document.core_properties.language = tag


def to_docx(blocks: Sequence[Block], language_tag: str = "en-GB") -> bytes:
    from docx import Document  # imported here: most commands never write a document

    document = Document()
    _set_language(document, language_tag)
    for block in blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text, style="Quote" if block.quote else None)
        else:
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_annual_report(
    data: AnnualData, targets: Sequence[TargetProgress], fmt: AnnualFormat, tr: Translator
) -> bytes:
    """The year-end report as a file, in the reader's language."""
    blocks = annual_blocks(tr, data, targets)
    if fmt is AnnualFormat.DOCX:
        return to_docx(blocks, tr.language_tag)
    return to_markdown(blocks)
