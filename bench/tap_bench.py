"""Taps through the real Telegram webhook endpoint: how soon each is acknowledged and stored.

A load generator fires N button taps at once (one per steward) at the webhook of a running
app (bench/tap_app.py in a child process: the real router, the real transport, a fresh
SQLite file or PostgreSQL schema) that talks to a fake Bot API in a third process
(bench/tap_fake.py), so the generator's own work does not hold up the answers. Per tap:

- tap → ack: from the moment its POST starts to the moment the fake Bot API receives its
  answerCallbackQuery, or the webhook's response carrying that call arrives (Telegram makes
  the call a webhook response names), whichever is first: the spinner on the steward's
  phone stops;
- tap → stored: to the moment the app's handler returned, its transaction committed;
- tap → 200: to the moment the webhook answered the POST;
- sent → ack: as tap → ack, but from the moment the generator had written the POST's
  headers (aiohttp's trace): without the generator's own work of opening hundreds of
  connections at once, which on a small machine takes a good part of tap → ack;
- lost: taps whose answer is not in the database once everything settled.

Every run is repeated; printed are the median [min-max] over runs of each run's p50, p99
and max, and the run size. `--root` points at another source tree (e.g. a worktree of an
older commit) to measure that one with the same harness.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import create_engine, text

from storage.engine import normalise_url

HERE = Path(__file__).resolve().parent
SECRET = "bench-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_USER = 200_000
WARM_UP = 5  # taps sent one by one first, not counted: translations and caches load
SETTLE_S = 10.0  # no new stored answer for this long: the rest are lost
PROFILE = os.environ.get("TAP_BENCH_PROFILE", "")  # a file: profile the app's event loop
# A file: each run's per-tap timings (POST started, headers sent, answered, acked in the
# response) as JSON, for bench/tap_trace.py; with several runs the last one stays.
DUMP = os.environ.get("TAP_BENCH_DUMP", "")


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def tap(user: str, token: str, n: int) -> dict[str, Any]:
    chat = {"id": int(user), "type": "private"}
    sender = {"id": int(user), "is_bot": False, "first_name": "S", "language_code": "sv"}
    return {
        "update_id": n,
        "callback_query": {
            "id": f"q{n}",
            "from": sender,
            "chat_instance": f"ci{user}",
            "data": token,
            "message": {"message_id": 100, "date": 1_740_988_800, "chat": chat, "text": "r"},
        },
    }


class Scratch:
    """A fresh SQLite file or PostgreSQL schema for one run."""

    def __init__(self, dialect: str, pg: str) -> None:
        self.dialect, self.pg = dialect, pg
        self.tmp = tempfile.TemporaryDirectory()
        self.schema = f"tapb_{uuid.uuid4().hex[:10]}"
        if dialect == "sqlite":
            self.url = f"sqlite:///{Path(self.tmp.name) / 'tap.db'}"
        else:
            joiner = "&" if "?" in pg else "?"
            self.url = f"{pg}{joiner}options=-csearch_path%3D{self.schema}"
            self._admin(f'CREATE SCHEMA "{self.schema}"')
        self.engine = create_engine(normalise_url(self.url))

    def _admin(self, sql: str) -> None:
        admin = create_engine(normalise_url(self.pg), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(sql))
        admin.dispose()

    def answered(self) -> int:
        with self.engine.connect() as conn:
            query = "SELECT COUNT(DISTINCT checkin_id) FROM answer WHERE choice = 'yes'"
            return int(conn.execute(text(query)).scalar_one())

    def close(self) -> None:
        self.engine.dispose()
        if self.dialect != "sqlite":
            self._admin(f'DROP SCHEMA "{self.schema}" CASCADE')
        self.tmp.cleanup()


async def settle(scratch: Scratch, expected: int) -> int:
    """Wait until every answer is stored, or nothing new was for SETTLE_S; how many are."""
    seen, still = -1, time.monotonic()
    while True:
        now_seen = await asyncio.to_thread(scratch.answered)
        if now_seen >= expected:
            return now_seen
        if now_seen != seen:
            seen, still = now_seen, time.monotonic()
        elif time.monotonic() - still > SETTLE_S:
            return now_seen
        await asyncio.sleep(0.2)


# (POST started, its headers written, POST answered, the answer carried the tap's
# answerCallbackQuery)
Timing = tuple[float, float, float, bool]


async def fire(port: int, tokens: dict[str, str]) -> list[Timing]:
    """The warm-up taps one by one, then the burst: a Timing per tap."""
    users = sorted(tokens)
    url = f"http://127.0.0.1:{port}/hook"
    headers = {SECRET_HEADER: SECRET}
    trace = aiohttp.TraceConfig()

    async def headers_sent(
        _session: aiohttp.ClientSession,
        context: Any,
        _params: aiohttp.TraceRequestHeadersSentParams,
    ) -> None:
        context.trace_request_ctx["sent"] = time.monotonic()

    trace.on_request_headers_sent.append(headers_sent)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, trace_configs=[trace]) as session:

        async def post(n: int, user: str) -> Timing:
            started = time.monotonic()
            sent: dict[str, float] = {}
            update = tap(user, tokens[user], n)
            async with session.post(url, json=update, headers=headers, trace_request_ctx=sent) as r:
                body = await r.read()
                replied = time.monotonic()
                if r.status != 200:
                    print(f"  webhook answered {r.status}", file=sys.stderr)
            acked = r.status == 200 and answers_tap(body, f"q{n}")
            return started, sent.get("sent", started), replied, acked

        for n, user in enumerate(users[:WARM_UP], start=1):
            await post(n, user)
        await asyncio.sleep(1.0)
        burst = users[WARM_UP:]
        return await asyncio.gather(*(post(WARM_UP + 1 + i, u) for i, u in enumerate(burst)))


async def fire_raw(port: int, tokens: dict[str, str]) -> list[Timing]:
    """As `fire`, with each POST's bytes made beforehand and written on a plain socket.

    aiohttp's client costs the generator a few tenths of a millisecond of CPU per request,
    and on a small machine that it shares with the app, opening 200 requests at once took
    it 50-150 ms: time in tap → ack that is neither the app's nor, in production, this
    machine's. Here a POST is a connection and one write; the response is read as HTTP/1.1
    with a Content-Length, which is what the webhook sends.
    """
    users = sorted(tokens)
    headers = f"POST /hook HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{SECRET_HEADER}: {SECRET}\r\n"

    def request(n: int, user: str) -> bytes:
        body = json.dumps(tap(user, tokens[user], n)).encode()
        head = f"{headers}Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        return head.encode() + body

    async def post(n: int, data: bytes) -> Timing:
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(data)
        sent = time.monotonic()
        status = int((await reader.readline()).split()[1])
        length = 0
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        body = await reader.readexactly(length) if length else b""
        replied = time.monotonic()
        writer.close()
        if status != 200:
            print(f"  webhook answered {status}", file=sys.stderr)
        return started, sent, replied, status == 200 and answers_tap(body, f"q{n}")

    for n, user in enumerate(users[:WARM_UP], start=1):
        await post(n, request(n, user))
    await asyncio.sleep(1.0)
    burst = [(WARM_UP + 1 + i, request(WARM_UP + 1 + i, u)) for i, u in enumerate(users[WARM_UP:])]
    return await asyncio.gather(*(post(n, data) for n, data in burst))


def answers_tap(body: bytes, query_id: str) -> bool:
    """Whether a webhook response makes the answerCallbackQuery of this tap."""
    try:
        call = json.loads(body) if body else None
    except ValueError:
        return False
    return (
        isinstance(call, dict)
        and call.get("method") == "answerCallbackQuery"
        and call.get("callback_query_id") == query_id
    )


async def start_fake(out: Path) -> tuple[asyncio.subprocess.Process, str]:
    """The fake Bot API in a process of its own (bench/tap_fake.py); its base URL."""
    fake = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE / "tap_fake.py"), "--out", str(out),
        stdout=asyncio.subprocess.PIPE, cwd=str(HERE.parent),
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    )  # fmt: skip
    assert fake.stdout is not None
    line = await asyncio.wait_for(fake.stdout.readline(), 60)
    return fake, str(json.loads(line)["base_url"])


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 120)
        except TimeoutError:
            process.kill()
            await process.wait()


async def one_run(
    root: Path, dialect: str, pg: str, size: int, budget: str, *, client: str, on_receipt: str
) -> dict[str, Any]:
    scratch = Scratch(dialect, pg)
    answers = Path(scratch.tmp.name) / "answered.json"
    fake, base_url = await start_fake(answers)
    port = free_port()
    out = Path(scratch.tmp.name) / "stored.json"
    profile = ["--profile", PROFILE] if PROFILE else []
    child = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE / "tap_app.py"), "--db", scratch.url, "--fake", base_url,
        "--port", str(port), "--people", str(size + WARM_UP), "--budget", budget,
        "--out", str(out), "--on-receipt", on_receipt, *profile,
        stdout=asyncio.subprocess.PIPE, cwd=str(root),
        env={**os.environ, "PYTHONPATH": str(root), "TAP_BENCH_SIZE": str(size)},
    )  # fmt: skip
    try:
        assert child.stdout is not None
        line = await asyncio.wait_for(child.stdout.readline(), 300)
        tokens: dict[str, str] = json.loads(line)["tokens"]
        cpu_before = cpu_seconds(child.pid)
        times = await (fire_raw if client == "raw" else fire)(port, tokens)
        if DUMP:
            await asyncio.to_thread(Path(DUMP).write_text, json.dumps(times))
        answered = await settle(scratch, size + WARM_UP)
        app_cpu = cpu_seconds(child.pid) - cpu_before
        app_cpu_idle = await until_idle(child.pid) - cpu_before
        child.send_signal(signal.SIGTERM)
        await asyncio.wait_for(child.wait(), 120)
        stored: dict[str, float] = json.loads(out.read_text()) if out.exists() else {}
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
        await stop(fake)
        answered_at: dict[str, float] = json.loads(answers.read_text()) if answers.exists() else {}
        scratch.close()
    return {
        **figures(times, answered_at, stored, size=size, answered=answered, app_cpu=app_cpu),
        "cpu_ms_per_tap_idle": app_cpu_idle * 1000 / size,
    }


async def until_idle(pid: int, quiet: float = 0.005, every: float = 0.5) -> float:
    """The process's CPU once it has gone idle (under `quiet` s of CPU in `every` s): each
    tap's handling, edits and replies done, also where the answers were stored before."""
    last = cpu_seconds(pid)
    for _ in range(240):
        await asyncio.sleep(every)
        now = cpu_seconds(pid)
        if now - last < quiet:
            return now
        last = now
    return last


