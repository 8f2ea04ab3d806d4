"""The memory transport: a transcript in order, failures when told, events to the handler."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.core.errors import DeliveryError
from bot.core.messages import (
    ChatAddress,
    Effect,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    Reply,
    Sender,
    TextReceived,
)
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import Transport
from bot.transports.memory import Edited, MemoryTransport, Sent, SentFile

ANNA = ChatAddress(Platform.TELEGRAM, "1001", user_id="1001")
BO = ChatAddress(Platform.TELEGRAM, "1002", user_id="1002")
HELLO = OutgoingMessage(text="Hej")
AGAIN = OutgoingMessage(text="Hej igen")


def as_port(transport: MemoryTransport) -> Transport:
    return transport  # mypy checks here that the whole port is implemented


async def test_sends_edits_and_files_are_kept_in_order_with_their_refs() -> None:
    transport = MemoryTransport(Platform.TELEGRAM)
    first = await transport.send(ANNA, HELLO)
    chart = await transport.send_file(ANNA, b"\x89PNG", "progress.png", "Veckans läge")
    await transport.edit(first, AGAIN)
    second = await transport.send(BO, HELLO)
    assert as_port(transport).platform is Platform.TELEGRAM
    assert transport.transcript == [
        Sent(ANNA, HELLO),
        SentFile(ANNA, b"\x89PNG", "progress.png", "Veckans läge"),
        Edited(first, AGAIN),
        Sent(BO, HELLO),
    ]
    assert (first, second) == (
        MessageRef(Platform.TELEGRAM, "1001", "1"),
        MessageRef(Platform.TELEGRAM, "1002", "2"),
    )
    assert chart == MessageRef(Platform.TELEGRAM, "1001", "f1")
    assert transport.sent == [(ANNA, HELLO), (BO, HELLO)]
    assert transport.edits == [(first, AGAIN)]
    assert [(f.to, f.filename) for f in transport.files] == [(ANNA, "progress.png")]
    assert transport.chats() == ["1001", "1002"]


async def test_queued_failures_are_raised_one_by_one_and_leave_no_trace() -> None:
    transport = MemoryTransport()
    limited = DeliveryError(DeliveryFailure.RATE_LIMITED, "429", retry_after=30)
    broken = DeliveryError(DeliveryFailure.TRANSIENT, "500")
    transport.failures.extend([limited, broken])
    with pytest.raises(DeliveryError) as first:
        await transport.send(ANNA, HELLO)
    with pytest.raises(DeliveryError) as second:
        await transport.send_file(ANNA, b"x", "a.png", "")
    assert (first.value, second.value) == (limited, broken)
    assert transport.transcript == []
    ref = await transport.send(ANNA, HELLO)
    assert ref.message_id == "1"  # failed attempts take no message number
    assert transport.failures == []


async def test_a_failing_chat_refuses_everything_until_it_is_removed() -> None:
    transport = MemoryTransport()
    transport.failing_chats.add(ANNA.chat_id)
    ref = MessageRef(Platform.CONSOLE, ANNA.chat_id, "7")
    attempts = (
        transport.send(ANNA, HELLO),
        transport.edit(ref, HELLO),
        transport.send_file(ANNA, b"x", "a.png", ""),
    )
    for attempt in attempts:
        with pytest.raises(DeliveryError) as refused:
            await attempt
        assert refused.value.failure is DeliveryFailure.UNREACHABLE
    await transport.send(BO, HELLO)
    transport.failing_chats.clear()
    await transport.send(ANNA, HELLO)
    assert transport.chats() == ["1002", "1001"]


async def test_deliver_passes_the_event_to_the_started_handler_and_returns_its_effects() -> None:
    transport = MemoryTransport()
    anna = Sender(Platform.CONSOLE, "anna", "anna")
    seen: list[InboundEvent] = []

    async def echo(event: InboundEvent) -> Sequence[Effect]:
        seen.append(event)
        assert isinstance(event, TextReceived)
        return [Reply(OutgoingMessage(text=event.text.upper()))]

    event = TextReceived(anna, "ja", "e-1")
    with pytest.raises(RuntimeError):
        await transport.deliver(event)
    await transport.start(echo)
    receiving = [transport.receiving]
    effects = await transport.deliver(event)
    assert effects == [Reply(OutgoingMessage(text="JA"))]
    assert seen == [event]
    await transport.stop()
    receiving.append(transport.receiving)
    assert receiving == [True, False]
    with pytest.raises(RuntimeError):
        await transport.deliver(event)
    assert transport.lifecycle == ["start", "stop"]


async def test_open_records_itself_and_can_refuse_like_a_bad_token() -> None:
    transport = MemoryTransport(Platform.SLACK)
    await transport.open()
    transport.open_failure = DeliveryError(DeliveryFailure.PERMANENT, "invalid_auth")
    with pytest.raises(DeliveryError):
        await transport.open()
    await transport.stop()
    await transport.stop()
    assert transport.lifecycle == ["open", "open", "stop", "stop"]


async def test_a_waiter_wakes_when_the_counted_send_arrives() -> None:
    transport = MemoryTransport()
    waiter = asyncio.create_task(transport.wait_for_sends(2))
    await asyncio.sleep(0)  # let the waiter block (a yield to the loop, not a delay)
    await transport.send(ANNA, HELLO)
    await asyncio.sleep(0)
    assert not waiter.done()
    await transport.send(BO, HELLO)
    await asyncio.wait_for(waiter, timeout=5)
    assert len(transport.sent) == 2


async def test_waiting_for_sends_already_made_returns_at_once() -> None:
    transport = MemoryTransport()
    await transport.send(ANNA, HELLO)
    await asyncio.wait_for(transport.wait_for_sends(1), timeout=5)
    await transport.send_file(ANNA, b"x", "a.png", "")
    waiter = asyncio.create_task(transport.wait_for_sends(2))
    await asyncio.sleep(0)
    assert not waiter.done()  # a file is not a message
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
