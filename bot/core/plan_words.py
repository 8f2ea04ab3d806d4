"""A plan item's schedule, owners and target in words, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.i18n import N_, Translator
from bot.core.model import Frequency, Owner, OwnerKind, Schedule, ScheduleKind, Target, TargetKind

_FREQUENCY_WORDS = {
    Frequency.WEEKLY: N_("every week"),
    Frequency.MONTHLY: N_("every month"),
    Frequency.QUARTERLY: N_("every quarter"),
    Frequency.YEARLY: N_("every year"),
}
_ROLE_WORDS = {
    "steward": N_("stewards"),
    "board": N_("board members"),
    "admin": N_("administrators"),
}


def describe_schedule(schedule: Schedule, tr: Translator) -> str:
    """'3 November 2025 – 9 November 2025; heads-up 14 and 2 days before' and the like."""
    text = _when(schedule, tr)
    before = schedule.remind_days_before
    if before:
        days = tr.format_list([tr.number(d) for d in before])
        # The last number decides the noun's form, but a list of several is always plural.
        count = before[0] if len(before) == 1 else max(before)
        text += "; " + tr.ngettext(
            "heads-up {days} day before", "heads-up {days} days before", count, days=days
        )
    return text


def _when(schedule: Schedule, tr: Translator) -> str:
    start = tr.date(schedule.start) if schedule.start else ""
    end = tr.date(schedule.end) if schedule.end else ""
    match schedule.kind:
        case ScheduleKind.EVENT if schedule.start == schedule.end:
            return tr.gettext("on {date}", date=start)
        case ScheduleKind.EVENT:
            return tr.gettext("from {start} to {end}", start=start, end=end)
        case ScheduleKind.WINDOW:
            return tr.gettext("some time from {start} to {end}", start=start, end=end)
        case ScheduleKind.DEADLINE:
            return tr.gettext("by {date}", date=end)
        case ScheduleKind.CONTINUOUS:
            rhythm = tr.gettext(_FREQUENCY_WORDS[schedule.every or Frequency.MONTHLY])
            return tr.gettext("ongoing, asked {rhythm}", rhythm=rhythm)
    every = schedule.every or Frequency.MONTHLY
    if every is Frequency.MONTHLY and schedule.months:
        # "every month in June and December" read as twelve times; the months are the rhythm
        months = tr.format_list([tr.month(m) for m in sorted(schedule.months)])
        text = tr.gettext("in {months}", months=months)
    else:
        text = tr.gettext(_FREQUENCY_WORDS[every])
        if schedule.months:
            months = tr.format_list([tr.month(m) for m in schedule.months])
            text += " " + tr.gettext("in {months}", months=months)
    if schedule.day is not None:
        text += " " + tr.gettext("(day {day})", day=schedule.day)
    return text


def describe_owner(owner: Owner, tr: Translator) -> str:
    if owner.kind is OwnerKind.PERSON:
        return owner.person or ""
    if owner.kind is OwnerKind.BOARD:
        return tr.gettext("the board of {unit}", unit=owner.unit or "")
    role = tr.gettext(_ROLE_WORDS.get(owner.role.value if owner.role else "", N_("stewards")))
    if owner.include_subunits:
        return tr.gettext("{role} in {unit} and its sub-units", role=role, unit=owner.unit or "")
    return tr.gettext("{role} in {unit}", role=role, unit=owner.unit or "")


def describe_target(target: Target, tr: Translator, labels: Mapping[str, str] = {}) -> str:
    """'Nya medlemmar: 40 totalt'; `labels` names the item's metrics as the plan words them."""
    metric = labels.get(target.metric or "") or target.label or target.metric or ""
    if target.value is None:
        if target.direction == "decrease":
            text = tr.gettext("{metric}: fewer", metric=metric)
        else:
            text = tr.gettext("{metric}: more", metric=metric)
    elif target.kind is TargetKind.COUNT:
        text = tr.ngettext("done at least {n} time", "done at least {n} times", target.value)
    elif target.unit == "percent":
        text = tr.gettext("{label}: {total}", label=metric, total=tr.percent_of(target.value))
    else:
        value = tr.number(target.value)
        text = tr.gettext("{metric}: {value} in total", value=value, metric=metric)
    if target.scope:
        text += " " + tr.gettext("per {kind}", kind=target.scope)
    return text
