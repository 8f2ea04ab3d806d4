"""Scheduling's data and its port: what the handlers read and write through SchedulingStore."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol

from bot.core.messages import ChatAddress, MessageRef
from bot.core.model import CheckinState, FollowupPolicy, ItemSpec, Platform, Role


@dataclass(frozen=True)
class SchedulingPolicy:
    """The operator's settings that scheduling needs (config's scheduler and reminders)."""

    catch_up_hours: int = 12
    lease_seconds: int = 120
    batch_size: int = 200
    horizon_days: int = 60
    default_time: time = time(9, 0)
    quiet_start: time = time(20, 0)
    quiet_end: time = time(8, 0)
    max_per_day: int = 3
    max_per_week: int = 10


@dataclass(frozen=True)
class SchedulableItem:
    """An active plan item with what its plan says about time."""

    item_id: int
    plan_id: int
    plan_unit_id: int
    spec: ItemSpec
    period_start: date
    period_end: date
    plan_send_time: time | None
    plan_settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Assignee:
    """A person who may own items: where they are and when they like to be asked."""

    person_id: int
    key: str
    locale: str
    timezone: str
    reminder_time: time | None
    roles: frozenset[Role]
    unit_ids: frozenset[int]


@dataclass(frozen=True)
class OwnerLookup:
    """Everything needed to turn owners into people: one consistent read."""

    people: Sequence[Assignee]
    unit_ids_by_key: Mapping[str, int]
    unit_parent: Mapping[int, int | None]
    board_members_by_unit: Mapping[int, frozenset[int]]


@dataclass(frozen=True)
class NewCheckin:
    plan_item_id: int
    person_id: int
    occurrence: str
    prompt: str
    due_at: datetime
    occurrence_end: date | None


@dataclass(frozen=True)
class MaterialiseInputs:
    """What materialise reads, as the store sees it now (one consistent read).

    `rows` digests every row of the tables materialise reads (plans, areas, items, units,
    people and their units, boards and members); `checkins` is the check-in rows' count and
    highest id: materialise skips stored keys, so a deleted row would be made again.
    """

    rows: str
    checkins: str


@dataclass(frozen=True)
class MaterialiseMarker:
    """A materialise that ran to the end: the fingerprint it saw after its last insert, the
    start of its window, and the first send instant a later materialise could add (beyond
    its horizon). A later run with the same fingerprint whose window lies in
    [lower, through) would add nothing."""

    fingerprint: str
    lower: datetime
    through: datetime


@dataclass(frozen=True)
class Claim:
    """What a claim left on a check-in. A later write by the dispatcher changes the row's state
    only while the row still shows all of it; a tap or another worker in between wins."""

    checkin_id: int
    state: CheckinState
    next_send_at: datetime
    owner: str
    lease_until: datetime


@dataclass(frozen=True, order=True)
class ClaimKey:
    """Where a check-in stands in the order claims take rows: next send, then person, then id.

    Within one drain each pass claims only rows after the previous pass's last key, so it
    starts where that pass stopped instead of walking again over the rows sent before it. A row
    that became due behind the key meanwhile waits for the next drain, whose first pass has no
    key."""

    next_send_at: datetime
    person_id: int
    checkin_id: int


@dataclass(frozen=True)
class DueCheckin:
    """A claimed check-in with what it takes to render and reschedule it."""

    id: int
    plan_item_id: int
    person_id: int
    occurrence: str
    occurrence_end: date | None
    prompt: str
    state: CheckinState
    due_at: datetime
    next_send_at: datetime
    sends: int
    followups_sent: int
    first_sent_at: datetime | None
    last_sent_at: datetime | None
    failures: int  # failed attempts since the last successful send
    item_title: str
    area_title: str
    spec: ItemSpec
    followups: FollowupPolicy
    locale: str
    timezone: str
    person_key: str
    plan_settings: Mapping[str, Any] = field(default_factory=dict)
    lease_owner: str = ""
    lease_until: datetime | None = None
    # Fell due while the person was away and is sent for the first time since their return:
    # the one message of what came in meanwhile (bot.core.away.after_away).
    after_away: bool = False

    @property
    def key(self) -> ClaimKey:
        return ClaimKey(self.next_send_at, self.person_id, self.id)

    @property
    def claim(self) -> Claim:
        # Claimed rows always carry their lease; without one, next_send_at stands in and can
        # never equal a stored lease end, so such a claim changes no state.
        until = self.lease_until or self.next_send_at
        return Claim(self.id, self.state, self.next_send_at, self.lease_owner, until)


@dataclass(frozen=True)
class Destination:
    """Where a person's DMs go; identity_id is None for the console."""

    address: ChatAddress
    identity_id: int | None


@dataclass(frozen=True)
class SendCounts:
    """Messages a person got (gathered messages count once) in the last day and week."""

    day: int
    week: int


