"""Targets, scope and what to ask, read from an item's text; numbers only as the text gives them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.i18n import N_
from bot.drafting.lexicon import (
    ARTICLE_NUMBERS,
    AT_LEAST,
    DECREASE_WORDS,
    EVERY_WORDS,
    GATHERING_STEMS,
    INCREASE_WORDS,
    METRIC_LABELS,
    NUMBER_WORDS,
    PEOPLE_STEMS,
    PUBLICATION_STEMS,
    RECRUITMENT_STEMS,
    STEWARD_WORDS,
    UNIT_KINDS,
)
from bot.drafting.model import Note, PlanValue

_DIGITS = r"\d{1,3}(?:[ .]\d{3})+|\d+"
_PERCENT = re.compile(rf"({_DIGITS}|\w+)\s*(?:%|procent|prosent)\b")
_BY_AMOUNT = re.compile(rf"\b(?:med|by)\s+({_DIGITS}|\w+)\b")
_NUMBER_THEN_WORD = re.compile(
    rf"(?<![\w.,/-])({_DIGITS}|[a-zåäöæø]+)(?=\s+([a-zåäöæø-]+)(?:\s+([a-zåäöæø-]+))?)"
)
_SCOPE = re.compile(r"\b(" + "|".join(EVERY_WORDS) + r")\s+(\w+)(?:\s+(\w+))?")
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
_STEWARDS = re.compile(
    r"\b(?:alla|samtliga|alle|kvar|varje|hver)\s+(?:våra\s+|våre\s+|lokala\s+|lokale\s+)?("
    + "|".join(STEWARD_WORDS)
    + r")\b"
)


@dataclass
class Amounts:
    target: PlanValue | None = None
    scope: str | None = None
    all_stewards: bool = False
    metrics: list[tuple[str, str]] = field(default_factory=list)
    found: list[Note] = field(default_factory=list)
    review: list[Note] = field(default_factory=list)


def _family(language: str) -> str:
    return "sv" if language == "sv" else "no"


def _number(word: str, language: str, counted_after: str) -> int | None:
    digits = re.sub(r"[ .]", "", word)
    if digits.isdigit():
        return None if _YEAR_NUMBER.fullmatch(digits) else int(digits)
    value = NUMBER_WORDS[_family(language)].get(word)
    if value is None:
        return None
    if word in ARTICLE_NUMBERS and not counted_after.rstrip().endswith(AT_LEAST):
        return None
    return value


def _has_stem(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


def _metric_for(text: str) -> str | None:
    if _has_stem(text, RECRUITMENT_STEMS):
        return "new_members"
    if _has_stem(text, PUBLICATION_STEMS):
        return "issues"
    if _has_stem(text, GATHERING_STEMS):
        return "participants"
    growing = not set(re.findall(r"\w+", text)).isdisjoint(INCREASE_WORDS)
    return "new_members" if growing and "medlem" in text else None


def _first_count(text: str, language: str) -> tuple[int, str] | None:
    """The first number followed by a word: (value, the next two words)."""
    for match in _NUMBER_THEN_WORD.finditer(text):
        value = _number(match.group(1), language, text[: match.start()])
        if value is not None and value > 0:
            return value, f"{match.group(2)} {match.group(3) or ''}"
    return None


def _target(text: str, language: str, metric: str | None, amounts: Amounts) -> None:
    percent = _PERCENT.search(text)
    if percent and (value := _number(percent.group(1), language, "minst")) is not None:
        amounts.target = {"count": value, "unit": "percent"}
        amounts.review.append(Note(N_("A percentage: say what it is counted against.")))
        return
    if _has_stem(text, INCREASE_WORDS):
        for change in _BY_AMOUNT.finditer(text):
            value = _number(change.group(1), language, "minst")
            if value is not None:
                amounts.target = {"sum": value, "metric": metric or "participants"}
                return
    counted = _first_count(text, language)
    if counted is not None:
        value, noun = counted
        if _has_stem(noun, PEOPLE_STEMS) and not _has_stem(noun, GATHERING_STEMS):
            amounts.target = {"sum": value, "metric": metric or "participants"}
        else:
            amounts.target = {"count": value}
        return
    words = set(re.findall(r"\w+", text))
    direction = "increase" if words & set(INCREASE_WORDS) else None
    direction = "decrease" if words & set(DECREASE_WORDS) else direction
    if direction is None:
        return
    if metric is None and not _has_stem(text, PEOPLE_STEMS):
        amounts.review.append(Note(N_("A change without a measure: say what is counted.")))
        return
    amounts.target = {"direction": direction, "metric": metric or "participants"}


def _scope(text: str, amounts: Amounts) -> None:
    for match in _SCOPE.finditer(text):
        kind = UNIT_KINDS.get(match.group(2)) or UNIT_KINDS.get(match.group(3) or "")
        if kind is not None:
            amounts.scope = kind
            amounts.found.append(Note(N_("per {kind}"), {"kind": kind}))
            break
    if _STEWARDS.search(text):
        amounts.all_stewards = True
        amounts.found.append(Note(N_("every steward")))


def read_amounts(text: str, language: str, number_language: str | None = None) -> Amounts:
    """Target, scope and metrics in `text` (lower-case, dates already blanked out).

    `language` names the metric labels; `number_language` reads number words (default: the same).
    """
    amounts = Amounts()
    metric = _metric_for(text)
    if metric is not None:
        amounts.metrics.append((metric, METRIC_LABELS[metric][language]))
        amounts.found.append(Note(N_("asks for {metric}"), {"metric": metric}))
    _target(text, number_language or language, metric, amounts)
    if amounts.target is not None:
        target_metric = amounts.target.get("metric")
        if target_metric and target_metric not in {key for key, _label in amounts.metrics}:
            amounts.metrics.append((target_metric, METRIC_LABELS[target_metric][language]))
        amounts.found.append(Note(N_("target {target}"), {"target": _describe(amounts.target)}))
    _scope(text, amounts)
    if amounts.scope and amounts.target is not None and "direction" not in amounts.target:
        amounts.target["per"] = amounts.scope
    return amounts


def _describe(target: PlanValue) -> str:
    return ", ".join(f"{key}: {value}" for key, value in target.items())
