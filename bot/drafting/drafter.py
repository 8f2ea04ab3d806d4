"""Draft a plan from a document: outline, language, and what each item's text says."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from pathlib import Path

from bot.core.errors import InputFileError, Problem
from bot.core.i18n import N_
from bot.drafting.amounts import read_amounts
from bot.drafting.dates import Period, read_when
from bot.drafting.fitting import fit_plan
from bot.drafting.language import detect_language, is_mixed, language_scores
from bot.drafting.lexicon import MONTH_NAMES_EN, MONTH_PATTERN, TIMES_WORDS, YEAR_PHRASES
from bot.drafting.lines import classify_lines
from bot.drafting.model import DraftArea, DraftItem, DraftPlan, Note, PlanValue, SourceLine
from bot.drafting.outline import Outline, OutlineArea, OutlineItem, build_outline, slug
from bot.drafting.readers import read_document
from bot.drafting.rhythm import times_in_seasons
from bot.drafting.sentences import DATELINE, split_sentences

LANGUAGES = ("sv", "nb", "nn")
MIN_INFERRED_ITEMS = 1


def _error(filename: str, msgid: str, **params: object) -> InputFileError:
    return InputFileError(
        [Problem(file=filename, line=None, field=None, msgid=msgid, params=params)]
    )


def _line_language(text: str, document_language: str) -> str:
    """A line in the other language family reads its number words in that language."""
    scores = language_scores([text])
    norwegian = scores["no"] + scores["nb"] + scores["nn"]
    if norwegian > scores["sv"] and document_language == "sv":
        return "nb"
    if scores["sv"] > norwegian and document_language != "sv":
        return "sv"
    return document_language


# "För att få en budget i balans behöver vi bli fler medlemmar": a sentence that gives the reason
# or the means of the item's goal, not a target of its own.
_REASON = re.compile(r"^(?:för|for)\s+(?:att|å|at)\b")


# A purpose clause after the main clause's object: ", for å …", "drahjelp for å skape …"; not
# "jobbe for å få 50 nye medlemmer", where working for it is the task.
_PURPOSE = re.compile(
    r"(?<!\bjobbe)(?<!\bjobba)(?<!\barbeide)(?<!\barbeida)(?<!\barbeta)(?<!\bverka)"
    r"(?<!\bverke)(?<!\bkjempe)(?<!\bkämpa)(?<!\bstå)(?<!\bsatse)(?<!\bsatsa)"
    r"\s(?:för\s+att|for\s+å)\s"
)


def _without_reasons(original: str, blanked: str) -> str:
    """The item's lower-case text without the sentences that only give a reason for it (when it
    has other sentences to read); sentences are found in the original, where capitals show."""
    kept: list[str] = []
    dropped = 0
    position = 0
    for sentence in split_sentences(original):
        start = original.find(sentence, position)
        position = start + len(sentence)
        if _REASON.match(sentence.lower()):
            dropped += 1
            continue
        purpose = _PURPOSE.search(sentence.lower())
        if purpose is not None:
            # "… vil gi foreningene drahjelp for å skape mer aktivitet og få flere medlemmer":
            # what the purpose clause hopes for is no target of the help given
            dropped += 1
            kept.append(blanked[start : start + purpose.start()])
        else:
            kept.append(blanked[start:position])
    return " ".join(kept) if kept and dropped else blanked


def infer_item(key: str, outlined: OutlineItem, period: Period, language: str) -> DraftItem:
    """One item with its date, rhythm, target, scope and metrics, and the doubts about them."""
    line = outlined.line
    lowered = line.text.lower()
    reading = read_when(lowered, period, outlined.part_year)
    blanked = lowered
    for start, end in reading.spans:
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    amounts = read_amounts(
        _without_reasons(line.text, blanked), language, _line_language(line.text, language)
    )
    item = DraftItem(
        key=key,
        title=line.text.rstrip(",;. ") or line.text,
        line=line.number,
        source=line.text,
        when=reading.when,
        target=amounts.target,
        scope=amounts.scope,
        all_stewards=amounts.all_stewards,
        metrics=amounts.metrics,
        found=reading.found + amounts.found,
        review=reading.review + amounts.review,
    )
    _count_of_named_months(item, lowered)
    seasons = times_in_seasons(lowered)
    if seasons is not None and item.when is None:
        item.target = {"count": seasons[0]}
    if item.when is None and outlined.day_after:
        offset = -1 if outlined.day_before else 1
        day = date.fromisoformat(outlined.day_after) + timedelta(days=offset)
        item.when = {"date": day.isoformat()}
        item.review.append(
            Note(
                N_("The date is read as the day before {date}, named just before: confirm it.")
                if outlined.day_before
                else N_("The date is read as the day after {date}, named just before: confirm it."),
                {"date": outlined.day_after},
            )
        )
    if item.when is None and outlined.eve_of:
        eve = date.fromisoformat(outlined.eve_of) - timedelta(days=1)
        item.when = {"by": eve.isoformat()}
        item.review.append(
            Note(
                N_("The deadline is read as the day before the meeting on {date}: confirm it."),
                {"date": outlined.eve_of},
            )
        )
    if item.when is None and outlined.same_deadline:
        item.when = {"by": outlined.same_deadline}
        item.review.append(
            Note(
                N_(
                    "The deadline is read as {date}, the day the sentence before gives: confirm it."
                ),
                {"date": outlined.same_deadline},
            )
        )
    if item.when is None and outlined.page_day:
        item.when = {"date": outlined.page_day}
        item.review.append(
            Note(
                N_("The date is read from the day the page opens with, {date}: confirm it."),
                {"date": outlined.page_day},
            )
        )
    if outlined.month is not None and len(period.years) == 1:
        own = reading.when
        if outlined.last_month is not None and own is None:
            own = {"window": MONTH_NAMES_EN[outlined.last_month]}  # it runs on until then
        _heading_month(item, outlined.month, own, period)
    if item.when is None and not item.review:
        item.review.append(Note(N_("No date in the text: it is asked at the end of the period.")))
    if item.scope and item.target is None:
        item.review.append(
            Note(N_("Holds per {kind}: say how it is counted."), {"kind": item.scope})
        )
    _deadline_asks_if_met(item)
    return item


def _deadline_asks_if_met(item: DraftItem) -> None:
    """A deadline is asked whether it was met: "Forslag til årsmøtet må være sendt styret senest
    14. januar" has no participants, though it names a meeting. A target that counts them keeps
    them."""
    if item.when is None or "by" not in item.when:
        return
    if item.target is not None and item.target.get("metric") == "participants":
        return
    if [key for key, _label in item.metrics] != ["participants"]:
        return
    item.metrics = []
    item.found = [note for note in item.found if note.msgid != "asks for {metric}"]


# "sammanträder två gånger per år, i juni och november": how many times a year, said again by the
# months named.
_TIMES_A_YEAR = re.compile(rf"\b\w+\s+{TIMES_WORDS}\s+(?:{YEAR_PHRASES})")


def _count_of_named_months(item: DraftItem, lowered: str) -> None:
    """ "två gånger per år, i juni och november": the two are the months named, asked in each of
    them; a count beside them would count the same occurrences again."""
    months = (item.when or {}).get("months")
    count = (item.target or {}).get("count")
    if (
        isinstance(months, list)
        and isinstance(count, int)
        and count == len(months)
        and _TIMES_A_YEAR.search(lowered) is not None
        # the months are written out ("i juni och november"), not read from seasons
        and len(set(re.findall(rf"\b(?:{MONTH_PATTERN})\b", lowered))) == count
    ):
        item.target = None
        item.found = [note for note in item.found if note.msgid != "target {target}"]


def _heading_month(item: DraftItem, month: int, own: PlanValue | None, period: Period) -> None:
    """An entry under a month heading is asked in that month; one that names another month
    ("kan også skje i februar", "fortsetter (se februar)") spans both."""
    name = MONTH_NAMES_EN[month]
    window = own.get("window") if own else None
    if own is None:
        item.when = {"window": name}
    elif isinstance(window, str) and window in MONTH_NAMES_EN and window != name:
        other = MONTH_NAMES_EN.index(window)
        first, last = min(month, other), max(month, other)
        year = period.start.year
        end = date(year, last, calendar.monthrange(year, last)[1])
        item.when = {"window": {"from": date(year, first, 1).isoformat(), "to": end.isoformat()}}
    else:
        return
    item.found.append(Note(N_("month {month}"), {"month": month}))
    item.review.append(
        Note(
            N_("The month is read from the heading {month} above it: confirm it."), {"month": name}
        )
    )


class _Keys:
    """Item and area keys: the document's own codes, else numbers, never twice."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        key, n = wanted, 1
        while key in self.used:
            n += 1
            key = f"{wanted}-{n}"
        self.used.add(key)
        return key


