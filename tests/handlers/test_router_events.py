"""Handled-event ids: keyed on the bot, dropped silently only when really the same event."""

from __future__ import annotations

from dataclasses import replace

from bot.core.messages import ChoiceSelected, Effect, Sender, TextReceived
from bot.core.model import Choice, Platform
from handlers.router import Router
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.records import AnswerRecord
from tests.handlers.conftest import Chat, World


def from_bot(bot: str) -> Sender:
    """Anna (Telegram user 1001) writing to the bot with this id."""
    return Sender(Platform.TELEGRAM, user_id="1001", chat_id="1001", bot=bot)


def current_answer(store: FakeConversationStore, checkin_id: int) -> AnswerRecord:
    answers = store.tables.answers.values()
    (answer,) = [a for a in answers if a.checkin_id == checkin_id and a.current]
    return answer


async def talk(router: Router, sender: Sender, *lines: str | ChoiceSelected) -> list[list[Effect]]:
    """Each line is one update, numbered from 1 as a freshly started bot numbers them."""
    said = []
    for n, line in enumerate(lines, start=1):
        if isinstance(line, str):
            said.append(await router.handle(TextReceived(sender, line, f"tg:{n}")))
        else:
            said.append(await router.handle(replace(line, sender=sender, event_id=f"tg:{n}")))
    return said


def tap(chat: Chat, checkin_id: int) -> ChoiceSelected:
    chat.gets_reminder(checkin_id)
    return ChoiceSelected(chat.sender, chat.button(Choice.YES).token, "")


async def test_a_new_bot_restarting_update_ids_is_heard(
    router: Router, chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    old = await talk(
        router, from_bot("111"), tap(chat, world.week_checkin_id), "Bra vecka", "/plan"
    )
    assert all(old), old
    # A new bot on the same database: its update ids start again from 1.
    meeting = tap(chat, world.meeting_checkin_id)
    new = await talk(router, from_bot("222"), meeting, "12", "3", "Lokalen var för liten")
    assert all(new), new  # every update is answered ...
    answer = current_answer(fake_store, world.meeting_checkin_id)  # ... and everything stored
    assert (answer.numbers, answer.comment) == (
        {"participants": 12, "new_members": 3},
        "Lokalen var för liten",
    )
    assert current_answer(fake_store, world.week_checkin_id).comment == "Bra vecka"


async def test_a_reused_id_with_other_content_is_not_dropped(
    router: Router, chat: Chat, world: World
) -> None:
    sender = from_bot("111")
    first = await router.handle(TextReceived(sender, "/plan", "tg:5"))
    other = await router.handle(TextReceived(sender, "/hjalp", "tg:5"))
    same = await router.handle(TextReceived(sender, "/hjalp", "tg:5"))
    assert first
    assert other  # not the same event: it is answered
    assert same == []  # a true redelivery from the same bot stays silent


async def test_the_same_update_from_the_same_bot_is_handled_once(
    router: Router, chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    sender = from_bot("111")
    effects = await talk(router, sender, tap(chat, world.week_checkin_id), "Bra")
    again = await talk(router, sender, tap(chat, world.week_checkin_id), "Bra")
    assert all(effects)
    assert again == [[], []]
    rows = list(fake_store.tables.answers.values())
    assert len(rows) == 1
