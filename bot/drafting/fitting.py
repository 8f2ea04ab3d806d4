"""Make every drafted value one the plan file accepts, so a draft imports without edits.

The text may name a day outside the plan's period, a season in a plan over several years, or a
count that a rhythm can never reach. Such a value is not guessed into shape: it is taken out of
the item (or placed in the year the draft already assumes) and the review note says what the
text gave, so the board decides.
"""

from __future__ import annotations

import re
from datetime import date

from bot.core.i18n import N_
from bot.core.model import Frequency, Schedule, ScheduleKind
from bot.core.timeplan import occurrences
from bot.drafting.dates import Period, named_window_span
from bot.drafting.model import DraftItem, DraftPlan, Note, PlanValue

# A number of things in each occurrence of a rhythm: "3 kurs hver uke", "två träffar per månad".
_EACH_OCCURRENCE = re.compile(
    r"\b(?:varje|hver|hvert|kvar|kvart|per|pr\.?|i|om|en\s+gång\s+i|en\s+gang\s+i)\s+"
    r"(?:vecka|veckan|uke|uka|veke|veka|månad|månaden|måned|måneden|kvartal|kvartalet)\b"
)


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _span(when: PlanValue) -> tuple[str, date, date] | None:
    """The form and the first and last day a dated `when` names, if it names days."""
    for form in ("date", "by"):
        day = _day(when.get(form))
        if day is not None:
            return form, day, day
    for form in ("dates", "window"):
        value = when.get(form)
        if isinstance(value, dict):
            start, end = _day(value.get("from")), _day(value.get("to"))
            if start is not None and end is not None:
                return form, start, end
    return None


def _inside_period(item: DraftItem, period: Period) -> None:
    """A day outside the period is left out, and said; a span that overlaps it is cut to it."""
    if item.when is None:
        return
    span = _span(item.when)
    if span is None:
        return
    form, start, end = span
    if period.start <= start and end <= period.end:
        return
    label = start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"
    bounds = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    if form in ("dates", "window") and start <= period.end and end >= period.start:
        cut = {"from": max(start, period.start).isoformat(), "to": min(end, period.end).isoformat()}
        item.when = {form: cut}
        item.review.append(
            Note(
                N_("The text gives {dates}; only the part within the plan's period "
                   "({start} to {end}) is kept."),
                {"dates": label, **bounds},
            )
        )  # fmt: skip
        return
    item.when = None
    item.review.append(
        Note(
            N_("The text gives {dates}, outside the plan's period ({start} to {end}): "
               "it is asked at the end of the period. Correct the period or the date."),
            {"dates": label, **bounds},
        )
    )  # fmt: skip


def _named_window(item: DraftItem, period: Period) -> None:
    """A season or quarter by name is ambiguous in a plan over several years: place it."""
    if item.when is None or period.start.year == period.end.year:
        return
    name = item.when.get("window")
    if not isinstance(name, str):
        return
    span = named_window_span(name, period.start.year)
    if span is None:
        return
    item.when = {"window": {"from": span[0].isoformat(), "to": span[1].isoformat()}}
    item.review.append(
        Note(N_("The year is not stated; {year} is assumed."), {"year": period.start.year})
    )


def _schedule(when: PlanValue) -> Schedule | None:
    """The recurring schedule a `when` gives, read as the plan file reads it."""
    for form, kind in (("every", ScheduleKind.RECURRING), ("continuous", ScheduleKind.CONTINUOUS)):
        value = when.get(form)
        if isinstance(value, str) and value in {f.value for f in Frequency}:
            listed = [m for m in when.get("months", []) if isinstance(m, int)]
            months = listed
            if len(listed) == 2 and listed[0] < listed[1]:
                months = list(range(listed[0], listed[1] + 1))  # two months in order: a range
            return Schedule(kind, every=Frequency(value), months=tuple(sorted(set(months))))
    return None


def _count_fits(item: DraftItem, period: Period) -> None:
    """A count on a recurring item counts its occurrences: it must be one they can reach."""
    target = item.target
    if item.when is None or target is None or not isinstance(target.get("count"), int):
        return
    if target.get("unit") == "percent":
        return
    schedule = _schedule(item.when)
    if schedule is None:
        return
    count = int(target["count"])
    found = len(occurrences(schedule, period.start, period.end))
    each = found > 1 and count > 1 and _EACH_OCCURRENCE.search(item.source.lower()) is not None
    if found > 1 and (count > found or each):
        item.target = None
        item.review.append(
            Note(
                N_("The text gives {count} with a rhythm that comes {occurrences} times: a "
                   "count counts occurrences answered Yes, so it is left out. Ask once with "
                   "the count, or keep the rhythm."),
                {"count": count, "occurrences": found},
            )
        )  # fmt: skip


def fit_plan(plan: DraftPlan, period: Period) -> None:
    """Every item's `when` and target within what the plan file accepts for this period."""
    for item in plan.items:
        _named_window(item, period)
        _inside_period(item, period)
        _count_fits(item, period)
