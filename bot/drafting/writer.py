"""Write a draft as a plan file, with comments that say where each item came from and why."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import yaml

from bot.core.i18n import N_, Translator
from bot.drafting.lexicon import MONTH_NAMES_EN
from bot.drafting.model import DraftArea, DraftItem, DraftPlan, DraftSummary, Note

_ISO = re.compile(r"^\d{4}-\d\d-\d\d$")
_MONTH_PARAMS = frozenset({"month", "first", "last"})
SOURCE_CHARS = 140


def _dates(value: Any) -> Any:
    """ISO strings become dates, so they are written as plain YAML dates."""
    if isinstance(value, str) and _ISO.match(value):
        return date.fromisoformat(value)
    if isinstance(value, dict):
        return {key: _dates(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_dates(inner) for inner in value]
    return value


def flow(value: Any) -> str:
    """One YAML value on one line."""
    text = yaml.safe_dump(
        _dates(value), default_flow_style=True, allow_unicode=True, width=1_000_000, sort_keys=False
    )
    return text.removesuffix("\n").removesuffix("\n...").strip()


def comment(text: str) -> str:
    return "# " + " ".join(text.split())


# What a metric counts, in the reader's words; the keys are those of the plan file.
METRIC_WORDS = {
    "participants": N_("the number of participants"),
    "new_members": N_("new members"),
    "issues": N_("the number of issues"),
    "stewards": N_("the number of stewards"),
    "workplace_reps": N_("the number of workplace representatives"),
    "clubs": N_("the number of clubs"),
    "courses": N_("the number of courses"),
    "visits": N_("the number of visits"),
    "resignations": N_("the number of resignations"),
}
_FREQUENCY_WORDS = {
    "weekly": N_("every week"),
    "monthly": N_("every month"),
    "quarterly": N_("every quarter"),
    "yearly": N_("every year"),
}
_SEASON_WORDS = {
    "spring": N_("spring"),
    "summer": N_("summer"),
    "autumn": N_("autumn"),
    "winter": N_("winter"),
}
# A half year is asked at its end: `every: monthly` with these months.
HALF_YEAR_MONTHS = (6, 12)


def _metric(key: object, tr: Translator) -> str:
    words = METRIC_WORDS.get(str(key))
    return tr.gettext(words) if words else str(key)


def _rhythm(text: str, tr: Translator) -> str:
    """ "every: monthly", "continuous: quarterly", "every half year" in the reader's words."""
    if text == "every half year":
        months = tr.format_list([tr.month(month) for month in HALF_YEAR_MONTHS])
        return tr.gettext("every half year, asked in {months}", months=months)
    form, _colon, value = text.partition(": ")
    words = _FREQUENCY_WORDS.get(value)
    if words is None:
        return text
    if form == "every":
        return tr.gettext(words)
    if form == "continuous":
        return tr.gettext("ongoing, asked {rhythm}", rhythm=tr.gettext(words))
    return text


def _season(name: str, tr: Translator) -> str:
    words = _SEASON_WORDS.get(name)
    return tr.gettext(words) if words else name


def target_text(target: Mapping[str, Any], tr: Translator) -> str:
    """A drafted target as the reader says it: "new members: 20 in total per klubb"."""
    metric = _metric(target.get("metric"), tr)
    count, total = target.get("count"), target.get("sum")
    if target.get("direction") == "decrease":
        text = tr.gettext("{metric}: fewer", metric=metric)
    elif target.get("direction") == "increase":
        text = tr.gettext("{metric}: more", metric=metric)
    elif isinstance(count, int) and target.get("unit") == "percent":
        text = tr.percent_of(count)
    elif isinstance(count, int):
        text = tr.ngettext("done at least {n} time", "done at least {n} times", count)
    elif isinstance(total, int):
        text = tr.gettext("{metric}: {value} in total", metric=metric, value=tr.number(total))
    else:
        return ", ".join(f"{key}: {value}" for key, value in target.items())
    if target.get("per"):
        text += " " + tr.gettext("per {kind}", kind=target["per"])
    return text


def _param(key: str, value: Any, tr: Translator) -> Any:
    """A note's parameter in the reader's language: months, rhythms, metrics, seasons, targets."""
    if key in _MONTH_PARAMS and isinstance(value, int):
        return tr.month(value)
    if key in _MONTH_PARAMS and isinstance(value, str) and value in MONTH_NAMES_EN[1:]:
        return tr.month(MONTH_NAMES_EN.index(value))
    if key == "rhythm" and isinstance(value, str):
        return _rhythm(value, tr)
    if key == "metric":
        return _metric(value, tr)
    if key == "season" and isinstance(value, str):
        return _season(value, tr)
    if key == "seasons" and isinstance(value, str):
        return tr.format_list([_season(name, tr) for name in value.split(", ")])
    if key == "target" and isinstance(value, Mapping):
        return target_text(value, tr)
    return value


