"""Materialise check-ins: resolve owners to people and plan each prompt's send instant."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Container, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta

from bot.core.model import (
    Owner,
    OwnerKind,
)
from bot.core.ports import Clock
from bot.core.scheduling import (
    Assignee,
    MaterialiseInputs,
    MaterialiseMarker,
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
# People planned at a time: one look-up of stored keys and one insert transaction per slice.
MATERIALISE_CHUNK = 2000
# How far beyond the horizon a run looks for the first send a later run could add: the span
# over which an unchanged re-run skips everything. Longer costs that much more planning per
# run (once per item and calendar and time, not per person).
LOOKAHEAD = timedelta(days=14)
# Bump when the planner (this module, timeplan) changes what it creates from the same rows,
# so that markers recorded by an older version no longer count.
PLANNER_VERSION = "1"


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


# One prompt as planned for a (time zone, send time): what every person's row shares.
_Slot = tuple[str, str, datetime, date | None]  # occurrence key, prompt, instant, occurrence end


class ItemPlan:
    """One item's prompts in a window, with send instants worked out once per zone and time."""

    def __init__(
        self, item: SchedulableItem, policy: SchedulingPolicy, lower: datetime, upper: datetime
    ) -> None:
        self.item, self.policy, self.window = item, policy, (lower, upper)
        self.prompts = [
            p
            for occ in occurrences(item.spec.schedule, item.period_start, item.period_end)
            for p in prompts(item.spec.schedule, occ)
            if lower.date() - _SHIFT_SLACK <= p.local_date <= upper.date() + timedelta(days=1)
        ]
        years = range(item.period_start.year - 1, item.period_end.year + 2)
        self._spans = plan_blackouts(item.plan_settings, years, item.item_id) if self else ()
        self._slots: dict[tuple[str, time | None], list[_Slot]] = {}

    def __bool__(self) -> bool:
        return bool(self.prompts)

    @property
    def earliest_occurrence(self) -> str:
        return min(p.occurrence.key for p in self.prompts)

    def checkins(
        self, people: Iterable[Assignee], stored: Container[tuple[int, str, str]] = ()
    ) -> Iterator[NewCheckin]:
        """The people's check-ins in the window, leaving out keys already `stored`."""
        for person in people:
            for occurrence, prompt, at, end in self._slots_for(person):
                if (person.person_id, occurrence, prompt) not in stored:
                    yield NewCheckin(
                        self.item.item_id, person.person_id, occurrence, prompt, at, end
                    )

    def first_send(self, people: Iterable[Assignee], after: datetime, before: datetime) -> datetime:
        """The first of the people's send instants strictly between `after` and `before`;
        `before` when there is none."""
        first = before
        for key in {(p.timezone, p.reminder_time) for p in people}:
            for _, _, at, _ in self._slots_of(key):
                if after < at < first:
                    first = at
        return first

    def _slots_for(self, person: Assignee) -> list[_Slot]:
        return self._slots_of((person.timezone, person.reminder_time))

    def _slots_of(self, key: tuple[str, time | None]) -> list[_Slot]:
        # People share time zones and send times: each pair is planned once, not per person.
        if key not in self._slots:
            self._slots[key] = self._plan(*key)
        return self._slots[key]

    def _plan(self, timezone: str, reminder_time: time | None) -> list[_Slot]:
        item, policy = self.item, self.policy
        work = WorkCalendar(country_for_timezone(timezone), self._spans)
        quiet = QuietHours(policy.quiet_start, policy.quiet_end)
        send_time = resolve_send_time(
            item.spec.schedule.send_time,
            reminder_time,
            item.plan_send_time,
            default=policy.default_time,
        )
        lower, upper = self.window
        found: list[_Slot] = []
        for prompt in self.prompts:
            at = send_instant(prompt.local_date, send_time, timezone, work, quiet)
            if lower <= at <= upper and not _notice_too_late(prompt, at, timezone):
                occ = prompt.occurrence
                found.append((occ.key, prompt.prompt, at, occ.end))
        return found


