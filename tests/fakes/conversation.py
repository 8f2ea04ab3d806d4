"""FakeConversationStore: the ConversationStore port in memory, for handler tests."""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from typing import TypeVar

from bot.core.conversation import (
    AnswerUpdate,
    AnswerView,
    CheckinView,
    ConversationState,
    ConversationTx,
    OpenCheckin,
    SentCheckin,
    report_day,
)
from bot.core.counting import counts_times
from bot.core.errors import NotFoundError
from bot.core.messages import MessageRef
from bot.core.model import OPEN_STATES, CheckinState, Choice, Platform, Prompt
from bot.core.specjson import followups_from_json
from tests.fakes.items import FakeItems
from tests.fakes.records import AnswerRecord, CheckinRecord, Tables

T = TypeVar("T")
OK = "ok"
CLOSED = frozenset({CheckinState.ARCHIVED.value, CheckinState.DONE.value})
OPEN = frozenset(s.value for s in OPEN_STATES)


def answer_view(record: AnswerRecord) -> AnswerView:
    return AnswerView(
        id=record.id,
        checkin_id=record.checkin_id,
        revision=record.revision,
        choice=Choice(record.choice),
        numbers=dict(record.numbers),
        comment=record.comment,
        blocker=record.blocker,
        needs_help=record.needs_help,
        new_date=record.new_date,
    )


