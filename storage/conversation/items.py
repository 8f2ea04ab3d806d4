"""What a person may report on, and how the plans of their boards stand."""

from __future__ import annotations

from sqlmodel import col, select

from bot.core.conversation import (
    PlanProgress,
    ReportableItem,
)
from bot.core.model import (
    Choice,
    ItemSpec,
    OwnerKind,
    Person,
    Prompt,
)
from storage.conversation.rows import SessionQueries, load_person, spec_from_row
from storage.tables import (
    AnswerRow,
    BoardMemberRow,
    BoardRow,
    CheckinRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)


class ItemQueries(SessionQueries):
    """Plan items seen from one person: owned, asked about, or followed as a board."""

    def _live_items(self) -> list[PlanItemRow]:
        query = (
            select(PlanItemRow)
            .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
            .where(col(PlanItemRow.archived_at).is_(None), col(PlanRow.archived_at).is_(None))
            .order_by(col(PlanItemRow.plan_id), col(PlanItemRow.position), col(PlanItemRow.id))
        )
        return list(self.s.exec(query))

    def _unit_keys_with_ancestors(self, unit_ids: list[int]) -> tuple[set[str], set[str]]:
        """The person's own unit keys, and every ancestor's key (for `subunits: true`)."""
        own: set[str] = set()
        ancestors: set[str] = set()
        for unit_id in unit_ids:
            unit = self.s.get(UnitRow, unit_id)
            if unit is not None:
                own.add(unit.key)
            seen = 0
            while unit is not None and unit.parent_id is not None and seen < 50:
                unit = self.s.get(UnitRow, unit.parent_id)
                if unit is not None:
                    ancestors.add(unit.key)
                seen += 1
        return own, ancestors

    def _owns(self, person: Person, spec: ItemSpec) -> bool:
        unit_ids = list(
            self.s.exec(select(PersonUnitRow.unit_id).where(PersonUnitRow.person_id == person.id))
        )
        own, ancestors = self._unit_keys_with_ancestors(unit_ids)
        boards = self.s.exec(
            select(UnitRow.key)
            .join(BoardRow, col(BoardRow.unit_id) == col(UnitRow.id))
            .join(BoardMemberRow, col(BoardMemberRow.board_id) == col(BoardRow.id))
            .where(BoardMemberRow.person_id == person.id)
        )
        board_units = set(boards)
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
        """Items the person owns by the plan, or has been asked about."""
        person = load_person(self.s, person_id)
        asked = set(
            self.s.exec(
                select(CheckinRow.plan_item_id).where(
                    CheckinRow.person_id == person_id, CheckinRow.prompt == Prompt.ASK.value
                )
            )
        )
        found: list[ReportableItem] = []
        for row in self._live_items():
            spec = spec_from_row(row)
            assert row.id is not None
            if row.id in asked or self._owns(person, spec):
                found.append(ReportableItem(row.id, spec))
        return found

    def board_progress(self, person_id: int) -> list[PlanProgress]:
        """Per plan of the person's boards: items whose latest answer is Yes / No / other."""
        # DISTINCT over ids only: PostgreSQL cannot compare the JSON settings column.
        plans = self.s.exec(
            select(PlanRow.id, PlanRow.title)
            .join(BoardRow, col(BoardRow.unit_id) == col(PlanRow.unit_id))
            .join(BoardMemberRow, col(BoardMemberRow.board_id) == col(BoardRow.id))
            .where(BoardMemberRow.person_id == person_id, col(PlanRow.archived_at).is_(None))
            .distinct()
            .order_by(col(PlanRow.id))
        )
        return [self._plan_progress(plan_id, title) for plan_id, title in plans.all()]

    def _plan_progress(self, plan_id: int | None, title: str) -> PlanProgress:
        items = self.s.exec(
            select(PlanItemRow.id).where(
                PlanItemRow.plan_id == plan_id, col(PlanItemRow.archived_at).is_(None)
            )
        ).all()
        done = not_done = no_answer = 0
        for item_id in items:
            latest = self.s.exec(
                select(AnswerRow.choice)
                .where(AnswerRow.plan_item_id == item_id, col(AnswerRow.current).is_(True))
                .order_by(col(AnswerRow.created_at).desc(), col(AnswerRow.id).desc())
            ).first()
            if latest == Choice.YES.value:
                done += 1
            elif latest == Choice.NO.value:
                not_done += 1
            else:
                no_answer += 1
        return PlanProgress(title, done, not_done, no_answer)
