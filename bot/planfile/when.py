"""An item's `when`, `remind` and `ask_after` as a Schedule inside the plan's period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time

from bot.core.i18n import N_
from bot.core.model import Frequency, Schedule, ScheduleKind
from bot.planfile.fields import MSG_REQUIRED, Fields
from bot.planfile.problems import join_path
from bot.planfile.windows import WindowNameError, month_number, named_window
from bot.planfile.yamltree import Map, Node, Scalar

FORMS = ("date", "dates", "window", "by", "every", "continuous")
WHEN_FIELDS = (*FORMS, "months", "day")

MSG_TWO_FORMS = N_("Choose one way to say when: {forms} were all given.")
MSG_NO_FORM = N_("Say when with one of: {forms}.")
MSG_OUTSIDE_PERIOD = N_("{value} lies outside the plan's period ({start} to {end}).")
MSG_END_BEFORE_START = N_("The end date comes before the start date.")
MSG_UNKNOWN_WINDOW = N_(
    "“{value}” is not a period we know. Use a month (november), spring, summer, autumn, "
    "q1 to q4, or from/to dates."
)
MSG_WINDOW_OUTSIDE = N_("“{value}” does not fall within the plan's period ({start} to {end}).")
MSG_WINDOW_AMBIGUOUS = N_(
    "“{value}” occurs more than once in the plan's period; add the year, e.g. “{value} {year}”."
)
MSG_UNKNOWN_FREQUENCY = N_("Use one of: {choices}.")
MSG_UNKNOWN_MONTH = N_("“{value}” is not a month; write 1 to 12 or a month name.")
MSG_ONLY_WITH_EVERY = N_("“{name}” belongs with “every”.")

_FREQUENCIES = tuple(f.value for f in Frequency)


@dataclass(frozen=True)
class PlanPeriod:
    start: date
    end: date


class WhenReader:
    """Reads one item's timing; every problem lands in the shared Fields."""

    def __init__(self, fields: Fields, period: PlanPeriod) -> None:
        self.fields = fields
        self.period = period

    def schedule(
        self,
        item: Map,
        path: str,
        remind: tuple[int, ...],
        ask_after: int | None,
        send: time | None,
    ) -> Schedule | None:
        """ask_after None: a day after an event or a fixed day, else on the last day."""
        schedule = self._schedule(item, path, remind, send)
        if schedule is None:
            return None
        one_day = schedule.kind is ScheduleKind.RECURRING and schedule.day is not None
        default_after = 1 if schedule.kind is ScheduleKind.EVENT or one_day else 0
        return replace(schedule, ask_days_after=default_after if ask_after is None else ask_after)

    def _schedule(
        self, item: Map, path: str, remind: tuple[int, ...], send: time | None
    ) -> Schedule | None:
        node = item.get("when")
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return Schedule(
                ScheduleKind.DEADLINE,
                end=self.period.end,
                remind_days_before=remind,
                send_time=send,
            )
        when_path = join_path(path, "when")
        when = self.fields.mapping(node, when_path, item.line_of("when"))
        if when is None:
            return None
        self.fields.check_keys(when, when_path, WHEN_FIELDS)
        forms = [form for form in FORMS if form in when.values]
        if len(forms) != 1:
            msgid = MSG_TWO_FORMS if forms else MSG_NO_FORM
            shown = ", ".join(forms) if forms else ", ".join(FORMS)
            self.fields.problems.add(when.line, when_path, msgid, forms=shown)
            return None
        form = forms[0]
        if form != "every":
            for extra in ("months", "day"):
                if extra in when.values:
                    self.fields.problems.add(
                        when.line_of(extra),
                        join_path(when_path, extra),
                        MSG_ONLY_WITH_EVERY,
                        name=extra,
                    )
        base = Schedule(ScheduleKind.EVENT, remind_days_before=remind, send_time=send)
        return self._form(form, when, when_path, base)

    def _form(self, form: str, when: Map, path: str, base: Schedule) -> Schedule | None:
        node = when.values[form]
        field = join_path(path, form)
        if form == "date":
            day = self._date_in_period(node, field)
            return _with(base, ScheduleKind.EVENT, day, day) if day else None
        if form in ("dates", "window"):
            span = self._span(node, field)
            if span is None:
                return None
            kind = ScheduleKind.EVENT if form == "dates" else ScheduleKind.WINDOW
            return _with(base, kind, span[0], span[1])
        if form == "by":
            day = self._date_in_period(node, field)
            return _with(base, ScheduleKind.DEADLINE, None, day) if day else None
        every = self._frequency(node, field)
        if every is None:
            return None
        kind = ScheduleKind.RECURRING if form == "every" else ScheduleKind.CONTINUOUS
        schedule = _with(base, kind, self.period.start, self.period.end)
        if form == "every":
            return self._recurring(schedule, every, when, path)
        return replace(schedule, every=every)

    def _recurring(self, base: Schedule, every: Frequency, when: Map, path: str) -> Schedule:
        months: tuple[int, ...] = ()
        day: int | None = None
        if "months" in when.values:
            months = self._months(when.values["months"], join_path(path, "months"))
        if "day" in when.values:
            maximum = 7 if every is Frequency.WEEKLY else 31
            node = when.values["day"]
            day = self.fields.integer(node, join_path(path, "day"), minimum=1, maximum=maximum)
        return replace(base, every=every, months=months, day=day)

    def _frequency(self, node: Node, field: str) -> Frequency | None:
        text = self.fields.scalar_text(node, field, required=True)
        if text is None:
            return None
        if text.lower() not in _FREQUENCIES:
            self.fields.problems.add(
                node.line, field, MSG_UNKNOWN_FREQUENCY, choices=", ".join(_FREQUENCIES)
            )
            return None
        return Frequency(text.lower())

    def _months(self, node: Node, field: str) -> tuple[int, ...]:
        """Two months are a range (from March to November); more are exactly those."""
        if isinstance(node, Map):
            self.fields.check_keys(node, field, ("from", "to"))
            ends = [self._month(node.values[k], field) for k in ("from", "to") if k in node.values]
            found = [m for m in ends if m is not None]
            return tuple(range(found[0], found[1] + 1)) if len(found) == 2 else ()
        items = self.fields.sequence(node, field, node.line)
        found = [m for m in (self._month(item, field) for item in items) if m is not None]
        if len(found) == 2 and found[0] < found[1]:
            return tuple(range(found[0], found[1] + 1))
        return tuple(sorted(set(found)))

    def _month(self, node: Node, field: str) -> int | None:
        if isinstance(node, Scalar) and node.text.strip().isdigit():
            return self.fields.integer(node, field, minimum=1, maximum=12)
        text = node.text if isinstance(node, Scalar) else ""
        number = month_number(text)
        if number is None:
            self.fields.problems.add(node.line, field, MSG_UNKNOWN_MONTH, value=text)
        return number

    def _span(self, node: Node, field: str) -> tuple[date, date] | None:
        if isinstance(node, Scalar) and not node.is_null:
            return self._named(node, field)
        span = self.fields.mapping(node, field, node.line)
        if span is None:
            return None
        self.fields.check_keys(span, field, ("from", "to"))
        ends = []
        for key in ("from", "to"):
            if key not in span.values:
                self.fields.problems.add(span.line, join_path(field, key), MSG_REQUIRED)
                continue
            ends.append(self._date_in_period(span.values[key], join_path(field, key)))
        if len(ends) != 2 or ends[0] is None or ends[1] is None:
            return None
        if ends[1] < ends[0]:
            self.fields.problems.add(span.line, field, MSG_END_BEFORE_START)
            return None
        return ends[0], ends[1]

    def _named(self, node: Scalar, field: str) -> tuple[date, date] | None:
        value = node.text.strip()
        try:
            return named_window(value, self.period.start, self.period.end)
        except WindowNameError as exc:
            msgid = {"unknown": MSG_UNKNOWN_WINDOW, "outside": MSG_WINDOW_OUTSIDE}.get(
                exc.reason, MSG_WINDOW_AMBIGUOUS
            )
            self.fields.problems.add(
                node.line,
                field,
                msgid,
                value=value,
                year=self.period.end.year,
                start=self.period.start.isoformat(),
                end=self.period.end.isoformat(),
            )
            return None

    def _date_in_period(self, node: Node, field: str) -> date | None:
        day = self.fields.date(node, field)
        if day is None:
            return None
        if not self.period.start <= day <= self.period.end:
            self.fields.problems.add(
                node.line,
                field,
                MSG_OUTSIDE_PERIOD,
                value=day.isoformat(),
                start=self.period.start.isoformat(),
                end=self.period.end.isoformat(),
            )
            return None
        return day


def _with(base: Schedule, kind: ScheduleKind, start: date | None, end: date | None) -> Schedule:
    return replace(base, kind=kind, start=start, end=end)
