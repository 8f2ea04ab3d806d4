"""Report forms (Slack modals): the follow-up questions of a Yes or a No in one go.

The fields, their reading and what they set come from the question registry
(handlers.questions), the same the chat asks one by one. The checks shared with the
step-by-step answers (ownership, closed items, problem texts) live in handlers.checkins.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.conversation import AnswerUpdate, CheckinView, ConversationState, Turn
from bot.core.i18n import N_, Translator
from bot.core.messages import Effect, Form, FormErrors, OutgoingMessage, Reply
from bot.core.model import Choice, ItemSpec
from handlers.checkins import NOT_YOURS, is_closed, local_today, owned_checkin, parse_problem
from handlers.parsing import ParseError
from handlers.questions import (
    FORM_SAVED,
    REGISTRY,
    AnswerContext,
    Subject,
    merged_updates,
    read_answer,
)
from handlers.reminders import choice_label
from handlers.tokens import FormToken, encode

__all__ = ["FORM_SAVED", "FORM_SAVED_NOTE", "handle_form", "report_form"]

FORM_SAVED_NOTE = N_(
    "Your report is already saved, thank you! To change it, tap another answer under the reminder."
)


def report_form(
    tr: Translator,
    item: ItemSpec,
    checkin_id: int,
    choice: Choice,
    counts_times: bool = False,
    *,
    text_limit: int | None = None,
) -> Form:
    """The follow-up questions of a Yes or a No as one form; every field is optional."""
    subject = Subject(item, counts_times)
    asks = REGISTRY.asks(subject, choice)
    fields = tuple(ask.form_field(tr, subject, text_limit) for ask in asks)
    return Form(
        token=encode(FormToken(checkin_id, choice)),
        title=tr.gettext("Your report"),
        submit_label=tr.gettext("Save"),
        fields=fields,
    )


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
    if token.choice is not None and token.choice is not answer.choice:
        # A form left open while the answer was changed under the reminder: its details
        # belong to the earlier answer, and stored on this one they would count for it.
        text = turn.tr.gettext(
            "This form was for the answer {earlier}, and your answer is now {answer}, "
            "so nothing in it was saved.",
            earlier=choice_label(turn.tr, token.choice),
            answer=choice_label(turn.tr, answer.choice),
        )
        return [Reply(OutgoingMessage(text), ephemeral=True)]
    update, notes, problems = _read_form(turn, checkin, answer.choice, values)
    if problems:
        # The form stays open with what was typed; each problem shows under its field.
        return [FormErrors(problems)]
    turn.tx.update_answer(answer.id, update)
    state = turn.tx.get_conversation(turn.person.id)
    if state is not None and state.checkin_id == checkin.id:
        saved = ConversationState(
            turn.person.id, checkin.id, answer.id, FORM_SAVED, (), state.platform
        )
        turn.tx.save_conversation(saved, turn.now)
    text = turn.tr.gettext("Thank you! Your report on {title} is saved.", title=checkin.item.title)
    return [*(Reply(OutgoingMessage(note)) for note in notes), Reply(OutgoingMessage(text))]


def _read_form(
    turn: Turn, checkin: CheckinView, choice: Choice, values: Mapping[str, str]
) -> tuple[AnswerUpdate, list[str], dict[str, str]]:
    """The fields of the answer's own questions, read as the chat reads them; a field of
    the other answer's (a Yes's participants on a No) is no detail of this one."""
    context = AnswerContext(turn.tr, local_today(turn), turn.max_comment_chars)
    updates: list[AnswerUpdate] = []
    notes: list[str] = []
    problems: dict[str, str] = {}
    for ask in REGISTRY.asks(Subject.of(checkin), choice):
        try:
            update, said = read_answer(ask, values.get(ask.field, ""), context)
        except ParseError as exc:
            problems[ask.field] = parse_problem(turn.tr, exc.reason)
            continue
        updates.append(update)
        notes.extend(said)
    return merged_updates(updates), notes, problems
