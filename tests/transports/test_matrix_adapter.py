"""A new platform is one adapter file: a reminder, a tap and the answers through the executor.

The Matrix-like transport in matrix_adapter.py is the only new code; the dispatcher, the
router, the handlers and the executor are the ones every platform uses. It fills Telegram's
platform slot (the list of platforms is a closed enum until person handles are neutral),
with Matrix-shaped ids, so nothing else in the house knows it is there.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot.core.clock import FrozenClock
from bot.core.messages import OutgoingMessage
from bot.core.model import Choice
from handlers.router import Router
from handlers.scheduling import dispatch
from handlers.tokens import ChoiceToken, decode, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import AnswerRow, ChatIdentityRow, CheckinRow
from tests.handlers.conftest import World, seed_world
from tests.transports.matrix_adapter import MATRIX, Call, MatrixTransport

ANNA = "@anna:example.org"
ROOM = "!anna-dm:example.org"


@pytest.fixture
def world(sqlite_db: Database) -> World:
    """The handlers' small union; Anna's chat account is a Matrix user and room."""
    seeded = seed_world(sqlite_db)

    def relink(session: Session) -> None:
        query = select(ChatIdentityRow).where(col(ChatIdentityRow.person_id) == seeded.steward_id)
        for row in session.exec(query):
            row.platform, row.user_id, row.chat_id = MATRIX.value, ANNA, ROOM
            session.add(row)

    sqlite_db.run_sync(relink)
    return seeded


@pytest.fixture
async def matrix(sqlite_db: Database, clock: FrozenClock) -> MatrixTransport:
    transport = MatrixTransport()
    await transport.start(
        Router(SqlConversationStore(sqlite_db), clock, default_locale="sv").handle
    )
    return transport


def make_due(db: Database, clock: FrozenClock, checkin_id: int) -> None:
    def update(session: Session) -> None:
        row = session.get(CheckinRow, checkin_id)
        assert row is not None
        row.state, row.next_send_at = "scheduled", clock.now()
        session.add(row)

    db.run_sync(update)


def yes_token(message: OutgoingMessage | None, checkin_id: int) -> str:
    assert message is not None
    for button in message.buttons:
        token = decode(button.token)
        if isinstance(token, ChoiceToken) and token.choice is Choice.YES:
            assert token.checkin_id == checkin_id
            return button.token
    raise AssertionError("the reminder has no Yes button")


def tap(token: str, message_event: str, event_id: str) -> dict[str, Any]:
    content = {"token": token, "relates_to": message_event}
    return {"type": "ombud.tap", "sender": ANNA, "room_id": ROOM, "event_id": event_id,
            "content": content}  # fmt: skip


def says(text: str, event_id: str) -> dict[str, Any]:
    return {"type": "m.room.message", "sender": ANNA, "room_id": ROOM, "event_id": event_id,
            "content": {"body": text}}  # fmt: skip


def text_of(call: Call) -> str:
    assert call.message is not None
    return call.message.text


def answers(db: Database) -> list[AnswerRow]:
    return db.run_sync(lambda session: list(session.exec(select(AnswerRow))))


async def test_reminder_tap_and_answers_go_through_the_new_adapter(
    matrix: MatrixTransport, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    make_due(sqlite_db, clock, world.meeting_checkin_id)
    report = await dispatch(SqlSchedulingStore(sqlite_db), {MATRIX: matrix}, clock, owner="t")
    assert report.sent == 1
    [reminder] = matrix.calls
    assert (reminder.kind, reminder.room) == ("send", ROOM)

    await matrix.receive(tap(yes_token(reminder.message, world.meeting_checkin_id),
                             reminder.event_id, "$tap1"))  # fmt: skip
    toast, edit, question = matrix.calls[1:]
    # The executor's order: the tap is acknowledged first, then the effects as the handler gave.
    assert (toast.kind, edit.kind, question.kind) == ("toast", "edit", "send")
    assert toast.toast
    assert (edit.event_id, edit.message and edit.message.buttons) == (reminder.event_id, ())
    assert "Antal deltagare" in text_of(question)  # the item's first metric (plan: MEETING)

    await matrix.receive(says("12", "$m1"))
    assert "Nya medlemmar" in text_of(matrix.calls[-1])
    await matrix.receive(says("3", "$m2"))
    assert "Något styrelsen bör veta?" in text_of(matrix.calls[-1])
    await matrix.receive(says("Bra träff", "$m3"))

    [answer] = answers(sqlite_db)
    assert (answer.checkin_id, answer.choice) == (world.meeting_checkin_id, "yes")
    assert answer.numbers == {"participants": 12, "new_members": 3}
    assert answer.comment == "Bra träff"
    assert all(call.room == ROOM for call in matrix.calls)


async def test_a_tap_on_someone_elses_checkin_is_only_acknowledged(
    matrix: MatrixTransport, world: World, sqlite_db: Database
) -> None:
    forged = encode(ChoiceToken(world.other_checkin_id, Choice.YES))  # Bo's check-in
    await matrix.receive(tap(forged, "$e99", "$tap1"))
    assert [call.kind for call in matrix.calls] == ["toast"]
    assert answers(sqlite_db) == []
