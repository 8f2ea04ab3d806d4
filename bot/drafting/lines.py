"""Classify a document's lines: headings, list items, markers, plain text; join wrapped lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from bot.drafting.lexicon import (
    BEFORE_WORDS,
    COMMITMENT_MARKERS,
    CONTEXT_MARKERS,
    INSTRUCTION_HINTS,
    MONTH_PATTERN,
)
from bot.drafting.model import SourceLine
from bot.drafting.sentences import never_heading

_BULLET = re.compile(r"^(?:[•●▪◦·‣∙■□➢►✓*+]|[-–—](?!\d))\s*(.+)$")
_ENUMERATED = re.compile(r"^(?:\(?(\d{1,2})\)|(\d{1,2})\.|([a-z])\))\s+(.+)$")
_CODED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(.+)$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\.?\s+([A-ZÅÄÖÆØ].*)$")
# "22. august 2018." opens with a date, not with the number of a list.
# "12. feb.", "3. okt": months as calendars shorten them after a day.
_SHORT_MONTH = r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des|dec)\b\.?"
_DATE_START = re.compile(
    rf"^\d{{1,2}}\.\s*(?:[-–]\s*\d{{1,2}}\.?\s*)?(?:{MONTH_PATTERN}\b|{_SHORT_MONTH})",
    re.IGNORECASE,
)
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+)$")
_YEARS = re.compile(r"\b(?:19|20)\d\d\b(?:\s*[-–/]\s*(?:19|20)\d\d)?")
_PURPOSE_END = re.compile(r"(?:formål|føremål|ändamål)$")
_INLINE_SPLIT = re.compile(r"\s[-–]\s(?=[a-zåäöæø])")


class Kind(StrEnum):
    BLANK = "blank"
    HEADING = "heading"
    ITEM = "item"  # a bullet, a numbered line or a coded line ("8.2 ...")
    TEXT = "text"
    CONTEXT_MARKER = "context_marker"  # "Vi vill", "Hovedmål": aims follow
    ITEM_MARKER = "item_marker"  # "Vi ska", "Fagforeningens mål": commitments follow
    BOILERPLATE = "boilerplate"
    CONTENTS = "contents"  # a page's table of contents: "På denne siden finner du:", its entries


@dataclass
class Line:
    number: int
    text: str
    kind: Kind
    code: str | None = None  # "8.2" for a coded line, "8" for a numbered heading
    enumerated: bool = False
    detail: bool = False  # a bullet under a numbered step: it details the step
    day_entry: bool = False  # a day alone on its line joined with the event on the next
    dashed: bool = False  # opened with a dash: a bullet, or a quote in a news article
    quote: bool = False  # "– Det är fortfarande många frågor. …": what someone said, no list


def _strip_markup(text: str) -> str:
    return re.sub(r"\*\*|__", "", text).strip()


def marker_kind(text: str) -> Kind | None:
    """CONTEXT_MARKER or ITEM_MARKER when the line only announces what follows."""
    bare = _YEARS.sub("", text.lower()).strip(" :.-–")
    if not bare or len(bare.split()) > 5:
        return None
    for markers, kind in (
        (CONTEXT_MARKERS, Kind.CONTEXT_MARKER),
        (COMMITMENT_MARKERS, Kind.ITEM_MARKER),
    ):
        if any(bare == marker or bare.startswith(marker + " ") for marker in markers):
            return kind
    # "Våre mål", "Klubbens mål 2025"; not "formål"/"føremål"/"ändamål", what a body is for
    if bare.endswith("mål") and len(bare.split()) <= 3 and not _PURPOSE_END.search(bare):
        return Kind.ITEM_MARKER
    return None


def heading_like(text: str) -> bool:
    words = text.split()
    return (
        2 <= len(text) <= 90
        and len(words) <= 12
        and text[-1] not in ".,;:!?"
        and (text[0].isupper() or text[0].isdigit())
    )


def _classify(source: SourceLine) -> Line:
    text = _strip_markup(source.text)
    if not text:
        return Line(source.number, "", Kind.BLANK)
    markdown = _MARKDOWN_HEADING.match(text)
    if markdown or source.heading is not None:
        text = markdown.group(2) if markdown else text
        return Line(source.number, text, marker_kind(text) or Kind.HEADING)
    if match := _CODED.match(text):
        return Line(source.number, match.group(2), Kind.ITEM, code=match.group(1))
    if match := _BULLET.match(text):
        dashed = text[0] in "-–—"
        return Line(source.number, _strip_markup(match.group(1)), Kind.ITEM, dashed=dashed)
    if match := _ENUMERATED.match(text) if not _DATE_START.match(text) else None:
        number = match.group(1) or match.group(2) or match.group(3)
        return Line(source.number, match.group(4), Kind.ITEM, code=number, enumerated=True)
    return Line(source.number, text, marker_kind(text) or Kind.TEXT)


def _numbered_sections(lines: list[Line]) -> set[int]:
    """ "1. Årsmötets öppnande" / "Ordföranden hälsade …" / "2. Val av mötesordförande" /
    "Beslutade årsmötet …": where at least two numbered lines each have a paragraph right
    under them, the numbers title the paragraphs, as in minutes; the indexes of those lines."""
    found: set[int] = set()
    for index, line in enumerate(lines[:-1]):
        under = lines[index + 1]
        if (
            line.enumerated
            and line.code
            and line.code.isdigit()
            and heading_like(line.text)
            and (index == 0 or lines[index - 1].kind == Kind.BLANK)
            and under.kind == Kind.TEXT
            and not under.enumerated
        ):
            found.add(index)
    return found if len(found) >= 2 else set()


def _promote_headings(lines: list[Line]) -> None:
    """Short stand-alone lines that are followed by content are headings."""
    previous: Line | None = None
    sections = _numbered_sections(lines)
    for index, line in enumerate(lines):
        if index in sections:
            line.kind = Kind.HEADING
            line.enumerated = False
            previous = line
            continue
        blank_before = index == 0 or lines[index - 1].kind == Kind.BLANK
        after_sentence = (
            previous is None or previous.kind != Kind.TEXT or previous.text[-1] in ".:;!?"
        )
        candidate = line.kind == Kind.TEXT or (
            line.enumerated and line.code and line.code.isdigit()
        )
        if (
            candidate
            and heading_like(line.text)
            and (blank_before or after_sentence)
            and not never_heading(line.text)
        ):
            following = next((n for n in lines[index + 1 :] if n.kind != Kind.BLANK), None)
            isolated = index + 1 >= len(lines) or lines[index + 1].kind == Kind.BLANK
            if line.enumerated and not (blank_before and isolated):
                previous = line
                continue
            if following is not None and (line.kind == Kind.TEXT or isolated):
                line.kind = Kind.HEADING
                line.enumerated = False
        if line.kind != Kind.BLANK:
            previous = line


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """A line that starts in lower case right after text or an item continues it."""
    joined: list[Line] = []
    for line in lines:
        last = joined[-1] if joined else None
        deadline_then_date = (
            last is not None
            and _DATE_START.match(line.text) is not None
            and last.text.lower().endswith(tuple(f" {word}" for word in BEFORE_WORDS))
        )
        if (
            last is not None
            and line.kind == Kind.TEXT
            and (line.text[:1].islower() or deadline_then_date)
            and last.kind in (Kind.TEXT, Kind.ITEM)
            and last.text[-1:] not in ".!?"
        ):
            last.text = f"{last.text} {line.text}"
            continue
        joined.append(line)
    return joined


def _split_inline_items(lines: list[Line]) -> list[Line]:
    """ "- do this - do that" on one line is two items when both halves start in lower case."""
    result: list[Line] = []
    for line in lines:
        if line.kind == Kind.ITEM and line.code is None and line.text[:1].islower():
            parts = _INLINE_SPLIT.split(line.text)
            result.extend(
                Line(line.number, part.strip(), Kind.ITEM) for part in parts if part.strip()
            )
        else:
            result.append(line)
    return result


def _mark_boilerplate(lines: list[Line]) -> None:
    """Template instructions: text that repeats, or that tells the author what to write."""
    counts = Counter(
        line.text.lower() for line in lines if line.kind == Kind.TEXT and len(line.text) >= 40
    )
    repeated = {text for text, count in counts.items() if count >= 2}
    # A page that repeats its lead ("Årsmötet hålls den 12 mars …") keeps one copy of a line that
    # names a day or a number: template instructions that repeat carry none.
    kept: set[str] = set()
    for line in lines:
        lowered = line.text.lower()
        if lowered in repeated and re.search(r"\d", lowered) and lowered not in kept:
            kept.add(lowered)
        elif lowered in repeated or any(lowered.startswith(hint) for hint in INSTRUCTION_HINTS):
            line.kind = Kind.BOILERPLATE


# "På denne siden finner du:", "Innhold:", "Här hittar du:": the list after it is the page's
# table of contents.
_CONTENTS_INTRO = re.compile(
    r"^(?:innhold|innehåll|innhald|innehållsförteckning|innholdsfortegnelse)\b.{0,30}:?$"
    r"|\b(?:finner\s+du|hittar\s+du|finn\s+du|finns\s+det)\s*:$",
    re.IGNORECASE,
)
_CONTENTS_ENTRY_WORDS = 8


def _entry_key(text: str) -> str:
    return text.casefold().strip(" .:")


def _short_entries(lines: list[Line], start: int) -> list[Line]:
    """The short list entries from `start` on, up to where the numbering starts again at 1."""
    entries: list[Line] = []
    for following in lines[start:]:
        if following.kind == Kind.BLANK:
            continue
        if following.kind != Kind.ITEM or len(following.text.split()) > _CONTENTS_ENTRY_WORDS:
            break
        if entries and following.enumerated and following.code == "1":
            break
        entries.append(following)
    return entries


def _mark_contents(lines: list[Line]) -> None:
    """A list of short entries that is the page's contents is no part of the plan: announced as
    contents ("På denne siden finner du:"), or numbered from 1 and then repeated, numbered from 1
    again, as the sections' own headings. An entry repeated as a section's heading is one."""
    for index, line in enumerate(lines):
        announced = line.kind in (Kind.TEXT, Kind.HEADING) and _CONTENTS_INTRO.search(line.text)
        starts_list = line.kind == Kind.ITEM and line.enumerated and line.code == "1"
        if not (announced or starts_list):
            continue
        entries = _short_entries(lines, index + 1) if announced else _short_entries(lines, index)
        if starts_list:
            keys = {_entry_key(entry.text) for entry in entries}
            after = lines[index + len(entries) :]
            repeated = [
                other
                for other in after
                if other.kind == Kind.ITEM and other.enumerated and _entry_key(other.text) in keys
            ]
            if len(entries) < 3 or not repeated or repeated[0].code != "1":
                continue
        if len(entries) < 2:
            continue
        keys = {_entry_key(entry.text) for entry in entries}
        for entry in (*([line] if announced else []), *entries):
            entry.kind = Kind.CONTENTS
        for other in lines[index + 1 :]:
            if other.kind == Kind.ITEM and other.enumerated and _entry_key(other.text) in keys:
                other.kind, other.enumerated = Kind.HEADING, False


def _mark_details(lines: list[Line]) -> None:
    """Bullets between the numbered steps of one list ("1. Varsle …", "• Snakk med …",
    "2. Sørge for …") detail the step above them; the steps are what is followed up."""
    run: list[Line] = []
    for line in [*lines, Line(0, "", Kind.HEADING)]:
        if line.kind == Kind.BLANK:
            continue
        if line.kind == Kind.ITEM:
            run.append(line)
            continue
        steps = [entry for entry in run if entry.enumerated]
        if len(steps) >= 2 and run[0].enumerated:
            for entry in run:
                entry.detail = not entry.enumerated and entry.code is None
        run = []


# "24 januari", "6. april 2026": a line that is one day and nothing else.
_BARE_DAY = re.compile(
    rf"^(?:den\s+)?\d{{1,2}}\.?\s*(?:[-–]\s*\d{{1,2}}\.?\s*)?(?:(?:{MONTH_PATTERN})\b\.?|{_SHORT_MONTH})"
    r"(?:\s+(?:19|20)\d\d)?$",
    re.IGNORECASE,
)


def _join_day_lines(lines: list[Line]) -> list[Line]:
    """Days written one to a line ("24 januari" / "6 april" / "5 september") are one list of
    days, as a calendar writes them on one line."""
    joined: list[Line] = []
    for line in lines:
        last = joined[-1] if joined else None
        if (
            last is not None
            and line.kind == Kind.TEXT
            and last.kind == Kind.TEXT
            and _BARE_DAY.match(line.text)
            and all(_BARE_DAY.match(part) for part in last.text.split(", "))
        ):
            last.text = f"{last.text}, {line.text}"
            continue
        joined.append(line)
    return joined


# What a calendar entry says after its day: a few words, no day of its own.
_EVENT_WORDS = 20


def _join_day_and_event(lines: list[Line]) -> list[Line]:
    """A day alone on its line ("22 januari"), then a line that says what happens on it
    ("Börja nominera till ombud."): one calendar entry, as "22 januari: Börja nominera …".
    A list of days, a time of day ("kl. 18:00") or another day is no event, and a day that opens
    the page is the page's own."""
    joined: list[Line] = []
    pending: Line | None = None
    for line in lines:
        if line.kind == Kind.BLANK:
            joined.append(line)
            continue
        if (
            pending is not None
            and line.kind in (Kind.TEXT, Kind.HEADING)
            and re.search(r"[a-zåäöæø]{3,}", line.text.lower()) is not None
            and _DATE_START.match(line.text) is None
            and _BARE_DAY.match(line.text) is None
            and not re.match(r"^(?:kl\.?|klockan|klokka|klokken)?\s*\d", line.text.lower())
            and len(line.text.split()) <= _EVENT_WORDS
            and not line.text.rstrip().endswith(":")
        ):
            pending.text = f"{pending.text}: {line.text}"
            pending.kind = Kind.TEXT
            pending.day_entry = True
            pending = None
            continue
        pending = (
            line
            if line.kind in (Kind.TEXT, Kind.HEADING)
            and _BARE_DAY.match(line.text)
            and ", " not in line.text
            # a day that opens the page dates the whole page (an event page), not its next line
            and any(earlier.kind != Kind.BLANK for earlier in joined)
            else None
        )
        joined.append(line)
    return joined


