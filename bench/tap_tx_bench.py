"""One tap's transaction, without HTTP: statements and CPU per tap through the real router.

Seeds the tap bench's world (bench/tap_app.py: one open check-in per steward) in a fresh
SQLite file or PostgreSQL schema, then hands the router one Telegram tap per steward, one
after another, and counts the SQL statements (SQLAlchemy's cursor events) and the process
CPU (every thread: the transaction runs on a worker thread) per tap. Five taps go first and
are not counted. `--root` measures another source tree with the same script.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP = 5


def child(args: argparse.Namespace) -> None:
    """In the measured tree: seed, tap, print {"statements": per tap, "cpu_ms": per tap}."""
    import time
    from dataclasses import replace

    from sqlalchemy import event
    from telegram import Update

    from bench.tap_app import NOW, seed
    from bench.tap_bench import Scratch, tap
    from bot.core.clock import FrozenClock
    from bot.transports.telegram_translate import translate_update
    from handlers.router import Router
    from storage.conversation import SqlConversationStore
    from storage.engine import Database
    from storage.migrate import upgrade

    scratch = Scratch(args.dialect, args.pg)
    db = Database(scratch.url)
    try:
        upgrade(db)
        tokens = seed(db, args.taps + WARM_UP)
        router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1

        def event_for(n: int, user: str) -> object:
            update = Update.de_json(tap(user, tokens[user], n), None)
            found = translate_update(update, "ombud_bot")
            assert found is not None
            return replace(found, sender=replace(found.sender, bot="4242"))

        events = [event_for(n, user) for n, user in enumerate(sorted(tokens), start=1)]

        async def run() -> tuple[int, float]:
            nonlocal statements
            for one in events[:WARM_UP]:
                await router.handle(one)  # type: ignore[arg-type]
            event.listen(db.engine, "before_cursor_execute", count)
            statements, started = 0, time.process_time()
            for one in events[WARM_UP:]:
                await router.handle(one)  # type: ignore[arg-type]
            return statements, time.process_time() - started

        counted, cpu = asyncio.run(run())
        print(json.dumps({"statements": counted / args.taps, "cpu_ms": cpu * 1000 / args.taps}))
    finally:
        db.dispose()
        scratch.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", choices=("sqlite", "pg", "both"), default="both")
    parser.add_argument("--pg", default=os.environ.get("OMBUD_TEST_DATABASE_URL", ""))
    parser.add_argument("--root", type=Path, default=HERE.parent, help="source tree to run")
    parser.add_argument("--child", choices=("sqlite", "postgresql"), dest="dialect")
    args = parser.parse_args()
    if args.dialect:
        child(args)
        return
    dialects = ["sqlite"] if args.db in ("sqlite", "both") else []
    if args.db in ("pg", "both") and args.pg:
        dialects.append("postgresql")
    root = args.root.resolve()
    print(f"source tree {root}")
    for dialect in dialects:
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, "--child", dialect, "--taps", str(args.taps),
                 "--pg", args.pg],
                cwd=root, env={**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{HERE.parent}"},
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        cpu = [r["cpu_ms"] for r in runs]
        stmts = [r["statements"] for r in runs]
        print(
            f"{dialect:10}  n={len(runs)} runs × {args.taps} taps  statements per tap "
            f"{statistics.median(stmts):.1f} [{min(stmts):.1f}-{max(stmts):.1f}]  CPU ms per tap "
            f"{statistics.median(cpu):.2f} [{min(cpu):.2f}-{max(cpu):.2f}]",
            flush=True,
        )


if __name__ == "__main__":
    main()