def figures(
    times: list[Timing],
    answered_at: dict[str, float],
    stored: dict[str, float],
    *,
    size: int,
    answered: int,
    app_cpu: float,
) -> dict[str, Any]:
    acks, saves, oks, sent_acks = [], [], [], []
    for i, (started, sent, replied, in_reply) in enumerate(times):
        qid = f"q{WARM_UP + 1 + i}"
        ack_at = [answered_at[qid]] if qid in answered_at else []
        ack_at += [replied] if in_reply else []
        if ack_at:
            acks.append(min(ack_at) - started)
            sent_acks.append(min(ack_at) - sent)
        if f"tg:cq:{qid}" in stored:
            saves.append(stored[f"tg:cq:{qid}"] - started)
        oks.append(replied - started)
    return {
        "ack": acks,
        "stored": saves,
        "http": oks,
        "sent_ack": sent_acks,
        "lost": size + WARM_UP - answered,
        "unacked": size - len(acks),
        "cpu_ms_per_tap": app_cpu * 1000 / size,
    }


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return ordered[index]


def stats(values: Sequence[float], fmt: str = "{:.0f}") -> str:
    good = [v for v in values if not math.isnan(v)]
    if not good:
        return "-"
    med = statistics.median(good)
    return f"{fmt.format(med)} [{fmt.format(min(good))}-{fmt.format(max(good))}]"


