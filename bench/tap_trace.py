"""Timestamps inside the app of bench/tap_bench.py, for one run's breakdown of a tap's ack.

Installed by bench/tap_app.py when TAP_BENCH_TRACE names a file: it wraps, from outside,
the points a tap's acknowledgement passes (a connection accepted, the webhook handler
entered and left, each receipt write and its transaction, each database transaction with
its thread, each handler) and samples the event loop's lag every millisecond; at the end
it writes them as JSON lines (time.monotonic, the clock of every process) to that file.
Whatever the measured tree lacks is left unwrapped, so an older tree is traced as far as
it goes. `python bench/tap_trace.py FILE [--gen GEN]` prints the breakdown.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import gc
import json
import os
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Record = dict[str, Any]
_records: list[Record] = []
# TAP_BENCH_TRACE_PROFILE names a file: a cProfile of the event loop's thread from the
# burst's first connection (the warm-up taps share one) to its last response.
_PROFILE = os.environ.get("TAP_BENCH_TRACE_PROFILE", "")
_profiler = cProfile.Profile() if _PROFILE else None
_counts = {"conn": 0, "post<": 0}
WARM_UP = 5


def note(kind: str, **fields: Any) -> None:
    _records.append({"t": time.monotonic(), "k": kind, **fields})
    if _profiler is not None and kind in _counts:
        _counts[kind] += 1
        if kind == "conn" and _counts[kind] == 2:
            _profiler.enable()
        elif kind == "post<" and _counts[kind] == WARM_UP + int(os.environ["TAP_BENCH_SIZE"]):
            _profiler.disable()
            _profiler.dump_stats(_PROFILE)


def _wrap_async(owner: Any, name: str, kind: str, fields: Callable[..., Record]) -> None:
    original = getattr(owner, name, None)
    if original is None:
        return

    @functools.wraps(original)
    async def wrapped(*args: Any, **kwargs: Any) -> Any:
        extra = fields(*args, **kwargs)
        note(kind + ">", **extra)
        try:
            return await original(*args, **kwargs)
        finally:
            note(kind + "<", **extra)

    setattr(owner, name, wrapped)


def install() -> None:
    """Wrap what the measured tree has."""
    from aiohttp import web_protocol

    made = web_protocol.RequestHandler.connection_made

    def connection_made(self: Any, transport: Any) -> None:
        note("conn")
        made(self, transport)

    web_protocol.RequestHandler.connection_made = connection_made  # type: ignore[method-assign]

    from bot.transports import telegram_webhook

    def post_fields(_self: Any, request: Any) -> Record:
        return {"id": id(request)}

    _wrap_async(telegram_webhook.WebhookServer, "_on_post", "post", post_fields)

    from bot.transports import telegram_inbound

    def group_fields(_self: Any, receipts: Any) -> Record:
        return {"n": len(receipts)}

    _wrap_async(telegram_inbound.TelegramInbound, "_write_receipts", "receipts", group_fields)

    def received_fields(_self: Any, _data: Any, update_id: str) -> Record:
        return {"u": update_id}

    _wrap_async(telegram_inbound.TelegramInbound, "_handle_received", "handle", received_fields)

    from storage import engine

    run_sync = engine.Database.run_sync

    def traced_run_sync(self: Any, fn: Any, *, read_only: bool = False) -> Any:
        name = getattr(fn, "__qualname__", "?")
        thread = threading.get_ident()
        note("tx>", fn=name, th=thread)
        try:
            return run_sync(self, fn, read_only=read_only)
        finally:
            note("tx<", fn=name, th=thread)

    engine.Database.run_sync = traced_run_sync  # type: ignore[method-assign]

    def collected(phase: str, info: dict[str, Any]) -> None:
        note("gc" + (">" if phase == "start" else "<"), gen=info.get("generation"))

    gc.callbacks.append(collected)


async def sample_lag(stop: asyncio.Event, every: float = 0.001) -> None:
    """How late the event loop wakes a task that asked to sleep `every` seconds."""
    while not stop.is_set():
        before, cpu = time.monotonic(), time.thread_time()
        await asyncio.sleep(every)
        late = time.monotonic() - before - every
        if late > 0.005:  # with the loop thread's own CPU meanwhile: busy, or kept waiting
            note("lag", s=late, cpu=time.thread_time() - cpu)


def write(path: str) -> None:
    Path(path).write_text("".join(json.dumps(record) + "\n" for record in _records))


# --- reading a trace ------------------------------------------------------------------------


def _ms(values: list[float]) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]
    return (
        f"n={len(values)} p50 {statistics.median(values) * 1000:.0f}"
        f" p99 {p99 * 1000:.0f} max {ordered[-1] * 1000:.0f}"
    )


def _transactions(burst: list[Record], t0: float) -> None:
    """Each database transaction's duration by function, and when the receipts' ran."""
    open_tx: dict[tuple[int, str], float] = {}
    by_fn: dict[str, list[float]] = defaultdict(list)
    for r in burst:
        if r["k"] == "tx>":
            open_tx[(r["th"], r["fn"])] = r["t"]
        elif r["k"] == "tx<" and (r["th"], r["fn"]) in open_tx:
            began = open_tx.pop((r["th"], r["fn"]))
            by_fn[r["fn"]].append(r["t"] - began)
            if "receive" in r["fn"]:
                print(
                    f"  receipt transaction on its thread {(began - t0) * 1000:.0f} → "
                    f"{(r['t'] - t0) * 1000:.0f}"
                )
    for fn, durations in sorted(by_fn.items()):
        print(f"  transactions {fn}: {_ms(durations)}")


def _collections(burst: list[Record], until: float) -> None:
    """The garbage collector's pauses before `until`, by generation."""
    began: float | None = None
    spent: dict[int, list[float]] = defaultdict(list)
    for r in burst:
        if r["t"] > until:
            break
        if r["k"] == "gc>":
            began = r["t"]
        elif r["k"] == "gc<" and began is not None:
            spent[r["gen"]].append(r["t"] - began)
            began = None
    for generation, pauses in sorted(spent.items()):
        print(
            f"  garbage collections of generation {generation} before the last response: "
            f"{len(pauses)}, {sum(pauses) * 1000:.0f} ms in all, longest {max(pauses) * 1000:.0f}"
        )


