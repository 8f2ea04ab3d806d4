"""A monotonic clock for tests that moves only when every task is asleep on it."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Coroutine
from typing import Any


class VirtualTime:
    """sleep() parks a task; run() advances to the earliest wake-up once all tasks sleep.

    Tasks may also wait on real I/O (the fake Bot API over HTTP): time stands still until
    that finishes, so each call reaches the fake at the instant its sender was woken.
    """

    def __init__(self, start: float = 100.0) -> None:
        self.now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._changed = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), future))
        self._changed.set()
        await future

    async def run(self, *jobs: Coroutine[Any, Any, object]) -> list[object]:
        """Run the jobs together to the end, moving time forward whenever all are asleep."""
        tasks = [asyncio.ensure_future(job) for job in jobs]
        for task in tasks:
            task.add_done_callback(lambda _t: self._changed.set())
        while not all(task.done() for task in tasks):
            live = sum(1 for task in tasks if not task.done())
            if len(self._sleepers) >= live:
                wake, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                future.set_result(None)
                await asyncio.sleep(0)
                continue
            self._changed.clear()
            await self._changed.wait()
        return [task.result() for task in tasks]