def planned_checkins(
    item: SchedulableItem,
    people: Sequence[Assignee],
    policy: SchedulingPolicy,
    lower: datetime,
    upper: datetime,
) -> Iterator[NewCheckin]:
    """The check-ins of one item whose send instant falls within [lower, upper]."""
    plan = ItemPlan(item, policy, lower, upper)
    return plan.checkins(people) if plan else iter(())


def _notice_too_late(prompt: PlannedPrompt, at: datetime, timezone: str) -> bool:
    """A heads-up that a holiday or the summer window pushed onto the event itself is dropped."""
    days = notice_days(prompt.prompt)
    if days is None:
        return False
    return local_date(at, timezone) >= prompt.local_date + timedelta(days=days)


def fingerprint(inputs: MaterialiseInputs, policy: SchedulingPolicy) -> str:
    """What a run's result depends on besides its window: the rows it reads, the check-ins
    stored, the settings and the planner's version."""
    text = f"{PLANNER_VERSION}|{policy!r}|{inputs.rows}|{inputs.checkins}"
    return hashlib.sha256(text.encode()).hexdigest()


def _covered(
    marker: MaterialiseMarker | None, current: str, lower: datetime, upper: datetime
) -> bool:
    """True when the marker's run, with the same fingerprint, made every row of this window."""
    return (
        marker is not None
        and marker.fingerprint == current
        and marker.lower <= lower
        and upper < marker.through
    )


async def materialise(
    store: SchedulingStore,
    clock: Clock,
    horizon_days: int,
    *,
    policy: SchedulingPolicy | None = None,
) -> int:
    """Create the check-ins due from catch-up ago to the horizon; returns how many are new.

    A run that finds what it reads unchanged since the last complete run, and its window
    within what that run covered, creates nothing and skips the planning (see
    storage/scheduling/marker.py); any other run does the full work and, if its inputs did
    not change meanwhile, leaves the marker for the next.
    """
    policy = policy or SchedulingPolicy()
    now = clock.now()
    lower = now - timedelta(hours=policy.catch_up_hours)
    upper = now + timedelta(days=horizon_days)
    archived = await store.archive_orphaned(now)
    state = await store.materialise_inputs()
    if state is not None and _covered(state[1], fingerprint(state[0], policy), lower, upper):
        log.info("materialise: nothing changed since the last complete run (%d archived)", archived)
        return 0
    # Items, roster and their fingerprint from one view: the marker below then describes
    # exactly what was planned, even if something changes and changes back meanwhile.
    items, roster, before = await store.plans_and_roster()
    resolver = OwnerResolver(roster)
    created = 0
    through = upper + LOOKAHEAD
    for item in items:
        plan = ItemPlan(item, policy, lower, upper)
        beyond = ItemPlan(item, policy, upper, through)
        if not plan and not beyond:
            continue
        people = resolver.people_for(item.spec.owners, item.plan_unit_id)
        if beyond:
            through = beyond.first_send(people, upper, through)
        if not plan:
            continue
        # A slice of people at a time, so memory holds one slice's rows, not the horizon; rows
        # already stored are skipped before they are built, so an unchanged run writes nothing.
        for start in range(0, len(people), MATERIALISE_CHUNK):
            chunk = people[start : start + MATERIALISE_CHUNK]
            stored = await store.stored_keys(
                item.item_id, [p.person_id for p in chunk], plan.earliest_occurrence
            )
            rows = list(plan.checkins(chunk, stored))
            if rows:
                created += await store.insert_checkins(rows)
    log.info("materialised %d new check-ins (%d archived)", created, archived)
    if created:
        await store.materialised(created)
    if items and before is not None:  # without items a run is cheap: it leaves no trace
        after = await store.materialise_inputs()
        # Only when nothing it read changed while it ran: it then made every row of its window
        # for what it read, and none can fall between its horizon and `through`.
        if after is not None and after[0].rows == before.rows:
            marker = MaterialiseMarker(fingerprint(after[0], policy), lower, through)
            await store.record_materialise_marker(marker)
    return created
