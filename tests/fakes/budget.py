"""An in-memory BudgetLedger on a given clock, with the SQL ledger's contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.ports import SlotBlock


@dataclass
class FakeBudgetLedger:
    clock: Callable[[], float]
    failing: bool = False
    bookings: list[tuple[str, int]] = field(default_factory=list)
    _rows: dict[str, tuple[float, float]] = field(default_factory=dict)

    async def reserve(self, key: str, count: int, interval: float) -> SlotBlock:
        if self.failing:
            raise ConnectionError("the database is down")
        now = self.clock()
        next_slot, paused_until = self._rows.get(key, (now, now))
        first = max(next_slot, paused_until, now)
        self._rows[key] = (first + count * interval, paused_until)
        self.bookings.append((key, count))
        return SlotBlock(first - now, count, interval, max(paused_until - now, 0.0), now)

    async def pause(self, key: str, seconds: float) -> float:
        now = self.clock()
        next_slot, paused_until = self._rows.get(key, (now, now))
        paused_until = max(paused_until, now + seconds)
        self._rows[key] = (max(next_slot, now + seconds), paused_until)
        return paused_until - now
