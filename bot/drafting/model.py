"""What the drafter finds in a document: lines, areas, items and the notes on each inference."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# A `when` or `target` value in plan-file form, e.g. {"window": "march"} or {"count": 2}.
PlanValue = dict[str, Any]

DATED_FORMS = frozenset({"date", "dates", "window", "by"})
RECURRING_FORMS = frozenset({"every", "continuous"})


@dataclass(frozen=True)
class SourceLine:
    """One line of the document's text; `heading` is a level the document's styles gave it."""

    number: int
    text: str
    heading: int | None = None


@dataclass(frozen=True)
class Note:
    """One inference or doubt, as a gettext msgid with its parameters."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class DraftItem:
    """A commitment to follow up, with what the drafter read into it."""

    key: str
    title: str
    line: int
    source: str
    when: PlanValue | None = None
    target: PlanValue | None = None
    scope: str | None = None  # a unit kind the item holds for ("ort", "klubb")
    all_stewards: bool = False  # "alla förtroendevalda" / "alle tillitsvalgte"
    metrics: list[tuple[str, str]] = field(default_factory=list)  # (key, label)
    found: list[Note] = field(default_factory=list)
    review: list[Note] = field(default_factory=list)

    @property
    def has_date(self) -> bool:
        return self.when is not None and not DATED_FORMS.isdisjoint(self.when)

    @property
    def recurrence(self) -> str | None:
        if self.when is None:
            return None
        for form in RECURRING_FORMS:
            if form in self.when:
                return str(self.when[form])
        return None


@dataclass
class DraftArea:
    """A heading of the document and the items and context under it."""

    key: str
    title: str
    line: int
    items: list[DraftItem] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


@dataclass
class DraftPlan:
    """The whole draft, ready to be written as a plan file."""

    key: str
    title: str
    language: str
    period: str
    source: str
    areas: list[DraftArea] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    dropped: int = 0  # template boilerplate lines left out

    @property
    def items(self) -> list[DraftItem]:
        return [item for area in self.areas for item in area.items]


@dataclass(frozen=True)
class DraftSummary:
    """The figures printed after a draft."""

    items: int
    dated: int
    targets: int
    recurring: int
    per_unit: int  # targets written with `per:`, the only scope a draft writes as YAML
    review: int
    context: int
    dropped: int


def summarise(plan: DraftPlan) -> DraftSummary:
    items = plan.items
    return DraftSummary(
        items=len(items),
        dated=sum(1 for item in items if item.has_date),
        targets=sum(1 for item in items if item.target is not None),
        recurring=sum(1 for item in items if item.recurrence is not None),
        per_unit=sum(1 for item in items if item.target is not None and "per" in item.target),
        review=sum(1 for item in items if item.review),
        context=len(plan.context) + sum(len(area.context) for area in plan.areas),
        dropped=plan.dropped,
    )
