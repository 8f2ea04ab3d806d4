"""SqlSchedulingStore: the SchedulingStore port over a Database."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence, Set
from datetime import datetime

from sqlmodel import Session

from bot.core.model import CheckinState, Platform
from bot.core.scheduling import (
    Attempt,
    Claim,
    ClaimedBatch,
    ClaimKey,
    Destination,
    MaterialiseInputs,
    MaterialiseMarker,
    NewCheckin,
    OwnerLookup,
    SchedulableItem,
    SendCounts,
    SentMessage,
)
from storage.engine import Database
from storage.scheduling.claims import claim_rows, destinations, send_counts
from storage.scheduling.due import claimed_checkins
from storage.scheduling.marker import (
    consistent_read,
    materialise_inputs,
    record_materialise_marker,
)
from storage.scheduling.outcomes import record_failure, record_sent, release
from storage.scheduling.plans import (
    archive_orphaned,
    insert_checkins,
    refresh_statistics,
    roster,
    schedulable_items,
    stored_keys,
)
from storage.scheduling.stale import close_stale


class SqlSchedulingStore:
    """SchedulingStore over a Database: each call is one transaction off the event loop."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def schedulable_items(self) -> Sequence[SchedulableItem]:
        return await self.db.run(schedulable_items, read_only=True)

    async def roster(self) -> OwnerLookup:
        return await self.db.run(roster, read_only=True)

    async def stored_keys(
        self, item_id: int, person_ids: Collection[int], since_occurrence: str
    ) -> Set[tuple[int, str, str]]:
        return await self.db.run(
            lambda s: stored_keys(s, item_id, person_ids, since_occurrence), read_only=True
        )

    async def insert_checkins(self, rows: Sequence[NewCheckin]) -> int:
        return await self.db.run(lambda s: insert_checkins(s, rows))

    async def materialised(self, created: int) -> None:
        await self.db.run(lambda s: refresh_statistics(s, created))

    async def archive_orphaned(self, at: datetime) -> int:
        return await self.db.run(lambda s: archive_orphaned(s, at))

    async def close_stale(self, now: datetime, oldest: datetime) -> int:
        return await self.db.run(lambda s: close_stale(s, now=now, oldest=oldest))

    async def materialise_inputs(self) -> tuple[MaterialiseInputs, MaterialiseMarker | None]:
        return await self.db.run(materialise_inputs, read_only=True)

    async def record_materialise_marker(self, marker: MaterialiseMarker) -> None:
        await self.db.run(lambda s: record_materialise_marker(s, marker))

    async def plans_and_roster(
        self,
    ) -> tuple[Sequence[SchedulableItem], OwnerLookup, MaterialiseInputs | None]:
        def read(session: Session) -> tuple[list[SchedulableItem], OwnerLookup, MaterialiseInputs]:
            consistent_read(session)
            inputs, _ = materialise_inputs(session)
            return schedulable_items(session), roster(session), inputs

        return await self.db.run(read, read_only=True)

    async def claim_batch(
        self,
        *,
        now: datetime,
        owner: str,
        lease_until: datetime,
        limit: int,
        platforms: Collection[Platform],
        only_person_ids: frozenset[int] | None,
        day_since: datetime,
        week_since: datetime,
        after: ClaimKey | None = None,
    ) -> ClaimedBatch:
        def claim(session: Session) -> ClaimedBatch:
            rows = claim_rows(
                session,
                now=now,
                owner=owner,
                lease_until=lease_until,
                limit=limit,
                platforms=platforms,
                only_person_ids=only_person_ids,
                after=after,
            )
            due = claimed_checkins(session, rows)
            people = sorted({r.person_id for r in due})
            if not people:
                return ClaimedBatch(due, {}, {})
            return ClaimedBatch(
                due,
                destinations(session, people, platforms),
                send_counts(session, people, day_since, week_since),
            )

        return await self.db.run(claim)

    async def destinations(
        self, person_ids: Collection[int], platforms: Collection[Platform]
    ) -> Mapping[int, Destination]:
        return await self.db.run(lambda s: destinations(s, person_ids, platforms), read_only=True)

    async def send_counts(
        self, person_ids: Collection[int], day_since: datetime, week_since: datetime
    ) -> Mapping[int, SendCounts]:
        return await self.db.run(
            lambda s: send_counts(s, person_ids, day_since, week_since), read_only=True
        )

    async def record_sent(self, messages: Sequence[SentMessage]) -> None:
        await self.db.run(lambda s: record_sent(s, messages))

    async def record_failure(
        self,
        attempt: Attempt,
        claims: Collection[Claim],
        next_send_at: datetime | None,
        state: CheckinState | None,
        unreachable_identity_id: int | None,
    ) -> None:
        await self.db.run(
            lambda s: record_failure(
                s,
                attempt,
                claims,
                next_send_at=next_send_at,
                state=state,
                unreachable_identity_id=unreachable_identity_id,
            )
        )

    async def reschedule(
        self, claims: Collection[Claim], next_send_at: datetime, reason: str | None
    ) -> None:
        await self.db.run(lambda s: release(s, claims, next_send_at=next_send_at, reason=reason))

    async def close(self, claims: Collection[Claim], state: CheckinState) -> None:
        await self.db.run(lambda s: release(s, claims, next_send_at=None, state=state))
