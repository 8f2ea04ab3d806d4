"""Pacing against a fake Bot API that enforces 30 calls/s per bot and 1 message/s per chat."""

from __future__ import annotations

import pytest

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.transports.telegram import TelegramTransport
from bot.transports.telegram_limits import Pacer
from tests.transports.telegram.conftest import (
    NoWaitPacer,
    RecordingHandler,
    TransportFactory,
    callback,
)
from tests.transports.telegram.fake_bot_api import FakeBotApi, PlatformLimits
from tests.transports.telegram.virtual_time import VirtualTime

Message = tuple[int, int]  # (person, their n-th message in this pass)


def address(person: int) -> ChatAddress:
    return ChatAddress(Platform.TELEGRAM, str(10_000 + person))


async def opened(
    fake_api: FakeBotApi, make_transport: TransportFactory, time: VirtualTime
) -> TelegramTransport:
    fake_api.limits = PlatformLimits(clock=time.monotonic)
    pacer = Pacer(monotonic=time.monotonic, sleep=time.sleep)
    transport = make_transport(pacer=pacer, sleep=time.sleep)
    await transport.open()
    return transport


async def deliver_in_passes(
    transport: TelegramTransport, time: VirtualTime, wave: list[Message]
) -> dict[Message, int]:
    """Send like the dispatcher: one after another; a postponed message goes on a later pass."""
    delivered: dict[Message, int] = {}
    pending = list(wave)
    while pending:
        later: list[tuple[float, Message]] = []
        for msg in pending:
            text = OutgoingMessage(f"reminder {msg[0]}.{msg[1]}")
            try:
                await transport.send(address(msg[0]), text)
            except DeliveryError as exc:
                if exc.failure is not DeliveryFailure.RATE_LIMITED:
                    raise
                later.append((time.now + (exc.retry_after or 1.0), msg))
                continue
            delivered[msg] = delivered.get(msg, 0) + 1
        if later:
            await time.sleep(min(at for at, _m in later) - time.now)
        pending = [msg for _at, msg in later]
    return delivered


def accepted_sends(limits: PlatformLimits) -> list[str]:
    return [chat for _t, method, chat in limits.accepted if method == "sendMessage"]


async def test_second_messages_do_not_hold_up_a_wave_of_400(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    time = VirtualTime()
    transport = await opened(fake_api, make_transport, time)
    # 400 people; every fourth gets a second message in the same pass, right after the first.
    wave = [(p, n) for p in range(400) for n in range(2 if p % 4 == 0 else 1)]
    began = time.now

    (delivered,) = await time.run(deliver_in_passes(transport, time, wave))

    assert isinstance(delivered, dict)
    assert sorted(delivered) == sorted(wave)
    assert set(delivered.values()) == {1}  # none twice
    limits = fake_api.limits
    assert limits is not None
    assert len(accepted_sends(limits)) == len(wave)
    assert limits.too_many == 0
    assert limits.most_in_one_second() <= 30
    # 500 calls at 28/s take about 18 s; a second message waits for its own person only.
    assert time.now - began <= len(wave) / 28 + 2.0


async def test_replies_mixed_with_reminders_stay_under_the_bot_limit(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    time = VirtualTime()
    transport = await opened(fake_api, make_transport, time)
    wave = [(p, 0) for p in range(200)]

    async def tap(person: int) -> None:
        # The person taps soon after their reminder; the answer edits it in place.
        await time.sleep(0.3 + person / 28)
        ref = MessageRef(Platform.TELEGRAM, address(person).chat_id, "100")
        await transport.edit(ref, OutgoingMessage("Svar: Ja"))

    results = await time.run(
        deliver_in_passes(transport, time, wave), *(tap(p) for p in range(0, 200, 2))
    )

    delivered = results[0]
    assert isinstance(delivered, dict)
    assert sorted(delivered) == wave
    limits = fake_api.limits
    assert limits is not None
    assert limits.too_many == 0
    assert limits.most_in_one_second() <= 30
    edits = [c for _t, method, c in limits.accepted if method == "editMessageText"]
    assert len(edits) == 100


async def test_a_429_pauses_callback_answers_too(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    pacer = NoWaitPacer()
    transport = make_transport(pacer=pacer)
    await transport.start(RecordingHandler())
    fake_api.fail_next("sendMessage", 429, "Too Many Requests", {"retry_after": 7})
    with pytest.raises(DeliveryError):
        await transport.send(address(1), OutgoingMessage("reminder"))
    paused_at = pacer.now

    fake_api.push(callback("c:1f:y"))
    await fake_api.wait_calls("answerCallbackQuery")

    assert pacer.now - paused_at == pytest.approx(7.0)


async def test_a_busy_chat_is_handed_back_not_waited_for(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    time = VirtualTime()
    transport = await opened(fake_api, make_transport, time)
    sent_first = await time.run(transport.send(address(1), OutgoingMessage("first")))
    assert sent_first

    with pytest.raises(DeliveryError) as caught:
        await transport.send(address(1), OutgoingMessage("second"))

    assert caught.value.failure is DeliveryFailure.RATE_LIMITED
    assert caught.value.code == "chat_pace"
    assert caught.value.retry_after == pytest.approx(1.0, abs=0.1)
    await time.run(transport.send(address(2), OutgoingMessage("another person")))
    assert len(fake_api.calls_to("sendMessage")) == 2


async def test_a_long_texts_next_part_is_handed_back_and_carried_on(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    time = VirtualTime()
    transport = await opened(fake_api, make_transport, time)
    lines = [f"line {n:04d} " + "x" * 60 for n in range(120)]  # about 8,500 characters
    long = OutgoingMessage("\n".join(lines))

    with pytest.raises(DeliveryError) as caught:
        await time.run(transport.send(address(1), long))
    # The first part went out; the next waits for the chat, holding nobody up meanwhile.
    assert caught.value.code == "chat_pace"
    wait = caught.value.retry_after
    assert wait is not None
    await time.run(transport.send(address(2), OutgoingMessage("another person")))
    refs, codes = [], []
    for _ in range(5):
        await time.run(time.sleep(wait))
        try:
            (ref,) = await time.run(transport.send(address(1), long))
        except DeliveryError as exc:
            codes.append(exc.code)
            wait = exc.retry_after or 1.0
            continue
        refs.append(ref)
        break

    assert len(refs) == 1
    assert set(codes) <= {"chat_pace"}
    texts = [c["text"] for c in fake_api.calls_to("sendMessage") if str(c["chat_id"]) == "10001"]
    # Every line once, in order, over the parts; no part sent twice.
    assert [line for text in texts for line in text.split("\n") if line] == lines
    assert len(texts) == len(set(texts)) >= 3
    limits = fake_api.limits
    assert limits is not None
    assert limits.too_many == 0