class FakeConversationTx(FakeItems):
    """ConversationTx on the in-memory tables; the store undoes it all when it raises."""

    def checkin_view(self, record: CheckinRecord) -> CheckinView:
        item = self.t.items[record.plan_item_id]
        plan = self.t.plans.get(item.plan_id)
        area = self.t.areas.get(item.area_id)
        spec = self.spec(item)
        return CheckinView(
            id=record.id,
            person_id=record.person_id,
            plan_item_id=record.plan_item_id,
            state=CheckinState(record.state),
            prompt=record.prompt,
            occurrence=record.occurrence,
            occurrence_end=record.occurrence_end,
            due_at=record.due_at,
            item=spec,
            item_archived=item.archived_at is not None
            or (plan is not None and plan.archived_at is not None),
            area_title=area.title if area is not None else "",
            counts_times=plan is not None
            and counts_times(spec, plan.period_start, plan.period_end),
        )

    def get_checkin(self, checkin_id: int) -> CheckinView | None:
        record = self.t.checkins.get(checkin_id)
        return None if record is None else self.checkin_view(record)

    def _current(self, checkin_id: int) -> AnswerRecord | None:
        found = (a for a in self.t.answers.values() if a.checkin_id == checkin_id and a.current)
        return next(found, None)

    def current_answer(self, checkin_id: int) -> AnswerView | None:
        record = self._current(checkin_id)
        return None if record is None else answer_view(record)

    def record_answer(
        self, checkin: CheckinView, choice: Choice, via: Platform, at: datetime
    ) -> AnswerView:
        revisions = [a.revision for a in self.t.answers.values() if a.checkin_id == checkin.id]
        previous = self._current(checkin.id)
        if previous is not None:
            previous.current = False
        record = AnswerRecord(
            id=self.t.new_id(),
            checkin_id=checkin.id,
            person_id=checkin.person_id,
            plan_item_id=checkin.plan_item_id,
            revision=max(revisions, default=0) + 1,
            current=True,
            choice=choice.value,
            via=via.value,
            created_at=at,
        )
        self.t.answers[record.id] = record
        row = self.t.checkins[checkin.id]
        row.state, row.answered_at = CheckinState.ANSWERED.value, at
        row.next_send_at, row.updated_at = None, at
        return answer_view(record)

    def get_checkins(self, checkin_ids: Collection[int]) -> dict[int, CheckinView]:
        found = {i: self.get_checkin(i) for i in checkin_ids}
        return {i: view for i, view in found.items() if view is not None}

    def answered_checkins(self, checkin_ids: Collection[int]) -> set[int]:
        wanted = set(checkin_ids)
        return {a.checkin_id for a in self.t.answers.values() if a.checkin_id in wanted}

    def record_answers(
        self, answers: Sequence[tuple[CheckinView, Choice]], via: Platform, at: datetime
    ) -> list[AnswerView]:
        ids = [checkin.id for checkin, _choice in answers]
        if len(set(ids)) != len(ids):
            raise ValueError("one answer per check-in in a batch")
        return [self.record_answer(checkin, choice, via, at) for checkin, choice in answers]

    def update_answer(self, answer_id: int, update: AnswerUpdate) -> AnswerView:
        record = self.t.answers.get(answer_id)
        if record is None:
            raise NotFoundError(f"answer {answer_id}")
        if update.numbers:
            record.numbers = {**record.numbers, **update.numbers}
        if update.comment is not None:
            record.comment = update.comment
        if update.blocker is not None:
            record.blocker = update.blocker
        if update.needs_help is not None:
            record.needs_help = update.needs_help
        if update.new_date is not None:
            record.new_date = update.new_date
        return answer_view(record)

    def snooze(self, checkin_id: int, until: datetime, at: datetime) -> None:
        record = self.t.checkins.get(checkin_id)
        if record is None:
            raise NotFoundError(f"checkin {checkin_id}")
        record.state, record.next_send_at, record.updated_at = CheckinState.SNOOZED.value, until, at

    def checkins_in_message(self, person_id: int, ref: MessageRef) -> list[SentCheckin]:
        where = (ref.platform, ref.chat_id, ref.message_id)
        rows = [
            c
            for c in self.t.checkins.values()
            if c.person_id == person_id
            and c.prompt == Prompt.ASK.value
            and c.message is not None
            and (c.message.platform, c.message.chat_id, c.message.message_id) == where
        ]
        sends = sorted(
            (a.at, a.id, a.checkin_id) for a in self.t.attempts.values() if a.outcome == OK
        )
        first: dict[int, datetime] = {}
        last: dict[int, int] = {}
        for at, attempt_id, checkin_id in sends:
            first.setdefault(checkin_id, at)
            last[checkin_id] = max(last.get(checkin_id, 0), attempt_id)
        rows.sort(key=lambda r: (last.get(r.id, 0), r.due_at, r.id))
        return [self._sent(row, first.get(row.id)) for row in rows]

    def _sent(self, row: CheckinRecord, first_sent_at: datetime | None) -> SentCheckin:
        plan = self.t.plans.get(self.t.items[row.plan_item_id].plan_id)
        settings = plan.settings if plan is not None else {}
        answer = self._current(row.id)
        return SentCheckin(
            checkin=self.checkin_view(row),
            answer=None if answer is None else answer_view(answer),
            snoozed_until=row.next_send_at if row.state == CheckinState.SNOOZED.value else None,
            first_sent_at=first_sent_at,
            give_up_after_days=followups_from_json(settings.get("followups")).give_up_after_days,
            followup=row.followups_sent > 0,
        )

    def get_conversation(self, person_id: int) -> ConversationState | None:
        return self.t.conversations.get(person_id)

    def save_conversation(self, state: ConversationState, at: datetime) -> None:
        self.t.conversations[state.person_id] = state

    def clear_conversation(self, person_id: int) -> None:
        self.t.conversations.pop(person_id, None)

    def open_checkins(self, person_id: int) -> list[OpenCheckin]:
        rows = sorted(
            (
                c
                for c in self.t.checkins.values()
                if c.person_id == person_id
                and c.prompt == Prompt.ASK.value
                and c.state in OPEN
                and self.t.items[c.plan_item_id].archived_at is None
            ),
            key=lambda c: (c.due_at, c.id),
        )
        return [self._open(c) for c in rows]

    def _open(self, c: CheckinRecord) -> OpenCheckin:
        item = self.t.items[c.plan_item_id]
        state = CheckinState(c.state)
        return OpenCheckin(
            c.id, item.id, item.spec.key, item.spec.title, state, c.due_at, c.occurrence_end
        )

    def report_occurrences(self, person_id: int, plan_item_id: int) -> list[CheckinView]:
        rows = [
            c
            for c in self.t.checkins.values()
            if (c.person_id, c.plan_item_id) == (person_id, plan_item_id)
            and c.prompt == Prompt.ASK.value
            and c.state not in CLOSED
        ]
        rows.sort(key=lambda c: (c.occurrence, c.id), reverse=True)
        return [self.checkin_view(c) for c in rows]

    def report_checkin(
        self, person_id: int, plan_item_id: int, now: datetime, today: date
    ) -> CheckinView:
        found = self.report_occurrences(person_id, plan_item_id)
        begun = [c for c in found if c.occurrence <= today.isoformat()]
        if begun:
            return begun[0]
        if found:
            return found[-1]
        plan = self.t.plans.get(self.t.items[plan_item_id].plan_id)
        day = today if plan is None else report_day(today, plan.period_start, plan.period_end)
        record = CheckinRecord(
            id=self.t.new_id(),
            plan_item_id=plan_item_id,
            person_id=person_id,
            occurrence=day.isoformat(),
            prompt=Prompt.ASK.value,
            state=CheckinState.AWAITING.value,
            due_at=now,
            last_sent_at=now,
            updated_at=now,
        )
        self.t.checkins[record.id] = record
        return self.checkin_view(record)


class FakeConversationStore:
    """ConversationStore in memory: one 'transaction' per call, rolled back when it raises."""

    def __init__(self, tables: Tables | None = None) -> None:
        self.tables = tables or Tables()

    def run_sync(self, fn: Callable[[ConversationTx], T]) -> T:
        before = copy.deepcopy(self.tables)
        try:
            return fn(FakeConversationTx(self.tables))
        except BaseException:
            self._restore(before)
            raise

    async def run(self, fn: Callable[[ConversationTx], T]) -> T:
        return self.run_sync(fn)

    def _restore(self, before: Tables) -> None:
        # Keep the Tables object (seeders hold it) and put its old contents back.
        self.tables.__dict__.update(before.__dict__)
