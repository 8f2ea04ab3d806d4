"""The memory transport: a chat platform that only remembers, for tests, demos and benchmarks.

It keeps a transcript of every send, edit and file in order, raises the `DeliveryError`s it
is given (queued for the next attempts, or for chats that are unreachable), and hands
inbound events to the handler given to `start`, so a caller can play the person's side.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import NamedTuple

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, Effect, InboundEvent, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import InboundHandler, TapRecorder


class Sent(NamedTuple):
    """A message that reached its chat."""

    to: ChatAddress
    message: OutgoingMessage


class Edited(NamedTuple):
    """A message that was replaced in place."""

    ref: MessageRef
    message: OutgoingMessage


class SentFile(NamedTuple):
    """A file that reached its chat."""

    to: ChatAddress
    data: bytes
    filename: str
    caption: str


TranscriptEntry = Sent | Edited | SentFile


class MemoryTransport:
    """Implements the Transport port in memory; every successful delivery joins `transcript`.

    `failures` are raised one by one by the next delivery attempts (send, edit or file);
    a chat id in `failing_chats` refuses everything as unreachable until it is removed.
    A failed attempt leaves no trace in the transcript.
    """

    def __init__(self, platform: Platform = Platform.CONSOLE) -> None:
        self._platform = platform
        self.transcript: list[TranscriptEntry] = []
        self.failures: list[DeliveryError] = []
        self.failing_chats: set[str] = set()
        self.lifecycle: list[str] = []  # "open", "start" and "stop", in the order called
        self.open_failure: DeliveryError | None = None
        self._handler: InboundHandler | None = None
        self.record_taps: TapRecorder | None = None
        self._sends = 0
        self._files = 0
        self._delivered = asyncio.Event()

    @property
    def platform(self) -> Platform:
        return self._platform

    @property
    def receiving(self) -> bool:
        """Whether `start` has been called and `stop` has not since."""
        return self._handler is not None

    @property
    def sent(self) -> list[Sent]:
        return [entry for entry in self.transcript if isinstance(entry, Sent)]

    @property
    def edits(self) -> list[Edited]:
        return [entry for entry in self.transcript if isinstance(entry, Edited)]

    @property
    def files(self) -> list[SentFile]:
        return [entry for entry in self.transcript if isinstance(entry, SentFile)]

    def chats(self) -> list[str]:
        """The chat ids messages were sent to, in order (files and edits not counted)."""
        return [entry.to.chat_id for entry in self.sent]

    async def open(self) -> None:
        self.lifecycle.append("open")
        if self.open_failure is not None:
            raise self.open_failure

    async def start(self, handler: InboundHandler, record_taps: TapRecorder | None = None) -> None:
        self.lifecycle.append("start")
        self._handler = handler
        self.record_taps = record_taps  # kept, so a test can play a receipt's recording

    async def stop(self) -> None:
        self.lifecycle.append("stop")
        self._handler = None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self._attempt(to.chat_id)
        self._sends += 1
        self._record(Sent(to, message))
        return MessageRef(self._platform, to.chat_id, str(self._sends))

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self._attempt(ref.chat_id)
        self._record(Edited(ref, message))

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        self._attempt(to.chat_id)
        self._files += 1
        self._record(SentFile(to, data, filename, caption))
        return MessageRef(self._platform, to.chat_id, f"f{self._files}")

    async def deliver(self, event: InboundEvent) -> Sequence[Effect]:
        """Pass an event to the started handler, as the platform would; returns its effects."""
        if self._handler is None:
            raise RuntimeError("the memory transport was not started")
        return await self._handler(event)

    async def wait_for_sends(self, count: int = 1) -> None:
        """Return once at least `count` messages have been sent (no polling, no sleep)."""
        while self._sends < count:
            self._delivered.clear()
            await self._delivered.wait()

    def _attempt(self, chat_id: str) -> None:
        if self.failures:
            raise self.failures.pop(0)
        if chat_id in self.failing_chats:
            raise DeliveryError(DeliveryFailure.UNREACHABLE, "blocked")

    def _record(self, entry: TranscriptEntry) -> None:
        self.transcript.append(entry)
        self._delivered.set()
