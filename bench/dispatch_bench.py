"""Measure materialise and dispatch throughput on a scratch database; prints figures.

    python bench/dispatch_bench.py [--people 2000] [--items 20] [--batch 200] [--url URL]

Without --url a temporary SQLite file is used. Nothing is sent anywhere: the memory
transport only keeps the messages.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.core.model import (
    Frequency,
    ItemSpec,
    Owner,
    OwnerKind,
    Platform,
    Role,
    Schedule,
    ScheduleKind,
)
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.core.specjson import item_to_json
from bot.transports.memory import MemoryTransport
from handlers.scheduling import dispatch, materialise
from storage.engine import Database
from storage.migrate import upgrade
from storage.scheduling import SqlSchedulingStore
from storage.tables import AreaRow, PersonRow, PersonUnitRow, PlanItemRow, PlanRow, UnitRow

START = datetime(2025, 3, 3, 8, tzinfo=UTC)


def seed(db: Database, people: int, items: int) -> None:
    def write(s: Session) -> None:
        unit = UnitRow(key="u", name="U", kind="sektion")
        s.add(unit)
        s.flush()
        assert unit.id is not None
        plan = PlanRow(
            key="p",
            unit_id=unit.id,
            title="P",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            language="sv",
        )
        s.add(plan)
        s.flush()
        assert plan.id is not None
        area = AreaRow(plan_id=plan.id, key="a", title="A")
        s.add(area)
        s.flush()
        rows = [
            PersonRow(key=f"p{n}", name="P", locale="sv", timezone="Europe/Stockholm")
            for n in range(people)
        ]
        s.add_all(rows)
        s.flush()
        s.add_all(PersonUnitRow(person_id=p.id or 0, unit_id=unit.id) for p in rows)
        owner = Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="u")
        for n in range(items):
            schedule = (
                Schedule(ScheduleKind.RECURRING, every=Frequency.WEEKLY)
                if n % 2
                else Schedule(ScheduleKind.EVENT, start=date(2025, 3, 2), remind_days_before=(7,))
            )
            spec = ItemSpec(key=f"i{n}", title=f"Item {n}", schedule=schedule, owners=(owner,))
            s.add(
                PlanItemRow(
                    plan_id=plan.id,
                    area_id=area.id or 0,
                    key=spec.key,
                    title=spec.title,
                    spec=item_to_json(spec),
                )
            )

    db.run_sync(write)


async def measure(db: Database, batch: int) -> None:
    store = SqlSchedulingStore(db)
    clock = FrozenClock(START)
    policy = SchedulingPolicy(batch_size=batch, max_per_day=50, max_per_week=200)
    began = time.perf_counter()
    created = await materialise(store, clock, 30, policy=policy)
    took = time.perf_counter() - began
    print(f"materialise: {created} check-ins in {took:.2f} s ({created / max(took, 1e-9):.0f}/s)")
    began = time.perf_counter()
    again = await materialise(store, clock, 30, policy=policy)
    print(f"materialise again: {again} new in {time.perf_counter() - began:.2f} s")
    transport = MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    began, sent, passes = time.perf_counter(), 0, 0
    while (
        report := await dispatch(store, transports, clock, owner="bench", policy=policy)
    ).claimed:
        sent += report.sent
        passes += 1
    took = time.perf_counter() - began
    messages = len(transport.sent)
    print(
        f"dispatch: {sent} check-ins in {messages} messages, {passes} passes, "
        f"{took:.2f} s ({messages / max(took, 1e-9):.0f} messages/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = Database(args.url or f"sqlite:///{Path(scratch) / 'bench.db'}")
        upgrade(db)
        seed(db, args.people, args.items)
        print(f"{db.engine.dialect.name}: {args.people} people, {args.items} items")
        asyncio.run(measure(db, args.batch))
        db.dispose()


if __name__ == "__main__":
    main()
