"""The shared budget's ledger, on SQLite and PostgreSQL, with each worker on its own engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage.budget import SqlBudgetLedger
from storage.engine import Database

KEY = "telegram:4242"


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second worker: the same database through an engine of its own."""
    second = Database(db.url)
    yield second
    second.dispose()


async def test_blocks_follow_each_other_across_workers(db: Database, other: Database) -> None:
    first, second = SqlBudgetLedger(db), SqlBudgetLedger(other)
    # Ten-second slots: the few milliseconds between the calls cannot blur the order.
    a = await first.reserve(KEY, 3, 10.0)
    b = await second.reserve(KEY, 2, 10.0)
    c = await first.reserve(KEY, 1, 10.0)
    assert a.first_in == pytest.approx(0.0, abs=1.0)
    assert (a.count, a.interval, a.paused_for) == (3, 10.0, 0.0)
    assert b.first_in == pytest.approx(30.0, abs=1.0)  # after the first worker's three
    assert c.first_in == pytest.approx(50.0, abs=1.0)  # after three and two
    assert b.count == 2


async def test_budgets_are_apart(db: Database) -> None:
    ledger = SqlBudgetLedger(db)
    await ledger.reserve(KEY, 4, 10.0)
    other_bot = await ledger.reserve("telegram:777", 1, 10.0)
    assert other_bot.first_in == pytest.approx(0.0, abs=1.0)


async def test_a_pause_holds_every_worker(db: Database, other: Database) -> None:
    first, second = SqlBudgetLedger(db), SqlBudgetLedger(other)
    await first.reserve(KEY, 1, 0.5)
    left = await first.pause(KEY, 40.0)
    block = await second.reserve(KEY, 2, 0.5)
    assert left == pytest.approx(40.0, abs=1.0)
    assert block.paused_for == pytest.approx(40.0, abs=1.0)
    assert block.first_in == pytest.approx(40.0, abs=1.0)  # nothing inside the pause


async def test_a_shorter_pause_does_not_shorten_a_longer_one(db: Database) -> None:
    ledger = SqlBudgetLedger(db)
    await ledger.pause(KEY, 60.0)
    left = await ledger.pause(KEY, 5.0)
    assert left == pytest.approx(60.0, abs=1.0)


async def test_a_pause_on_a_new_budget_starts_it_paused(db: Database) -> None:
    ledger = SqlBudgetLedger(db)
    await ledger.pause("telegram:99", 30.0)
    block = await ledger.reserve("telegram:99", 1, 1.0)
    assert block.first_in == pytest.approx(30.0, abs=1.0)


async def test_slots_are_not_kept_back_after_a_quiet_spell(db: Database) -> None:
    ledger = SqlBudgetLedger(db)
    await ledger.reserve(KEY, 1, 0.001)  # its only slot is long gone by the next booking
    block = await ledger.reserve(KEY, 1, 0.001)
    assert block.first_in == pytest.approx(0.0, abs=0.5)


@pytest.mark.parametrize(
    ("key", "count", "interval"), [("", 1, 1.0), ("k" * 65, 1, 1.0), (KEY, 0, 1.0), (KEY, 1, 0.0)]
)
async def test_nonsense_is_refused(db: Database, key: str, count: int, interval: float) -> None:
    with pytest.raises(ValueError, match=r"budget key|at least one slot"):
        await SqlBudgetLedger(db).reserve(key, count, interval)
