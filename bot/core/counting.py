"""The count rule: what `count: N` counts, decided once for the whole plan life cycle.

`count: N` counts reported occurrences. On an item with more than one occurrence in its
plan's period, each occurrence answered Yes counts 1. On an item asked once (a date, an
event over several days, a window, a deadline, no `when`, or a recurrence that yields a
single occurrence) the steward is asked "how many times?" after Yes, and that number counts;
a Yes without a number counts 1. A recurring item with fewer occurrences than N is refused
at import: its target could never be met.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.model import ItemSpec, ScheduleKind, Target, TargetKind
from bot.core.timeplan import occurrences

# Where the "how many times?" answer is kept among an answer's numbers. Plan metric ids
# cannot start with "#", so it never meets a metric of the plan.
TIMES_KEY = "#times"


def counts_occurrences(target: Target) -> bool:
    """A target achieved by counting done occurrences rather than summing a metric."""
    summed = target.kind is TargetKind.SUM or target.value is None
    return not (summed and target.metric)


def occurrence_count(spec: ItemSpec, period_start: date, period_end: date) -> int:
    return len(occurrences(spec.schedule, period_start, period_end))


def counts_times(spec: ItemSpec, period_start: date, period_end: date) -> bool:
    """An item asked once whose count target counts the times the steward reports."""
    if spec.target is None or not counts_occurrences(spec.target):
        return False
    return occurrence_count(spec, period_start, period_end) <= 1


def times_reported(numbers: Mapping[str, int]) -> int:
    """How many times one Yes answer counts for: the reported number, else 1."""
    value = numbers.get(TIMES_KEY)
    return 1 if value is None else max(int(value), 0)


def too_few_occurrences(spec: ItemSpec, period_start: date, period_end: date) -> int | None:
    """The occurrences of a recurring item whose count cannot be met, or None when it can."""
    target = spec.target
    recurring = spec.schedule.kind in {ScheduleKind.RECURRING, ScheduleKind.CONTINUOUS}
    if target is None or target.value is None or not recurring:
        return None
    if not counts_occurrences(target):
        return None
    found = occurrence_count(spec, period_start, period_end)
    return found if 1 < found < target.value else None
