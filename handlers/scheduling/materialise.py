"""Materialise check-ins: resolve owners to people and plan each prompt's send instant."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

from bot.core.model import (
    Owner,
    OwnerKind,
)
from bot.core.ports import Clock
from bot.core.scheduling import (
    Assignee,
    NewCheckin,
    OwnerLookup,
    SchedulableItem,
    SchedulingPolicy,
    SchedulingStore,
)
from bot.core.timeplan import (
    PlannedPrompt,
    QuietHours,
    WorkCalendar,
    country_for_timezone,
    local_date,
    notice_days,
    occurrences,
    prompts,
    resolve_send_time,
    send_instant,
)
from handlers.followups import (
    plan_blackouts,
)

log = logging.getLogger(__name__)
# How far before the window's start a prompt's calendar day may lie and still be moved into
# it (weekends, holidays and a summer window move prompts later, never earlier).
_SHIFT_SLACK = timedelta(days=100)


class OwnerResolver:
    """Turns an item's owners into people, using one consistent read of the roster."""

    def __init__(self, roster: OwnerLookup) -> None:
        self._roster = roster
        self._by_key = {p.key: p for p in roster.people}
        self._children: dict[int, list[int]] = {}
        for unit, parent in roster.unit_parent.items():
            if parent is not None:
                self._children.setdefault(parent, []).append(unit)

    def people_for(self, owners: Iterable[Owner], plan_unit_id: int) -> list[Assignee]:
        found: dict[int, Assignee] = {}
        for owner in owners:
            for person in self._resolve(owner, plan_unit_id):
                found[person.person_id] = person
        return [found[k] for k in sorted(found)]

    def _resolve(self, owner: Owner, plan_unit_id: int) -> list[Assignee]:
        if owner.kind is OwnerKind.PERSON:
            person = self._by_key.get(owner.person or "")
            return [person] if person else []
        unit_id = self._unit(owner.unit, plan_unit_id)
        if unit_id is None:
            return []
        if owner.kind is OwnerKind.BOARD:
            members = self._roster.board_members_by_unit.get(unit_id, frozenset())
            return [p for p in self._roster.people if p.person_id in members]
        units = self._subtree(unit_id) if owner.include_subunits else {unit_id}
        return [
            p
            for p in self._roster.people
            if (owner.role is None or owner.role in p.roles) and p.unit_ids & units
        ]

    def _unit(self, key: str | None, plan_unit_id: int) -> int | None:
        return plan_unit_id if key is None else self._roster.unit_ids_by_key.get(key)

    def _subtree(self, root: int) -> set[int]:
        seen, stack = set(), [root]
        while stack:
            unit = stack.pop()
            if unit not in seen:
                seen.add(unit)
                stack.extend(self._children.get(unit, ()))
        return seen


def planned_checkins(
    item: SchedulableItem,
    people: Sequence[Assignee],
    policy: SchedulingPolicy,
    lower: datetime,
    upper: datetime,
) -> Iterator[NewCheckin]:
    """The check-ins of one item whose send instant falls within [lower, upper]."""
    planned = [
        p
        for occ in occurrences(item.spec.schedule, item.period_start, item.period_end)
        for p in prompts(item.spec.schedule, occ)
        if lower.date() - _SHIFT_SLACK <= p.local_date <= upper.date() + timedelta(days=1)
    ]
    if not planned:
        return
    years = range(item.period_start.year - 1, item.period_end.year + 2)
    spans = plan_blackouts(item.plan_settings, years, item.item_id)
    quiet = QuietHours(policy.quiet_start, policy.quiet_end)
    for person in people:
        work = WorkCalendar(country_for_timezone(person.timezone), spans)
        send_time = resolve_send_time(
            item.spec.schedule.send_time,
            person.reminder_time,
            item.plan_send_time,
            default=policy.default_time,
        )
        for prompt in planned:
            at = send_instant(prompt.local_date, send_time, person.timezone, work, quiet)
            if lower <= at <= upper and not _notice_too_late(prompt, at, person.timezone):
                yield NewCheckin(
                    plan_item_id=item.item_id,
                    person_id=person.person_id,
                    occurrence=prompt.occurrence.key,
                    prompt=prompt.prompt,
                    due_at=at,
                    occurrence_end=prompt.occurrence.end,
                )


def _notice_too_late(prompt: PlannedPrompt, at: datetime, timezone: str) -> bool:
    """A heads-up that a holiday or the summer window pushed onto the event itself is dropped."""
    days = notice_days(prompt.prompt)
    if days is None:
        return False
    return local_date(at, timezone) >= prompt.local_date + timedelta(days=days)


async def materialise(
    store: SchedulingStore,
    clock: Clock,
    horizon_days: int,
    *,
    policy: SchedulingPolicy | None = None,
) -> int:
    """Create the check-ins due from catch-up ago to the horizon; returns how many are new."""
    policy = policy or SchedulingPolicy()
    now = clock.now()
    lower = now - timedelta(hours=policy.catch_up_hours)
    upper = now + timedelta(days=horizon_days)
    archived = await store.archive_orphaned(now)
    items = await store.schedulable_items()
    resolver = OwnerResolver(await store.roster())
    rows: list[NewCheckin] = []
    for item in items:
        people = resolver.people_for(item.spec.owners, item.plan_unit_id)
        rows.extend(planned_checkins(item, people, policy, lower, upper))
    created = await store.insert_checkins(rows) if rows else 0
    log.info("materialised %d new check-ins (%d archived)", created, archived)
    return created
