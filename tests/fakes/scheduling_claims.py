"""The fake scheduling store's claims: leases, away periods, what a claimed row carries and
where and how often its person was sent to."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.away import after_away
from bot.core.messages import ChatAddress
from bot.core.model import OPEN_STATES, CheckinState, Platform
from bot.core.scheduling import ClaimedBatch, ClaimKey, Destination, DueCheckin, SendCounts
from bot.core.specjson import followups_from_json
from tests.fakes.records import CheckinRecord, Tables

OPEN = frozenset(s.value for s in OPEN_STATES)
ASK = "ask"


@dataclass
class LeaseRecord:
    """The check-in columns only scheduling uses, kept beside the shared CheckinRecord."""

    owner: str | None = None
    until: datetime | None = None
    sends: int = 0
    last_error: str | None = None


def _key(c: CheckinRecord) -> ClaimKey:
    """The claim order's key of a row that has a next send (claimable rows all have one)."""
    assert c.next_send_at is not None
    return ClaimKey(c.next_send_at, c.person_id, c.id)


class FakeClaims:
    """claim_batch over the tables: the same filters and order as the SQL claim, then where
    and how often the claimed people were sent to."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self.leases: dict[int, LeaseRecord] = {}
        self.resumed: set[int] = set()  # away periods whose due rows were put again
        # person -> (start, resumption) of those periods
        self.resumed_at: dict[int, list[tuple[datetime, datetime]]] = {}

    def lease_of(self, checkin_id: int) -> LeaseRecord:
        return self.leases.setdefault(checkin_id, LeaseRecord())

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
        self._resume_returned(now)
        due = [c for c in self.t.checkins.values() if self._claimable(c, now, platforms)]
        if only_person_ids is not None:
            due = [c for c in due if c.person_id in only_person_ids]
        if after is not None:
            due = [c for c in due if _key(c) > after]
        due.sort(key=_key)
        claimed = due[: max(limit, 0)]
        for c in claimed:
            lease = self.lease_of(c.id)
            lease.owner, lease.until = owner, lease_until
        claimed.sort(key=lambda c: (c.next_send_at, c.id))
        rows = [d for d in (self._due(c) for c in claimed) if d is not None]
        people = {r.person_id for r in rows}
        return ClaimedBatch(
            rows,
            await self.destinations(people, platforms) if people else {},
            await self.send_counts(people, day_since, week_since) if people else {},
        )

    async def destinations(
        self, person_ids: Collection[int], platforms: Collection[Platform]
    ) -> Mapping[int, Destination]:
        wanted = {p.value for p in platforms}
        found: dict[int, Destination] = {}
        ordered = sorted(
            enumerate(self.t.identities, start=1),
            key=lambda pair: (pair[1].linked_at or datetime.min.replace(tzinfo=UTC), pair[0]),
            reverse=True,
        )
        for ident_id, ident in ordered:
            if ident.person_id not in person_ids or ident.person_id in found:
                continue
            if ident.platform in wanted and ident.unreachable_at is None:
                address = ChatAddress(
                    Platform(ident.platform),
                    ident.chat_id or ident.user_id,
                    ident.workspace,
                    ident.user_id,
                )
                found[ident.person_id] = Destination(address, ident_id)
        if Platform.CONSOLE in platforms:
            for pid in person_ids:
                person = self.t.people.get(pid)
                if pid not in found and person is not None:
                    address = ChatAddress(Platform.CONSOLE, chat_id=person.key, user_id=person.key)
                    found[pid] = Destination(address, None)
        return found

    async def send_counts(
        self, person_ids: Collection[int], day_since: datetime, week_since: datetime
    ) -> Mapping[int, SendCounts]:
        since = min(day_since, week_since)
        sent = {
            (self.t.checkins[a.checkin_id].person_id, a.at)
            for a in self.t.attempts.values()
            if a.outcome == "ok" and a.at >= since and a.checkin_id in self.t.checkins
        }
        sent = {(p, at) for p, at in sent if p in person_ids}
        counts: dict[int, SendCounts] = {}
        for person_id, at in sent:
            old = counts.get(person_id, SendCounts(0, 0))
            counts[person_id] = SendCounts(
                old.day + (at >= day_since), old.week + (at >= week_since)
            )
        return counts

    def _claimable(self, c: CheckinRecord, now: datetime, platforms: Collection[Platform]) -> bool:
        return (
            c.next_send_at is not None
            and c.next_send_at <= now
            and self._free(c, now)
            and (Platform.CONSOLE in platforms or self._reachable(c.person_id, platforms))
        )

    def _free(self, c: CheckinRecord, now: datetime) -> bool:
        """Open, not leased at `now`, of an active person not away and of a live item."""
        lease = self.lease_of(c.id)
        person = self.t.people.get(c.person_id)
        item = self.t.items.get(c.plan_item_id)
        return (
            c.state in OPEN
            and (lease.until is None or lease.until < now)
            and person is not None
            and person.active
            and item is not None
            and item.archived_at is None
            and not self._away(c.person_id, now)
        )

    def _reachable(self, person_id: int, platforms: Collection[Platform]) -> bool:
        wanted = {p.value for p in platforms}
        return any(
            i.person_id == person_id and i.platform in wanted and i.unreachable_at is None
            for i in self.t.identities
        )

    def _away(self, person_id: int, now: datetime) -> bool:
        return any(
            a.person_id == person_id
            and a.starts_at < now + timedelta(microseconds=1)
            and (a.ends_at is None or a.ends_at > now)
            for a in self.t.away.values()
        )

    def _resume_returned(self, now: datetime) -> None:
        """Ended periods: due rows still worth asking go out now, the rest close (missed)."""
        for period in sorted(self.t.away.values(), key=lambda a: a.id):
            ended = period.ends_at is not None and period.ends_at <= now
            if not ended or period.id in self.resumed:
                continue
            self.resumed.add(period.id)
            self.resumed_at.setdefault(period.person_id, []).append((period.starts_at, now))
            if not self._away(period.person_id, now):
                self._ask_again(period.person_id, now)

    def _ask_again(self, person_id: int, now: datetime) -> None:
        for c in self.t.checkins.values():
            due = c.next_send_at is not None and c.next_send_at <= now
            if c.person_id != person_id or c.state not in OPEN or not due:
                continue
            item = self.t.items[c.plan_item_id]
            settings = self.t.plans[item.plan_id].settings
            give_up = followups_from_json(settings.get("followups")).give_up_after_days
            if c.prompt == ASK and now < c.due_at + timedelta(days=give_up):
                c.next_send_at = now
            else:
                c.state, c.next_send_at = CheckinState.MISSED.value, None
            c.updated_at = now

    def _due(self, c: CheckinRecord) -> DueCheckin | None:
        item, person = self.t.items.get(c.plan_item_id), self.t.people.get(c.person_id)
        plan = self.t.plans.get(item.plan_id) if item is not None else None
        area = self.t.areas.get(item.area_id) if item is not None else None
        if item is None or person is None or plan is None or area is None:
            return None
        lease = self.lease_of(c.id)
        first, failures = self._attempt_facts(c.id)
        return DueCheckin(
            id=c.id,
            plan_item_id=c.plan_item_id,
            person_id=c.person_id,
            occurrence=c.occurrence,
            occurrence_end=c.occurrence_end,
            prompt=c.prompt,
            state=CheckinState(c.state),
            due_at=c.due_at,
            next_send_at=c.next_send_at or c.due_at,
            sends=lease.sends,
            followups_sent=c.followups_sent,
            first_sent_at=first,
            last_sent_at=c.last_sent_at,
            failures=failures,
            item_title=item.spec.title,
            area_title=area.title,
            spec=item.spec,
            followups=followups_from_json(plan.settings.get("followups")),
            locale=person.locale,
            timezone=person.timezone,
            person_key=person.key,
            plan_settings=dict(plan.settings),
            lease_owner=lease.owner or "",
            lease_until=lease.until,
            after_away=after_away(c.due_at, c.last_sent_at, self.resumed_at.get(c.person_id, ())),
        )

    def _attempt_facts(self, checkin_id: int) -> tuple[datetime | None, int]:
        """The first successful send, and the failures since the last success."""
        first: datetime | None = None
        failures = 0
        attempts = [a for a in self.t.attempts.values() if a.checkin_id == checkin_id]
        for a in sorted(attempts, key=lambda a: (a.at, a.id)):
            if a.outcome == "ok":
                first = first or a.at
                failures = 0
            else:
                failures += 1
        return first, failures
