"""The shared platform budget: one row per budget, booked atomically by every worker.

A reservation is one statement: an upsert that moves the budget's next free slot on by
`count` intervals and returns the first booked slot with the database's own time, so
workers on several hosts share one clock and never need theirs to agree. A pause moves
both the pause's end and the next free slot past `seconds` from now.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from bot.core.ports import SlotBlock
from storage.engine import Database

MAX_KEY = 64
# The database's clock as seconds since the epoch. PostgreSQL's statement_timestamp() is
# one instant for the whole statement; SQLite's 'now' is one instant per statement too.
_NOW = {
    "postgresql": "CAST(EXTRACT(EPOCH FROM statement_timestamp()) AS DOUBLE PRECISION)",
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
}
_LATEST = {"postgresql": "GREATEST", "sqlite": "max"}


def _reserve_sql(dialect: str) -> str:
    now, latest = _NOW[dialect], _LATEST[dialect]
    return f"""
        INSERT INTO platform_budget (key, next_slot, paused_until)
        VALUES (:key, {now} + :span, 0)
        ON CONFLICT (key) DO UPDATE SET next_slot =
            {latest}(platform_budget.next_slot, platform_budget.paused_until, {now}) + :span
        RETURNING next_slot - :span, {now}, paused_until
    """


def _pause_sql(dialect: str) -> str:
    now, latest = _NOW[dialect], _LATEST[dialect]
    return f"""
        INSERT INTO platform_budget (key, next_slot, paused_until)
        VALUES (:key, {now} + :seconds, {now} + :seconds)
        ON CONFLICT (key) DO UPDATE SET
            paused_until = {latest}(platform_budget.paused_until, {now} + :seconds),
            next_slot = {latest}(platform_budget.next_slot, {now} + :seconds)
        RETURNING paused_until - {now}
    """


def _check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY:
        raise ValueError(f"a budget key has 1 to {MAX_KEY} characters")


class SqlBudgetLedger:
    """BudgetLedger over a Database: each call is one short transaction off the event loop."""

    def __init__(self, db: Database) -> None:
        self.db = db
        dialect = db.engine.dialect.name
        if dialect not in _NOW:
            raise ValueError(f"no shared budget on {dialect}")
        self._reserve = text(_reserve_sql(dialect))
        self._pause = text(_pause_sql(dialect))
        # A booking lost in a crash costs nothing (the slots would go unused anyway): no
        # need to wait for the disk on every commit.
        self._no_flush = text("SET LOCAL synchronous_commit TO OFF") if db.is_postgres else None

    async def reserve(self, key: str, count: int, interval: float) -> SlotBlock:
        _check_key(key)
        if count < 1 or interval <= 0:
            raise ValueError("a reservation takes at least one slot of a positive interval")

        def book(session: Session) -> SlotBlock:
            params = {"key": key, "span": count * interval}
            if self._no_flush is not None:
                session.connection().execute(self._no_flush)
            first, now, paused_until = session.connection().execute(self._reserve, params).one()
            return SlotBlock(
                first_in=max(float(first) - float(now), 0.0),
                count=count,
                interval=interval,
                paused_for=max(float(paused_until) - float(now), 0.0),
                ledger_now=float(now),
            )

        return await self.db.run(book)

    async def pause(self, key: str, seconds: float) -> float:
        _check_key(key)
        seconds = max(seconds, 0.0)

        def hold(session: Session) -> float:
            params = {"key": key, "seconds": seconds}
            (left,) = session.connection().execute(self._pause, params).one()
            return max(float(left), 0.0)

        return await self.db.run(hold)
