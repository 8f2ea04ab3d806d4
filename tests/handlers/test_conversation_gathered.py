"""A gathered reminder stays answerable: each tap redraws the whole message, not one item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from bot.core.clock import FrozenClock
from bot.core.i18n import translator
from bot.core.messages import (
    ChoiceSelected,
    EditMessage,
    Effect,
    MessageRef,
    OutgoingMessage,
    Reply,
    Toast,
)
from bot.core.model import Choice, Platform
from handlers.answers import NOT_YOURS
from handlers.router import Router
from handlers.scheduling import dispatch
from handlers.tokens import ChoiceToken, decode, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import AnswerRow, CheckinRow, PlanItemRow
from tests.handlers.conftest import Chat, World, seed_world, telegram_sender
from tests.scheduler.seed import RecordingTransport

SV = translator("sv")


@pytest.fixture
def world(db: Database) -> World:
    return seed_world(db)


@pytest.fixture
def router(db: Database, clock: FrozenClock) -> Router:
    return Router(SqlConversationStore(db), clock, default_locale="sv", max_comment_chars=500)


@pytest.fixture
def anna(router: Router, world: World) -> Chat:
    return Chat(router, telegram_sender("1001"))


def make_due(db: Database, at: datetime, *checkin_ids: int) -> None:
    """The check-ins fall due at `at`, as materialise would leave them."""

    def update(session: Session) -> None:
        for checkin_id in checkin_ids:
            row = session.get(CheckinRow, checkin_id)
            assert row is not None
            row.state, row.next_send_at = "scheduled", at
            session.add(row)

    db.run_sync(update)


async def reminder_sent(
    db: Database, clock: FrozenClock, *checkin_ids: int
) -> tuple[OutgoingMessage, MessageRef]:
    """The real dispatcher sends Anna's due check-ins; returns her one message and its ref."""
    make_due(db, clock.now(), *checkin_ids)
    telegram = RecordingTransport(Platform.TELEGRAM)
    await dispatch(SqlSchedulingStore(db), {Platform.TELEGRAM: telegram}, clock, owner="test")
    [(address, message)] = telegram.sent
    return message, MessageRef(Platform.TELEGRAM, address.chat_id, "1")


def token_of(message: OutgoingMessage, label: str) -> str:
    found = [b.token for b in message.buttons if b.label == label]
    assert found, f"no button {label!r} in {[b.label for b in message.buttons]}"
    return found[0]


async def taps(chat: Chat, token: str, ref: MessageRef) -> list[Effect]:
    """A tap under the message `ref` (the chat helper's own ref follows its last reply)."""
    return await chat.send(ChoiceSelected(chat.sender, token, chat.next_event_id(), ref))


def edit_in(effects: list[Effect]) -> EditMessage:
    [edit] = [e for e in effects if isinstance(e, EditMessage)]
    return edit


def ids_of(message: OutgoingMessage) -> set[int]:
    found = set()
    for button in message.buttons:
        token = decode(button.token)
        assert isinstance(token, ChoiceToken)
        found.add(token.checkin_id)
    return found


def answers_of(db: Database, checkin_id: int) -> list[AnswerRow]:
    query = select(AnswerRow).where(AnswerRow.checkin_id == checkin_id)
    return db.run_sync(lambda s: list(s.exec(query.order_by(col(AnswerRow.id)))))


def your_answer(choice: Choice) -> str:
    label = {Choice.YES: "Yes", Choice.NO: "No", Choice.LATER: "Later"}[choice]
    return SV.gettext("Your answer: {answer}", answer=SV.gettext(label))


