"""Recording answers: a tap on Yes/No/Later/Not relevant, then the follow-up questions.

Which questions follow a tap, how each is worded and read, and what it sets on the answer
come from the question registry (handlers.questions). Here they are asked one at a time;
a transport that can open forms gets them all in one form (handlers.forms) and the chat
asks only if the form cannot open. Every question can be skipped with a skip word or the
Skip button. The steps live in the conversation row, so a restart in the middle of them
loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.core.conversation import (
    AnswerUpdate,
    AnswerView,
    CheckinView,
    ConversationState,
    ConversationTx,
    NewEvent,
    SentCheckin,
    Turn,
)
from bot.core.counting import TIMES_KEY
from bot.core.i18n import N_, Translator
from bot.core.messages import (
    Button,
    ChoiceSelected,
    EditMessage,
    Effect,
    MessageRef,
    OpenForm,
    OutgoingMessage,
    Reply,
    Toast,
)
from bot.core.model import CheckinState, Choice, Platform
from bot.core.timeplan import local_date
from handlers import commands
from handlers.checkins import (
    NOT_YOURS,
    forget_conversation_on,
    is_closed,
    local_today,
    owned_checkin,
    parse_problem,
    snooze_until,
)
from handlers.forms import FORM_SAVED_NOTE, handle_form, report_form
from handlers.idempotency import bot_key, fingerprint
from handlers.parsing import ParseError, command_word, is_skip, parse_yes_no
from handlers.questions import (
    FORM_SAVED,
    REGISTRY,
    AnswerContext,
    AnswerKind,
    Ask,
    Subject,
    read_answer,
)
from handlers.reminders import (
    ReminderItem,
    choice_label,
    compose_gathered,
    weekly_schedule,
)
from handlers.tokens import ChoiceToken, InvalidToken, SkipToken, StepToken, decode, encode

log = logging.getLogger(__name__)

# The router takes every answer path from this module, the form's included.
__all__ = [
    "NOT_YOURS",
    "handle_choice",
    "handle_conversation_text",
    "handle_form",
    "handle_skip",
    "handle_step_tap",
    "handle_typed_choice",
    "record_on_receipt",
    "report_form",
]

SKIP_LABEL = N_("Skip")
TIMES_LABEL = N_("Times it happened")
CLOSED_NOTE = N_("This item is no longer in the plan, so there is nothing to report.")


def recorded_message(tr: Translator, checkin: CheckinView, text: str) -> OutgoingMessage:
    return OutgoingMessage(text=text, title=checkin.item.title)


def answer_note(tr: Translator, choice: Choice) -> str:
    return tr.gettext("Your answer: {answer}", answer=choice_label(tr, choice))


def snooze_note(tr: Translator, until: datetime, timezone: str) -> str:
    return tr.gettext("Later: I will ask again {when}.", when=tr.datetime_local(until, timezone))


def reminder_edit(
    turn: Turn, checkin: CheckinView, ref: MessageRef | None, note: str
) -> list[Effect]:
    """The tapped reminder drawn again: the note alone, or the whole gathered message.

    A gathered message keeps the buttons of its other, still open items: an edit replaces
    the whole message on every platform. A transport that cannot edit gets no edit; the
    toast still says what was recorded.
    """
    if ref is None or not turn.sender.capabilities.message_edits:
        return []
    sent = turn.tx.checkins_in_message(turn.person.id, ref)
    if len(sent) < 2 or all(s.checkin.id != checkin.id for s in sent):
        return [EditMessage(ref, recorded_message(turn.tr, checkin, note))]
    return [EditMessage(ref, regathered(turn, sent))]


def regathered(turn: Turn, sent: Sequence[SentCheckin]) -> OutgoingMessage:
    timezone = turn.person.timezone
    items = [reminder_item(s, timezone) for s in sent]
    notes = {
        s.checkin.id: note for s in sent if (note := sent_note(turn.tr, s, timezone)) is not None
    }
    return compose_gathered(turn.tr, items, notes, followup=all(s.followup for s in sent))


def reminder_item(sent: SentCheckin, timezone: str) -> ReminderItem:
    """A sent check-in as the dispatcher rendered it, deadline included."""
    checkin = sent.checkin
    start = date.fromisoformat(checkin.occurrence)
    report_by = None
    if sent.first_sent_at is not None:
        first_day = local_date(sent.first_sent_at, timezone)
        report_by = first_day + timedelta(days=sent.give_up_after_days)
    return ReminderItem(
        checkin.id, checkin.item.title, checkin.area_title, start,
        checkin.occurrence_end or start, weekly=weekly_schedule(checkin.item), report_by=report_by,
    )  # fmt: skip


def sent_note(tr: Translator, sent: SentCheckin, timezone: str) -> str | None:
    """What an item of a gathered message shows instead of its buttons; None while open."""
    if is_closed(sent.checkin):
        return tr.gettext(CLOSED_NOTE)
    if sent.answer is not None:
        return answer_note(tr, sent.answer.choice)
    if sent.snoozed_until is not None:
        return snooze_note(tr, sent.snoozed_until, timezone)
    return None


def closed_effects(turn: Turn, checkin: CheckinView, ref: MessageRef | None) -> list[Effect]:
    text = turn.tr.gettext(CLOSED_NOTE)
    return [*reminder_edit(turn, checkin, ref, text), Toast(text)]


def record_on_receipt(
    tx: ConversationTx, taps: Sequence[ChoiceSelected], now: datetime
) -> dict[str, int]:
    """Record the first answers among a burst of taps at once; returns event id -> answer id.

    A tap is recorded here only where `handle_choice` would record it and nothing else: a
    Yes, No or Not relevant on the tapper's own open check-in that has no answer yet, in a
    private chat, by a linked account, its event never recorded before. Every other tap is
    left out and handled the ordinary way. The caller gives at most one tap per person and
    only when nothing of theirs is still being handled, so each person's taps stay in order.
    The handler then says what was recorded (`handle_choice` with `recorded`).
    """
    chosen: list[tuple[ChoiceSelected, ChoiceToken]] = []
    for tap in taps:
        if tap.sender.is_group or not tap.event_id or tap.recorded is not None:
            continue
        try:
            token = decode(tap.token)
        except InvalidToken:
            continue
        if isinstance(token, ChoiceToken) and token.choice is not Choice.LATER:
            chosen.append((tap, token))
    by_platform: dict[Platform, list[tuple[ChoiceSelected, ChoiceToken]]] = {}
    for tap, token in chosen:
        by_platform.setdefault(tap.sender.platform, []).append((tap, token))
    recorded: dict[str, int] = {}
    for platform, group in by_platform.items():
        recorded.update(_record_first_answers(tx, platform, group, now))
    return recorded


def _record_first_answers(
    tx: ConversationTx,
    platform: Platform,
    taps: Sequence[tuple[ChoiceSelected, ChoiceToken]],
    now: datetime,
) -> dict[str, int]:
    accounts = [(tap.sender.workspace, tap.sender.user_id) for tap, _token in taps]
    identities = tx.find_identities(platform, accounts)
    checkins = tx.get_checkins({token.checkin_id for _tap, token in taps})
    answered = tx.answered_checkins(list(checkins))
    ready: list[tuple[ChoiceSelected, CheckinView, Choice]] = []
    seen_people: set[int] = set()
    seen_checkins: set[int] = set()
    for tap, token in taps:
        identity = identities.get((tap.sender.workspace, tap.sender.user_id))
        checkin = checkins.get(token.checkin_id)
        if identity is None or checkin is None or checkin.person_id != identity.person.id:
            continue
        if is_closed(checkin) or checkin.id in answered:
            continue
        if identity.person.id in seen_people or checkin.id in seen_checkins:
            continue  # one tap per person and check-in: the rest in order, the ordinary way
        seen_people.add(identity.person.id)
        seen_checkins.add(checkin.id)
        ready.append((tap, checkin, token.choice))
    events = [NewEvent(bot_key(tap), tap.event_id, fingerprint(tap)) for tap, _c, _ch in ready]
    fresh = tx.mark_new_events(platform, events, now)
    ready = [entry for entry in ready if entry[0].event_id in fresh]
    stored = tx.record_answers(
        [(checkin, choice) for _tap, checkin, choice in ready], platform, now
    )
    for answer in stored:
        log.info("answer recorded: checkin=%s revision=%s", answer.checkin_id, answer.revision)
    return {tap.event_id: answer.id for (tap, _c, _ch), answer in zip(ready, stored, strict=True)}


def handle_choice(
    turn: Turn, token: ChoiceToken, ref: MessageRef | None, recorded: int | None = None
) -> list[Effect]:
    """A tap under a reminder: check it, store it, and ask what comes next.

    `recorded`: the id of the answer this tap's receipt already stored
    (`record_on_receipt`); what follows the recording is then all that is left to do.
    """
    checkin = owned_checkin(turn, token.checkin_id)
    if checkin is None:
        return [Toast(turn.tr.gettext(NOT_YOURS))]
    if recorded is not None:
        current = turn.tx.current_answer(checkin.id)
        if current is not None and current.id == recorded:
            return _recorded(turn, checkin, token.choice, ref, current)
        # Changed since by someone else (an erasure): judged afresh below.
    if is_closed(checkin):
        return closed_effects(turn, checkin, ref)
    current = turn.tx.current_answer(checkin.id)
    if current is not None and current.choice is token.choice:
        if not _is_correction(turn, checkin, token.choice):
            label = choice_label(turn.tr, token.choice)
            return [Toast(turn.tr.gettext("Already recorded: {answer}", answer=label))]
        return _record(turn, checkin, token.choice, ref, keep=current)
    if token.choice is Choice.LATER:
        return _snooze(turn, checkin, ref, answered=current is not None)
    return _record(turn, checkin, token.choice, ref, replaced=current)


# Report requests a typed "ja" or "nej" may answer: sent and waiting, or put off with "Later".
WAITING = frozenset({CheckinState.AWAITING, CheckinState.SNOOZED})


def handle_typed_choice(turn: Turn, text: str) -> list[Effect] | None:
    """A typed yes or no with no question waiting: the answer to the one reminder waiting.

    On a phone, answering a reminder in words comes as naturally as tapping its button. With
    one report request waiting it is answered as a tap on it would be; with several, the
    person is shown how to choose; with none, or any other text, None (not an answer).
    """
    said = parse_yes_no(text)
    if said is None:
        return None
    waiting = [c for c in turn.tx.open_checkins(turn.person.id) if c.state in WAITING]
    if not waiting:
        return None
    tr = turn.tr
    if len(waiting) > 1:
        text = tr.ngettext(
            "{n} report is waiting for your answer.",
            "{n} reports are waiting for your answer.",
            len(waiting),
        )
        text += " " + tr.gettext(
            "Tap Yes or No under the reminder you mean, or write {cmd}rapport to choose.",
            cmd=turn.sender.command_prefix,
        )
        return [Reply(OutgoingMessage(text))]
    chosen = waiting[0]
    choice = Choice.YES if said else Choice.NO
    effects = handle_choice(turn, ChoiceToken(chosen.checkin_id, choice), None)
    # No button was tapped, so no toast can show what was recorded: the chat says it, with
    # the item's title, so the person sees which report the word answered.
    return [
        Reply(OutgoingMessage(effect.text, title=chosen.item_title))
        if isinstance(effect, Toast)
        else effect
        for effect in effects
    ]


def _is_correction(turn: Turn, checkin: CheckinView, choice: Choice) -> bool:
    """The same answer again, once its questions are over: the person wants to change them.

    While the questions are still running, the same tap is a double tap and changes nothing.
    """
    if not REGISTRY.asks(Subject.of(checkin), choice):
        return False
    state = turn.tx.get_conversation(turn.person.id)
    return state is None or state.checkin_id != checkin.id


def _kept(answer: AnswerView) -> AnswerUpdate:
    """What a corrected answer starts from: the earlier details, each question may replace."""
    return AnswerUpdate(
        numbers=dict(answer.numbers),
        comment=answer.comment,
        blocker=answer.blocker,
        needs_help=answer.needs_help,
        new_date=answer.new_date,
    )


def _snooze(
    turn: Turn, checkin: CheckinView, ref: MessageRef | None, answered: bool
) -> list[Effect]:
    tr = turn.tr
    if answered:
        return [Toast(tr.gettext("You have already answered. Tap another answer to change it."))]
    until = snooze_until(turn, checkin)
    turn.tx.snooze(checkin.id, until, turn.now)
    forget_conversation_on(turn, checkin.id)
    text = snooze_note(tr, until, turn.person.timezone)
    return [*reminder_edit(turn, checkin, ref, text), Toast(text)]


def _record(
    turn: Turn,
    checkin: CheckinView,
    choice: Choice,
    ref: MessageRef | None,
    *,
    keep: AnswerView | None = None,
    replaced: AnswerView | None = None,
) -> list[Effect]:
    """Store `choice` as a new revision: with `keep`'s details (the same answer corrected),
    or with none, when it replaces `replaced`, another answer, whose details then lapse."""
    answer = turn.tx.record_answer(checkin, choice, turn.sender.platform, turn.now)
    if keep is not None:
        answer = turn.tx.update_answer(answer.id, _kept(keep))
    log.info("answer recorded: checkin=%s revision=%s", checkin.id, answer.revision)
    return _recorded(turn, checkin, choice, ref, answer, replaced=replaced)


def _recorded(
    turn: Turn,
    checkin: CheckinView,
    choice: Choice,
    ref: MessageRef | None,
    answer: AnswerView,
    *,
    replaced: AnswerView | None = None,
) -> list[Effect]:
    """What follows a recorded answer: the reminder drawn again, the toast, what no longer
    counts of an answer it replaced, the questions."""
    tr = turn.tr
    label = choice_label(tr, choice)
    effects = reminder_edit(turn, checkin, ref, answer_note(tr, choice))
    effects.append(Toast(tr.gettext("Recorded: {answer}", answer=label)))
    if replaced is not None and replaced.choice is not choice:
        lapsed = lapsed_note(tr, checkin, replaced, choice)
        if lapsed is not None:
            effects.append(Reply(OutgoingMessage(lapsed, title=checkin.item.title)))
    asks = REGISTRY.asks(Subject.of(checkin), choice)
    if not asks:
        forget_conversation_on(turn, checkin.id)
        effects.append(Reply(OutgoingMessage(tr.gettext("Noted. Thank you!"))))
        return effects
    steps = tuple(a.step for a in asks)
    state = ConversationState(
        turn.person.id, checkin.id, answer.id, steps[0], steps[1:], turn.sender.platform
    )
    turn.tx.save_conversation(state, turn.now)
    ask = question(tr, checkin, asks[0])
    if turn.sender.capabilities.forms:
        # The form asks every question at once; the chat asks only if it cannot open.
        form = report_form(
            tr, checkin.item, checkin.id, choice, checkin.counts_times,
            text_limit=turn.max_comment_chars,
        )  # fmt: skip
        effects.append(OpenForm(form, fallback=ask))
    else:
        effects.append(Reply(ask))
    return effects


def lapsed_note(
    tr: Translator, checkin: CheckinView, earlier: AnswerView, choice: Choice
) -> str | None:
    """What a change of answer tells the steward: the earlier answer's details that no
    longer count, each as they gave it; None when that answer had none.

    A changed answer is a new revision that starts empty (a No has no participants, a Yes
    no obstacle), so the board's figures drop these at once; the steward hears it here
    rather than finding their numbers gone.
    """
    lines = lapsed_details(tr, checkin, earlier)
    if not lines:
        return None
    head = tr.gettext(
        "Changed to {answer}. What you reported with your earlier answer ({earlier}) "
        "no longer counts:",
        answer=choice_label(tr, choice),
        earlier=choice_label(tr, earlier.choice),
    )
    return "\n".join((head, *lines))


QUOTE_LIMIT = 80  # a quoted comment is cut here: enough to recognise it


def lapsed_details(tr: Translator, checkin: CheckinView, answer: AnswerView) -> list[str]:
    """An answer's details as lines: numbers with their labels, comment, obstacle, help, date."""
    labels = {TIMES_KEY: tr.gettext(TIMES_LABEL)}
    labels.update((m.key, m.label) for m in checkin.item.metrics)
    order = list(labels)
    keys = sorted(answer.numbers, key=lambda k: (order.index(k) if k in order else len(order), k))
    lines = [
        tr.gettext(
            "{label}: {amount}", label=labels.get(key, key), amount=tr.number(answer.numbers[key])
        )
        for key in keys
    ]
    if answer.comment:
        lines.append(tr.gettext("Your comment: “{text}”", text=_quoted(answer.comment)))
    if answer.blocker:
        lines.append(tr.gettext("What got in the way: “{text}”", text=_quoted(answer.blocker)))
    if answer.needs_help:
        lines.append(tr.gettext("Your wish that someone from the board contact you"))
    if answer.new_date is not None:
        lines.append(tr.gettext("New date: {date}", date=tr.date(answer.new_date)))
    return lines


