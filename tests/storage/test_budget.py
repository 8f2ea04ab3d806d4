"""The SQL ledger refuses nonsense before it reaches the database."""

from __future__ import annotations

import pytest

from storage.budget import SqlBudgetLedger
from storage.engine import Database

KEY = "telegram:4242"


@pytest.mark.parametrize(
    ("key", "count", "interval"), [("", 1, 1.0), ("k" * 65, 1, 1.0), (KEY, 0, 1.0), (KEY, 1, 0.0)]
)
async def test_nonsense_is_refused(db: Database, key: str, count: int, interval: float) -> None:
    with pytest.raises(ValueError, match=r"budget key|at least one slot"):
        await SqlBudgetLedger(db).reserve(key, count, interval)
