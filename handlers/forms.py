"""Report forms (Slack modals): the follow-up questions of a Yes or a No in one go.

The checks shared with the step-by-step answers (ownership, closed items, problem texts)
live in handlers.checkins, so neither module needs the other's internals.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.core.conversation import AnswerUpdate, CheckinView, Turn
from bot.core.counting import TIMES_KEY
from bot.core.i18n import N_, Translator
from bot.core.messages import Effect, FieldKind, Form, FormField, OutgoingMessage, Reply
from bot.core.model import Choice, ItemSpec
from handlers.checkins import (
    NOT_YOURS,
    forget_conversation_on,
    is_closed,
    local_today,
    owned_checkin,
    parse_problem,
)
from handlers.parsing import (
    NO_DATE_WORDS,
    ParseError,
    is_skip,
    normalise,
    parse_count,
    parse_date,
    parse_yes_no,
)
from handlers.tokens import FormToken, encode

BLOCKER_LABEL = N_("What got in the way?")
CONTACT_LABEL = N_("Should the board contact you? (yes or no)")
NEW_DATE_LABEL = N_("New date")
TIMES_LABEL = N_("How many times did it happen?")


def _comment_label(tr: Translator, item: ItemSpec) -> str:
    return item.comment_prompt or tr.gettext("Anything the board should know?")


def report_form(
    tr: Translator, item: ItemSpec, checkin_id: int, choice: Choice, counts_times: bool = False
) -> Form:
    """The follow-up questions of a Yes or a No as one form; every field is optional."""
    limit = DEFAULT_FORM_TEXT_LIMIT
    if choice is Choice.YES:
        fields = [FormField(m.key, m.label, FieldKind.NUMBER) for m in item.metrics]
        if counts_times:  # asked once: the number of times is what its count target counts
            fields.insert(0, FormField(TIMES_KEY, tr.gettext(TIMES_LABEL), FieldKind.NUMBER))
        label = _comment_label(tr, item)
        fields.append(FormField("comment", label, FieldKind.MULTILINE, max_length=limit))
    else:
        blocker = tr.gettext(BLOCKER_LABEL)
        contact = tr.gettext(CONTACT_LABEL)
        fields = [
            FormField("blocker", blocker, FieldKind.MULTILINE, max_length=limit),
            FormField("needs_help", contact, FieldKind.TEXT, max_length=10),
            FormField("new_date", tr.gettext(NEW_DATE_LABEL), FieldKind.DATE),
        ]
    return Form(
        token=encode(FormToken(checkin_id)),
        title=tr.gettext("Your report"),
        submit_label=tr.gettext("Save"),
        fields=tuple(fields),
    )


DEFAULT_FORM_TEXT_LIMIT = 3000  # Slack's limit for a plain-text input


def handle_form(turn: Turn, token: FormToken, values: Mapping[str, str]) -> list[Effect]:
    """A submitted report form: check every field, then store all of it or nothing."""

    checkin = owned_checkin(turn, token.checkin_id)
    if checkin is None:
        return [Reply(OutgoingMessage(turn.tr.gettext(NOT_YOURS)), ephemeral=True)]
    answer = turn.tx.current_answer(checkin.id)
    if is_closed(checkin) or answer is None:
        text = turn.tr.gettext(
            "This form is no longer open. Tap an answer under the reminder first."
        )
        return [Reply(OutgoingMessage(text), ephemeral=True)]
    update, problems = _read_form(turn, checkin, values)
    if problems:
        return [Reply(OutgoingMessage("\n".join(problems)), ephemeral=True)]
    turn.tx.update_answer(answer.id, update)
    forget_conversation_on(turn, checkin.id)
    text = turn.tr.gettext("Thank you! Your report on {title} is saved.", title=checkin.item.title)
    return [Reply(OutgoingMessage(text))]


def _read_form(
    turn: Turn, checkin: CheckinView, values: Mapping[str, str]
) -> tuple[AnswerUpdate, list[str]]:

    tr = turn.tr
    problems: list[str] = []
    numbers: dict[str, int] = {}
    asked = [(m.key, m.label) for m in checkin.item.metrics]
    if checkin.counts_times:
        asked.insert(0, (TIMES_KEY, tr.gettext(TIMES_LABEL)))
    for key, label in asked:
        raw = values.get(key, "").strip()
        if raw and not is_skip(raw):
            try:
                numbers[key] = parse_count(raw)
            except ParseError as exc:
                problems.append(f"{label}: {parse_problem(tr, exc.reason)}")
    texts: dict[str, str] = {}
    labels = {"comment": _comment_label(tr, checkin.item), "blocker": tr.gettext(BLOCKER_LABEL)}
    for key, label in labels.items():
        raw = values.get(key, "").strip()
        if len(raw) > turn.max_comment_chars:
            limit = tr.number(turn.max_comment_chars)
            problems.append(
                tr.gettext("{field}: at most {limit} characters, please.", field=label, limit=limit)
            )
        elif raw:
            texts[key] = raw
    needs_help = _form_yes_no(tr, values.get("needs_help", ""), problems)
    new_date = _form_date(turn, values.get("new_date", ""), problems)
    update = AnswerUpdate(numbers, texts.get("comment"), texts.get("blocker"), needs_help, new_date)
    return update, problems


def _form_yes_no(tr: Translator, raw: str, problems: list[str]) -> bool | None:

    if not raw.strip():
        return None
    wants = parse_yes_no(raw)
    if wants is None:
        label = tr.gettext(CONTACT_LABEL)
        problems.append(f"{label}: {parse_problem(tr, 'not_yes_no')}")
    return wants


def _form_date(turn: Turn, raw: str, problems: list[str]) -> date | None:

    if not raw.strip() or normalise(raw) in NO_DATE_WORDS:
        return None
    try:
        value = parse_date(raw, local_today(turn))
    except ParseError as exc:
        problems.append(f"{turn.tr.gettext(NEW_DATE_LABEL)}: {parse_problem(turn.tr, exc.reason)}")
        return None
    if value < local_today(turn):
        label = turn.tr.gettext(NEW_DATE_LABEL)
        problems.append(f"{label}: {parse_problem(turn.tr, 'date_in_past')}")
        return None
    return value
