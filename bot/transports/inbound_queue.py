"""The work behind inbound events, on a bounded pool of workers with order per person.

A platform is answered first (the tap's spinner stops, the request is acknowledged); the
handler's transaction and its effects then run here. At most `workers` events are worked
on at once, so a burst of taps neither queues behind one slow transaction nor opens a
database session per request. Events with the same key (the person who sent them) run one
after another in the order they arrived, so one steward's quick No then Yes is stored as
No, then Yes; different people's events run side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 8
# How long a stop waits for the events already accepted before it gives up on them.
DEFAULT_GRACE_SECONDS = 10.0

Job = Callable[[], Awaitable[Any]]
Then = Callable[[Any], Awaitable[None]]


class PoolClosed(RuntimeError):
    """The pool is stopping and takes no more work: the platform should deliver it again."""


@dataclass
class _Entry:
    job: Job
    done: asyncio.Future[Any]


@dataclass
class _State:
    queues: dict[str, deque[_Entry]] = field(default_factory=dict)
    ready: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    pending: int = 0
    idle: asyncio.Event = field(default_factory=asyncio.Event)


class OrderedWorkers:
    """A fixed number of worker tasks; per key, first in, first done, one at a time."""

    def __init__(self, workers: int = DEFAULT_WORKERS, *, name: str = "inbound") -> None:
        if workers < 1:
            raise ValueError("at least one worker")
        self._size = workers
        self._name = name
        self._tasks: list[asyncio.Task[None]] = []
        self._state: _State | None = None
        self._closed = False
        self._afters: dict[str, asyncio.Future[None]] = {}
        # Awaited by a worker before each job: what must go first (a platform's answers to
        # taps already in) holds back the handlers' transactions, which share the CPU.
        self.before_each: Callable[[], Awaitable[None]] | None = None
        self._after_tasks: set[asyncio.Task[None]] = set()

    @property
    def workers(self) -> int:
        return self._size

    @property
    def pending(self) -> int:
        """Events accepted and not yet finished (queued or being worked on)."""
        return self._state.pending if self._state is not None else 0

    def _started(self) -> _State:
        """The workers, started on the running loop the first time work comes."""
        if self._state is None:
            self._state = _State()
            self._state.idle.set()
            self._tasks = [
                asyncio.create_task(self._work(self._state), name=f"{self._name}-worker-{n}")
                for n in range(self._size)
            ]
        return self._state

    def submit(self, key: str, job: Job) -> asyncio.Future[Any]:
        """Queue `job` behind the earlier jobs of `key`; its future holds the outcome."""
        if self._closed:
            raise PoolClosed(self._name)
        state = self._started()
        entry = _Entry(job, asyncio.get_running_loop().create_future())
        state.pending += 1
        state.idle.clear()
        queue = state.queues.get(key)
        if queue is None:
            state.queues[key] = deque([entry])
            state.ready.put_nowait(key)  # a key is in `ready` only while nobody works on it
        else:
            queue.append(entry)
        return entry.done

    async def run(self, key: str, job: Job, then: Then | None = None) -> Any:
        """Submit `job`, wait for its outcome and return it; `then(outcome)` follows later.

        `job` is the handler's transaction, on a worker; once it is over the caller may
        answer the platform. `then` carries out its effects, which may wait for the
        platform's pacing: it runs in a task of its own, holding no worker, after the
        earlier `then`s of the same key, so effects keep the arrival order per key too. A
        caller that goes away cancels neither; a job given up by `close` raises
        `PoolClosed` here.
        """
        previous = self._afters.get(key)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._afters[key] = mine
        try:
            done = self.submit(key, job)
            try:
                result = await asyncio.shield(done)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if done.cancelled() and (task is None or task.cancelling() == 0):
                    raise PoolClosed(self._name) from None
                raise
        except BaseException:
            self._release(key, mine)
            raise
        if then is None:
            self._release(key, mine)
        else:
            after = asyncio.create_task(self._then(key, previous, mine, then, result))
            self._after_tasks.add(after)
            after.add_done_callback(self._after_tasks.discard)
        return result

    async def _then(
        self,
        key: str,
        previous: asyncio.Future[None] | None,
        mine: asyncio.Future[None],
        then: Then,
        result: Any,
    ) -> None:
        try:
            if previous is not None:
                await asyncio.wait([previous])
            await then(result)
        except Exception:  # the effects' own boundary should have caught it
            log.exception("%s effects failed", self._name)
        finally:
            self._release(key, mine)

    def _release(self, key: str, mine: asyncio.Future[None]) -> None:
        if not mine.done():
            mine.set_result(None)
        if self._afters.get(key) is mine:
            del self._afters[key]

    async def _work(self, state: _State) -> None:
        while True:
            key = await state.ready.get()
            if self.before_each is not None:
                await self.before_each()
            queue = state.queues[key]
            entry = queue[0]
            try:
                result = await entry.job()
            except asyncio.CancelledError:
                if not entry.done.done():
                    entry.done.cancel()
                raise
            except Exception as exc:  # the job's own boundary should have caught it
                if not entry.done.done():
                    entry.done.set_exception(exc)
            else:
                if not entry.done.done():
                    entry.done.set_result(result)
            finally:
                queue.popleft()
                state.pending -= 1
                if state.pending == 0:
                    state.idle.set()
            if queue:
                state.ready.put_nowait(key)
            else:
                del state.queues[key]

    async def close(self, grace: float = DEFAULT_GRACE_SECONDS) -> int:
        """Take no more work, finish what was accepted within `grace` seconds, stop.

        Returns how many accepted events were given up (their futures are cancelled); the
        platform delivers those again where it can.
        """
        self._closed = True
        state, self._state = self._state, None
        if state is None:
            return 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(state.idle.wait(), timeout=grace)
        if self._after_tasks:  # the effects of what was handled still go out
            await asyncio.wait(list(self._after_tasks), timeout=max(deadline - loop.time(), 0))
            for after in list(self._after_tasks):
                after.cancel()
        left = state.pending
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        for queue in state.queues.values():
            for entry in queue:
                if not entry.done.done():
                    entry.done.cancel()
        if left:
            log.warning("%s stopped with %d event(s) unfinished", self._name, left)
        return left

    def reopen(self) -> None:
        """Take work again after `close` (a transport started once more)."""
        self._closed = False