def _own_numbers(outline: Outline) -> bool:
    """The document's own numbers ("1.", "2)") can be item ids when none repeats."""
    numbers = [
        entry.line.code
        for area in outline.areas
        for entry in area.items
        if entry.line.enumerated and entry.line.code and entry.line.code.isdigit()
    ]
    return bool(numbers) and len(numbers) == len(set(numbers))


def _area(
    outlined: OutlineArea,
    number: int,
    keys: tuple[_Keys, _Keys],
    period: Period,
    language: str,
    *,
    own_numbers: bool,
) -> DraftArea:
    area_keys, item_keys = keys
    area = DraftArea(area_keys.take(outlined.code or str(number)), outlined.title, outlined.line)
    area.context = list(outlined.context)
    for position, entry in enumerate(outlined.items, start=1):
        code = entry.line.code if entry.line.code and "." in entry.line.code else None
        if own_numbers and entry.line.enumerated and (entry.line.code or "").isdigit():
            code = entry.line.code
        key = item_keys.take(code or f"{area.key}.{position}")
        area.items.append(infer_item(key, entry, period, language))
    return area


def _check_is_plan(outline: Outline, plan: DraftPlan, filename: str) -> None:
    inferred = sum(1 for item in plan.items if item.when or item.target)
    looks_like_plan = (
        outline.plan_word
        or outline.markers > 0
        or inferred >= MIN_INFERRED_ITEMS
        or (outline.period_source == "given" and inferred > 0)
    )
    if not looks_like_plan or not plan.items:
        raise _error(
            filename,
            N_("This does not look like an activity plan: no commitments to follow up were found."),
        )