def breakdown(path: Path, gen: Path | None) -> None:
    records = [json.loads(line) for line in path.read_text().splitlines()]
    posts_in = [r for r in records if r["k"] == "post>"]
    if not posts_in:
        print("no POSTs traced")
        return
    # The burst: the last contiguous run of POSTs (the warm-up taps came one by one earlier).
    posts_in.sort(key=lambda r: r["t"])
    start = posts_in[-1]["t"]
    for earlier in reversed(posts_in):
        if start - earlier["t"] > 0.5:
            break
        start = earlier["t"]
    burst = [r for r in records if r["t"] >= start - 0.5]
    t0 = min(r["t"] for r in burst if r["k"] in ("conn", "post>"))
    entered = {r["id"]: r["t"] for r in burst if r["k"] == "post>"}
    left = {r["id"]: r["t"] for r in burst if r["k"] == "post<"}
    conns = [r["t"] for r in burst if r["k"] == "conn"]
    print(f"burst: {len(entered)} POSTs; times in ms from the first connection accepted")
    if conns:
        print(f"  connections accepted: first {0:.0f}, last {(max(conns) - t0) * 1000:.0f}")
    ins = sorted(entered.values())
    print(f"  handler entered: first {(ins[0] - t0) * 1000:.0f}, last {(ins[-1] - t0) * 1000:.0f}")
    spent = [left[i] - entered[i] for i in entered if i in left]
    print(f"  in the handler (entry to response): {_ms(spent)}")
    outs = sorted(left.values())
    print(f"  responses: first {(outs[0] - t0) * 1000:.0f}, last {(outs[-1] - t0) * 1000:.0f}")
    groups_in = [r for r in burst if r["k"] == "receipts>"]
    groups_out = [r for r in burst if r["k"] == "receipts<"]
    for g_in, g_out in zip(groups_in, groups_out, strict=False):
        print(
            f"  receipt group of {g_in['n']:3}: {(g_in['t'] - t0) * 1000:6.0f} → "
            f"{(g_out['t'] - t0) * 1000:6.0f}  ({(g_out['t'] - g_in['t']) * 1000:.0f} ms)"
        )
    _transactions(burst, t0)
    last_out = outs[-1]
    started = [r for r in burst if r["k"] == "handle>" and r["t"] < last_out]
    print(f"  handlers started before the last response: {len(started)}")
    lags = [r for r in burst if r["k"] == "lag" and r["t"] <= last_out]
    total = sum(r["s"] for r in lags)
    worst = max((r["s"] for r in lags), default=0.0)
    print(
        f"  event loop late > 5 ms before the last response: {len(lags)} times, "
        f"{total * 1000:.0f} ms in all, worst {worst * 1000:.0f} ms"
    )
    _collections(burst, last_out)
    if gen is not None:
        taps = json.loads(gen.read_text())
        starts = [tap[0] for tap in taps]
        sent = [tap[1] for tap in taps]
        replied = [tap[2] for tap in taps]
        print(
            f"  generator: first POST started {(min(starts) - t0) * 1000:.0f}, "
            f"last headers sent {(max(sent) - t0) * 1000:.0f}, "
            f"last response read {(max(replied) - t0) * 1000:.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="the breakdown of a traced tap_bench run")
    parser.add_argument("trace", type=Path)
    parser.add_argument("--gen", type=Path, help="the generator's timings (TAP_BENCH_DUMP)")
    args = parser.parse_args()
    breakdown(args.trace, args.gen)


if __name__ == "__main__":
    main()
