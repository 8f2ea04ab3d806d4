"""FakeSchedulingStore: the SchedulingStore port in memory, over the fakes' shared tables."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence, Set
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.model import OPEN_STATES, CheckinState, Role
from bot.core.scheduling import (
    Assignee,
    Attempt,
    Claim,
    MaterialiseInputs,
    MaterialiseMarker,
    NewCheckin,
    OwnerLookup,
    SchedulableItem,
    SentMessage,
)
from bot.core.specjson import plan_send_time
from tests.fakes.records import AttemptRecord, CheckinRecord, Tables
from tests.fakes.scheduling_claims import FakeClaims

OPEN = frozenset(s.value for s in OPEN_STATES)


@dataclass(frozen=True)
class _Change:
    """What a write sets on a check-in while it is still as its claim left it."""

    state: str | None = None
    set_next: bool = False
    next_send_at: datetime | None = None
    followup_step: int = 0
    error: str | None = None


class FakeSchedulingStore(FakeClaims):
    """SchedulingStore in memory. No method awaits inside, so each one is one transaction.

    It shares `tables` with the other fakes (a tap through FakeConversationStore is seen
    here); the columns only scheduling has (lease, sends, last error, the attempt log by
    person, resumed away periods) live beside them in this object.
    """

    def __init__(self, tables: Tables | None = None) -> None:
        super().__init__(tables if tables is not None else Tables())

    # --- materialise ------------------------------------------------------------------

    async def schedulable_items(self) -> Sequence[SchedulableItem]:
        found = []
        for item in sorted(self.t.items.values(), key=lambda i: i.id):
            plan = self.t.plans.get(item.plan_id)
            if item.archived_at is not None or plan is None or plan.archived_at is not None:
                continue
            found.append(
                SchedulableItem(
                    item_id=item.id,
                    plan_id=plan.id,
                    plan_unit_id=plan.unit_id,
                    spec=item.spec,
                    period_start=plan.period_start,
                    period_end=plan.period_end,
                    plan_send_time=plan_send_time(plan.settings),
                    plan_settings=dict(plan.settings),
                )
            )
        return found

    async def roster(self) -> OwnerLookup:
        people = [
            Assignee(
                p.id, p.key, p.locale, p.timezone, None, _roles(p.roles), frozenset(p.unit_ids)
            )
            for p in self.t.people.values()
            if p.active
        ]
        members: dict[int, set[int]] = {}
        for board in self.t.boards.values():
            members.setdefault(board.unit_id, set()).update(board.member_ids)
        return OwnerLookup(
            people=people,
            unit_ids_by_key={u.key: u.id for u in self.t.units.values()},
            unit_parent={u.id: u.parent_id for u in self.t.units.values()},
            board_members_by_unit={k: frozenset(v) for k, v in members.items() if v},
        )

    async def stored_keys(
        self, item_id: int, person_ids: Collection[int], since_occurrence: str
    ) -> Set[tuple[int, str, str]]:
        return {
            (c.person_id, c.occurrence, c.prompt)
            for c in self.t.checkins.values()
            if c.plan_item_id == item_id
            and c.person_id in person_ids
            and c.occurrence >= since_occurrence
        }

    async def insert_checkins(self, rows: Sequence[NewCheckin]) -> int:
        keys = {
            (c.plan_item_id, c.person_id, c.occurrence, c.prompt) for c in self.t.checkins.values()
        }
        created = 0
        for r in rows:
            key = (r.plan_item_id, r.person_id, r.occurrence, r.prompt)
            if key in keys:
                continue
            keys.add(key)
            record = CheckinRecord(
                self.t.new_id(),
                r.plan_item_id,
                r.person_id,
                r.occurrence,
                r.prompt,
                CheckinState.SCHEDULED.value,
                r.due_at,
                r.occurrence_end,
                next_send_at=r.due_at,
                updated_at=datetime.now(UTC),
            )
            self.t.checkins[record.id] = record
            created += 1
        return created

    async def materialised(self, created: int) -> None:
        pass  # no query planner

    async def archive_orphaned(self, at: datetime) -> int:
        archived = 0
        for c in self.t.checkins.values():
            item = self.t.items.get(c.plan_item_id)
            plan = self.t.plans.get(item.plan_id) if item is not None else None
            person = self.t.people.get(c.person_id)
            gone = (
                item is None
                or item.archived_at is not None
                or (plan is not None and plan.archived_at is not None)
            )
            if c.state in OPEN and (gone or (person is not None and not person.active)):
                c.state, c.next_send_at, c.updated_at = CheckinState.ARCHIVED.value, None, at
                self.leases.pop(c.id, None)
                archived += 1
        return archived

    async def close_stale(self, now: datetime, oldest: datetime) -> int:
        closed = 0
        for record in self.t.checkins.values():
            lease = self.lease_of(record.id)
            if (
                lease.sends == 0
                and record.next_send_at is not None
                and record.next_send_at < oldest
                and self._free(record, now)
            ):
                record.state = CheckinState.MISSED.value
                record.next_send_at = None
                record.updated_at = now
                lease.owner, lease.until = None, None
                closed += 1
        return closed

    async def materialise_inputs(self) -> tuple[MaterialiseInputs, MaterialiseMarker | None] | None:
        return None  # no fingerprint of the fakes' tables: every materialise does it all

    async def record_materialise_marker(self, marker: MaterialiseMarker) -> None:
        raise AssertionError("materialise records a marker only where it read inputs")

    async def plans_and_roster(
        self,
    ) -> tuple[Sequence[SchedulableItem], OwnerLookup, MaterialiseInputs | None]:
        return await self.schedulable_items(), await self.roster(), None

    # --- outcomes: only rows still as their claim left them change state ---------------

    async def record_sent(self, messages: Sequence[SentMessage]) -> None:
        for m in messages:
            for o in m.outcomes:
                record = self.t.checkins.get(o.checkin_id)
                if record is None:
                    continue
                change = _Change(o.state.value, True, o.next_send_at, 1 if o.followup else 0)
                self._apply(o.claim, change)
                self.lease_of(record.id).sends += 1
                record.last_sent_at = record.updated_at = m.attempt.at
                record.message = m.ref
                self.lease_of(record.id).last_error = None
            self._remember_chat(m)
        self._log(m.attempt for m in messages)

    async def record_failure(
        self,
        attempt: Attempt,
        claims: Collection[Claim],
        next_send_at: datetime | None,
        state: CheckinState | None,
        unreachable_identity_id: int | None,
    ) -> None:
        error = (attempt.code or attempt.outcome)[:64]
        change = _Change(state.value if state else None, True, next_send_at, error=error)
        for claim in claims:
            self._apply(claim, change, at=attempt.at)
        if unreachable_identity_id is not None and 0 < unreachable_identity_id <= len(
            self.t.identities
        ):
            self.t.identities[unreachable_identity_id - 1].unreachable_at = attempt.at
        self._log([attempt])

    async def reschedule(
        self, claims: Collection[Claim], next_send_at: datetime, reason: str | None
    ) -> None:
        for claim in claims:
            self._apply(claim, _Change(None, True, next_send_at, error=reason))

    async def close(self, claims: Collection[Claim], state: CheckinState) -> None:
        for claim in claims:
            self._apply(claim, _Change(state.value, True, None))

    def _apply(self, claim: Claim, change: _Change, at: datetime | None = None) -> None:
        record = self.t.checkins.get(claim.checkin_id)
        if record is None:
            return
        lease = self.lease_of(record.id)
        ours = lease.owner == claim.owner and lease.until == claim.lease_until
        if ours and record.state == claim.state.value and record.next_send_at == claim.next_send_at:
            record.state = change.state or record.state
            if change.set_next:
                record.next_send_at = change.next_send_at
            record.followups_sent += change.followup_step
            lease.last_error = change.error[:64] if change.error else lease.last_error
            record.updated_at = at or datetime.now(UTC)
        if ours:
            lease.owner, lease.until = None, None

    def _remember_chat(self, m: SentMessage) -> None:
        opened = m.ref.chat_id
        for ident in self.t.identities:
            if (
                opened
                and ident.person_id == m.attempt.person_id
                and ident.platform == m.ref.platform.value
                and ident.user_id != opened
                and ident.chat_id in (None, ident.user_id)
            ):
                ident.chat_id = opened

    def _log(self, attempts: Iterable[Attempt]) -> None:
        for a in attempts:
            for checkin_id in a.checkin_ids:
                record = AttemptRecord(self.t.new_id(), checkin_id, a.at, a.outcome)
                self.t.attempts[record.id] = record


def _roles(value: str) -> frozenset[Role]:
    known = {r.value for r in Role}
    return frozenset(Role(v.strip()) for v in value.split(",") if v.strip() in known)
