"""Shared helpers for the scheduling tables: open states, spec and roster parsing."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time
from typing import Any

from bot.core.model import CheckinState, ItemSpec, Role
from bot.core.specjson import item_from_json
from storage.tables import (
    PlanItemRow,
)

log = logging.getLogger(__name__)


OPEN = (CheckinState.SCHEDULED.value, CheckinState.AWAITING.value, CheckinState.SNOOZED.value)
OK = "ok"
INSERT_CHUNK = 500
UNIQUE_KEY = ["plan_item_id", "person_id", "occurrence", "prompt"]


def now_utc() -> datetime:
    return datetime.now(UTC)


def spec_of(row: PlanItemRow) -> ItemSpec | None:
    return spec_from(row.id, row.key, row.title, row.description, row.spec)


def spec_from(
    item_id: int | None, key: str, title: str, description: str, data: dict[str, Any]
) -> ItemSpec | None:
    try:
        return item_from_json(key, title, description, data)
    except (KeyError, ValueError, TypeError):
        log.warning("plan item %s: unreadable spec, not scheduled", item_id)
        return None


def hhmm(value: str | None) -> time | None:
    try:
        return time.fromisoformat(value) if value else None
    except ValueError:
        return None


def roles_of(value: str) -> frozenset[Role]:
    known = {r.value for r in Role}
    return frozenset(Role(v.strip()) for v in value.split(",") if v.strip() in known)
