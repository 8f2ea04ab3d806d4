"""The question registry: one place for a question type, asked alike in the chat and in a form."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from sqlmodel import Session, select

from bot.core.i18n import translator
from bot.core.messages import Capabilities, EditMessage, FormErrors, OpenForm, Reply, Sender
from bot.core.model import Choice, Platform
from handlers.questions import (
    REGISTRY,
    AnswerKind,
    QuestionRegistry,
    QuestionType,
    Subject,
    fixed,
    into_numbers,
)
from handlers.router import Router
from storage.engine import Database
from storage.tables import AnswerRow, ChatIdentityRow
from tests.handlers.conftest import MEETING, WEEK, Chat, World, telegram_sender

LIMIT = 500  # the router fixture's max_comment_chars
FORMS = Capabilities(forms=True)
FIRST_TIMERS_PROMPT = "Hur många var där för första gången?"
FIRST_TIMERS_LABEL = "Där för första gången"
# A question type the plan format does not know: it lives in the registry, nowhere else.
FIRST_TIMERS = QuestionType(
    "first_timers",
    Choice.YES,
    AnswerKind.COUNT,
    prompt=fixed(FIRST_TIMERS_PROMPT),
    label=fixed(FIRST_TIMERS_LABEL),
    store=into_numbers("first_timers"),
)


@pytest.fixture
def first_timers() -> Iterator[QuestionType]:
    """FIRST_TIMERS registered, asked after the metrics and before the comment."""
    REGISTRY.register(FIRST_TIMERS, before="comment")
    try:
        yield FIRST_TIMERS
    finally:
        REGISTRY.unregister(FIRST_TIMERS.name)


def current(db: Database, checkin_id: int) -> AnswerRow:
    def read(session: Session) -> AnswerRow:
        query = select(AnswerRow).where(AnswerRow.checkin_id == checkin_id)
        (answer,) = [a for a in session.exec(query) if a.current]
        return answer

    return db.run_sync(read)


def form_of(effects: Sequence[object]) -> OpenForm:
    (form,) = [e for e in effects if isinstance(e, OpenForm)]
    return form


def questions_asked(effects: Sequence[object]) -> list[str]:
    return [e.message.text for e in effects if isinstance(e, Reply)]


async def test_a_registered_question_is_asked_in_the_chat_and_stored(
    first_timers: QuestionType, chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(Choice.YES)
    await chat.steward_says("12")  # participants
    effects = await chat.steward_says("3")  # new members
    assert questions_asked(effects) == [FIRST_TIMERS_PROMPT]
    assert chat.buttons == ()  # a count: no Skip button that a typed number could pick
    problem, again = questions_asked(await chat.steward_says("fem"))
    assert "heltal" in problem  # read as every count is read_answer, then asked again
    assert again == FIRST_TIMERS_PROMPT
    await chat.steward_says("5")
    assert chat.bot_said("Något styrelsen bör veta?")  # the comment follows
    await chat.steward_says("hoppa över")
    assert chat.bot_said("sparad")
    answer = current(sqlite_db, world.meeting_checkin_id)
    assert answer.numbers == {"participants": 12, "new_members": 3, "first_timers": 5}


async def test_a_registered_question_is_a_form_field_and_stored(
    first_timers: QuestionType, router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, telegram_sender("1001", capabilities=FORMS))
    chat.gets_reminder(world.meeting_checkin_id)
    form = form_of(await chat.steward_taps(Choice.YES)).form
    keys = [f.key for f in form.fields]
    assert keys == ["participants", "new_members", "first_timers", "comment"]
    assert form.fields[2].label == FIRST_TIMERS_LABEL
    effects = await chat.steward_submits(form.token, {"participants": "9", "first_timers": "sju"})
    [errors] = effects
    assert isinstance(errors, FormErrors)
    assert list(errors.errors) == ["first_timers"]
    assert current(sqlite_db, world.meeting_checkin_id).numbers == {}  # nothing half-written
    await chat.steward_submits(form.token, {"participants": "9", "first_timers": "7"})
    assert chat.bot_said("sparad")
    answer = current(sqlite_db, world.meeting_checkin_id)
    assert answer.numbers == {"participants": 9, "first_timers": 7}


async def test_an_over_long_text_is_cut_with_a_note_in_the_chat(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(Choice.NO)
    await chat.steward_says("ö" * (LIMIT + 100))
    assert chat.bot_said(str(LIMIT))
    assert current(sqlite_db, world.week_checkin_id).blocker == "ö" * LIMIT


async def test_an_over_long_text_is_cut_with_a_note_in_a_form(
    router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, telegram_sender("1001", capabilities=FORMS))
    chat.gets_reminder(world.week_checkin_id)
    form = form_of(await chat.steward_taps(Choice.NO)).form
    (blocker,) = [f for f in form.fields if f.key == "blocker"]
    assert blocker.max_length == LIMIT  # a platform that can, stops it while typing
    effects = await chat.steward_submits(form.token, {"blocker": "ö" * (LIMIT + 100)})
    assert not [e for e in effects if isinstance(e, FormErrors)]
    assert chat.bot_said(str(LIMIT))
    assert chat.bot_said("sparad")
    assert current(sqlite_db, world.week_checkin_id).blocker == "ö" * LIMIT


async def test_a_skip_word_in_a_form_leaves_the_field_as_in_the_chat(
    router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, telegram_sender("1001", capabilities=FORMS))
    chat.gets_reminder(world.week_checkin_id)
    form = form_of(await chat.steward_taps(Choice.NO)).form
    values = {"blocker": "hoppa över", "needs_help": "hoppa över", "new_date": "-"}
    await chat.steward_submits(form.token, values)
    assert chat.bot_said("sparad")
    answer = current(sqlite_db, world.week_checkin_id)
    assert (answer.blocker, answer.needs_help, answer.new_date) == (None, False, None)


async def test_a_form_follows_the_capability_not_the_platform(
    router: Router, world: World, sqlite_db: Database
) -> None:
    def link(session: Session) -> None:
        session.add(
            ChatIdentityRow(
                person_id=world.steward_id, platform="slack", workspace="T1", user_id="U1"
            )
        )

    sqlite_db.run_sync(link)
    # A Slack sender whose transport declares no forms is asked in the chat...
    slack = Chat(router, Sender(Platform.SLACK, "U1", "D1", workspace="T1"))
    slack.gets_reminder(world.meeting_checkin_id)
    effects = await slack.steward_taps(Choice.YES)
    assert not [e for e in effects if isinstance(e, OpenForm)]
    assert slack.bot_said("”Antal deltagare”: hur många?")
    # ...and a Telegram sender whose transport declares forms gets one.
    telegram = Chat(router, telegram_sender("1001", capabilities=FORMS))
    telegram.gets_reminder(world.week_checkin_id)
    assert form_of(await telegram.steward_taps(Choice.NO)).form.fields


async def test_a_pending_step_no_type_knows_any_more_is_passed_over(
    router: Router, chat: Chat, world: World, sqlite_db: Database
) -> None:
    """A conversation row written before a question type was removed (an older version)."""
    REGISTRY.register(FIRST_TIMERS)  # asked last, after the comment
    try:
        chat.gets_reminder(world.week_checkin_id)
        await chat.steward_taps(Choice.YES)
    finally:
        REGISTRY.unregister(FIRST_TIMERS.name)
    effects = await chat.steward_says("Bra vecka")  # the comment; then first_timers is gone
    assert len(effects) == 1
    assert chat.bot_said("sparad")
    assert current(sqlite_db, world.week_checkin_id).comment == "Bra vecka"


def test_the_registry_orders_names_and_finds_steps() -> None:
    registry = QuestionRegistry(())
    registry.register(FIRST_TIMERS)
    with pytest.raises(ValueError, match="first_timers"):
        registry.register(FIRST_TIMERS)
    steps = [a.step for a in REGISTRY.asks(Subject(MEETING, counts_times=True), Choice.YES)]
    assert steps == ["times", "metric:participants", "metric:new_members", "comment"]
    assert [a.step for a in REGISTRY.asks(Subject(WEEK), Choice.NO)] == [
        "blocker",
        "help",
        "new_date",
    ]
    assert REGISTRY.asks(Subject(WEEK), Choice.NOT_RELEVANT) == ()
    found = REGISTRY.find("metric:participants")
    assert found is not None
    assert (found.field, found.prompt(translator("en"), Subject(MEETING))) == (
        "participants",
        "“Antal deltagare”: how many? Answer with a whole number, or write skip.",
    )
    assert REGISTRY.find("help") is not None
    assert REGISTRY.find("no_such_step") is None


async def test_a_transport_that_cannot_edit_gets_no_edit(
    router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, telegram_sender("1001", capabilities=Capabilities(message_edits=False)))
    chat.gets_reminder(world.week_checkin_id)
    effects = await chat.steward_taps(Choice.NOT_RELEVANT)
    assert not [e for e in effects if isinstance(e, EditMessage)]
    assert chat.bot_said("Inte aktuellt")  # the tap is still acknowledged
    assert current(sqlite_db, world.week_checkin_id).choice == "not_relevant"
