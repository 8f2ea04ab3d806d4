"""Compare a draft with a hand-made expectation: precision and recall per kind of fact."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.drafting.model import DATED_FORMS, RECURRING_FORMS, DraftItem, DraftPlan

KINDS = ("items", "dates", "targets", "recurrences", "scopes")


@dataclass(frozen=True)
class Score:
    correct: int
    drafted: int
    expected: int

    @property
    def tp(self) -> int:
        return self.correct

    @property
    def fp(self) -> int:
        return self.drafted - self.correct

    @property
    def fn(self) -> int:
        return self.expected - self.correct

    @property
    def precision(self) -> float | None:
        """None when nothing was drafted: there is no figure, not a perfect one."""
        return self.correct / self.drafted if self.drafted else None

    @property
    def recall(self) -> float | None:
        """None when nothing was expected."""
        return self.correct / self.expected if self.expected else None


def _matches(item: DraftItem, wanted: Mapping[str, Any]) -> bool:
    title = item.title.lower()
    if wanted.get("code") and wanted["code"] != item.key:
        return False
    return all(keyword.lower() in title for keyword in wanted["keywords"])


def pair_items(
    plan: DraftPlan, expected: Sequence[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], DraftItem | None]]:
    """Each expected item with the first unclaimed draft item that carries its keywords."""
    free = list(plan.items)
    pairs: list[tuple[Mapping[str, Any], DraftItem | None]] = []
    for wanted in expected:
        found = next((item for item in free if _matches(item, wanted)), None)
        if found is not None:
            free.remove(found)
        pairs.append((wanted, found))
    return pairs


def _part(when: Mapping[str, Any] | None, forms: frozenset[str]) -> dict[str, Any] | None:
    if not when or forms.isdisjoint(when):
        return None
    return dict(when)


def _target(target: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not target:
        return None
    return {key: value for key, value in target.items() if key != "per"}


def _score(
    pairs: list[tuple[Mapping[str, Any], DraftItem | None]],
    drafted: list[DraftItem],
    expected_of: Any,
    drafted_of: Any,
) -> Score:
    correct = sum(
        1
        for wanted, item in pairs
        if item is not None
        and expected_of(wanted) is not None
        and expected_of(wanted) == drafted_of(item)
    )
    return Score(
        correct,
        sum(1 for item in drafted if drafted_of(item) is not None),
        sum(1 for wanted, _item in pairs if expected_of(wanted) is not None),
    )


def compare(plan: DraftPlan, expectation: Mapping[str, Any]) -> dict[str, Score]:
    """Scores for items, dates, targets, recurrences and per-unit scopes."""
    pairs = pair_items(plan, expectation["items"])
    drafted = plan.items
    matched = sum(1 for _wanted, item in pairs if item is not None)
    return {
        "items": Score(matched, len(drafted), len(pairs)),
        "dates": _score(
            pairs,
            drafted,
            lambda w: _part(w.get("when"), DATED_FORMS),
            lambda i: _part(i.when, DATED_FORMS),
        ),
        "targets": _score(
            pairs, drafted, lambda w: _target(w.get("target")), lambda i: _target(i.target)
        ),
        "recurrences": _score(
            pairs,
            drafted,
            lambda w: _part(w.get("when"), RECURRING_FORMS),
            lambda i: _part(i.when, RECURRING_FORMS),
        ),
        # The unit kind a target holds per ("ort", "klubb"); absent in an expectation: none.
        "scopes": _score(pairs, drafted, lambda w: w.get("scope"), lambda i: i.scope),
    }


_Reader = Callable[[Any], dict[str, Any] | None]
_VALUE_KINDS: dict[str, tuple[_Reader, _Reader]] = {
    "dates": (lambda w: _part(w.get("when"), DATED_FORMS), lambda i: _part(i.when, DATED_FORMS)),
    "targets": (lambda w: _target(w.get("target")), lambda i: _target(i.target)),
    "recurrences": (
        lambda w: _part(w.get("when"), RECURRING_FORMS),
        lambda i: _part(i.when, RECURRING_FORMS),
    ),
}


def invented(plan: DraftPlan, expectation: Mapping[str, Any]) -> list[str]:
    """Values a matched item carries where its expectation says the text gives none."""
    found: list[str] = []
    for wanted, item in pair_items(plan, expectation["items"]):
        if item is None:
            continue
        for kind, (expected_of, drafted_of) in _VALUE_KINDS.items():
            value = drafted_of(item)
            if value is not None and expected_of(wanted) is None:
                found.append(f"{item.key} {kind}: {value!r}")
    return found


def differences(plan: DraftPlan, expectation: Mapping[str, Any]) -> list[str]:
    """Every fact where the draft and the expectation disagree, one line each."""
    lines: list[str] = []
    for wanted, item in pair_items(plan, expectation["items"]):
        if item is None:
            lines.append(f"missing item {wanted['keywords']}")
            continue
        got = {
            "when": item.when,
            "target": _target(item.target),
            "scope": item.scope,
            "all_stewards": item.all_stewards,
        }
        want = {
            "when": wanted.get("when"),
            "target": _target(wanted.get("target")),
            "scope": wanted.get("scope"),
            "all_stewards": wanted.get("all_stewards", False),
        }
        lines.extend(
            f"{item.key} {wanted['keywords']}: {key} {got[key]!r} != {want[key]!r}"
            for key in want
            if got[key] != want[key]
        )
    claimed = {id(item) for _wanted, item in pair_items(plan, expectation["items"]) if item}
    lines.extend(
        f"extra item {item.key}: {item.title}" for item in plan.items if id(item) not in claimed
    )
    return lines