# ", säger Heidi Stensmyren", ", sier hun": who said the words before
_SAID = re.compile(
    r",\s+(?:säger|sa|sade|förklarar|fortsätter|menar|berättar|sier|seier|forklarer|fortsetter"
    r"|meiner|forteller|fortel)"
    # the speaker, perhaps after a title ("berättar förbundssekreterare Tore Bengtsson")
    r"\s+(?:[a-zåäöæø]+\s+){0,2}(?:[A-ZÅÄÖÆØ]|han\b|hon\b|hun\b|ho\b)"
)
_QUOTE_WORDS = 15  # a dash line this long on a page that quotes someone is speech, no bullet
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-ZÅÄÖÆØ]")


def _mark_quotes(lines: list[Line]) -> None:
    """In a news article that says who spoke (", säger Heidi Stensmyren", ", berättar …"), a dash
    line of several sentences, with its speaker or as long as speech is a quote, no bullet."""
    if not any(_SAID.search(line.text) for line in lines if line.kind in (Kind.TEXT, Kind.ITEM)):
        return
    for line in lines:
        if line.dashed and (
            _SAID.search(line.text)
            or _SENTENCE_BREAK.search(line.text)
            or len(line.text.split()) >= _QUOTE_WORDS
        ):
            line.quote = True


def classify_lines(source: list[SourceLine]) -> list[Line]:
    lines = [_classify(line) for line in source]
    lines = _join_day_lines(_join_wrapped(list(lines)))
    lines = _join_day_and_event(lines)
    _promote_headings(lines)
    _mark_boilerplate(lines)
    _mark_contents(lines)
    lines = _split_inline_items(lines)
    _mark_details(lines)
    _mark_quotes(lines)
    return lines
