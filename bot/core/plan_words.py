"""A plan item's schedule, owners and target in words, in the reader's language."""

from __future__ import annotations

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
    """'3 November 2025 – 9 November 2025, reminders 14 and 2 days before' and the like."""
    text = _when(schedule, tr)
    if schedule.remind_days_before:
        days = ", ".join(tr.number(d) for d in schedule.remind_days_before)
        text += "; " + tr.gettext("heads-up {days} days before", days=days)
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
    text = tr.gettext(_FREQUENCY_WORDS[schedule.every or Frequency.MONTHLY])
    if schedule.months:
        months = ", ".join(tr.month(m) for m in schedule.months)
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


def describe_target(target: Target, tr: Translator) -> str:
    if target.value is None:
        direction = tr.gettext("more") if target.direction != "decrease" else tr.gettext("fewer")
        text = tr.gettext("{direction} {metric}", direction=direction, metric=target.metric or "")
    elif target.kind is TargetKind.COUNT:
        text = tr.ngettext("done at least {n} time", "done at least {n} times", target.value)
    else:
        value = tr.number(target.value) + (" %" if target.unit == "percent" else "")
        text = tr.gettext("{value} {metric} in total", value=value, metric=target.metric or "")
    if target.scope:
        text += " " + tr.gettext("per {kind}", kind=target.scope)
    return text
