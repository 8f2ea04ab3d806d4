"""Ports: the small interfaces the core and the handlers need from the outside world."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.messages import ChatAddress, Effect, InboundEvent, MessageRef, OutgoingMessage
from bot.core.model import Platform

InboundHandler = Callable[[InboundEvent], Awaitable[Sequence[Effect]]]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class Transport(Protocol):
    """One chat platform. It translates; it never decides.

    `send`, `edit` and `send_file` make one delivery attempt each (pacing within the
    platform's rate limits is the transport's job) and raise `DeliveryError` on failure,
    so the caller can record the attempt and reschedule.
    """

    @property
    def platform(self) -> Platform: ...

    async def open(self) -> None:
        """Get ready to send only (sign in, learn ids); receive nothing. Safe to call twice.

        Raises `DeliveryError` when the platform cannot be reached or refuses the credentials.
        """
        ...

    async def start(self, handler: InboundHandler) -> None:
        """Open if needed, then begin receiving updates and pass each to `handler`."""
        ...

    async def stop(self) -> None:
        """Stop receiving and close whatever `open` or `start` opened. Safe to call twice."""
        ...

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef: ...

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None: ...

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef: ...


class TransportRegistry(Protocol):
    def get(self, platform: Platform) -> Transport | None: ...


def sequence_of(*effects: Effect) -> Sequence[Effect]:
    return list(effects)