def report(label: str, runs: list[dict[str, Any]], size: int) -> None:
    print(f"{label}  n={len(runs)} runs × {size} concurrent taps (after {WARM_UP} warm-up taps)")
    for key, name in (
        ("ack", "tap→ack"),
        ("sent_ack", "sent→ack"),
        ("stored", "tap→stored"),
        ("http", "tap→200"),
    ):
        parts = []
        for q, qname in ((0.5, "p50"), (0.99, "p99"), (1.0, "max")):
            parts.append(f"{qname} {stats([pct(r[key], q) * 1000 for r in runs])}")
        print(f"  {name:11} ms  " + "  ".join(parts))
    lost = [float(r["lost"]) for r in runs]
    unacked = [float(r["unacked"]) for r in runs]
    cpu = [r["cpu_ms_per_tap"] for r in runs]
    cpu_idle = [r["cpu_ms_per_tap_idle"] for r in runs]
    print(
        f"  lost {stats(lost)}  never acknowledged {stats(unacked)}  "
        f"app CPU ms per tap {stats(cpu, '{:.1f}')} until stored, "
        f"{stats(cpu_idle, '{:.1f}')} until idle",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=200, help="taps fired at once")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "pg", "both"), default="both")
    parser.add_argument("--pg", default=os.environ.get("OMBUD_TEST_DATABASE_URL", ""))
    parser.add_argument("--root", type=Path, default=HERE.parent, help="source tree to run")
    parser.add_argument(
        "--client",
        choices=("aiohttp", "raw"),
        default="aiohttp",
        help="the generator's HTTP client: aiohttp's, or prepared bytes on plain sockets",
    )
    parser.add_argument(
        "--budget",
        choices=("open", "paced"),
        default="open",
        help="open: no Bot API rate budget (measures the inbound path); paced: 28 calls/s",
    )
    parser.add_argument(
        "--on-receipt",
        choices=("yes", "no"),
        default="yes",
        help="yes: a burst's first answers are recorded on receipt; no: every tap one by one",
    )
    args = parser.parse_args()
    dialects = ["sqlite"] if args.db in ("sqlite", "both") else []
    if args.db in ("pg", "both") and args.pg:
        dialects.append("postgresql")
    print(
        f"source tree {args.root.resolve()}  budget {args.budget}  client {args.client}"
        f"  on receipt {args.on_receipt}"
    )
    for dialect in dialects:
        runs = [
            asyncio.run(
                one_run(
                    args.root.resolve(),
                    dialect,
                    args.pg,
                    args.size,
                    args.budget,
                    client=args.client,
                    on_receipt=args.on_receipt,
                )
            )
            for _ in range(args.repeat)
        ]
        report(f"{dialect:10}", runs, args.size)


if __name__ == "__main__":
    main()
