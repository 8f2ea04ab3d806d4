"""A tap recorded on receipt (Router.record_taps) and then handled: the steward sees, and the
board counts, exactly what the same tap handled the ordinary way gives, questions included;
only first answers on one's own open check-in are taken, and a second handling says nothing."""

from __future__ import annotations

from dataclasses import replace

from bot.core.clock import FrozenClock
from bot.core.messages import ChoiceSelected, MessageRef, Sender
from bot.core.model import Choice, Platform
from handlers.router import Router
from handlers.tokens import ChoiceToken, encode
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.seeding import FakeSeeder
from tests.fakes.world import World, build_world
from tests.handlers.conftest import Chat, effect_text, revisions, telegram_sender

ANNA, BO = "1001", "1002"


def fresh(clock: FrozenClock) -> tuple[Router, FakeConversationStore, World]:
    store = FakeConversationStore()
    world = build_world(FakeSeeder(store.tables))
    return Router(store, clock, default_locale="sv", max_comment_chars=500), store, world


def tap(sender: Sender, checkin_id: int, choice: Choice, event_id: str) -> ChoiceSelected:
    ref = MessageRef(Platform.TELEGRAM, sender.chat_id, str(checkin_id))
    return ChoiceSelected(sender, encode(ChoiceToken(checkin_id, choice)), event_id, ref)


async def test_a_recorded_tap_then_its_questions_read_as_the_ordinary_way(
    clock: FrozenClock,
) -> None:
    transcripts, stored = [], []
    for on_receipt in (False, True):
        router, store, world = fresh(clock)
        anna = Chat(router, telegram_sender(ANNA))
        anna.gets_reminder(world.meeting_checkin_id)
        event = tap(anna.sender, world.meeting_checkin_id, Choice.YES, "t1")
        if on_receipt:
            recorded = await router.record_taps([event])
            assert set(recorded) == {"t1"}
            assert revisions(store, world.meeting_checkin_id) == [(1, "yes", True)]
            event = replace(event, recorded=recorded["t1"])
        said = [effect_text(e) for e in await anna.send(event)]
        said += [effect_text(e) for e in await anna.steward_says("14")]
        said += [effect_text(e) for e in await anna.steward_says("hoppa över")]
        transcripts.append(said)
        answer = next(a for a in store.tables.answers.values() if a.current)
        stored.append((revisions(store, world.meeting_checkin_id), dict(answer.numbers)))

    assert transcripts[0] == transcripts[1]
    assert stored[0] == stored[1]
    assert stored[1][0] == [(1, "yes", True)]
    assert 14 in stored[1][1].values()  # the participants, on the answer recorded on receipt


async def test_only_first_answers_on_ones_own_open_checkin_are_recorded_on_receipt(
    clock: FrozenClock,
) -> None:
    router, store, world = fresh(clock)
    anna, bo = telegram_sender(ANNA), telegram_sender(BO)
    earlier = await router.record_taps([tap(bo, world.other_checkin_id, Choice.NO, "bo-1")])
    assert set(earlier) == {"bo-1"}
    group = replace(bo, chat_id="-100", is_group=True)
    forged = ChoiceSelected(anna, "c:zz:q", "forged")

    recorded = await router.record_taps(
        [
            tap(anna, world.meeting_checkin_id, Choice.LATER, "later"),  # a snooze, not an answer
            tap(bo, world.meeting_checkin_id, Choice.YES, "not-his"),  # Anna's check-in
            tap(telegram_sender("9999"), world.meeting_checkin_id, Choice.YES, "stranger"),
            tap(group, world.other_checkin_id, Choice.YES, "in-a-group"),
            forged,
            tap(bo, world.other_checkin_id, Choice.YES, "bo-2"),  # already answered: a correction
            tap(anna, world.week_checkin_id, Choice.NOT_RELEVANT, "anna-week"),
            tap(anna, world.meeting_checkin_id, Choice.YES, "anna-meeting"),  # her second
            tap(bo, world.other_checkin_id, Choice.NO, "bo-1"),  # a redelivery
        ]
    )

    assert set(recorded) == {"anna-week"}
    assert revisions(store, world.week_checkin_id) == [(1, "not_relevant", True)]
    assert revisions(store, world.meeting_checkin_id) == []
    assert revisions(store, world.other_checkin_id) == [(1, "no", True)]


async def test_a_recorded_tap_handled_twice_says_nothing_the_second_time(
    clock: FrozenClock,
) -> None:
    router, store, world = fresh(clock)
    anna = Chat(router, telegram_sender(ANNA))
    event = tap(anna.sender, world.week_checkin_id, Choice.YES, "w1")
    recorded = await router.record_taps([event])
    handled = replace(event, recorded=recorded["w1"])

    first = await anna.send(handled)
    again = await anna.send(handled)  # the receipt was left by a restart: handled once more
    redelivered = await anna.send(event)  # and Telegram delivers the tap once more

    assert first != []
    assert again == []
    assert redelivered == []
    assert revisions(store, world.week_checkin_id) == [(1, "yes", True)]
