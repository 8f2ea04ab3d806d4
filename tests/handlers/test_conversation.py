"""A steward answers a reminder: Yes with numbers, No with a blocker, Later, Not relevant."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.clock import FrozenClock
from bot.core.conversation import ConversationState
from bot.core.messages import Capabilities, EditMessage, OpenForm, Reply, Sender, Toast
from bot.core.model import Choice, Platform
from handlers.router import Router
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.records import AnswerRecord, CheckinRecord
from tests.fakes.seeding import FakeSeeder
from tests.handlers.conftest import Chat, World, telegram_sender

YES, NO, LATER, NOT_RELEVANT = Choice.YES, Choice.NO, Choice.LATER, Choice.NOT_RELEVANT


def answers_of(store: FakeConversationStore, checkin_id: int) -> list[AnswerRecord]:
    found = [a for a in store.tables.answers.values() if a.checkin_id == checkin_id]
    return sorted(found, key=lambda a: a.revision)


def current(store: FakeConversationStore, checkin_id: int) -> AnswerRecord:
    (answer,) = [a for a in answers_of(store, checkin_id) if a.current]
    return answer


def checkin(store: FakeConversationStore, checkin_id: int) -> CheckinRecord:
    return store.tables.checkins[checkin_id]


def conversation(store: FakeConversationStore, person_id: int) -> ConversationState | None:
    return store.tables.conversations.get(person_id)


def events(store: FakeConversationStore) -> list[tuple[str, str]]:
    """The handled events remembered: (platform, event id)."""
    return [(platform, event_id) for platform, _bot, event_id in store.tables.processed]


async def test_yes_then_numbers_then_comment_is_stored(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    effects = await chat.steward_taps(YES)
    assert isinstance(effects[0], EditMessage)
    assert effects[0].message.buttons == ()
    assert isinstance(effects[1], Toast)
    assert chat.bot_said("Antal deltagare")
    assert checkin(fake_store, world.meeting_checkin_id).state == "answered"

    for wrong in ("fem", "-3", "1e9", "12.5", "12,5", "٣"):
        await chat.steward_says(wrong)
        assert chat.bot_said("heltal"), wrong
        assert chat.bot_said("Antal deltagare"), wrong
    await chat.steward_says("2000000")
    assert chat.bot_said("större")

    await chat.steward_says(" 12 ")
    assert chat.bot_said("Nya medlemmar")
    await chat.steward_says("1 000")
    assert chat.bot_said("Något styrelsen bör veta?")
    await chat.steward_says("Bra träff, <b>alla</b> kom.")
    assert chat.bot_said("sparad")

    answer = current(fake_store, world.meeting_checkin_id)
    assert answer.choice == "yes"
    assert answer.revision == 1
    assert answer.numbers == {"participants": 12, "new_members": 1000}
    assert answer.comment == "Bra träff, <b>alla</b> kom."
    assert answer.via == "telegram"
    assert conversation(fake_store, world.steward_id) is None


async def test_skip_words_and_skip_button(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("hoppa över")
    assert chat.bot_said("Nya medlemmar")
    assert chat.buttons == ()  # no numbered button to confuse with a typed number
    await chat.steward_says("skip")
    assert chat.bot_said("Något styrelsen bör veta?")
    await chat.steward_taps("Hoppa över")
    answer = current(fake_store, world.meeting_checkin_id)
    assert answer.numbers == {}
    assert answer.comment is None
    assert conversation(fake_store, world.steward_id) is None


@pytest.mark.parametrize("word", ["skip", "hopp over", "Hoppa över!", "–"])
async def test_every_skip_word_skips(
    chat: Chat, world: World, fake_store: FakeConversationStore, word: str
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says(word)
    assert current(fake_store, world.week_checkin_id).comment is None
    assert conversation(fake_store, world.steward_id) is None


async def test_no_then_blocker_help_and_new_date(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(NO)
    assert chat.bot_said("Vad kom emellan")
    await chat.steward_says("Ingen lokal. *bold* @here <!channel>")
    assert chat.bot_said("kontakta dig")
    await chat.steward_says("kanske")
    assert chat.bot_said("ja eller nej")
    await chat.steward_says("ja")
    assert chat.bot_said("nytt datum")
    await chat.steward_says("31.2")
    assert chat.bot_said("finns inte")
    await chat.steward_says("2025-01-10")
    assert chat.bot_said("redan passerat")
    await chat.steward_says("15 mars")
    assert chat.bot_said("hör av sig")  # the board will get in touch

    answer = current(fake_store, world.week_checkin_id)
    assert answer.choice == "no"
    assert answer.blocker == "Ingen lokal. *bold* @here <!channel>"
    assert answer.needs_help is True
    assert answer.new_date == date(2025, 3, 15)


async def test_no_without_new_date(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(NO)
    await chat.steward_says("Sjuk")
    await chat.steward_says("nej")
    await chat.steward_says("nej")
    answer = current(fake_store, world.week_checkin_id)
    assert (answer.blocker, answer.needs_help, answer.new_date) == ("Sjuk", False, None)
    assert conversation(fake_store, world.steward_id) is None


async def test_later_snoozes_until_tomorrow(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    effects = await chat.steward_taps(LATER)
    row = checkin(fake_store, world.week_checkin_id)
    assert row.state == "snoozed"
    assert row.next_send_at == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    assert answers_of(fake_store, world.week_checkin_id) == []
    assert any(isinstance(e, EditMessage) for e in effects)
    assert any(isinstance(e, Toast) for e in effects)


async def test_not_relevant_is_stored_without_questions(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(NOT_RELEVANT)
    assert current(fake_store, world.meeting_checkin_id).choice == "not_relevant"
    assert conversation(fake_store, world.steward_id) is None
    assert not chat.bot_said("Antal deltagare")


async def test_changed_answer_keeps_history(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_taps(NO)
    history = answers_of(fake_store, world.week_checkin_id)
    assert [(a.revision, a.choice, a.current) for a in history] == [
        (1, "yes", False),
        (2, "no", True),
    ]
    step = conversation(fake_store, world.steward_id)
    assert step is not None
    assert step.step == "blocker"


async def test_same_choice_twice_changes_nothing(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    effects = await chat.steward_taps(YES)
    assert [type(e) for e in effects] == [Toast]
    assert len(answers_of(fake_store, world.week_checkin_id)) == 1


async def test_redelivered_event_is_recorded_once(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES, event_id="update-77")
    # A redelivery is the same update again; without the check it would get a toast.
    again = await chat.steward_taps(YES, event_id="update-77")
    assert again == []
    assert [a.choice for a in answers_of(fake_store, world.week_checkin_id)] == ["yes"]
    assert [e for e in events(fake_store) if e[1] == "update-77"] == [("telegram", "update-77")]


@pytest.mark.parametrize("token", ["c:zz:q", "c:1", "x" * 65, "", "c:0:y", "DROP TABLE"])
async def test_forged_token_changes_nothing(
    chat: Chat,
    world: World,
    fake_store: FakeConversationStore,
    token: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    effects = await chat.taps_token(token)
    assert [type(e) for e in effects] == [Toast]
    assert answers_of(fake_store, world.week_checkin_id) == []
    assert "invalid token" in caplog.text
    assert token not in caplog.text or token == ""


async def test_someone_elses_checkin_is_refused(
    chat: Chat, world: World, fake_store: FakeConversationStore, caplog: pytest.LogCaptureFixture
) -> None:
    chat.gets_reminder(world.other_checkin_id)
    effects = await chat.steward_taps(YES)
    assert [type(e) for e in effects] == [Toast]
    assert answers_of(fake_store, world.other_checkin_id) == []
    assert "checkin not owned" in caplog.text


async def test_archived_item_gets_a_clear_message(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    FakeSeeder(fake_store.tables).archive_item(world.week_item_id, clock.now())
    chat.gets_reminder(world.week_checkin_id)
    effects = await chat.steward_taps(YES)
    assert chat.bot_said("inte längre med i planen")
    assert any(isinstance(e, EditMessage) and not e.message.buttons for e in effects)
    assert answers_of(fake_store, world.week_checkin_id) == []


async def test_unknown_user_is_told_how_to_get_an_invite(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    stranger = Chat(router, telegram_sender("9999", language_code="nb-NO"))
    await stranger.steward_says("hei")
    assert stranger.bot_said("invitasjon")
    await stranger.taps_token("c:1:y")
    assert answers_of(fake_store, world.meeting_checkin_id) == []
    assert events(fake_store) == []  # nothing stored about a stranger


async def test_long_comment_is_cut_with_a_note(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("å" * 100_000)
    assert chat.bot_said("500")
    comment = current(fake_store, world.week_checkin_id).comment
    assert comment == "å" * 500


async def test_restart_mid_conversation_continues(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("7")
    chat.router = Router(fake_store, clock, default_locale="sv")
    await chat.steward_says("3")
    assert current(fake_store, world.meeting_checkin_id).numbers == {
        "participants": 7,
        "new_members": 3,
    }


async def test_group_chat_ignores_answers(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    group = Chat(router, Sender(Platform.TELEGRAM, "1001", "-100", is_group=True))
    assert await group.taps_token("c:1:y") == []
    assert await group.steward_says("12") == []
    assert answers_of(fake_store, world.meeting_checkin_id) == []


async def test_a_personal_command_in_a_group_points_to_the_private_chat(
    router: Router, world: World
) -> None:
    group = Chat(router, Sender(Platform.TELEGRAM, "1001", "-100", is_group=True))
    (reply,) = await group.steward_commands("plan")
    assert isinstance(reply, Reply)
    assert reply.ephemeral
    assert "privat chatt" in reply.message.text
    assert not reply.message.buttons
    assert not reply.message.sections  # nothing of the person's plan shows in the group
    assert await group.steward_commands("unknownword") == []


async def test_slack_gets_a_form_too(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    FakeSeeder(fake_store.tables).identity(world.steward_id, "slack", "U1", workspace="T1")
    chat = Chat(
        router,
        Sender(Platform.SLACK, "U1", "D1", workspace="T1", capabilities=Capabilities(forms=True)),
    )
    chat.gets_reminder(world.meeting_checkin_id)
    effects = await chat.steward_taps(YES)
    (form,) = [e for e in effects if isinstance(e, OpenForm)]
    assert [f.key for f in form.form.fields] == ["participants", "new_members", "comment"]
    # The form carries the questions: the chat asks them only if the form cannot open.
    assert form.fallback is not None
    assert not [e for e in effects if isinstance(e, Reply)]


async def test_failure_inside_is_an_apology(
    world: World, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "secret text from the person"

    class BrokenStore:
        async def run(self, fn: object) -> object:
            raise RuntimeError(secret)

    router = Router(BrokenStore(), clock)  # type: ignore[arg-type]
    chat = Chat(router, telegram_sender("1001"))
    effects = await chat.steward_says("hemligt")
    assert chat.bot_said("gick fel")
    assert len(effects) == 1
    assert "secret text" not in caplog.text
    assert "hemligt" not in caplog.text
    assert "RuntimeError" in caplog.text