@dataclass(frozen=True)
class SentOutcome:
    """What a successful send changes on one check-in."""

    checkin_id: int
    state: CheckinState
    next_send_at: datetime | None
    followup: bool
    claim: Claim


@dataclass(frozen=True)
class Attempt:
    """One delivery attempt of one message to one person (covers every check-in in it)."""

    person_id: int
    checkin_ids: tuple[int, ...]
    platform: Platform
    at: datetime
    outcome: str  # "ok" or a DeliveryFailure value
    code: str | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class SentMessage:
    """One delivered message and what it changes on each of its check-ins."""

    attempt: Attempt
    ref: MessageRef
    outcomes: tuple[SentOutcome, ...]


@dataclass(frozen=True)
class ClaimedBatch:
    """Claimed check-ins with each of their people's destination and recent send counts,
    all read in the claim's transaction (one round of the database for a pass)."""

    due: Sequence[DueCheckin]
    destinations: Mapping[int, Destination]
    counts: Mapping[int, SendCounts]


class SchedulingStore(Protocol):
    """The storage that materialise and dispatch need. Every method is one transaction."""

    async def schedulable_items(self) -> Sequence[SchedulableItem]:
        """Items of plans, areas and items that are not archived."""
        ...

    async def roster(self) -> OwnerLookup:
        """Active people, the unit tree and board members."""
        ...

    async def stored_keys(
        self, item_id: int, person_ids: Collection[int], since_occurrence: str
    ) -> Set[tuple[int, str, str]]:
        """(person, occurrence, prompt) of the item's rows from `since_occurrence` on."""
        ...

    async def insert_checkins(self, rows: Sequence[NewCheckin]) -> int:
        """Insert the rows that do not exist yet (by their unique key); return how many."""
        ...

    async def archive_orphaned(self, at: datetime) -> int:
        """Open check-ins of archived items, plans or inactive people become archived."""
        ...

    async def close_stale(self, now: datetime, oldest: datetime) -> int:
        """Open check-ins never sent and due before `oldest` become missed: those no claim
        takes (a person no configured platform reaches) as a claim closes the others. Rows
        leased at `now`, of people away at `now` or inactive, and of archived items are left
        alone. Returns how many were closed."""
        ...

    async def materialised(self, created: int) -> None:
        """Told once a materialise run has inserted `created` check-ins (more than none), so
        that the store can bring what its query planner knows about the check-ins up to date
        before dispatch claims among them."""
        ...

    async def materialise_inputs(
        self,
    ) -> tuple[MaterialiseInputs, MaterialiseMarker | None] | None:
        """What materialise reads now and the marker the last complete run left, in one read;
        None when this store cannot tell (then every materialise does the full work)."""
        ...

    async def record_materialise_marker(self, marker: MaterialiseMarker) -> None:
        """Keep `marker` as the last complete materialise (replaces any earlier one)."""
        ...

    async def plans_and_roster(
        self,
    ) -> tuple[Sequence[SchedulableItem], OwnerLookup, MaterialiseInputs | None]:
        """schedulable_items and roster in one consistent read, with the fingerprint of exactly
        what was read (None where the store cannot tell, as materialise_inputs)."""
        ...

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
        """Lease up to `limit` due open check-ins of people reachable on one of `platforms`
        (of `only_person_ids` alone, when given), then destinations and send_counts of the
        claimed people, in one transaction. With `after`, only rows past that key in claim
        order (next_send_at, person_id, id) are claimed."""
        ...

    async def destinations(
        self, person_ids: Collection[int], platforms: Collection[Platform]
    ) -> Mapping[int, Destination]:
        """Each person's preferred reachable DM on the given platforms."""
        ...

    async def send_counts(
        self, person_ids: Collection[int], day_since: datetime, week_since: datetime
    ) -> Mapping[int, SendCounts]: ...

    async def record_sent(self, messages: Sequence[SentMessage]) -> None:
        """Log the attempts and message references; move state and follow-ups only of rows
        still as their claim left them; clear the leases that are still ours."""
        ...

    async def record_failure(
        self,
        attempt: Attempt,
        claims: Collection[Claim],
        next_send_at: datetime | None,
        state: CheckinState | None,
        unreachable_identity_id: int | None,
    ) -> None:
        """Log a failed attempt; reschedule or close its still-claimed check-ins; flag the
        identity."""
        ...

    async def reschedule(
        self, claims: Collection[Claim], next_send_at: datetime, reason: str | None
    ) -> None:
        """Release leases and move next_send_at of still-claimed rows (over budget...)."""
        ...

    async def close(self, claims: Collection[Claim], state: CheckinState) -> None:
        """Release leases and put still-claimed check-ins in a final state (missed, no answer)."""
        ...
