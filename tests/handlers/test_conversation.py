"""A steward answers a reminder: Yes with numbers, No with a blocker, Later, Not relevant."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, select

from bot.core.clock import FrozenClock
from bot.core.messages import Capabilities, EditMessage, OpenForm, Reply, Sender, Toast
from bot.core.model import Choice, Platform
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import AnswerRow, CheckinRow, ConversationRow, ProcessedEventRow
from tests.handlers.conftest import Chat, World, telegram_sender

YES, NO, LATER, NOT_RELEVANT = Choice.YES, Choice.NO, Choice.LATER, Choice.NOT_RELEVANT


def answers_of(db: Database, checkin_id: int) -> list[AnswerRow]:
    def read(session: Session) -> list[AnswerRow]:
        query = select(AnswerRow).where(AnswerRow.checkin_id == checkin_id)
        return list(session.exec(query.order_by(col(AnswerRow.revision))))

    return db.run_sync(read)


def current(db: Database, checkin_id: int) -> AnswerRow:
    (answer,) = [a for a in answers_of(db, checkin_id) if a.current]
    return answer


def checkin(db: Database, checkin_id: int) -> CheckinRow:
    row = db.run_sync(lambda s: s.get(CheckinRow, checkin_id))
    assert row is not None
    return row


def conversation(db: Database, person_id: int) -> ConversationRow | None:
    return db.run_sync(lambda s: s.get(ConversationRow, person_id))


async def test_yes_then_numbers_then_comment_is_stored(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    effects = await chat.steward_taps(YES)
    assert isinstance(effects[0], EditMessage)
    assert effects[0].message.buttons == ()
    assert isinstance(effects[1], Toast)
    assert chat.bot_said("Antal deltagare")
    assert checkin(sqlite_db, world.meeting_checkin_id).state == "answered"

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

    answer = current(sqlite_db, world.meeting_checkin_id)
    assert answer.choice == "yes"
    assert answer.revision == 1
    assert answer.numbers == {"participants": 12, "new_members": 1000}
    assert answer.comment == "Bra träff, <b>alla</b> kom."
    assert answer.via == "telegram"
    assert conversation(sqlite_db, world.steward_id) is None


async def test_skip_words_and_skip_button(chat: Chat, world: World, sqlite_db: Database) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("hoppa över")
    assert chat.bot_said("Nya medlemmar")
    assert chat.buttons == ()  # no numbered button to confuse with a typed number
    await chat.steward_says("skip")
    assert chat.bot_said("Något styrelsen bör veta?")
    await chat.steward_taps("Hoppa över")
    answer = current(sqlite_db, world.meeting_checkin_id)
    assert answer.numbers == {}
    assert answer.comment is None
    assert conversation(sqlite_db, world.steward_id) is None


@pytest.mark.parametrize("word", ["skip", "hopp over", "Hoppa över!", "–"])
async def test_every_skip_word_skips(
    chat: Chat, world: World, sqlite_db: Database, word: str
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says(word)
    assert current(sqlite_db, world.week_checkin_id).comment is None
    assert conversation(sqlite_db, world.steward_id) is None


async def test_no_then_blocker_help_and_new_date(
    chat: Chat, world: World, sqlite_db: Database
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

    answer = current(sqlite_db, world.week_checkin_id)
    assert answer.choice == "no"
    assert answer.blocker == "Ingen lokal. *bold* @here <!channel>"
    assert answer.needs_help is True
    assert answer.new_date == date(2025, 3, 15)


async def test_no_without_new_date(chat: Chat, world: World, sqlite_db: Database) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(NO)
    await chat.steward_says("Sjuk")
    await chat.steward_says("nej")
    await chat.steward_says("nej")
    answer = current(sqlite_db, world.week_checkin_id)
    assert (answer.blocker, answer.needs_help, answer.new_date) == ("Sjuk", False, None)
    assert conversation(sqlite_db, world.steward_id) is None


async def test_later_snoozes_until_tomorrow(
    chat: Chat, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    effects = await chat.steward_taps(LATER)
    row = checkin(sqlite_db, world.week_checkin_id)
    assert row.state == "snoozed"
    assert row.next_send_at == datetime(2025, 3, 4, 8, 0, tzinfo=UTC)
    assert answers_of(sqlite_db, world.week_checkin_id) == []
    assert any(isinstance(e, EditMessage) for e in effects)
    assert any(isinstance(e, Toast) for e in effects)


async def test_not_relevant_is_stored_without_questions(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(NOT_RELEVANT)
    assert current(sqlite_db, world.meeting_checkin_id).choice == "not_relevant"
    assert conversation(sqlite_db, world.steward_id) is None
    assert not chat.bot_said("Antal deltagare")


async def test_changed_answer_keeps_history(chat: Chat, world: World, sqlite_db: Database) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_taps(NO)
    history = answers_of(sqlite_db, world.week_checkin_id)
    assert [(a.revision, a.choice, a.current) for a in history] == [
        (1, "yes", False),
        (2, "no", True),
    ]
    step = conversation(sqlite_db, world.steward_id)
    assert step is not None
    assert step.step == "blocker"


async def test_same_choice_twice_changes_nothing(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    effects = await chat.steward_taps(YES)
    assert [type(e) for e in effects] == [Toast]
    assert len(answers_of(sqlite_db, world.week_checkin_id)) == 1


async def test_redelivered_event_is_recorded_once(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES, event_id="update-77")
    # A redelivery is the same update again; without the check it would get a toast.
    again = await chat.steward_taps(YES, event_id="update-77")
    assert again == []
    assert [a.choice for a in answers_of(sqlite_db, world.week_checkin_id)] == ["yes"]
    events = sqlite_db.run_sync(lambda s: list(s.exec(select(ProcessedEventRow))))
    assert [(e.platform, e.event_id) for e in events if e.event_id == "update-77"] == [
        ("telegram", "update-77")
    ]


@pytest.mark.parametrize("token", ["c:zz:q", "c:1", "x" * 65, "", "c:0:y", "DROP TABLE"])
async def test_forged_token_changes_nothing(
    chat: Chat, world: World, sqlite_db: Database, token: str, caplog: pytest.LogCaptureFixture
) -> None:
    effects = await chat.taps_token(token)
    assert [type(e) for e in effects] == [Toast]
    assert answers_of(sqlite_db, world.week_checkin_id) == []
    assert "invalid token" in caplog.text
    assert token not in caplog.text or token == ""


async def test_someone_elses_checkin_is_refused(
    chat: Chat, world: World, sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    chat.gets_reminder(world.other_checkin_id)
    effects = await chat.steward_taps(YES)
    assert [type(e) for e in effects] == [Toast]
    assert answers_of(sqlite_db, world.other_checkin_id) == []
    assert "checkin not owned" in caplog.text


async def test_archived_item_gets_a_clear_message(
    chat: Chat, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    def archive(session: Session) -> None:
        from storage.tables import PlanItemRow

        item = session.get(PlanItemRow, world.week_item_id)
        assert item is not None
        item.archived_at = clock.now()
        session.add(item)

    sqlite_db.run_sync(archive)
    chat.gets_reminder(world.week_checkin_id)
    effects = await chat.steward_taps(YES)
    assert chat.bot_said("inte längre med i planen")
    assert any(isinstance(e, EditMessage) and not e.message.buttons for e in effects)
    assert answers_of(sqlite_db, world.week_checkin_id) == []


async def test_unknown_user_is_told_how_to_get_an_invite(
    router: Router, world: World, sqlite_db: Database
) -> None:
    stranger = Chat(router, telegram_sender("9999", language_code="nb-NO"))
    await stranger.steward_says("hei")
    assert stranger.bot_said("invitasjon")
    await stranger.taps_token("c:1:y")
    assert answers_of(sqlite_db, world.meeting_checkin_id) == []
    events = sqlite_db.run_sync(lambda s: list(s.exec(select(ProcessedEventRow))))
    assert events == []  # nothing stored about a stranger


async def test_long_comment_is_cut_with_a_note(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("å" * 100_000)
    assert chat.bot_said("500")
    comment = current(sqlite_db, world.week_checkin_id).comment
    assert comment == "å" * 500


async def test_restart_mid_conversation_continues(
    chat: Chat, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("7")
    chat.router = Router(SqlConversationStore(sqlite_db), clock, default_locale="sv")
    await chat.steward_says("3")
    assert current(sqlite_db, world.meeting_checkin_id).numbers == {
        "participants": 7,
        "new_members": 3,
    }


async def test_group_chat_ignores_answers(
    router: Router, world: World, sqlite_db: Database
) -> None:
    group = Chat(router, Sender(Platform.TELEGRAM, "1001", "-100", is_group=True))
    assert await group.taps_token("c:1:y") == []
    assert await group.steward_says("12") == []
    assert answers_of(sqlite_db, world.meeting_checkin_id) == []


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


async def test_slack_gets_a_form_too(router: Router, world: World, sqlite_db: Database) -> None:
    def link(session: Session) -> None:
        from storage.tables import ChatIdentityRow

        session.add(
            ChatIdentityRow(
                person_id=world.steward_id, platform="slack", workspace="T1", user_id="U1"
            )
        )

    sqlite_db.run_sync(link)
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
