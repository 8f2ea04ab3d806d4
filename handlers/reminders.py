"""Reminder, follow-up and heads-up messages, in the reader's language and safe on a lock screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.core.i18n import N_, Translator
from bot.core.messages import Button, ButtonStyle, OutgoingMessage, Section
from bot.core.model import Choice, Frequency, ItemSpec, ScheduleKind
from handlers.tokens import ChoiceToken, encode

CHOICE_LABELS: tuple[tuple[Choice, str, ButtonStyle], ...] = (
    (Choice.YES, N_("Yes"), ButtonStyle.PRIMARY),
    (Choice.NO, N_("No"), ButtonStyle.DEFAULT),
    (Choice.LATER, N_("Later"), ButtonStyle.DEFAULT),
    (Choice.NOT_RELEVANT, N_("Not relevant"), ButtonStyle.DEFAULT),
)


def choice_label(tr: Translator, choice: Choice) -> str:
    """An answer as its button names it: "Ja", "Inte aktuellt"."""
    return next(tr.gettext(label) for c, label, _style in CHOICE_LABELS if c is choice)


@dataclass(frozen=True)
class ReminderItem:
    """One check-in to report on: the item as the plan wrote it and when it happened."""

    checkin_id: int
    title: str
    area: str
    start: date
    end: date
    weekly: bool = False
    report_by: date | None = None


@dataclass(frozen=True)
class NoticeItem:
    """One coming event to give a heads-up about."""

    title: str
    area: str
    start: date
    end: date
    weekly: bool = False


def when_text(tr: Translator, start: date, end: date, weekly: bool) -> str:
    """'vecka 43', 'måndag 3 mars' or '1 november 2025 – 30 november 2025'."""
    if weekly:
        return tr.week(start)
    if start == end:
        return tr.weekday_date(start)
    return f"{tr.date(start)} – {tr.date(end)}"


def choice_buttons(tr: Translator, checkin_id: int, prefix: str = "") -> tuple[Button, ...]:
    """Yes / No / Later / Not relevant for one check-in; prefix numbers them in a list."""
    return tuple(
        Button(f"{prefix}{tr.gettext(label)}", encode(ChoiceToken(checkin_id, choice)), style)
        for choice, label, style in CHOICE_LABELS
    )


def _item_lines(tr: Translator, item: ReminderItem, deadline: bool = True) -> tuple[str, ...]:
    lines = [
        tr.gettext("Area: {area}", area=item.area),
        tr.gettext("When: {when}", when=when_text(tr, item.start, item.end, item.weekly)),
    ]
    if deadline and item.report_by is not None:
        lines.append(tr.gettext("Please report by {date}.", date=tr.weekday_date(item.report_by)))
    return tuple(lines)


def _reminder_title(tr: Translator, followup: bool, after_away: bool = False) -> str:
    if after_away:
        return tr.gettext("Time to report: what came in while you were away")
    if followup:
        return tr.gettext("A reminder: we have not had your report yet")
    return tr.gettext("Time to report")


def compose_reminder(
    tr: Translator, items: Sequence[ReminderItem], followup: bool, *, after_away: bool = False
) -> OutgoingMessage:
    """A request to report on one or several items, each with its own answer buttons.

    `after_away`: the one message, on return from an away period, of what fell due meanwhile
    and is still open; its title says so, since its report-by date counts from the return.
    """
    if not items:
        raise ValueError("a reminder needs at least one item")
    if len(items) == 1:
        item = items[0]
        text = "\n".join((item.title, *_item_lines(tr, item), tr.gettext("Did it happen?")))
        return OutgoingMessage(
            text=text,
            title=_reminder_title(tr, followup, after_away),
            buttons=choice_buttons(tr, item.checkin_id),
        )
    return compose_gathered(tr, items, {}, followup, after_away=after_away)


def _gathered_lines(
    tr: Translator, item: ReminderItem, notes: Mapping[int, str]
) -> tuple[str, ...]:
    note = notes.get(item.checkin_id)
    if note is None:
        return _item_lines(tr, item)
    return (*_item_lines(tr, item, deadline=False), note)


def compose_gathered(
    tr: Translator,
    items: Sequence[ReminderItem],
    notes: Mapping[int, str],
    followup: bool,
    *,
    after_away: bool = False,
) -> OutgoingMessage:
    """Several items in one numbered message; those with a note show it instead of buttons.

    `notes` is keyed by check-in id (a recorded answer, a snooze); compose_reminder is this
    with no notes, so an edit that draws the message again matches what was sent.
    """
    if not items:
        raise ValueError("a reminder needs at least one item")
    sections = tuple(
        Section(f"{tr.number(n)}. {item.title}", _gathered_lines(tr, item, notes))
        for n, item in enumerate(items, start=1)
    )
    buttons = tuple(
        button
        for n, item in enumerate(items, start=1)
        if item.checkin_id not in notes
        for button in choice_buttons(tr, item.checkin_id, prefix=f"{tr.number(n)}: ")
    )
    waiting = sum(1 for item in items if item.checkin_id not in notes)
    if waiting:
        text = tr.ngettext(
            "{n} item is waiting for your answer. Use the numbered buttons.",
            "{n} items are waiting for your answers. Use the numbered buttons.",
            waiting,
        )
    else:
        text = tr.gettext("Thank you! Nothing in this message is waiting for an answer now.")
    return OutgoingMessage(
        text=text,
        title=_reminder_title(tr, followup, after_away),
        sections=sections,
        buttons=buttons,
    )


def weekly_schedule(spec: ItemSpec) -> bool:
    """True when an item happens every week without a fixed day: shown as 'vecka 43'."""
    s = spec.schedule
    return s.every is Frequency.WEEKLY and s.day is None and s.kind is not ScheduleKind.EVENT


def compose_notice(tr: Translator, items: Sequence[NoticeItem]) -> OutgoingMessage:
    """A heads-up before one or several events; nothing to answer."""
    if not items:
        raise ValueError("a notice needs at least one item")
    title = tr.gettext("Coming up")
    sections = tuple(
        Section(
            item.title,
            (
                tr.gettext("Area: {area}", area=item.area),
                tr.gettext("When: {when}", when=when_text(tr, item.start, item.end, item.weekly)),
            ),
        )
        for item in items
    )
    if len(items) == 1:
        text = "\n".join((sections[0].title, *sections[0].lines))
        return OutgoingMessage(text=text, title=title)
    text = tr.ngettext(
        "{n} thing coming up in your plan.", "{n} things coming up in your plan.", len(items)
    )
    return OutgoingMessage(text=text, title=title, sections=sections)
