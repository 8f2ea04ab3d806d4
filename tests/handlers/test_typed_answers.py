"""A steward answers a reminder in words ("ja", "Nej!") instead of its buttons: with one
report waiting it is recorded as the tap would be, and the chat says on which item; with
several the steward is shown how to choose; with none the word is not an answer."""

from __future__ import annotations

import pytest

from bot.core.clock import FrozenClock
from bot.core.messages import Effect, Toast
from bot.core.model import Choice
from handlers.router import Router
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.world import World
from tests.handlers.conftest import Chat, effect_text, later, revisions, telegram_sender


@pytest.fixture
def router_chat_bo(router: Router, world: World) -> Chat:
    """Bo, a steward on Telegram with one report waiting (the meeting)."""
    return Chat(router, telegram_sender("1002"))


def said(effects: list[Effect]) -> str:
    return "\n".join(effect_text(e) for e in effects)


async def test_with_two_reports_waiting_a_typed_yes_asks_which_and_records_nothing(
    chat: Chat, fake_store: FakeConversationStore, world: World
) -> None:
    effects = await chat.steward_says("ja")

    assert "2 rapporter väntar på ditt svar" in said(effects)
    assert "/rapport" in said(effects)
    assert revisions(fake_store, world.meeting_checkin_id) == []
    assert revisions(fake_store, world.week_checkin_id) == []


async def test_with_one_report_waiting_a_typed_no_is_recorded_on_it(
    chat: Chat, fake_store: FakeConversationStore, world: World
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(Choice.NOT_RELEVANT)  # the meeting answered by its button
    assert revisions(fake_store, world.meeting_checkin_id) == [(1, "not_relevant", True)]

    effects = await chat.steward_says("Nej!")

    assert revisions(fake_store, world.week_checkin_id) == [(1, "no", True)]
    assert not any(isinstance(e, Toast) for e in effects)  # said in the chat instead
    assert "Registrerat: Nej" in said(effects)
    assert "Värvningsvecka" in said(effects)  # which item the word answered
    assert "Vad kom emellan" in said(effects)  # a No asks its questions, as after a tap
    for _question in range(5):  # the No's questions, each skipped, until the thank-you
        if "Tack" in said(await chat.steward_says("hoppa över")):
            break
    else:
        raise AssertionError("the questions never ended")
    again = await chat.steward_says("ja")  # nothing waiting any more: not an answer
    assert "förstod jag inte" in said(again)
    assert revisions(fake_store, world.week_checkin_id) == [(1, "no", True)]


async def test_a_typed_yes_then_goes_on_to_the_items_questions(
    router_chat_bo: Chat, fake_store: FakeConversationStore, world: World
) -> None:
    effects = await router_chat_bo.steward_says("jo")  # Bo has one report waiting: the meeting

    assert revisions(fake_store, world.other_checkin_id) == [(1, "yes", True)]
    assert "Antal deltagare" in said(effects)  # the meeting's first question
    await router_chat_bo.steward_says("9")
    answer = next(
        a for a in fake_store.tables.answers.values() if a.checkin_id == world.other_checkin_id
    )
    assert 9 in answer.numbers.values()


async def test_a_snoozed_report_can_be_answered_in_words(
    router_chat_bo: Chat, fake_store: FakeConversationStore, world: World, clock: FrozenClock
) -> None:
    router_chat_bo.gets_reminder(world.other_checkin_id)
    await router_chat_bo.steward_taps(Choice.LATER)
    later(clock, 1)

    await router_chat_bo.steward_says("ja")

    assert revisions(fake_store, world.other_checkin_id) == [(1, "yes", True)]


async def test_other_words_are_still_not_understood(
    chat: Chat, fake_store: FakeConversationStore, world: World
) -> None:
    effects = await chat.steward_says("kanske")

    assert "förstod jag inte" in said(effects)
    assert fake_store.tables.answers == {}


async def test_a_yes_or_no_question_has_yes_and_no_buttons_that_answer_it(
    chat: Chat, fake_store: FakeConversationStore, world: World
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(Choice.NO)
    asked = await chat.steward_says("Chefen flyttade mötet")
    assert "kontakta dig" in said(asked)
    assert [b.label for b in chat.buttons] == ["Ja", "Nej", "Hoppa över"]
    yes = chat.button("Ja").token

    effects = await chat.steward_taps("Ja")

    assert any(isinstance(e, Toast) and e.text == "Ja" for e in effects)
    assert "nytt datum" in said(effects)  # on to the next question
    answer = next(a for a in fake_store.tables.answers.values() if a.current)
    assert (answer.blocker, answer.needs_help) == ("Chefen flyttade mötet", True)
    done = await chat.steward_says("hoppa över")
    assert "hör av sig till dig" in said(done)  # the board will get in touch
    stale = await chat.taps_token(yes)  # the same button again, the questions over
    assert [e.text for e in stale if isinstance(e, Toast)] == ["Den frågan är avslutad nu. Tack!"]
    assert (answer.blocker, answer.needs_help) == ("Chefen flyttade mötet", True)
