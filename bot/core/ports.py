"""Ports: the small interfaces the core and the handlers need from the outside world."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    Effect,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
)
from bot.core.model import Platform

InboundHandler = Callable[[InboundEvent], Awaitable[Sequence[Effect]]]
# Records the first answers of a burst of taps on receipt: event id -> answer id (see
# handlers.router.Router.record_taps). Only a transport with a durable receipt uses it.
TapRecorder = Callable[[Sequence[ChoiceSelected]], Awaitable[Mapping[str, int]]]


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

    async def start(self, handler: InboundHandler, record_taps: TapRecorder | None = None) -> None:
        """Open if needed, then begin receiving updates and pass each to `handler`.

        `record_taps`, where given, may record the answers of taps as they are received,
        before `handler` gets them (with `ChoiceSelected.recorded` set); a transport without
        a durable receipt of its updates ignores it.
        """
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


@dataclass(frozen=True)
class SlotBlock:
    """Call slots of a shared rate budget, timed from the moment the ledger answered.

    The slots are `count` instants `interval` seconds apart, the first `first_in` seconds
    after the answer; `paused_for` is how long the whole budget is still paused (0: not).
    `ledger_now` is the ledger's own clock (seconds) when it answered, where it has one:
    a worker uses it to keep one steady estimate of that clock across its bookings.
    """

    first_in: float
    count: int
    interval: float
    paused_for: float = 0.0
    ledger_now: float | None = None


class BudgetLedger(Protocol):
    """One platform rate budget (a bot, a workspace's method tier) shared by every worker
    of one database, so that together they stay under the platform's limit.

    `key` names the budget (for example "telegram:4242"); it never holds a secret.
    """

    async def reserve(self, key: str, count: int, interval: float) -> SlotBlock:
        """Book the budget's next `count` free slots, `interval` seconds apart, none of
        them before a pause ends."""
        ...

    async def pause(self, key: str, seconds: float) -> float:
        """The platform said 429: no slot of this budget starts within `seconds` from now,
        for any worker. Returns how long the budget is paused from now."""
        ...


class WorkerLeases(Protocol):
    """Leases a worker holds on scheduled work, by the worker's lasting identity."""

    async def release(self, owner: str) -> int:
        """Give back every lease `owner` holds, so its rows can be claimed at once."""
        ...


@dataclass(frozen=True)
class Receipt:
    """One update as received from a platform, before it is handled.

    `update_id` is the platform's own id of the update (unique per bot); `payload` the
    update as it came (JSON text), enough to handle it again after a restart.
    """

    update_id: str
    payload: str


class UpdateInbox(Protocol):
    """Updates received and not yet handled, kept durably per platform and bot.

    A webhook writes its receipt here before it answers the platform, so an update the
    platform was told it need not deliver again is never lost; the row goes once the
    update's handler has run, and a restart handles the rows left behind first.
    """

    # True where the database takes one writer at a time (SQLite): a receipt then waits
    # for any transaction that writes, and is best written before the handlers' ones.
    one_writer: bool

    async def receive(
        self, platform: Platform, bot: str, receipts: Sequence[Receipt], at: datetime
    ) -> set[str]:
        """Write the receipts in one transaction; the update ids that were new (an id
        already there is an update received before and not yet handled)."""
        ...

    async def pending(self, platform: Platform, bot: str) -> list[Receipt]:
        """Every update received and not yet handled, in the order received."""
        ...

    async def done(self, platform: Platform, bot: str, update_ids: Sequence[str]) -> None:
        """Forget these updates: their handlers have run."""
        ...


def sequence_of(*effects: Effect) -> Sequence[Effect]:
    return list(effects)
