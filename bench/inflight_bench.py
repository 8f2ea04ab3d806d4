"""Benchmark: delivered rate with sends one at a time against sends in flight together.

    python bench/inflight_bench.py                          # 20, 50, 100 ms; 1 and 8 in flight
    python bench/inflight_bench.py --delays 50,100 --in-flight 1,4,8 --size 300 --repeat 5

A sink stands in for the platform: a memory transport whose every send answers after a fixed
delay (a network round trip, with no rate limit). Each run seeds a fresh SQLite file with one
due check-in per person and dispatches until a pass claims nothing, as the service's tick
does. In flight 1 is the old behaviour (one send after another); the rest overlap sends. The
median, min and max of --repeat runs are printed with the size of the run and the messages
and distinct people the sink got (both equal to the size: nothing lost, nothing doubled).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dispatch_run import START, WARM_UP, scratch, seed_wave
from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.transports.memory import MemoryTransport, Sent
from config.settings import SchedulerSettings
from handlers.scheduling import dispatch
from storage.scheduling import SqlSchedulingStore


class DelayedSink(MemoryTransport):
    """Remembers every message, each after a fixed round trip; counts sends at once."""

    def __init__(self, delay: float) -> None:
        super().__init__(Platform.CONSOLE)
        self.delay, self.in_flight, self.high_water = delay, 0, 0

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self.in_flight += 1
        self.high_water = max(self.high_water, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return await super().send(to, message)
        finally:
            self.in_flight -= 1


async def _run(size: int, delay: float, in_flight: int) -> dict[str, float]:
    with scratch("sqlite", "") as db:
        seed_wave(db, size)
        store, sink = SqlSchedulingStore(db), DelayedSink(delay)
        transports: dict[Platform, Transport] = {Platform.CONSOLE: sink}
        clock = FrozenClock(START)
        policy = SchedulingPolicy(batch_size=SchedulerSettings().batch_size)
        warm = SchedulingPolicy(batch_size=WARM_UP)
        await dispatch(store, transports, clock, owner="b", policy=warm, in_flight=in_flight)
        sink.transcript.clear()
        sink.high_water = 0
        began = time.perf_counter()
        while (
            await dispatch(store, transports, clock, owner="b", policy=policy, in_flight=in_flight)
        ).claimed:
            pass
        took = time.perf_counter() - began
    chats = [e.to.chat_id for e in sink.transcript if isinstance(e, Sent)]
    return {
        "rate": len(chats) / took,
        "messages": len(chats),
        "distinct": len(set(chats)),
        "high_water": sink.high_water,
    }


def _stats(values: list[float]) -> str:
    return f"{statistics.median(values):,.1f} [{min(values):,.1f}–{max(values):,.1f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delays", default="20,50,100", help="sink round trip, ms")
    parser.add_argument("--in-flight", default="1,8", help="sends in flight; 1 is the old way")
    parser.add_argument("--size", type=int, default=200, help="check-ins (people) per run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for delay_ms in (int(d) for d in args.delays.split(",")):
        for in_flight in (int(n) for n in args.in_flight.split(",")):
            runs = [
                asyncio.run(_run(args.size, delay_ms / 1000, in_flight)) for _ in range(args.repeat)
            ]
            rates = [r["rate"] for r in runs]
            print(
                f"sink {delay_ms:>4} ms  in flight {in_flight:>2}  {args.size} check-ins  "
                f"n={args.repeat}  messages/s {_stats(rates)}  "
                f"messages {min(r['messages'] for r in runs):.0f}, "
                f"distinct {min(r['distinct'] for r in runs):.0f}, "
                f"most at once {max(r['high_water'] for r in runs):.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