_YEARS = re.compile(r"^((?:19|20)\d\d)(?:(?:\.\.|-|–)((?:19|20)\d\d))?$")


def given_period(filename: str, year: int | None, period: str | None) -> tuple[Period, str] | None:
    """The period from --year or --period FROM..TO (years), checked."""
    if year is not None and period is not None:
        raise _error(filename, N_("Give --year or --period, not both."))
    text = str(year) if year is not None else period
    if text is None:
        return None
    match = _YEARS.match(text.strip())
    first = int(match.group(1)) if match else 0
    last = int(match.group(2) or first) if match else 0
    if match is None or not first <= last <= first + 6:
        raise _error(
            filename,
            N_("Unknown period {period}: give a year (2025) or years FROM..TO (2024..2025)."),
            period=text,
        )
    label = str(first) if first == last else f"{first}-{last}"
    return Period(date(first, 1, 1), date(last, 12, 31)), label


def _period_notes(outline: Outline, plan: DraftPlan) -> None:
    """A period the document does not name is said so, and dated items are marked."""
    if outline.period_source == "text":
        plan.notes.append(
            Note(
                N_("The period {period} was read from dates in the text: check it."),
                {"period": outline.period_label},
            )
        )
    if outline.period_source != "assumed":
        return
    plan.notes.append(
        Note(
            N_("The document names no year: {year} is assumed. Give it with --year or --period."),
            {"year": outline.period_label},
        )
    )
    for item in plan.items:
        if item.has_date or item.recurrence:
            item.review.append(
                Note(
                    N_("The year is not stated; {year} is assumed."), {"year": outline.period_label}
                )
            )


