"""Check-ins and answers: the views the handlers see, recording, updating, snoozing."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from bot.core.conversation import (
    AnswerUpdate,
    AnswerView,
    CheckinView,
    OpenCheckin,
    SentCheckin,
)
from bot.core.counting import counts_times
from bot.core.errors import NotFoundError
from bot.core.messages import MessageRef
from bot.core.model import (
    OPEN_STATES,
    CheckinState,
    Choice,
    Platform,
    Prompt,
)
from bot.core.specjson import followups_from_json
from storage.conversation.rows import SessionQueries, answer_of, spec_from_row
from storage.scheduling.rows import OK
from storage.tables import (
    AnswerRow,
    AreaRow,
    CheckinRow,
    DeliveryAttemptRow,
    PlanItemRow,
    PlanRow,
)

# Closed check-ins take no report: the item left the plan, or the request was withdrawn.
CLOSED = frozenset({CheckinState.ARCHIVED.value, CheckinState.DONE.value})


class CheckinQueries(SessionQueries):
    """A person's check-ins and the answers stored on them."""

    def checkin_view(self, row: CheckinRow) -> CheckinView:
        item = self.s.get(PlanItemRow, row.plan_item_id)
        assert row.id is not None
        assert item is not None
        plan = self.s.get(PlanRow, item.plan_id)
        area = self.s.get(AreaRow, item.area_id)
        spec = spec_from_row(item)
        archived = item.archived_at is not None or (
            plan is not None and plan.archived_at is not None
        )
        return CheckinView(
            id=row.id,
            person_id=row.person_id,
            plan_item_id=row.plan_item_id,
            state=CheckinState(row.state),
            prompt=row.prompt,
            occurrence=row.occurrence,
            occurrence_end=row.occurrence_end,
            due_at=row.due_at,
            item=spec,
            item_archived=archived,
            area_title=area.title if area is not None else "",
            counts_times=plan is not None
            and counts_times(spec, plan.period_start, plan.period_end),
        )

    def get_checkin(self, checkin_id: int) -> CheckinView | None:
        row = self.s.get(CheckinRow, checkin_id)
        return None if row is None else self.checkin_view(row)

    def current_answer(self, checkin_id: int) -> AnswerView | None:
        row = self._current_answer_row(checkin_id)
        return None if row is None else answer_of(row)

    def _current_answer_row(self, checkin_id: int) -> AnswerRow | None:
        query = select(AnswerRow).where(
            AnswerRow.checkin_id == checkin_id, col(AnswerRow.current).is_(True)
        )
        return self.s.exec(query).first()

    def record_answer(
        self, checkin: CheckinView, choice: Choice, via: Platform, at: datetime
    ) -> AnswerView:
        last = self.s.exec(
            select(func.max(AnswerRow.revision)).where(AnswerRow.checkin_id == checkin.id)
        ).one()
        previous = self._current_answer_row(checkin.id)
        if previous is not None:
            previous.current = False
            self.s.add(previous)
            self.s.flush()
        row = AnswerRow(
            checkin_id=checkin.id,
            person_id=checkin.person_id,
            plan_item_id=checkin.plan_item_id,
            revision=(last or 0) + 1,
            current=True,
            choice=choice.value,
            via=via.value,
            created_at=at,
        )
        self.s.add(row)
        checkin_row = self.s.get(CheckinRow, checkin.id)
        assert checkin_row is not None
        checkin_row.state = CheckinState.ANSWERED.value
        checkin_row.answered_at = at
        checkin_row.next_send_at = None
        checkin_row.updated_at = at
        self.s.add(checkin_row)
        self.s.flush()
        return answer_of(row)

    def update_answer(self, answer_id: int, update: AnswerUpdate) -> AnswerView:
        row = self.s.get(AnswerRow, answer_id)
        if row is None:
            raise NotFoundError(f"answer {answer_id}")
        if update.numbers:
            row.numbers = {**row.numbers, **update.numbers}
        if update.comment is not None:
            row.comment = update.comment
        if update.blocker is not None:
            row.blocker = update.blocker
        if update.needs_help is not None:
            row.needs_help = update.needs_help
        if update.new_date is not None:
            row.new_date = update.new_date
        self.s.add(row)
        self.s.flush()
        return answer_of(row)

    def snooze(self, checkin_id: int, until: datetime, at: datetime) -> None:
        row = self.s.get(CheckinRow, checkin_id)
        if row is None:
            raise NotFoundError(f"checkin {checkin_id}")
        row.state = CheckinState.SNOOZED.value
        row.next_send_at = until
        row.updated_at = at
        self.s.add(row)

    def checkins_in_message(self, person_id: int, ref: MessageRef) -> list[SentCheckin]:
        rows = self.s.exec(
            select(CheckinRow).where(
                CheckinRow.person_id == person_id,
                CheckinRow.prompt == Prompt.ASK.value,
                CheckinRow.message_platform == ref.platform.value,
                CheckinRow.message_chat_id == ref.chat_id,
                CheckinRow.message_id == ref.message_id,
            )
        ).all()
        ids = [row.id for row in rows if row.id is not None]
        if not ids:
            return []
        first_sent, last_sent = self._successful_sends(ids)
        # A gathered message's attempts are inserted in the order of its items, so the latest
        # successful attempt ids give back the numbering the person saw.
        rows = sorted(rows, key=lambda r: (last_sent.get(r.id or 0, 0), r.due_at, r.id or 0))
        return [self._sent_checkin(row, first_sent.get(row.id or 0)) for row in rows]

    def _successful_sends(self, ids: list[int]) -> tuple[dict[int, datetime], dict[int, int]]:
        """Per check-in: when it was first sent, and the id of its latest successful attempt."""
        attempts = self.s.exec(
            select(DeliveryAttemptRow.checkin_id, DeliveryAttemptRow.id, DeliveryAttemptRow.at)
            .where(col(DeliveryAttemptRow.checkin_id).in_(ids), DeliveryAttemptRow.outcome == OK)
            .order_by(col(DeliveryAttemptRow.at), col(DeliveryAttemptRow.id))
        ).all()
        first: dict[int, datetime] = {}
        last: dict[int, int] = {}
        for checkin_id, attempt_id, at in attempts:
            if checkin_id is None or attempt_id is None:
                continue
            first.setdefault(checkin_id, at)
            last[checkin_id] = max(last.get(checkin_id, 0), attempt_id)
        return first, last

    def _sent_checkin(self, row: CheckinRow, first_sent_at: datetime | None) -> SentCheckin:
        view = self.checkin_view(row)
        item = self.s.get(PlanItemRow, row.plan_item_id)
        plan = self.s.get(PlanRow, item.plan_id) if item is not None else None
        settings = plan.settings if plan is not None else {}
        answer = self._current_answer_row(view.id)
        snoozed = row.state == CheckinState.SNOOZED.value
        return SentCheckin(
            checkin=view,
            answer=None if answer is None else answer_of(answer),
            snoozed_until=row.next_send_at if snoozed else None,
            first_sent_at=first_sent_at,
            give_up_after_days=followups_from_json(settings.get("followups")).give_up_after_days,
            followup=row.followups_sent > 0,
        )

    def open_checkins(self, person_id: int) -> list[OpenCheckin]:
        query = (
            select(CheckinRow, PlanItemRow)
            .join(PlanItemRow, col(PlanItemRow.id) == col(CheckinRow.plan_item_id))
            .where(
                CheckinRow.person_id == person_id,
                CheckinRow.prompt == Prompt.ASK.value,
                col(CheckinRow.state).in_([s.value for s in OPEN_STATES]),
                col(PlanItemRow.archived_at).is_(None),
            )
            .order_by(col(CheckinRow.due_at), col(CheckinRow.id))
        )
        found: list[OpenCheckin] = []
        for checkin, item in self.s.exec(query):
            assert checkin.id is not None
            assert item.id is not None
            found.append(
                OpenCheckin(
                    checkin.id,
                    item.id,
                    item.key,
                    item.title,
                    CheckinState(checkin.state),
                    checkin.due_at,
                    checkin.occurrence_end,
                )
            )
        return found

    def report_occurrences(self, person_id: int, plan_item_id: int) -> list[CheckinView]:
        """The person's report requests for the item that can still take an answer, newest first."""
        query = (
            select(CheckinRow)
            .where(
                CheckinRow.person_id == person_id,
                CheckinRow.plan_item_id == plan_item_id,
                CheckinRow.prompt == Prompt.ASK.value,
                col(CheckinRow.state).not_in(list(CLOSED)),
            )
            .order_by(col(CheckinRow.occurrence).desc(), col(CheckinRow.id).desc())
        )
        return [self.checkin_view(row) for row in self.s.exec(query)]

    def report_checkin(
        self, person_id: int, plan_item_id: int, now: datetime, today: date
    ) -> CheckinView:
        """The occurrence a report is about: the latest one that has begun, answered or open.

        Before the first occurrence has begun, the next open one; a new ad-hoc check-in for
        today only when the person has no report request for the item at all. A correction
        must land on the occurrence it is about, never on a new one.
        """
        found = self.report_occurrences(person_id, plan_item_id)
        begun = [c for c in found if c.occurrence <= today.isoformat()]
        if begun:
            return begun[0]
        if found:
            return found[-1]
        row = CheckinRow(
            plan_item_id=plan_item_id,
            person_id=person_id,
            occurrence=today.isoformat(),
            prompt=Prompt.ASK.value,
            state=CheckinState.AWAITING.value,
            due_at=now,
            last_sent_at=now,
            created_at=now,
            updated_at=now,
        )
        self.s.add(row)
        self.s.flush()
        return self.checkin_view(row)
