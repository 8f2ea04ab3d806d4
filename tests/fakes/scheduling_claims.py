"""The fake scheduling store's claims: leases, away periods and what a claimed row carries."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.model import OPEN_STATES, CheckinState, Platform
from bot.core.scheduling import DueCheckin
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


class FakeClaims:
    """claim_due over the tables: the same filters and order as the SQL claim."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables
        self.leases: dict[int, LeaseRecord] = {}
        self.resumed: set[int] = set()  # away periods whose due rows were put again

    def lease_of(self, checkin_id: int) -> LeaseRecord:
        return self.leases.setdefault(checkin_id, LeaseRecord())

    async def claim_due(
        self,
        *,
        now: datetime,
        owner: str,
        lease_until: datetime,
        limit: int,
        platforms: Collection[Platform],
        only_person_ids: frozenset[int] | None,
    ) -> Sequence[DueCheckin]:
        self._resume_returned(now)
        due = [c for c in self.t.checkins.values() if self._claimable(c, now, platforms)]
        if only_person_ids is not None:
            due = [c for c in due if c.person_id in only_person_ids]
        due.sort(key=lambda c: (c.next_send_at, c.person_id, c.id))
        claimed = due[: max(limit, 0)]
        for c in claimed:
            lease = self.lease_of(c.id)
            lease.owner, lease.until = owner, lease_until
        claimed.sort(key=lambda c: (c.next_send_at, c.id))
        return [d for d in (self._due(c) for c in claimed) if d is not None]

    def _claimable(self, c: CheckinRecord, now: datetime, platforms: Collection[Platform]) -> bool:
        lease = self.lease_of(c.id)
        person = self.t.people.get(c.person_id)
        item = self.t.items.get(c.plan_item_id)
        return (
            c.state in OPEN
            and c.next_send_at is not None
            and c.next_send_at <= now
            and (lease.until is None or lease.until < now)
            and person is not None
            and person.active
            and item is not None
            and item.archived_at is None
            and not self._away(c.person_id, now)
            and (Platform.CONSOLE in platforms or self._reachable(c.person_id, platforms))
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
