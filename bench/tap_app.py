"""The app side of bench/tap_bench.py: the real router and Telegram transport in webhook mode.

Run in a child process by tap_bench.py, with PYTHONPATH naming the source tree to measure,
so the same harness drives this tree and an older one. It seeds one open check-in (with a
sent reminder) for each of `--people` stewards, starts the transport against the fake Bot
API, prints one JSON line (the button token of each steward's Yes), and serves until
SIGTERM; then it stops the transport and writes when each tap's handler returned (its
transaction committed) to `--out`. Where the tree has an inbox (storage/inbox.py) the
webhook writes each update's receipt there and answers a tap in its response.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import signal
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.core.messages import ChoiceSelected, Effect, InboundEvent
from bot.core.model import Choice, ItemSpec, Owner, OwnerKind, Schedule, ScheduleKind
from bot.transports.telegram import TelegramTransport
from bot.transports.telegram_limits import Pacer
from handlers.router import Router
from handlers.tokens import ChoiceToken, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.migrate import upgrade
from storage.tables import AreaRow, ChatIdentityRow, CheckinRow, UnitRow
from tests.support.seed import insert_item, insert_person, insert_plan, insert_row

TOKEN = "4242:TEST-token_for_the_fake_api"
SECRET = "bench-secret"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
FIRST_USER = 200_000
WEEK = ItemSpec(
    key="8.3",
    title="Värvningsvecka",
    schedule=Schedule(ScheduleKind.EVENT, start=date(2025, 3, 1), end=date(2025, 3, 2)),
    owners=(Owner(OwnerKind.PERSON, person="p0"),),
)


def seed(db: Database, people: int) -> dict[str, str]:
    """Telegram user id → the token of that steward's Yes button."""

    def write(session: Session) -> dict[str, str]:
        unit = insert_row(session, UnitRow(key="u", name="Sektionen", kind="sektion"))
        plan = insert_plan(session, "vp", unit)
        area = insert_row(session, AreaRow(plan_id=plan, key="8", title="Organisering"))
        item = insert_item(session, plan, area, WEEK)
        tokens: dict[str, str] = {}
        for n in range(people):
            user = str(FIRST_USER + n)
            person = insert_person(session, f"p{n}", f"Person {n}", [unit])
            session.add(ChatIdentityRow(person_id=person, platform="telegram", workspace="",
                                        user_id=user, chat_id=user))  # fmt: skip
            checkin = insert_row(session, CheckinRow(
                plan_item_id=item, person_id=person, occurrence="2025-03-01", prompt="ask",
                state="awaiting", due_at=NOW, occurrence_end=date(2025, 3, 2),
                message_platform="telegram", message_chat_id=user, message_id="100",
            ))  # fmt: skip
            tokens[user] = encode(ChoiceToken(checkin, Choice.YES))
        return tokens

    return db.run_sync(write)


def inbox_of(db: Database) -> dict[str, Any]:
    """The webhook's inbox where the measured tree has one (older trees have none)."""
    try:
        from storage.inbox import SqlUpdateInbox
    except ImportError:
        return {}
    return {"inbox": SqlUpdateInbox(db)}


def settle_heap() -> None:
    """What `ombud run` does once a transport has started, where the tree does it."""
    try:
        from bot.core.heap import settle_started_heap
    except ImportError:
        return
    settle_started_heap()


async def serve(args: argparse.Namespace) -> None:
    db = Database(args.db)
    upgrade(db)
    tokens = seed(db, args.people)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    stored: dict[str, float] = {}

    async def timed(event: InboundEvent) -> list[Effect]:
        effects = await router.handle(event)
        # The transaction has committed; a tap recorded on receipt was stored before.
        stored.setdefault(event.event_id, time.monotonic())
        return effects

    async def recorded_on_receipt(taps: Sequence[ChoiceSelected]) -> Mapping[str, int]:
        recorded = await router.record_taps(taps)
        now = time.monotonic()  # their transaction has committed
        for event_id in recorded:
            stored.setdefault(event_id, now)
        return recorded

    per_second = 28.0 if args.budget == "paced" else 1_000_000.0
    transport = TelegramTransport(
        TOKEN,
        mode="webhook",
        base_url=args.fake,
        webhook_url="https://ombud.example.org/hook",
        webhook_listen="127.0.0.1",
        webhook_port=args.port,
        webhook_secret=SECRET,
        pacer=Pacer(per_second=per_second),
        **inbox_of(db),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    if args.on_receipt == "yes":
        await transport.start(timed, record_taps=recorded_on_receipt)
    else:
        await transport.start(timed)
    settle_heap()
    print(json.dumps({"tokens": tokens}), flush=True)
    trace = _tracer()
    lag: asyncio.Task[None] | None = None
    if trace is not None:
        lag = asyncio.create_task(trace.sample_lag(stop))
    await stop.wait()
    await transport.stop()
    if trace is not None and lag is not None:
        await lag
        trace.write(os.environ["TAP_BENCH_TRACE"])
    await asyncio.to_thread(Path(args.out).write_text, json.dumps(stored))
    db.dispose()


def _tracer() -> Any:
    """bench/tap_trace.py (beside this script) when TAP_BENCH_TRACE names a file, else None."""
    if not os.environ.get("TAP_BENCH_TRACE"):
        return None
    return importlib.import_module("tap_trace")  # this script's directory is on sys.path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--fake", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--budget", choices=("open", "paced"), default="open")
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--on-receipt",
        choices=("yes", "no"),
        default="yes",
        help="record first answers on receipt (yes) or handle every tap one by one (no)",
    )
    parser.add_argument("--profile", help="write a cProfile of the event loop's thread here")
    args = parser.parse_args()
    trace = _tracer()
    if trace is not None:
        trace.install()
    if args.profile:
        import cProfile

        cProfile.runctx("asyncio.run(serve(args))", globals(), {"args": args}, args.profile)
        return
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
