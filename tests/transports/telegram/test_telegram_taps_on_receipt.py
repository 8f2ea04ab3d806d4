"""Taps recorded on receipt: a burst's first answers are stored in one transaction as soon as
the webhook has answered, before each tap is handled; what the steward then sees, the answers
stored, and the order of each person's taps are the same as when every tap is handled one by
one (real HTTP on 127.0.0.1, the real router, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.core.clock import FrozenClock
from bot.core.messages import ChoiceSelected
from bot.core.model import Choice, Platform
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.inbox import SqlUpdateInbox
from tests.transports.inbound_world import NOW, Gate, Steward, revisions, seed_stewards
from tests.transports.telegram.conftest import Started, TransportFactory
from tests.transports.telegram.fake_bot_api import BOT_ID, FakeBotApi, post_update
from tests.transports.telegram.taps import answered_queries, tap_update, webhook_transport

SECRET = "receipt-secret"


class Recorder:
    """The router's `record_taps`, noting which taps it was given and which it recorded."""

    def __init__(
        self, router: Router, fail: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        self.router = router
        self.fail = fail
        self.then = then  # called once the recording is over
        self.given: list[str] = []
        self.recorded: dict[str, int] = {}

    async def __call__(self, taps: Sequence[ChoiceSelected]) -> Mapping[str, int]:
        self.given.extend(tap.event_id for tap in taps)
        if self.fail:
            raise ConnectionError("database unreachable")
        recorded = await self.router.record_taps(taps)
        self.recorded.update(recorded)
        if self.then is not None:
            self.then()
        return recorded


def router_of(db: Database) -> Router:
    return Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")


async def start(
    make_transport: TransportFactory,
    db: Database,
    started: Started,
    handler: Gate,
    recorder: Recorder | None,
    **options: Any,
) -> str:
    transport, url = webhook_transport(make_transport, SECRET, inbox=SqlUpdateInbox(db), **options)
    started.append(transport)
    await transport.start(handler, record_taps=recorder)
    return url


async def until_cleared(db: Database) -> None:
    inbox = SqlUpdateInbox(db)
    for _ in range(500):
        if not await inbox.pending(Platform.TELEGRAM, str(BOT_ID)):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("receipts left")


def seen_by(api: FakeBotApi, steward: Steward) -> list[tuple[str, str]]:
    """What the steward's chat got after the tap's answer: (method, text), in order."""
    chat = str(steward.telegram_id)
    return [
        (call.method, str(call.params.get("text", "")))
        for call in api.calls
        if str(call.params.get("chat_id", "")) == chat
    ]


async def burst(api: FakeBotApi, url: str, taps: Sequence[dict[str, Any]]) -> None:
    statuses = await asyncio.gather(*(post_update(api, url, tap, SECRET) for tap in taps))
    assert statuses == [200] * len(taps)


async def test_a_burst_is_stored_before_any_tap_is_handled_and_seen_as_one_by_one(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    stewards = seed_stewards(db, 60)
    one_by_one, on_receipt = stewards[:30], stewards[30:]
    choices = [(Choice.YES, Choice.NO, Choice.NOT_RELEVANT)[n % 3] for n in range(30)]

    # The same taps handled one by one (no recording on receipt), as the reference.
    plain = Gate(router_of(db))
    url = await start(make_transport, db, started, plain, None)
    await burst(fake_api, url, [tap_update(s, c, f"p{n}") for n, (s, c) in
                                enumerate(zip(one_by_one, choices, strict=True))])  # fmt: skip
    await plain.wait_handled(30)
    await started.pop().stop()

    # Recorded on receipt: what is stored, and what was handled, once the recording is over.
    router = router_of(db)
    handler = Gate(router)
    then: list[tuple[list[str], list[list[tuple[int, str, bool]]]]] = []

    def look() -> None:
        then.append((list(handler.entered), [revisions(db, s.checkin_id) for s in on_receipt]))

    recorder = Recorder(router, then=look)
    url = await start(make_transport, db, started, handler, recorder)
    await burst(fake_api, url, [tap_update(s, c, f"r{n}") for n, (s, c) in
                                enumerate(zip(on_receipt, choices, strict=True))])  # fmt: skip
    await handler.wait_handled(30)

    assert set(recorder.recorded) == {f"tg:cq:r{n}" for n in range(30)}
    entered_then = [event for entered, _stored in then for event in entered]
    assert entered_then == []  # no tap of the burst was handled before its recording
    stored_then: dict[Steward, list[tuple[int, str, bool]]] = {}
    for _entered, stored in then:  # the burst may come in more than one group
        for steward, found in zip(on_receipt, stored, strict=True):
            if found:
                stored_then.setdefault(steward, found)
    assert [stored_then.get(s) for s in on_receipt] == [[(1, c.value, True)] for c in choices]

    await fake_api.wait_for(lambda: all(len(seen_by(fake_api, s)) >= 2 for s in on_receipt))
    assert sorted(answered_queries(fake_api)) == sorted(
        [f"p{n}" for n in range(30)] + [f"r{n}" for n in range(30)]
    )
    for reference, steward, choice in zip(one_by_one, on_receipt, choices, strict=True):
        assert revisions(db, steward.checkin_id) == [(1, choice.value, True)]
        assert revisions(db, reference.checkin_id) == [(1, choice.value, True)]
        seen = seen_by(fake_api, steward)
        assert seen == seen_by(fake_api, reference)  # the same edit and reply, in order
        assert [method for method, _text in seen] == ["editMessageText", "sendMessage"]


async def test_a_stewards_second_tap_keeps_the_first_from_being_recorded_on_receipt(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    anna, bo, cilla = seed_stewards(db, 3)
    router = router_of(db)
    slow = Gate(router, {"tg:cq:cilla-no"})  # Cilla's first tap is slow to be handled
    recorder = Recorder(router)
    url = await start(make_transport, db, started, slow, recorder)

    await burst(fake_api, url, [tap_update(cilla, Choice.NO, "cilla-no")])
    await slow.wait_entered(1)
    await burst(
        fake_api,
        url,
        [
            tap_update(anna, Choice.NO, "anna-no"),
            tap_update(anna, Choice.YES, "anna-yes"),
            tap_update(bo, Choice.YES, "bo-yes"),
            tap_update(cilla, Choice.YES, "cilla-yes"),
        ],
    )
    await slow.wait_entered(4)  # all but Cilla's Yes, which waits for her No

    # Cilla's No came alone and Bo's Yes was his one update on its way: both recorded on
    # receipt; Anna's two came together, and Cilla's Yes while her No was being handled.
    assert set(recorder.recorded) == {"tg:cq:cilla-no", "tg:cq:bo-yes"}
    assert revisions(db, cilla.checkin_id) == [(1, "no", True)]
    assert "tg:cq:cilla-yes" not in slow.entered
    slow.opened.set()
    await slow.wait_handled(5)

    entered = slow.entered
    assert entered.index("tg:cq:anna-no") < entered.index("tg:cq:anna-yes")
    assert entered.index("tg:cq:cilla-no") < entered.index("tg:cq:cilla-yes")
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]
    assert revisions(db, bo.checkin_id) == [(1, "yes", True)]
    assert revisions(db, cilla.checkin_id) == [(1, "no", False), (2, "yes", True)]


async def test_taps_that_are_not_a_first_answer_are_handled_the_ordinary_way(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    anna, bo, cilla = seed_stewards(db, 3)
    router = router_of(db)
    handler = Gate(router)
    recorder = Recorder(router)
    url = await start(make_transport, db, started, handler, recorder)
    await burst(fake_api, url, [tap_update(anna, Choice.NO, "first")])
    await handler.wait_handled(1)
    stranger = tap_update(bo, Choice.YES, "not-yours")
    stranger["callback_query"]["data"] = cilla.token(Choice.YES)  # Cilla's button, Bo's tap

    await burst(
        fake_api,
        url,
        [
            tap_update(anna, Choice.YES, "correction"),  # her check-in has an answer
            tap_update(cilla, Choice.LATER, "later"),
            stranger,
        ],
    )
    await handler.wait_handled(4)

    assert recorder.recorded == {"tg:cq:first": recorder.recorded["tg:cq:first"]}
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]
    assert revisions(db, bo.checkin_id) == []
    assert revisions(db, cilla.checkin_id) == []  # "Later" snoozes, records nothing


async def test_a_crash_after_the_recording_keeps_the_answer_once(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    (anna,) = seed_stewards(db, 1)
    router = router_of(db)
    never = Gate(router, {"tg:cq:cut"})  # the service stops before the handler runs
    recorder = Recorder(router)
    update = tap_update(anna, Choice.YES, "cut")
    url = await start(make_transport, db, started, never, recorder, stop_grace=0.05)

    await burst(fake_api, url, [update])
    await never.wait_entered(1)
    await started.pop().stop()
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]  # stored on receipt

    again = Gate(router_of(db))
    url = await start(make_transport, db, started, again, Recorder(router_of(db)))
    await again.wait_handled(1)  # the receipt left behind, handled at the start
    await until_cleared(db)
    await burst(fake_api, url, [update])  # and Telegram delivers it once more
    await again.wait_handled(2)

    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]


async def test_a_failed_recording_leaves_each_tap_to_be_stored_the_ordinary_way(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    stewards = seed_stewards(db, 5)
    router = router_of(db)
    handler = Gate(router)
    recorder = Recorder(router, fail=True)
    url = await start(make_transport, db, started, handler, recorder)

    await burst(fake_api, url, [tap_update(s, Choice.YES, f"q{n}") for n, s in enumerate(stewards)])
    await handler.wait_handled(5)

    assert len(recorder.given) == 5
    await fake_api.wait_for(lambda: all(len(seen_by(fake_api, s)) >= 2 for s in stewards))
    for steward in stewards:
        assert revisions(db, steward.checkin_id) == [(1, "yes", True)]
        assert [m for m, _text in seen_by(fake_api, steward)] == ["editMessageText", "sendMessage"]
