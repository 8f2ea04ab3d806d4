"""The fake conversation's plan part: what a person may report on, and board progress."""

from __future__ import annotations

from bot.core.conversation import PlanProgress, ReportableItem
from bot.core.model import Choice, ItemSpec, OwnerKind, Person, Prompt
from bot.core.specjson import item_from_json, item_to_json
from tests.fakes.people import FakePeople
from tests.fakes.records import ItemRecord

MAX_DEPTH = 50  # as the SQL store: a cycle in the unit tree cannot loop forever


class FakeItems(FakePeople):
    """Plan items seen from one person: owned, asked about, or followed as a board."""

    def spec(self, item: ItemRecord) -> ItemSpec:
        # Stored as the SQL store stores it: through JSON, with the row's empty description.
        spec = item.spec
        return item_from_json(spec.key, spec.title, "", item_to_json(spec))

    def _live_items(self) -> list[ItemRecord]:
        live = [
            i
            for i in self.t.items.values()
            if i.archived_at is None and self.t.plans[i.plan_id].archived_at is None
        ]
        return sorted(live, key=lambda i: (i.plan_id, i.position, i.id))

    def _unit_keys(self, person_id: int) -> tuple[set[str], set[str]]:
        """The person's own unit keys, and every ancestor's key (for `subunits: true`)."""
        own: set[str] = set()
        ancestors: set[str] = set()
        for unit_id in self.t.people[person_id].unit_ids:
            unit = self.t.units.get(unit_id)
            if unit is not None:
                own.add(unit.key)
            for _ in range(MAX_DEPTH):
                if unit is None or unit.parent_id is None:
                    break
                unit = self.t.units.get(unit.parent_id)
                if unit is not None:
                    ancestors.add(unit.key)
        return own, ancestors

    def _owns(self, person: Person, spec: ItemSpec) -> bool:
        own, ancestors = self._unit_keys(person.id)
        board_units = {
            self.t.units[b.unit_id].key for b in self.t.boards.values() if person.id in b.member_ids
        }
        for owner in spec.owners:
            if owner.kind is OwnerKind.PERSON and owner.person == person.key:
                return True
            if owner.kind is OwnerKind.BOARD and owner.unit in board_units:
                return True
            in_unit = owner.unit in own or (owner.include_subunits and owner.unit in ancestors)
            if owner.kind is OwnerKind.ROLE and owner.role in person.roles and in_unit:
                return True
        return False

    def reportable_items(self, person_id: int) -> list[ReportableItem]:
        person = self.person(person_id)
        asked = {
            c.plan_item_id
            for c in self.t.checkins.values()
            if c.person_id == person_id and c.prompt == Prompt.ASK.value
        }
        found: list[ReportableItem] = []
        for item in self._live_items():
            spec = self.spec(item)
            if item.id in asked or self._owns(person, spec):
                found.append(ReportableItem(item.id, spec))
        return found

    def board_progress(self, person_id: int) -> list[PlanProgress]:
        units = {b.unit_id for b in self.t.boards.values() if person_id in b.member_ids}
        plans = sorted(
            (p for p in self.t.plans.values() if p.unit_id in units and p.archived_at is None),
            key=lambda p: p.id,
        )
        return [self._plan_progress(p.id, p.title) for p in plans]

    def _plan_progress(self, plan_id: int, title: str) -> PlanProgress:
        done = not_done = no_answer = 0
        for item in self.t.items.values():
            if item.plan_id != plan_id or item.archived_at is not None:
                continue
            current = [
                a for a in self.t.answers.values() if a.plan_item_id == item.id and a.current
            ]
            latest = max(current, key=lambda a: (a.created_at, a.id), default=None)
            choice = latest.choice if latest is not None else None
            if choice == Choice.YES.value:
                done += 1
            elif choice == Choice.NO.value:
                not_done += 1
            else:
                no_answer += 1
        return PlanProgress(title, done, not_done, no_answer)