def note_text(note: Note, tr: Translator) -> str:
    """A note in the reader's language, its parameters too: no plan-file English in a comment."""
    params = {key: _param(key, value, tr) for key, value in note.params.items()}
    return tr.gettext(note.msgid, **params)


def _quote_source(text: str) -> str:
    return text if len(text) <= SOURCE_CHARS else text[: SOURCE_CHARS - 1] + "…"


def _item_comments(item: DraftItem, tr: Translator, indent: str) -> list[str]:
    lines = [tr.gettext("line {line}: {text}", line=item.line, text=_quote_source(item.source))]
    if item.found:
        found = "; ".join(note_text(note, tr) for note in item.found)
        lines.append(tr.gettext("read from it: {found}", found=found))
    if item.all_stewards:
        lines.append(tr.gettext("owners: every steward of the unit (add them on import if wanted)"))
    if item.review:
        doubts = " ".join(note_text(note, tr) for note in item.review)
        lines.append(tr.gettext("to review: {doubts}", doubts=doubts))
    return [indent + comment(line) for line in lines]


def _item(item: DraftItem, tr: Translator) -> list[str]:
    out = _item_comments(item, tr, "      ")
    out.append(f"      - id: {flow(item.key)}")
    out.append(f"        title: {flow(item.title)}")
    if item.when is not None:
        out.append("        when:")
        out.extend(f"          {key}: {flow(value)}" for key, value in item.when.items())
    if item.metrics:
        out.append("        ask:")
        out.append("          metrics:")
        out.extend(
            f"            - {flow({'id': key, 'label': label})}" for key, label in item.metrics
        )
    if item.target is not None:
        out.append("        target:")
        out.extend(f"          {key}: {flow(value)}" for key, value in item.target.items())
    if item.review:
        reasons = " ".join(note_text(note, tr) for note in item.review)
        out.append(f"        review: {flow(reasons)}")
    return out


def _context(texts: list[str], indent: str, tr: Translator) -> list[str]:
    if not texts:
        return []
    out = [indent + comment(tr.gettext("aims and background: kept, never scheduled"))]
    out.append(f"{indent}context:")
    out.extend(f"{indent}  - {flow(text)}" for text in texts)
    return out


def _area(area: DraftArea, tr: Translator) -> list[str]:
    out = [
        "  "
        + comment(
            tr.gettext("line {line}: {text}", line=area.line, text=_quote_source(area.title))
        ),
        f"  - id: {flow(area.key)}",
        f"    title: {flow(area.title)}",
    ]
    out.extend(_context(area.context, "    ", tr))
    out.append("    items:")
    for item in area.items:
        out.extend(_item(item, tr))
        out.append("")
    return out


def write_plan(plan: DraftPlan, tr: Translator) -> str:
    """The draft as plan-file YAML; every inference and doubt is a comment next to its item."""
    period: Any = int(plan.period) if plan.period.isdigit() else plan.period
    out = [
        comment(
            tr.gettext(
                "Draft plan from {source}. Check every item, above all those with review.",
                source=plan.source,
            )
        ),
        comment(tr.gettext("Import it with: ombud plan import FILE --unit UNIT")),
    ]
    out.extend(comment(note_text(note, tr)) for note in plan.notes)
    out += [
        "plan:",
        f"  id: {flow(plan.key)}",
        f"  title: {flow(plan.title)}",
        f"  period: {flow(period)}",
        f"  language: {flow(plan.language)}",
    ]
    out.extend(_context(plan.context, "  ", tr))
    out += ["", "areas:"]
    for area in plan.areas:
        out.extend(_area(area, tr))
    return "\n".join(out).rstrip() + "\n"


def summary_lines(summary: DraftSummary, tr: Translator) -> list[str]:
    """The closing summary, one figure a line."""
    return [
        tr.ngettext("{n} item found", "{n} items found", summary.items),
        tr.ngettext("{n} with a date", "{n} with a date", summary.dated),
        tr.ngettext("{n} with a target", "{n} with a target", summary.targets),
        tr.ngettext("{n} with a recurrence", "{n} with a recurrence", summary.recurring),
        tr.ngettext("{n} with a target per unit", "{n} with a target per unit", summary.per_unit),
        tr.ngettext("{n} needs review", "{n} need review", summary.review),
        tr.ngettext("{n} line of context kept", "{n} lines of context kept", summary.context),
        tr.ngettext(
            "{n} line of template text left out",
            "{n} lines of template text left out",
            summary.dropped,
        ),
    ]
