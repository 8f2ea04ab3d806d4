"""An in-memory UpdateInbox: updates received and not yet handled, in the order received."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.model import Platform
from bot.core.ports import Receipt


class FakeUpdateInbox:
    def __init__(self, *, one_writer: bool = False) -> None:
        self.one_writer = one_writer
        self.rows: dict[tuple[str, str, str], Receipt] = {}  # insertion order is receipt order

    async def receive(
        self, platform: Platform, bot: str, receipts: Sequence[Receipt], at: datetime
    ) -> set[str]:
        new: set[str] = set()
        for receipt in receipts:
            key = (platform.value, bot, receipt.update_id)
            if key not in self.rows:
                self.rows[key] = receipt
                new.add(receipt.update_id)
        return new

    async def pending(self, platform: Platform, bot: str) -> list[Receipt]:
        return [r for (p, b, _u), r in self.rows.items() if (p, b) == (platform.value, bot)]

    async def done(self, platform: Platform, bot: str, update_ids: Sequence[str]) -> None:
        for update_id in update_ids:
            self.rows.pop((platform.value, bot, update_id), None)
