"""Claims and inserts on both databases: leases hold, two workers never share a check-in."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import Attempt, NewCheckin, SchedulingPolicy, SendCounts
from handlers.scheduling import dispatch
from handlers.tokens import ChoiceToken, decode
from storage import scheduling as st
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import PlanItemRow, PlanRow
from tests.scheduler.seed import RecordingTransport, checkins, seed_due
from tests.support.claims import lease_due

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)
CONSOLE = (Platform.CONSOLE,)


def claim(db: Database, owner: str, now: datetime = NOW, limit: int = 100) -> list[int]:
    return db.run_sync(
        lambda s: st.claim_ids(
            s,
            now=now,
            owner=owner,
            lease_until=now + timedelta(minutes=2),
            limit=limit,
            platforms=CONSOLE,
            only_person_ids=None,
        )
    )


def test_a_lease_keeps_others_out_until_it_ends(db: Database) -> None:
    ids = seed_due(db, 5, NOW)
    assert claim(db, "a", limit=3) == ids[:3]
    assert claim(db, "b") == ids[3:]
    assert claim(db, "c") == []
    assert claim(db, "c", now=NOW + timedelta(minutes=2)) == []  # lease_until is not < now
    assert claim(db, "c", now=NOW + timedelta(minutes=2, seconds=1)) == ids
    assert {r.lease_owner for r in checkins(db)} == {"c"}


def test_rows_not_yet_due_are_not_claimed(db: Database) -> None:
    seed_due(db, 2, NOW + timedelta(seconds=1))
    assert claim(db, "a") == []


def test_insert_skips_rows_that_exist_and_duplicates_within_one_call(db: Database) -> None:
    ids = seed_due(db, 1, NOW)
    [row] = checkins(db)
    same = NewCheckin(row.plan_item_id, row.person_id, row.occurrence, row.prompt, NOW, None)
    other = NewCheckin(row.plan_item_id, row.person_id, row.occurrence, "notice-3", NOW, None)
    assert db.run_sync(lambda s: st.insert_checkins(s, [same, other, other])) == 1
    assert checkins(db)[0].id == ids[0]
    assert len(checkins(db)) == 2


def test_send_counts_count_a_gathered_message_once(db: Database) -> None:
    ids = seed_due(db, 1, NOW)
    person = checkins(db)[0].person_id
    gathered = Attempt(person, (ids[0], ids[0]), Platform.CONSOLE, NOW, "ok")
    old = Attempt(person, (ids[0],), Platform.CONSOLE, NOW - timedelta(days=3), "ok")
    failed = Attempt(person, (ids[0],), Platform.CONSOLE, NOW, "transient")
    db.run_sync(lambda s: st.attempt_rows(s, [gathered, old, failed]))
    counts = db.run_sync(
        lambda s: st.send_counts(s, [person], NOW - timedelta(days=1), NOW - timedelta(days=7))
    )
    assert counts[person] == SendCounts(day=1, week=2)


def _sent_ids(transport: RecordingTransport) -> list[int]:
    found = []
    for _to, message in transport.sent:
        for button in message.buttons:
            token = decode(button.token)
            if isinstance(token, ChoiceToken) and button.label.startswith("Ja"):
                found.append(token.checkin_id)
    return found


async def test_two_dispatchers_at_once_never_send_a_check_in_twice(db: Database) -> None:
    ids = seed_due(db, 300, NOW)
    second = Database(db.url)
    policy = SchedulingPolicy(batch_size=25, max_per_day=50, max_per_week=200)
    clock = FrozenClock(NOW)

    # The first worker's first send waits until the second has sent too, so the test shows
    # the two sharing the wave whatever the machine's speed (a claim is committed, with its
    # lease, before anything is sent).
    second_sent = asyncio.Event()

    class Meeting(RecordingTransport):
        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

        async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
            if self.name == "two":
                second_sent.set()
            elif not self.sent:
                await asyncio.wait_for(second_sent.wait(), timeout=20)
            return await super().send(to, message)

    async def worker(database: Database, name: str) -> RecordingTransport:
        transport = Meeting(name)
        store = SqlSchedulingStore(database)
        mapping: dict[Platform, Transport] = {Platform.CONSOLE: transport}
        while (await dispatch(store, mapping, clock, owner=name, policy=policy)).claimed:
            pass
        return transport

    try:
        first_t, second_t = await asyncio.gather(worker(db, "one"), worker(second, "two"))
    finally:
        second.dispose()
    sent = Counter(_sent_ids(first_t) + _sent_ids(second_t))
    assert set(sent) == set(ids)
    assert max(sent.values()) == 1
    assert first_t.sent
    assert second_t.sent


def test_schedulable_items_skip_archived_plans(db: Database) -> None:
    seed_due(db, 1, NOW)
    assert [i.spec.key for i in db.run_sync(st.schedulable_items)] == ["bulk"]

    def archive(s: Session) -> None:
        plan = s.exec(select(PlanRow)).one()
        plan.archived_at = NOW
        s.add(plan)

    db.run_sync(archive)
    assert db.run_sync(st.schedulable_items) == []
    assert db.run_sync(lambda s: st.archive_orphaned(s, NOW)) == 1
    assert date.fromisoformat(checkins(db)[0].occurrence) == date(2025, 3, 2)


async def test_a_due_check_in_of_an_unreadable_item_is_archived_not_reclaimed(
    db: Database,
) -> None:
    seed_due(db, 1, NOW)

    def corrupt(s: Session) -> None:
        for item in s.exec(select(PlanItemRow)).all():
            item.spec = {"schedule": {"kind": "sometimes"}}
            s.add(item)

    db.run_sync(corrupt)
    store = SqlSchedulingStore(db)
    due = await lease_due(
        store,
        now=NOW,
        owner="a",
        lease_until=NOW + timedelta(minutes=2),
        limit=10,
        platforms=CONSOLE,
        only_person_ids=None,
    )
    assert due == []
    assert [(r.state, r.lease_owner) for r in checkins(db)] == [("archived", None)]
