"""The inbound workers: bounded, in arrival order per key, effects in order, a clean stop."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from bot.transports.inbound_queue import OrderedWorkers, PoolClosed


class Jobs:
    """Jobs that each wait for their own release, noting when they start and end."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.running = 0
        self.most = 0
        self.releases: dict[str, asyncio.Event] = {}

    def job(self, name: str) -> Callable[[], Awaitable[str]]:
        release = self.releases.setdefault(name, asyncio.Event())

        async def run() -> str:
            self.running += 1
            self.most = max(self.most, self.running)
            self.log.append(f"start {name}")
            await release.wait()
            self.log.append(f"end {name}")
            self.running -= 1
            return name

        return run

    def release(self, *names: str) -> None:
        for name in names:
            self.releases.setdefault(name, asyncio.Event()).set()


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_at_most_the_pool_size_runs_at_once_and_the_rest_wait() -> None:
    pool, jobs = OrderedWorkers(3), Jobs()
    runs = [asyncio.create_task(pool.run(f"k{n}", jobs.job(f"j{n}"))) for n in range(7)]
    await settle()
    assert jobs.running == 3
    jobs.release(*(f"j{n}" for n in range(7)))
    assert await asyncio.gather(*runs) == [f"j{n}" for n in range(7)]
    assert jobs.most == 3
    await pool.close()


async def test_one_keys_jobs_run_one_after_another_in_arrival_order() -> None:
    pool, jobs = OrderedWorkers(4), Jobs()
    first = asyncio.create_task(pool.run("anna", jobs.job("no")))
    second = asyncio.create_task(pool.run("anna", jobs.job("yes")))
    other = asyncio.create_task(pool.run("bo", jobs.job("bo")))
    await settle()
    assert "start yes" not in jobs.log  # behind her first tap
    jobs.release("bo")
    assert await other == "bo"  # someone else does not wait for her
    jobs.release("yes", "no")
    await asyncio.gather(first, second)
    assert jobs.log.index("end no") < jobs.log.index("start yes")
    await pool.close()


async def test_effects_follow_in_arrival_order_per_key_and_hold_no_worker() -> None:
    pool, jobs = OrderedWorkers(1), Jobs()
    done: list[str] = []
    slow_effects = asyncio.Event()

    async def effects(result: str) -> None:
        if result == "a1":
            await slow_effects.wait()  # e.g. waiting for the platform's pacing
        done.append(result)

    jobs.release("a1", "a2", "b1")
    assert await pool.run("a", jobs.job("a1"), effects) == "a1"
    assert await pool.run("a", jobs.job("a2"), effects) == "a2"
    # The one worker is free while a1's effects wait: b1 is handled meanwhile.
    assert await pool.run("b", jobs.job("b1"), effects) == "b1"
    await settle()
    assert done == ["b1"]  # a2's effects wait for a1's
    slow_effects.set()
    await settle()
    assert done == ["b1", "a1", "a2"]
    await pool.close()


async def test_close_finishes_accepted_work_then_refuses_more() -> None:
    pool, jobs = OrderedWorkers(2), Jobs()
    run = asyncio.create_task(pool.run("a", jobs.job("a")))
    await settle()
    closing = asyncio.create_task(pool.close(grace=30))
    await settle()
    with pytest.raises(PoolClosed):
        await pool.run("b", jobs.job("b"))
    jobs.release("a")
    assert await run == "a"
    assert await closing == 0


async def test_close_gives_up_what_does_not_finish_in_the_grace() -> None:
    pool, jobs = OrderedWorkers(1), Jobs()
    stuck = asyncio.create_task(pool.run("a", jobs.job("stuck")))
    queued = asyncio.create_task(pool.run("b", jobs.job("queued")))
    await settle()
    assert await pool.close(grace=0.01) == 2
    for given_up in (stuck, queued):
        with pytest.raises(PoolClosed):
            await given_up
