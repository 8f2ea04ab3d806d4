"""Only deliveries that keep failing on a platform, with none getting through, raise a WARNING."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.watch import warn_on_sustained_failures
from storage.engine import Database
from storage.tables import DeliveryAttemptRow

NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)


def attempts(db: Database, *rows: tuple[int, str, str, str | None]) -> None:
    """(minutes ago, platform, outcome, code)"""

    def write(s: Session) -> None:
        for minutes, platform, outcome, code in rows:
            s.add(
                DeliveryAttemptRow(
                    at=NOW - timedelta(minutes=minutes),
                    platform=platform,
                    outcome=outcome,
                    code=code,
                )
            )

    db.run_sync(write)


async def test_an_outage_is_a_warning_with_reasons(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    attempts(
        sqlite_db,
        (1, "telegram", "transient", "network"),
        (5, "telegram", "transient", "network"),
        (9, "telegram", "unreachable", "blocked"),
        (2, "slack", "transient", "timeout"),  # slack also delivered: not an outage
        (3, "slack", "transient", "timeout"),
        (4, "slack", "transient", "timeout"),
        (6, "slack", "ok", None),
        (40, "telegram", "ok", None),  # before the window
    )
    caplog.set_level(logging.WARNING, logger="bot.watch")
    failing = await warn_on_sustained_failures(sqlite_db, FrozenClock(NOW))
    assert set(failing) == {"telegram"}
    assert [r.getMessage() for r in caplog.records] == [
        "deliveries failing on telegram: none delivered in 15 min "
        "(transient:network x2, unreachable:blocked x1)"
    ]


async def test_a_few_failures_are_not_an_outage(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    attempts(sqlite_db, (1, "telegram", "transient", "network"), (2, "telegram", "permanent", None))
    caplog.set_level(logging.WARNING, logger="bot.watch")
    assert await warn_on_sustained_failures(sqlite_db, FrozenClock(NOW)) == {}
    assert caplog.records == []
