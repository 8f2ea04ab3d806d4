"""A worker's lasting name: a graceful stop gives its leases back, a restart reclaims its own."""

from __future__ import annotations

import asyncio
import io
import socket
from collections import Counter
from datetime import timedelta

from bot.app import Service, sqlite_path
from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from config.settings import SchedulerSettings, Settings
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.workers import SqlWorkerLeases, claim_identity
from tests.scheduler.crash_worker import NOW, FileTransport
from tests.scheduler.seed import checkins, seed_due
from tests.support.claims import lease_due


def sent_ids(out: io.StringIO) -> Counter[int]:
    return Counter(int(line) for line in out.getvalue().split())


class Watched(FileTransport):
    """Writes each message's check-in ids to `out`; `done` is set once `goal` ids are in.
    With a `delay` each send takes a while, as over a network, so a stop finds some in flight.
    """

    def __init__(self, out: io.StringIO, goal: int, done: asyncio.Event, delay: float = 0.0):
        super().__init__(out, None)
        self.goal, self.done, self.delay = goal, done, delay

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        if self.delay:
            await asyncio.sleep(self.delay)
        ref = await super().send(to, message)
        if len(sent_ids(self.out)) >= self.goal:  # type: ignore[arg-type]
            self.done.set()
        return ref


def settings_for(db: Database) -> Settings:
    return Settings(
        database_url=db.url,
        scheduler=SchedulerSettings(dispatch_interval_seconds=1, batch_size=500),
    )


async def run_until(service: Service, done: asyncio.Event) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(service.run(stop))
    try:
        await asyncio.wait_for(done.wait(), timeout=60)
    finally:
        stop.set()
        await asyncio.wait_for(running, timeout=60)


def test_names_are_distinct_while_held_and_taken_again_once_free(db: Database) -> None:
    file = sqlite_path(db.url)
    first = claim_identity(db, "host-a", file)
    second = claim_identity(db, "host-a", file)
    try:
        assert (first.name, second.name) == ("host-a:0", "host-a:1")
        assert first.lasting
        assert second.lasting
        first.close()  # the first worker stopped, or died
        again = claim_identity(db, "host-a", file)
        assert again.name == "host-a:0"
        again.close()
    finally:
        first.close()
        second.close()


async def test_release_gives_back_only_the_owners_leases(db: Database) -> None:
    ids = seed_due(db, 6, NOW)
    store = SqlSchedulingStore(db)
    lease = NOW + timedelta(seconds=120)
    for owner in ("host-a:0", "host-b:0"):
        await lease_due(
            store,
            now=NOW,
            owner=owner,
            lease_until=lease,
            limit=3,
            platforms=(Platform.CONSOLE,),
            only_person_ids=None,
        )
    assert await SqlWorkerLeases(db).release("host-a:0") == 3
    owners = Counter(row.lease_owner for row in checkins(db) if row.id in ids)
    assert owners == Counter({None: 3, "host-b:0": 3})


async def test_a_restart_sends_at_once_what_its_earlier_run_had_claimed(db: Database) -> None:
    ids = seed_due(db, 30, NOW)
    # An earlier run of this worker claimed the wave and was killed: its name is free again.
    earlier = claim_identity(db, socket.gethostname(), sqlite_path(db.url))
    name = earlier.name
    earlier.close()
    claimed = await lease_due(
        SqlSchedulingStore(db),
        now=NOW,
        owner=name,
        lease_until=NOW + timedelta(seconds=120),
        limit=500,
        platforms=(Platform.CONSOLE,),
        only_person_ids=None,
    )
    assert {row.id for row in claimed} == set(ids)
    out = io.StringIO()
    done = asyncio.Event()
    transport = Watched(out, len(ids), done)
    # The clock stands still: a lease of the earlier run would never run out by itself.
    service = Service(settings_for(db), db, {Platform.CONSOLE: transport}, FrozenClock(NOW))
    await run_until(service, done)
    assert service.owner == name  # the same name as before the restart
    sent = sent_ids(out)
    assert set(ids) <= set(sent)
    assert max(sent.values()) == 1


async def test_a_stop_gives_back_what_it_had_not_sent(db: Database) -> None:
    ids = seed_due(db, 200, NOW)
    out = io.StringIO()
    done = asyncio.Event()
    slow = Watched(out, 20, done, delay=0.02)
    first = Service(settings_for(db), db, {Platform.CONSOLE: slow}, FrozenClock(NOW))
    await run_until(first, done)  # stopped mid-wave, with sends in flight
    before = sent_ids(out)
    assert 20 <= sum(before.values()) < len(ids)
    assert [row.id for row in checkins(db) if row.lease_owner is not None] == []

    # A second worker (another name) sends the rest at once, though the clock stands still.
    other = claim_identity(db, "elsewhere", sqlite_path(db.url))
    rest = asyncio.Event()
    transport = Watched(out, len(ids), rest)
    second = Service(
        settings_for(db), db, {Platform.CONSOLE: transport}, FrozenClock(NOW), owner=other.name
    )
    try:
        await run_until(second, rest)
    finally:
        other.close()
    sent = sent_ids(out)
    assert set(ids) <= set(sent)
    assert max(sent.values()) == 1  # nothing doubled