# A document host's copy of a PDF: after "Transkript", each page opens with its number.
_TRANSCRIPT = re.compile(r"^\s*(?:transkript|transcript|transkription)\s*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^\s*(\d{1,3})(?:\s+|$)")


def _without_page_numbers(source: list[SourceLine]) -> list[SourceLine]:
    """ "1 BF-landsmøtet …", "2 ÅRSMØTE 2011 …": in a transcript the number a page opens with
    counts pages, not anything the plan asks for; it is left out when the pages run 1, 2, 3.
    A letter's signature run into the text before it ("… kontrollkomitéen Oslo, 23. januar 2008
    Monica Deildok") starts a line of its own."""
    kept: list[SourceLine] = []
    page: int | None = None
    for whole in source:
        signed = DATELINE.search(whole.text)
        parts = [whole]
        if signed is not None and signed.start() > 0:
            parts = [
                SourceLine(whole.number, whole.text[: signed.start()].rstrip(), whole.heading),
                SourceLine(whole.number, whole.text[signed.start() :], whole.heading),
            ]
        for line in parts:
            if page is None:
                if _TRANSCRIPT.match(line.text):
                    page = 1
                kept.append(line)
                continue
            found = _PAGE_NUMBER.match(line.text)
            if found is not None and int(found.group(1)) == page:
                kept.append(SourceLine(line.number, line.text[found.end() :], line.heading))
                page += 1
            else:
                kept.append(line)
    return kept


def draft_lines(
    source: list[SourceLine],
    filename: str,
    language: str | None = None,
    given: tuple[Period, str] | None = None,
    today: date | None = None,
) -> DraftPlan:
    """The draft for a document's lines; raises InputFileError when it is not a plan."""
    lines = classify_lines(_without_page_numbers(source))
    outline = build_outline(lines, given, today)
    assert outline.period is not None  # build_outline always settles a period
    texts = [line.text for line in lines]
    detected = language or detect_language(texts)
    title_year = re.search(r"(?:19|20)\d\d", outline.title)
    key = slug(outline.title if title_year else f"{outline.title} {outline.period_label}")
    plan = DraftPlan(key, outline.title, detected, outline.period_label, filename)
    plan.context = list(outline.context)
    plan.dropped = outline.dropped
    keys = (_Keys(), _Keys())
    own_numbers = _own_numbers(outline)
    for outlined in outline.areas:
        if outlined.items:
            plan.areas.append(
                _area(
                    outlined,
                    len(plan.areas) + 1,
                    keys,
                    outline.period,
                    detected,
                    own_numbers=own_numbers,
                )
            )
        else:
            plan.context.extend([outlined.title, *outlined.context])
    _check_is_plan(outline, plan, filename)
    fit_plan(plan, outline.period)
    _period_notes(outline, plan)
    if is_mixed(texts):
        plan.notes.append(Note(N_("The document mixes Swedish and Norwegian; check the language.")))
    if language is None:
        plan.notes.append(Note(N_("Language detected: {language}."), {"language": detected}))
    return plan


def draft_document(
    path: Path,
    language: str | None = None,
    *,
    year: int | None = None,
    period: str | None = None,
    today: date | None = None,
) -> DraftPlan:
    """Read a .txt, .md, .docx or .pdf document and draft its plan.

    `year` or `period` ("2024..2025") give the plan's period when the document does not name it
    (or names it wrongly); without them and without a year in the text, `today`'s year is assumed
    and the draft says so.
    """
    if language is not None and language not in LANGUAGES:
        raise _error(
            path.name, N_("Unknown language {language}: use sv, nb or nn."), language=language
        )
    given = given_period(path.name, year, period)
    return draft_lines(read_document(path), path.name, language, given, today)
