"""The BudgetLedger contract on the in-memory fake, SQLite and PostgreSQL; on the databases
each of the two workers has an engine of its own."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.ports import BudgetLedger
from storage.budget import SqlBudgetLedger
from storage.engine import Database
from storage.migrate import upgrade
from tests.conftest import _postgres_db
from tests.fakes.budget import FakeBudgetLedger

KEY = "telegram:4242"
Pair = tuple[BudgetLedger, BudgetLedger]


def _pair(db: Database) -> Iterator[Pair]:
    second = Database(db.url)
    try:
        yield SqlBudgetLedger(db), SqlBudgetLedger(second)
    finally:
        second.dispose()


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledgers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Pair]:
    """Two workers' ledgers on one budget store."""
    if request.param == "fake":
        fake = FakeBudgetLedger(time.monotonic)
        yield fake, fake
    elif request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
        upgrade(db)
        yield from _pair(db)
        db.dispose()
    else:
        for db in _postgres_db():
            yield from _pair(db)


async def test_blocks_follow_each_other_across_workers(ledgers: Pair) -> None:
    first, second = ledgers
    # Ten-second slots: the few milliseconds between the calls cannot blur the order.
    a = await first.reserve(KEY, 3, 10.0)
    b = await second.reserve(KEY, 2, 10.0)
    c = await first.reserve(KEY, 1, 10.0)
    assert a.first_in == pytest.approx(0.0, abs=1.0)
    assert (a.count, a.interval, a.paused_for) == (3, 10.0, 0.0)
    assert b.first_in == pytest.approx(30.0, abs=1.0)  # after the first worker's three
    assert c.first_in == pytest.approx(50.0, abs=1.0)  # after three and two
    assert b.count == 2


async def test_budgets_are_apart(ledgers: Pair) -> None:
    ledger = ledgers[0]
    await ledger.reserve(KEY, 4, 10.0)
    other_bot = await ledger.reserve("telegram:777", 1, 10.0)
    assert other_bot.first_in == pytest.approx(0.0, abs=1.0)


async def test_a_pause_holds_every_worker(ledgers: Pair) -> None:
    first, second = ledgers
    await first.reserve(KEY, 1, 0.5)
    left = await first.pause(KEY, 40.0)
    block = await second.reserve(KEY, 2, 0.5)
    assert left == pytest.approx(40.0, abs=1.0)
    assert block.paused_for == pytest.approx(40.0, abs=1.0)
    assert block.first_in == pytest.approx(40.0, abs=1.0)  # nothing inside the pause


async def test_a_shorter_pause_does_not_shorten_a_longer_one(ledgers: Pair) -> None:
    ledger = ledgers[0]
    await ledger.pause(KEY, 60.0)
    left = await ledger.pause(KEY, 5.0)
    assert left == pytest.approx(60.0, abs=1.0)


async def test_a_pause_on_a_new_budget_starts_it_paused(ledgers: Pair) -> None:
    ledger = ledgers[0]
    await ledger.pause("telegram:99", 30.0)
    block = await ledger.reserve("telegram:99", 1, 1.0)
    assert block.first_in == pytest.approx(30.0, abs=1.0)


async def test_slots_are_not_kept_back_after_a_quiet_spell(ledgers: Pair) -> None:
    ledger = ledgers[0]
    await ledger.reserve(KEY, 1, 0.001)  # its only slot is long gone by the next booking
    block = await ledger.reserve(KEY, 1, 0.001)
    assert block.first_in == pytest.approx(0.0, abs=0.5)
