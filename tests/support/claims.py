"""Claiming due check-ins in tests that look only at the rows a claim leased."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from bot.core.model import Platform
from bot.core.scheduling import ClaimKey, DueCheckin, SchedulingStore


async def lease_due(
    store: SchedulingStore,
    *,
    now: datetime,
    owner: str,
    lease_until: datetime,
    limit: int,
    platforms: Collection[Platform],
    only_person_ids: frozenset[int] | None,
    after: ClaimKey | None = None,
) -> Sequence[DueCheckin]:
    """The rows one claim_batch leases; its destinations and send counts are not looked at."""
    batch = await store.claim_batch(
        now=now,
        owner=owner,
        lease_until=lease_until,
        limit=limit,
        platforms=platforms,
        only_person_ids=only_person_ids,
        day_since=now,
        week_since=now,
        after=after,
    )
    return batch.due
