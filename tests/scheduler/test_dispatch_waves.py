"""A wave larger than a batch: every due check-in goes out once, in claim order, over passes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select, update

from bot.core.clock import FrozenClock
from bot.core.model import CheckinState, Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.transports.memory import MemoryTransport
from handlers.scheduling import dispatch
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore, claim_ids
from storage.tables import CheckinRow, DeliveryAttemptRow, PersonRow, PlanItemRow
from tests.scheduler.seed import add_item, checkins, event_on, person_owner, seed_world

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)
BATCH = 4


def seed_wave(db: Database, people: int) -> dict[str, list[int]]:
    """`people` people, one ask each; a third due an hour ago, the rest due at three later
    minutes, interleaved so claim order differs from insertion order. Returns ids by kind."""
    world = seed_world(db)
    item = add_item(db, world, "bulk", event_on(date(2025, 3, 2)), [person_owner("anna")])
    gone = add_item(db, world, "gone", event_on(date(2025, 3, 2)), [person_owner("anna")])

    def write(s: Session) -> dict[str, list[int]]:
        rows = []
        for n in range(people):
            person = PersonRow(key=f"w{n:03d}", name="W", locale="sv", timezone="Europe/Stockholm")
            s.add(person)
            s.flush()
            due = NOW - timedelta(hours=1) if n % 3 == 0 else NOW - timedelta(minutes=n % 3)
            rows.append(
                CheckinRow(
                    plan_item_id=item,
                    person_id=person.id or 0,
                    occurrence="2025-03-02",
                    prompt="ask",
                    due_at=due,
                    next_send_at=due,
                )
            )
        later = rows[0].person_id
        extra = {
            # Not due yet, leased by another worker, of an archived item, closed already.
            "future": CheckinRow(
                plan_item_id=item,
                person_id=later,
                occurrence="2025-03-09",
                prompt="ask",
                due_at=NOW + timedelta(minutes=5),
                next_send_at=NOW + timedelta(minutes=5),
            ),
            "leased": CheckinRow(
                plan_item_id=item,
                person_id=later,
                occurrence="2025-03-01",
                prompt="ask",
                due_at=NOW,
                next_send_at=NOW,
                lease_owner="other",
                lease_until=NOW + timedelta(minutes=1),
            ),
            "archived": CheckinRow(
                plan_item_id=gone,
                person_id=later,
                occurrence="2025-03-02",
                prompt="ask",
                due_at=NOW,
                next_send_at=NOW,
            ),
            "done": CheckinRow(
                plan_item_id=item,
                person_id=later,
                occurrence="2025-02-23",
                prompt="ask",
                due_at=NOW,
                next_send_at=NOW,
                state="done",
            ),
        }
        s.add_all([*rows, *extra.values()])
        s.flush()
        s.execute(update(PlanItemRow).where(col(PlanItemRow.id) == gone).values(archived_at=NOW))
        return {"wave": [r.id or 0 for r in rows]} | {k: [r.id or 0] for k, r in extra.items()}

    return db.run_sync(write)


async def test_a_wave_goes_out_once_each_in_claim_order_over_many_passes(db: Database) -> None:
    ids = seed_wave(db, 30)
    due = {r.id: (r.next_send_at, r.person_id, r.id) for r in checkins(db) if r.id in ids["wave"]}
    store, transport = SqlSchedulingStore(db), MemoryTransport()
    transports: dict[Platform, Transport] = {Platform.CONSOLE: transport}
    policy = SchedulingPolicy(batch_size=BATCH)
    passes = 0
    while (await dispatch(store, transports, FrozenClock(NOW), owner="w", policy=policy)).claimed:
        passes += 1
    sent_to = [m.to.chat_id for m in transport.sent]
    keys = {r.id: r.person_id for r in checkins(db)}
    people = db.run_sync(lambda s: {p.id: p.key for p in s.exec(select(PersonRow)).all()})
    # The oracle: due instant first, then person, then row, as the claim promises.
    expected = [people[keys[i]] for i in sorted(ids["wave"], key=lambda i: due[i])]
    assert passes == -(-30 // BATCH)
    assert sent_to == expected  # nothing lost, nothing doubled, in order
    after = {r.id: r for r in checkins(db)}
    assert all(after[i].state == CheckinState.AWAITING.value for i in ids["wave"])
    assert all(after[i].sends == 1 and after[i].lease_owner is None for i in ids["wave"])
    for kind in ("future", "leased", "archived", "done"):
        assert after[ids[kind][0]].sends == 0, kind
    attempts = db.run_sync(lambda s: s.exec(select(DeliveryAttemptRow.checkin_id)).all())
    assert sorted(a for a in attempts if a is not None) == sorted(ids["wave"])
    assert None not in attempts


async def test_a_claim_never_takes_more_than_the_batch_nor_a_row_twice(db: Database) -> None:
    ids = seed_wave(db, 10)

    def claim(s: Session, owner: str) -> list[int]:
        until = NOW + timedelta(minutes=2)
        return claim_ids(
            s,
            now=NOW,
            owner=owner,
            lease_until=until,
            limit=BATCH,
            platforms=(Platform.CONSOLE,),
            only_person_ids=None,
        )

    first = db.run_sync(lambda s: claim(s, "a"))
    second = db.run_sync(lambda s: claim(s, "b"))
    rest = db.run_sync(lambda s: claim(s, "c"))
    none = db.run_sync(lambda s: claim(s, "d"))
    assert len(first) == len(second) == BATCH
    assert sorted(first + second + rest) == sorted(ids["wave"])
    assert none == []


def test_the_sqlite_claim_walks_the_claim_index_without_sorting(sqlite_db: Database) -> None:
    seed_wave(sqlite_db, 3)
    seen: list[tuple[str, Any]] = []

    def remember(conn: Any, cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith("UPDATE CHECKIN"):
            seen.append((sql, params))

    event.listen(sqlite_db.engine, "before_cursor_execute", remember)
    try:
        sqlite_db.run_sync(
            lambda s: claim_ids(
                s,
                now=NOW,
                owner="x",
                lease_until=NOW + timedelta(minutes=2),
                limit=BATCH,
                platforms=(Platform.TELEGRAM,),
                only_person_ids=None,
            )
        )
    finally:
        event.remove(sqlite_db.engine, "before_cursor_execute", remember)
    sql, params = seen[0]
    with sqlite_db.engine.connect() as conn:
        plan = [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    assert any("ix_checkin_claim" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
