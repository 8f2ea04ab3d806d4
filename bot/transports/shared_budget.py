"""A platform's call budget shared by every worker of one database, through a BudgetLedger.

Each worker books small blocks of slots (one database round trip per block) and hands
them to its own callers in order; callers sleep until their slot. Two rules keep the
workers together under the platform's limit whatever this process's event loop is doing:

- a slot is used only close to its time: a caller woken later than `late` seconds after
  it drops the slot (left unused in the shared schedule) and takes a new one, so a busy
  loop never sends a heap of overdue calls at once;
- a pause (a 429's retry_after) is written to the ledger, so every worker's next block
  starts after it, and the slots this worker already holds inside it are dropped.

A pause reaches another worker at its next booking: the slots it booked before (at most
one block) may still go out. A block is as large as the callers waiting, or a whole
`block` while calls keep coming; at the end of a wave at most one block goes unused.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from bot.core.errors import DeliveryError
from bot.core.model import DeliveryFailure
from bot.core.ports import BudgetLedger

log = logging.getLogger(__name__)

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

MAX_BLOCK = 4  # slots booked per round trip at most: at 28/s about 7 round trips a second
LATE = 0.02  # seconds after its slot a call may still go
# Callers that keep coming (a wave: each send that ends lets the next one in) book a whole
# block; after a quiet spell this long a lone caller books a lone slot.
STEADY = 0.5
# The two clocks' offset is taken from the fastest of the recent bookings: at most this
# many, from at most this many seconds back (clocks drift, a database can fail over).
OFFSET_SAMPLES = 64
OFFSET_MEMORY = 60.0


class SharedBudget:
    """`acquire` waits for this worker's next slot of the shared budget; `pause` holds it."""

    def __init__(
        self,
        ledger: BudgetLedger,
        key: str,
        per_second: float,
        *,
        block: int = MAX_BLOCK,
        late: float = LATE,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_second <= 0 or block < 1 or late < 0:
            raise ValueError("a shared budget needs a positive rate and block")
        self.key = key
        self._ledger = ledger
        self._interval = 1.0 / per_second
        self._block = block
        self._late = late
        self._monotonic = monotonic
        self._sleep = sleep
        self._slots: deque[float] = deque()  # booked slots on this process's monotonic clock
        self._wanting = 0
        self._paused_until = 0.0
        self._booking: asyncio.Lock | None = None
        self._booked_at = float("-inf")
        self._sharing: set[asyncio.Task[None]] = set()
        # (round trip, ledger clock minus this clock, when) of recent bookings
        self._offsets: deque[tuple[float, float, float]] = deque(maxlen=OFFSET_SAMPLES)
        self.round_trips = 0  # bookings made, for benchmarks
        self.dropped = 0  # slots left unused (late, or inside a pause)

    async def acquire(self) -> None:
        """Wait for a slot of the budget; raise DeliveryError when the ledger cannot be asked."""
        while True:
            slot = await self._take()
            delay = slot - self._monotonic()
            if delay > 0:
                await self._sleep(delay)
            now = self._monotonic()
            if now < self._paused_until or now - slot > self._late:
                self.dropped += 1  # paused meanwhile, or woken too late: book again
                continue
            return

    def pause(self, seconds: float) -> None:
        """The platform said 429: hold this worker at once and every other through the ledger."""
        self._hold(self._monotonic() + max(seconds, 0.0))
        try:
            task = asyncio.get_running_loop().create_task(self._share_pause(seconds))
        except RuntimeError:  # no event loop: nothing can be waiting, nothing to share with
            return
        self._sharing.add(task)
        task.add_done_callback(self._sharing.discard)

    def paused_for(self) -> float:
        return max(self._paused_until - self._monotonic(), 0.0)

    def expected_wait(self) -> float:
        """A caller's wait as this worker sees it: a pause, or the callers ahead of it each
        taking one slot (the other workers' share of the budget can only add to it)."""
        return max(self.paused_for(), self._wanting * self._interval)

    async def close(self) -> None:
        """Let pauses being written reach the ledger."""
        if self._sharing:
            await asyncio.gather(*self._sharing, return_exceptions=True)

    async def _take(self) -> float:
        self._wanting += 1
        try:
            while True:
                floor = max(self._monotonic() - self._late, self._paused_until)
                while self._slots and self._slots[0] < floor:
                    self._slots.popleft()
                    self.dropped += 1
                if self._slots:
                    return self._slots.popleft()
                if self._booking is None:
                    self._booking = asyncio.Lock()
                async with self._booking:
                    if not self._slots:
                        await asyncio.sleep(0)  # callers arriving together book as one
                        steady = self._monotonic() - self._booked_at < STEADY
                        await self._book(self._block if steady else min(self._wanting, self._block))
        finally:
            self._wanting -= 1

    async def _book(self, count: int) -> None:
        asked = self._monotonic()
        try:
            block = await self._ledger.reserve(self.key, count, self._interval)
        except Exception as exc:
            log.warning("budget %s: cannot book slots (%s)", self.key, type(exc).__name__)
            raise DeliveryError(DeliveryFailure.TRANSIENT, "budget_unavailable") from None
        answered = self._monotonic()
        self._booked_at = answered
        self.round_trips += 1
        read_at = self._read_at(asked, answered, block.ledger_now)
        if block.paused_for > 0:
            self._hold(read_at + block.paused_for)
        first = read_at + block.first_in
        self._slots.extend(first + i * block.interval for i in range(block.count))

    def _read_at(self, asked: float, answered: float, ledger_now: float | None) -> float:
        """When, on this process's clock, the ledger read its time for this booking.

        It read it somewhere within the round trip. Guessing the middle of each round trip
        on its own moves this worker's slots by up to half of it from block to block, and
        one slow round trip (a busy thread pool, a busy loop) then puts two blocks closer
        together than the budget allows. So the guess comes from the offset between the
        two clocks as measured by the fastest recent round trip, whose error is smallest;
        it is kept inside this round trip, where the read certainly happened.
        """
        middle = (asked + answered) / 2
        if ledger_now is None:
            return middle
        self._offsets.append((answered - asked, ledger_now - middle, answered))
        while self._offsets and self._offsets[0][2] < answered - OFFSET_MEMORY:
            self._offsets.popleft()
        _rtt, offset, _at = min(self._offsets)
        return min(max(ledger_now - offset, asked), answered)

    def _hold(self, until: float) -> None:
        self._paused_until = max(self._paused_until, until)
        while self._slots and self._slots[0] < self._paused_until:
            self._slots.popleft()
            self.dropped += 1

    async def _share_pause(self, seconds: float) -> None:
        try:
            left = await self._ledger.pause(self.key, seconds)
        except Exception as exc:
            log.warning("budget %s: pause not shared (%s)", self.key, type(exc).__name__)
            return
        self._hold(self._monotonic() + left)
