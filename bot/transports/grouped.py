"""Writes that arrive together go to the database together.

Each caller adds one item and waits for the outcome of its own. While a write is under
way, the items that come in meanwhile wait for the next one, which takes them all in one
transaction: under a burst the writes grow instead of queueing one by one, and a lone item
is written at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

# The most items in one write (one statement's parameters stay well under the limits).
MAX_GROUP = 200


class GroupedWriter(Generic[Item, Outcome]):
    """`write(items)` returns one outcome per item, in order; a failure fails the group."""

    def __init__(
        self, write: Callable[[Sequence[Item]], Awaitable[Sequence[Outcome]]], *, name: str
    ) -> None:
        self._write = write
        self._name = name
        self._waiting: list[tuple[Item, asyncio.Future[Outcome]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def add(self, item: Item) -> Outcome:
        """Write `item` with whatever else arrives meanwhile; its outcome, or the error."""
        done: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, done))
        if self._writing is None:
            self._writing = asyncio.create_task(self._write_all(), name=f"{self._name}-writer")
        return await asyncio.shield(done)

    @property
    def busy(self) -> bool:
        """Whether a write is waiting or under way."""
        return self._writing is not None

    async def quiet(self, within: float) -> None:
        """Wait (at most `within` seconds) until no write is waiting or under way."""
        writing = self._writing
        if writing is None:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while writing is not None and (left := deadline - loop.time()) > 0:
            await asyncio.wait([writing], timeout=left)
            writing = self._writing

    async def flush(self) -> None:
        """Wait until every item added so far is written (or has failed)."""
        while self._writing is not None:
            await asyncio.wait([self._writing])

    async def _write_all(self) -> None:
        try:
            while self._waiting:
                group = self._waiting[:MAX_GROUP]
                del self._waiting[:MAX_GROUP]
                try:
                    outcomes = await self._write([item for item, _done in group])
                except Exception as exc:  # each caller decides what a failed write means
                    for _item, done in group:
                        if not done.done():
                            done.set_exception(exc)
                    continue
                for (_item, done), outcome in zip(group, outcomes, strict=True):
                    if not done.done():
                        done.set_result(outcome)
        finally:
            self._writing = None