async def test_yes_on_item_one_keeps_item_two_answerable_then_no_closes_the_message(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    sent, ref = await reminder_sent(db, clock, world.meeting_checkin_id, world.week_checkin_id)
    assert len(sent.buttons) == 8  # the bot says: two items, "1: Ja" … "2: Inte aktuellt"

    effects = await taps(anna, token_of(sent, "1: Ja"), ref)  # Anna taps "1: Ja"
    edit = edit_in(effects)
    assert edit.ref == ref
    assert edit.message.title == sent.title
    assert edit.message.buttons == sent.buttons[4:]  # item 2: same labels, same tokens
    assert [s.title for s in edit.message.sections] == [s.title for s in sent.sections]
    assert your_answer(Choice.YES) in edit.message.sections[0].lines
    assert edit.message.sections[1] == sent.sections[1]  # item 2 as it was, deadline too
    assert "1 punkt väntar" in edit.message.text
    assert anna.bot_said("Antal deltagare")  # the Yes still asks its follow-up question

    effects = await taps(anna, token_of(sent, "2: Nej"), ref)  # Anna taps "2: Nej"
    edit = edit_in(effects)
    assert edit.message.buttons == ()
    assert your_answer(Choice.YES) in edit.message.sections[0].lines
    assert your_answer(Choice.NO) in edit.message.sections[1].lines
    assert edit.message.text == SV.gettext(
        "Thank you! Nothing in this message is waiting for an answer now."
    )
    assert anna.bot_said("Vad kom emellan")  # the No asks what got in the way
    assert [a.choice for a in answers_of(db, world.meeting_checkin_id)] == ["yes"]
    assert [a.choice for a in answers_of(db, world.week_checkin_id)] == ["no"]


async def test_later_on_one_item_shows_when_it_comes_back_and_keeps_the_other(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    sent, ref = await reminder_sent(db, clock, world.meeting_checkin_id, world.week_checkin_id)
    edit = edit_in(await taps(anna, token_of(sent, "2: Senare"), ref))
    until = SV.datetime_local(clock.now() + timedelta(days=1), "Europe/Stockholm")
    snooze = SV.gettext("Later: I will ask again {when}.", when=until)
    assert snooze in edit.message.sections[1].lines
    assert edit.message.buttons == sent.buttons[:4]  # item 1 can still be answered
    assert answers_of(db, world.week_checkin_id) == []


async def test_the_numbering_is_the_order_the_message_was_sent_in(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    # The later check-in falls due first, so it is item 1 although its id is higher.
    make_due(db, clock.now() - timedelta(hours=1), world.week_checkin_id)
    make_due(db, clock.now(), world.meeting_checkin_id)
    telegram = RecordingTransport(Platform.TELEGRAM)
    await dispatch(SqlSchedulingStore(db), {Platform.TELEGRAM: telegram}, clock, owner="test")
    [(address, sent)] = telegram.sent
    ref = MessageRef(Platform.TELEGRAM, address.chat_id, "1")
    assert decode(sent.buttons[0].token) == ChoiceToken(world.week_checkin_id, Choice.YES)

    edit = edit_in(await taps(anna, token_of(sent, "2: Ja"), ref))
    assert [s.title for s in edit.message.sections] == [s.title for s in sent.sections]
    assert edit.message.buttons == sent.buttons[:4]
    assert your_answer(Choice.YES) in edit.message.sections[1].lines


async def test_a_forged_tap_for_another_persons_checkin_changes_nothing(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    sent, ref = await reminder_sent(db, clock, world.meeting_checkin_id, world.week_checkin_id)

    def bo_shares_the_ref(session: Session) -> None:
        # Even a row of Bo's that carries the very same message ref stays out of Anna's view.
        row = session.get(CheckinRow, world.other_checkin_id)
        assert row is not None
        row.message_platform, row.message_chat_id, row.message_id = "telegram", ref.chat_id, "1"
        session.add(row)

    db.run_sync(bo_shares_the_ref)
    forged = encode(ChoiceToken(world.other_checkin_id, Choice.YES))
    effects = await taps(anna, forged, ref)
    assert effects == [Toast(SV.gettext(NOT_YOURS))]
    assert answers_of(db, world.other_checkin_id) == []

    bo = Chat(anna.router, telegram_sender("1002"))  # Bo taps under Anna's message
    effects = await taps(bo, token_of(sent, "1: Ja"), ref)
    assert effects == [Toast(SV.gettext(NOT_YOURS))]
    assert answers_of(db, world.meeting_checkin_id) == []

    edit = edit_in(await taps(anna, token_of(sent, "1: Ja"), ref))
    assert ids_of(edit.message) == {world.week_checkin_id}
    assert len(edit.message.sections) == 2  # Anna's two items, nothing of Bo's


async def test_a_single_item_reminder_is_edited_as_before(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    sent, ref = await reminder_sent(db, clock, world.meeting_checkin_id)
    assert len(sent.buttons) == 4
    effects = await taps(anna, token_of(sent, "Ja"), ref)
    expected = OutgoingMessage(your_answer(Choice.YES), title="Digitala träffar för ombud")
    assert effects[0] == EditMessage(ref, expected)
    assert isinstance(effects[1], Toast)
    assert any(isinstance(e, Reply) for e in effects)


async def test_a_tap_under_an_unknown_message_edits_only_the_tapped_item(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    sent, ref = await reminder_sent(db, clock, world.meeting_checkin_id, world.week_checkin_id)
    for stranger in (
        MessageRef(Platform.TELEGRAM, ref.chat_id, "999"),  # an older or forged message id
        MessageRef(Platform.TELEGRAM, "1002", ref.message_id),  # someone else's chat
        MessageRef(Platform.SLACK, ref.chat_id, ref.message_id),  # another platform
    ):
        edit = edit_in(await taps(anna, token_of(sent, "1: Nej"), stranger))
        assert edit.ref == stranger
        assert edit.message.buttons == ()
        assert edit.message.sections == ()
        await taps(anna, token_of(sent, "1: Ja"), stranger)  # so the next No is a change


async def test_an_item_taken_out_of_the_plan_shows_so_and_loses_its_buttons(
    anna: Chat, world: World, db: Database, clock: FrozenClock
) -> None:
    sent, ref = await reminder_sent(db, clock, world.meeting_checkin_id, world.week_checkin_id)

    def archive_week(session: Session) -> None:
        item = session.get(PlanItemRow, world.week_item_id)
        assert item is not None
        item.archived_at = datetime(2025, 3, 3, 7, tzinfo=UTC)
        session.add(item)

    db.run_sync(archive_week)
    edit = edit_in(await taps(anna, token_of(sent, "1: Ja"), ref))
    assert edit.message.buttons == ()
    closed = SV.gettext("This item is no longer in the plan, so there is nothing to report.")
    assert closed in edit.message.sections[1].lines
    assert your_answer(Choice.YES) in edit.message.sections[0].lines
