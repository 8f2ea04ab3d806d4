"""A dispatcher process for the crash test: sends through a fake platform that logs to a file.

    python -m tests.scheduler.crash_worker DB_URL OUT_FILE STOP_AFTER BATCH

After STOP_AFTER sends it says "ready" on stdout and blocks, so the test can kill it mid-pass.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.transports.memory import MemoryTransport
from handlers.scheduling import dispatch
from handlers.scheduling.dispatch import IN_FLIGHT
from handlers.tokens import ChoiceToken, decode
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)


class FileTransport(MemoryTransport):
    """Appends the check-in ids of each message to a file before the send returns."""

    def __init__(self, out: TextIO, stop_after: int | None) -> None:
        super().__init__(Platform.CONSOLE)
        self.out, self.stop_after = out, stop_after

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        ref = await super().send(to, message)
        ids = sorted(
            {t.checkin_id for b in message.buttons if isinstance(t := decode(b.token), ChoiceToken)}
        )
        for checkin_id in ids:
            self.out.write(f"{checkin_id}\n")
        self.out.flush()
        if self.stop_after is not None and len(self.sent) == self.stop_after:
            print("ready", flush=True)
            sys.stdin.readline()  # wait here until killed
        return ref


async def drain(
    db: Database,
    transport: Transport,
    clock: FrozenClock,
    batch: int,
    owner: str,
    *,
    in_flight: int = IN_FLIGHT,
) -> int:
    """Dispatch until nothing is due; returns the number of passes."""
    policy = SchedulingPolicy(batch_size=batch, max_per_day=50, max_per_week=200)
    store = SqlSchedulingStore(db)
    passes = 0
    while (
        await dispatch(
            store,
            {Platform.CONSOLE: transport},
            clock,
            owner=owner,
            policy=policy,
            in_flight=in_flight,
        )
    ).claimed:
        passes += 1
    return passes


def main() -> None:
    url, out_path, stop_after, batch = (
        sys.argv[1],
        Path(sys.argv[2]),
        int(sys.argv[3]),
        int(sys.argv[4]),
    )
    db = Database(url)
    with out_path.open("a", encoding="utf-8") as out:
        asyncio.run(drain(db, FileTransport(out, stop_after), FrozenClock(NOW), batch, "crashy"))
    db.dispose()


if __name__ == "__main__":
    main()