def _quoted(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_LIMIT else flat[: QUOTE_LIMIT - 1].rstrip() + "…"


def question(tr: Translator, checkin: CheckinView, ask: Ask) -> OutgoingMessage:
    """A step's question as the registry words it: Yes and No buttons for a yes-or-no
    question, and a Skip button where one is safe."""
    buttons: tuple[Button, ...] = ()
    if ask.kind is AnswerKind.YES_NO:
        buttons = (
            Button(tr.gettext("Yes"), encode(StepToken(checkin.id, yes=True))),
            Button(tr.gettext("No"), encode(StepToken(checkin.id, yes=False))),
        )
    if ask.skip_button:
        buttons += (Button(tr.gettext(SKIP_LABEL), encode(SkipToken(checkin.id))),)
    text = ask.prompt(tr, Subject.of(checkin))
    return OutgoingMessage(text=text, title=checkin.item.title, buttons=buttons)


def handle_step_tap(turn: Turn, token: StepToken) -> list[Effect]:
    """Yes or No tapped under a yes-or-no question: read as the same word typed would be."""
    state = turn.tx.get_conversation(turn.person.id)
    ask = REGISTRY.find(state.step) if state is not None else None
    if (
        state is None
        or state.checkin_id != token.checkin_id
        or ask is None
        or ask.kind is not AnswerKind.YES_NO
    ):
        return [Toast(turn.tr.gettext("That question is closed now. Thank you!"))]
    label = turn.tr.gettext("Yes") if token.yes else turn.tr.gettext("No")
    return [Toast(label), *handle_conversation_text(turn, state, "yes" if token.yes else "no")]


def handle_skip(turn: Turn, token: SkipToken) -> list[Effect]:
    state = turn.tx.get_conversation(turn.person.id)
    if state is None or state.checkin_id != token.checkin_id:
        return [Toast(turn.tr.gettext("There is no question waiting to be skipped."))]
    checkin = owned_checkin(turn, state.checkin_id)
    if checkin is None:
        turn.tx.clear_conversation(turn.person.id)
        return [Toast(turn.tr.gettext(NOT_YOURS))]
    return [Toast(turn.tr.gettext("Skipped")), *advance(turn, state, checkin)]


def advance(turn: Turn, state: ConversationState, checkin: CheckinView) -> list[Effect]:
    """Move to the next pending step, or close the conversation with a thank-you."""
    # A step no question type knows (any more) is passed over, never asked blank.
    pending = [(step, ask) for step in state.pending if (ask := REGISTRY.find(step)) is not None]
    if pending:
        (step, ask), rest = pending[0], tuple(s for s, _ask in pending[1:])
        following = ConversationState(
            state.person_id, state.checkin_id, state.answer_id, step, rest, state.platform
        )
        turn.tx.save_conversation(following, turn.now)
        return [Reply(question(turn.tr, checkin, ask))]
    turn.tx.clear_conversation(turn.person.id)
    answer = turn.tx.current_answer(checkin.id)
    text = turn.tr.gettext("Thank you! Your report on {title} is saved.", title=checkin.item.title)
    if answer is not None and answer.needs_help:
        text += "\n" + turn.tr.gettext("Someone from the board will get in touch with you.")
    return [Reply(OutgoingMessage(text))]


def handle_conversation_text(turn: Turn, state: ConversationState, text: str) -> list[Effect]:
    """Free text while a question is waiting: it lands on that question's check-in."""
    checkin = owned_checkin(turn, state.checkin_id)
    if state.step == FORM_SAVED:
        turn.tx.clear_conversation(turn.person.id)
        word = command_word(text)
        if word is not None:
            return commands.run_command(turn, commands.canonical(word) or "help")
        return [Reply(OutgoingMessage(turn.tr.gettext(FORM_SAVED_NOTE)))]
    ask = REGISTRY.find(state.step)
    if checkin is None or state.answer_id is None or is_closed(checkin) or ask is None:
        turn.tx.clear_conversation(turn.person.id)
        return [Reply(OutgoingMessage(turn.tr.gettext("That question is closed now. Thank you!")))]
    if is_skip(text):
        return advance(turn, state, checkin)
    try:
        update, notes = _read_step(turn, ask, text)
    except ParseError as exc:
        retry = question(turn.tr, checkin, ask)
        return [Reply(OutgoingMessage(parse_problem(turn.tr, exc.reason))), Reply(retry)]
    turn.tx.update_answer(state.answer_id, update)
    return [*(Reply(OutgoingMessage(note)) for note in notes), *advance(turn, state, checkin)]


def _read_step(turn: Turn, ask: Ask, text: str) -> tuple[AnswerUpdate, list[str]]:
    return read_answer(ask, text, AnswerContext(turn.tr, local_today(turn), turn.max_comment_chars))
