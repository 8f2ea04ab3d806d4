"""Benchmark: a wave of reminders through the real `ombud run` against a rate-limited fake Telegram.

    python bench/wave_bench.py                                  # 2,000 people, 3 runs, both waves
    python bench/wave_bench.py --people 20000 --repeat 2 --only single
    python bench/wave_bench.py --tree ../other-checkout         # the same script, other code

Each run seeds a fresh SQLite file: N people, each linked to Telegram with one due report
request; in the "second" wave every fourth person also has a heads-up due, so one pass owes
them two messages. A fake Bot API (tests/transports/telegram/fake_bot_api.py) serves on
127.0.0.1, answering every call after --latency seconds and enforcing Telegram's limits: 30
calls a second per bot, one message a second per chat, a 429 pausing the whole bot. Then
`ombud run` starts as its own process, with default settings apart from the database, the
token and the fake's address, and runs until every message has arrived (or --cap seconds).

Printed per wave, median [min–max] of the runs and the run size:
- `delivered/s`: messages the fake accepted, from the first to the last, over that time;
  the limit is 30/s, so 0.95 of it is 28.5/s;
- `first send s`: from starting `ombud run` to the first accepted message;
- `429s`: calls the fake refused; `busiest`: most messages accepted in any one second;
- `lost` and `doubled`: summed over the runs, from what the fake accepted (report requests
  are told apart by the check-in in their buttons, heads-ups are one per person);
- `peak RSS`, `idle RSS`: of the `ombud run` process (kernel high-water mark, and resident
  memory 15 s after the wave); `CPU ms/msg`: its user+system CPU over the messages.

WAVE_BENCH_SET="OMBUD_SCHEDULER__SENDS_IN_FLIGHT=16 ..." sets settings away from the
defaults, for comparisons. `--tree` runs `ombud run` from another checkout (its code, this
environment), so one script measures before and after. The people's time zone is picked
so that their local time is within working hours now: quiet hours would hold the wave back.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aiohttp import web
from sqlalchemy import insert

from bot.core.model import Frequency, ItemSpec, Owner, OwnerKind, Role, Schedule
from bot.core.model import ScheduleKind as Kind
from bot.core.specjson import item_to_json
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import (
    AreaRow,
    ChatIdentityRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi, PlatformLimits, start_fake

ROOT = Path(__file__).resolve().parents[1]
CHUNK = 5000
FIRST_CHAT = 700_000_000
# Candidate zones for the people; the one whose local time is nearest 13:00 is used.
ZONES = (
    "Europe/Stockholm",
    "America/New_York",
    "America/Los_Angeles",
    "Pacific/Honolulu",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Asia/Dubai",
    "America/Sao_Paulo",
)
IDLE_WAIT = 15.0
LIMIT = 30.0


def working_zone(now: datetime) -> str:
    def distance(zone: str) -> float:
        local = now.astimezone(ZoneInfo(zone))
        return abs(local.hour + local.minute / 60 - 13.0)

    return min(ZONES, key=distance)


def _insert(db: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    with db.engine.begin() as conn:
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(table), rows[start : start + CHUNK])


def seed(url: str, people: int, second_every: int) -> dict[str, int]:
    """People with Telegram chats and due rows; returns chat id -> messages owed."""
    db = Database(url)
    upgrade(db)
    now = datetime.now(UTC).replace(microsecond=0)
    zone = working_zone(now)
    today = now.astimezone(ZoneInfo(zone)).date()
    # Unit 2 has nobody in it: the items are owned there, so materialising adds no rows.
    _insert(
        db,
        UnitRow,
        [
            {"id": 1, "key": "u", "name": "U", "kind": "sektion", "parent_id": None},
            {"id": 2, "key": "empty", "name": "E", "kind": "sektion", "parent_id": None},
        ],
    )
    plan = {"id": 1, "key": "p", "unit_id": 1, "title": "P", "language": "sv", "settings": {}}
    plan |= {"source": "", "period_start": date(today.year - 1, 1, 1)}
    plan |= {"period_end": date(today.year + 1, 12, 31)}
    _insert(db, PlanRow, [plan])
    _insert(db, AreaRow, [{"id": 1, "plan_id": 1, "key": "a", "title": "Area", "position": 0}])
    owner = Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="empty")
    weekly = Schedule(Kind.RECURRING, every=Frequency.WEEKLY)
    specs = [
        ItemSpec(key=f"i{n}", title=f"Item {n}", schedule=weekly, owners=(owner,)) for n in range(2)
    ]
    _insert(
        db,
        PlanItemRow,
        [
            {"id": n + 1, "plan_id": 1, "area_id": 1, "key": s.key, "title": s.title}
            | {"spec": item_to_json(s), "description": "", "position": n}
            for n, s in enumerate(specs)
        ],
    )
    person = {"name": "P", "locale": "sv", "roles": "steward", "active": True}
    person |= {"locale_chosen": False, "timezone": zone}
    _insert(db, PersonRow, [{"id": n + 1, "key": f"p{n}"} | person for n in range(people)])
    _insert(db, PersonUnitRow, [{"person_id": n + 1, "unit_id": 1} for n in range(people)])
    _insert(
        db,
        ChatIdentityRow,
        [
            {"person_id": n + 1, "platform": "telegram", "workspace": ""}
            | {"user_id": str(FIRST_CHAT + n), "chat_id": str(FIRST_CHAT + n), "linked_at": now}
            for n in range(people)
        ],
    )
    due = now - timedelta(minutes=1)
    row: dict[str, object] = {"state": "scheduled", "sends": 0, "followups_sent": 0}
    row |= {"due_at": due, "next_send_at": due}
    asks = [
        {"plan_item_id": 1, "person_id": n + 1, "occurrence": today.isoformat()}
        | {"prompt": "ask", "occurrence_end": None}
        | row
        for n in range(people)
    ]
    week = (today + timedelta(days=7)).isoformat()
    notices = [
        {"plan_item_id": 2, "person_id": n + 1, "occurrence": week}
        | {"prompt": "notice-7", "occurrence_end": None}
        | row
        for n in range(people)
        if second_every and n % second_every == 0
    ]
    _insert(db, CheckinRow, asks + notices)
    db.dispose()
    owed = {str(FIRST_CHAT + n): 1 for n in range(people)}
    for n in range(0, people, second_every) if second_every else ():
        owed[str(FIRST_CHAT + n)] += 1
    return owed


@dataclass
class SlowBotApi(FakeBotApi):
    """The fake Bot API, answering every call but getUpdates after a fixed round trip."""

    latency: float = 0.08
    sent: list[tuple[float, str, str]] = field(default_factory=list)
    # Every call but getUpdates as the fake judged it: (monotonic time, method, HTTP status).
    arrivals: list[tuple[float, str, int]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        response = await super().handle(request)
        method = request.match_info["method"]
        if method == "getUpdates":
            return response
        self.arrivals.append((time.monotonic(), method, response.status))
        if method == "sendMessage" and response.status == 200:
            assert response.text is not None
            body = json.loads(response.text)
            chat = str(body["result"]["chat"]["id"])
            # No await since super() recorded the call: the last call is this request's.
            markup = self.calls[-1].params.get("reply_markup")
            self.sent.append((time.monotonic(), chat, _kind(markup)))
        await asyncio.sleep(self.latency)
        return response


def _kind(markup: Any) -> str:
    """A report request carries buttons; a heads-up has none (each person is owed one of each)."""
    return "ask" if markup else "notice"


def _rss_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_run(  # noqa: PLR0917 - one run's settings
    tree: Path,
    people: int,
    second_every: int,
    latency: float,
    cap: float,
    logs: Path | None,
) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="wave-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'wave.db'}"
        owed = seed(url, people, second_every)
        # The fake stands for Telegram's servers, whose clock no collector stops: what this
        # process holds by now (its libraries, the seeding) is left out of collections, so
        # a full one, should the fake's records bring one about, walks only what the run
        # added; each is written to the fake's log (--logs) to set beside the 429s.
        gc.collect()
        gc.freeze()
        api = SlowBotApi(limits=PlatformLimits(clock=time.monotonic), latency=latency)
        runner = await start_fake(api)
        pauses = _collector_pauses()
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
        env |= {"OMBUD_DATABASE_URL": url, "OMBUD_TELEGRAM__TOKEN": TOKEN}
        env |= {"OMBUD_TELEGRAM__BASE_URL": api.base_url, "PYTHONPATH": str(tree)}
        env |= dict(item.split("=", 1) for item in os.environ.get("WAVE_BENCH_SET", "").split())
        code = "import sys; from bot.cli import main; sys.argv[0] = 'ombud'; main()"
        log = (Path(tmp) / "run.log").open("w")
        started = time.monotonic()
        proc = subprocess.Popen(  # noqa: ASYNC220 - started once, before the measuring
            [sys.executable, "-c", code, "run"], cwd=tmp, env=env, stdout=log, stderr=log
        )
        try:
            expected = sum(owed.values())
            last_count, last_change = 0, time.monotonic()
            while len(api.sent) < expected and time.monotonic() - started < cap:
                await asyncio.sleep(0.5)
                if len(api.sent) != last_count:
                    last_count, last_change = len(api.sent), time.monotonic()
                if proc.poll() is not None:
                    break
            done = time.monotonic()
            await asyncio.sleep(IDLE_WAIT)
            idle_kb = _rss_kb(proc.pid, "VmRSS")
            peak_kb = _rss_kb(proc.pid, "VmHWM")
            cpu = _cpu_s(proc.pid)
        finally:
            # Wait without blocking this loop: the fake must go on answering while the
            # service stops (its last long poll, its shutdown calls).
            proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(proc.wait, 30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
            api.close()
            await runner.cleanup()
            gc.unfreeze()
        text = _read_log(Path(tmp) / "run.log", logs, proc.returncode, api.arrivals + pauses)
    return _figures(api, owed, started, done, last_change, text) | {
        "peak_mb": peak_kb / 1024,
        "idle_mb": idle_kb / 1024,
        "cpu_ms": 1000 * cpu / max(len(api.sent), 1),
        "exit": float(proc.returncode),
    }


def _collector_pauses() -> list[tuple[float, str, int]]:
    """Full collections of this process (the fake's) from now on, as (end, "gc:2", ms)."""
    found: list[tuple[float, str, int]] = []
    began = [0.0]

    def note(phase: str, info: dict[str, int]) -> None:
        if info["generation"] < 2:
            return
        if phase == "start":
            began[0] = time.monotonic()
        else:
            found.append((time.monotonic(), "gc:2", round(1000 * (time.monotonic() - began[0]))))

    gc.callbacks[:] = [c for c in gc.callbacks if getattr(c, "__name__", "") != "note"]
    gc.callbacks.append(note)
    return found


def _read_log(
    path: Path, logs: Path | None, returncode: int, arrivals: list[tuple[float, str, int]]
) -> str:
    text = path.read_text()
    if logs is not None:
        logs.mkdir(parents=True, exist_ok=True)
        stamp = int(time.time())
        (logs / f"run-{stamp}.log").write_text(text)
        # The fake's view, to set beside the log: when each call arrived and its answer.
        # (a full collection of the fake's process: method "gc:2", status its length in ms)
        lines = (json.dumps({"t": round(t, 4), "method": m, "status": s}) for t, m, s in arrivals)
        (logs / f"fake-{stamp}.jsonl").write_text("\n".join(lines) + "\n")
    if returncode != 0:
        print(f"ombud run exited with {returncode}:\n{text[-1500:]}", file=sys.stderr)
    return text


def _figures(  # noqa: PLR0917 - one run's record
    api: SlowBotApi, owed: dict[str, int], started: float, done: float, last: float, text: str
) -> dict[str, float]:
    sent = list(api.sent)
    got: Counter[str] = Counter(chat for _t, chat, _k in sent)
    kinds = Counter((chat, kind) for _t, chat, kind in sent)
    lost = sum(max(n - got.get(chat, 0), 0) for chat, n in owed.items())
    doubled = sum(n - 1 for n in kinds.values() if n > 1)
    times = [t for t, _c, _k in sent]
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    limits = api.limits
    assert limits is not None
    busiest = _busiest(times)
    return {
        "messages": float(sum(owed.values())),
        "delivered": float(len(sent)),
        "rate": (len(times) - 1) / span if len(times) > 1 else 0.0,
        "first": times[0] - started if times else float("nan"),
        "wall": done - started,
        "too_many": float(limits.too_many),
        "busiest": float(busiest),
        "lost": float(lost),
        "doubled": float(doubled),
        "tracebacks": float(text.count("Traceback")),
        **_passes(text),
        "stalled_s": done - last,
    }


_PASS = re.compile(r"dispatch \S+: claimed (\d+), sent (\d+) in (\d+) messages, .*postponed (\d+)")


def _passes(log: str) -> dict[str, float]:
    """Dispatch passes that claimed something, and the sends they postponed, from the log."""
    found = [tuple(map(int, m.groups())) for m in _PASS.finditer(log)]
    busy = [f for f in found if f[0]]
    return {"passes": float(len(busy)), "postponed": float(sum(f[3] for f in busy))}


def _busiest(times: list[float]) -> int:
    most, start = 0, 0
    for end, at in enumerate(times):
        while times[start] <= at - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def _stats(values: list[float], fmt: str) -> str:
    med = statistics.median(values)
    return f"{fmt.format(med)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("single", "second"), default=None)
    parser.add_argument("--latency", type=float, default=0.08)
    parser.add_argument("--cap", type=float, default=3600.0, help="give up a run after this")
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose code runs")
    parser.add_argument("--label", default="", help="printed before each line")
    parser.add_argument("--logs", type=Path, default=None, help="keep the service's logs here")
    args = parser.parse_args()
    for wave, every in (("single", 0), ("second", 4)):
        if args.only not in (None, wave):
            continue
        runs = []
        for _ in range(args.repeat):
            run = asyncio.run(
                one_run(
                    args.tree.resolve(),
                    args.people,
                    every,
                    args.latency,
                    args.cap,
                    args.logs,
                )
            )
            print("  run " + json.dumps({k: round(v, 2) for k, v in run.items()}), flush=True)
            runs.append(run)
        print(
            f"{args.label}wave {wave} people={args.people} messages={runs[0]['messages']:.0f} "
            f"n={args.repeat} latency={args.latency * 1000:.0f}ms  "
            f"delivered/s {_stats([r['rate'] for r in runs], '{:.2f}')} "
            f"(x{statistics.median(r['rate'] for r in runs) / LIMIT:.3f} of 30/s)  "
            f"first send s {_stats([r['first'] for r in runs], '{:.1f}')}  "
            f"429s {_stats([r['too_many'] for r in runs], '{:.0f}')}  "
            f"busiest {_stats([r['busiest'] for r in runs], '{:.0f}')}  "
            f"lost {sum(r['lost'] for r in runs):.0f}  "
            f"doubled {sum(r['doubled'] for r in runs):.0f}  "
            f"peak RSS MB {_stats([r['peak_mb'] for r in runs], '{:.0f}')}  "
            f"idle RSS MB {_stats([r['idle_mb'] for r in runs], '{:.0f}')}  "
            f"CPU ms/msg {_stats([r['cpu_ms'] for r in runs], '{:.2f}')}",
            flush=True,
        )


if __name__ == "__main__":
    main()
