"""Check-ins and answers: the views the handlers see, recording, updating, snoozing."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, insert, update
from sqlalchemy import select as core_select
from sqlmodel import col, select

from bot.core.conversation import (
    AnswerUpdate,
    AnswerView,
    CheckinView,
    OpenCheckin,
    SentCheckin,
    report_day,
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
from bot.core.specjson import followups_from_json, item_from_json
from storage.conversation.rows import SessionQueries, answer_of, answer_with, table_of
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


# The tables as Core, for the statements of a tap: no ORM rows on that path.
_CHECKIN = table_of(CheckinRow)
_ANSWER = table_of(AnswerRow)
_C = _CHECKIN.c
_I = table_of(PlanItemRow).c
_P = table_of(PlanRow).c
_R = table_of(AreaRow).c
_A = _ANSWER.c

# A check-in's view: the check-in, its item, the item's plan and area.
_VIEW_COLUMNS = (
    _C.id, _C.person_id, _C.plan_item_id, _C.state, _C.prompt, _C.occurrence,
    _C.occurrence_end, _C.due_at, _I.key.label("item_key"), _I.title.label("item_title"),
    _I.description.label("item_description"), _I.spec.label("item_spec"),
    _I.archived_at.label("item_archived_at"), _P.id.label("plan_id"),
    _P.archived_at.label("plan_archived_at"), _P.period_start, _P.period_end,
    _R.title.label("area_title"),
)  # fmt: skip
_VIEW_FROM = (
    _CHECKIN.join(table_of(PlanItemRow), _I.id == _C.plan_item_id)
    .outerjoin(table_of(PlanRow), _P.id == _I.plan_id)
    .outerjoin(table_of(AreaRow), _R.id == _I.area_id)
)
_VIEW = core_select(*_VIEW_COLUMNS).select_from(_VIEW_FROM)
# What a sent check-in adds to its view.
_SENT_COLUMNS = (
    _C.next_send_at, _C.followups_sent, _P.settings.label("plan_settings"),
)  # fmt: skip
_ANSWER_COLUMNS = (
    _A.id.label("answer_id"), _A.checkin_id.label("answer_checkin_id"), _A.revision,
    _A.choice, _A.numbers, _A.comment, _A.blocker, _A.needs_help, _A.new_date,
)  # fmt: skip


# A tap's statements, built once with bound parameters: building them per call (columns,
# operators, cache keys) cost about as much as running them.
_GET_CHECKIN = _VIEW.where(_C.id == bindparam("b_checkin_id"))
_GET_CHECKINS = _VIEW.where(_C.id.in_(bindparam("b_checkin_ids", expanding=True)))
_ANSWERED_AMONG = (
    core_select(_A.checkin_id)
    .where(_A.checkin_id.in_(bindparam("b_checkin_ids", expanding=True)))
    .distinct()
)
_CURRENT_ANSWER = core_select(*_ANSWER_COLUMNS).where(
    _A.checkin_id == bindparam("b_checkin_id"), _A.current.is_(True)
)
_CLEAR_CURRENT = (
    update(_ANSWER)
    .where(_A.checkin_id == bindparam("b_checkin_id"), _A.current.is_(True))
    .values(current=False)
)
# The latest revision of each check-in's answers, read once for every answer of a burst: a
# revision computed inside the insert cost PostgreSQL a subquery to plan for every row.
_LATEST_REVISIONS = (
    core_select(_A.checkin_id, func.max(_A.revision).label("revision"))
    .where(_A.checkin_id.in_(bindparam("b_checkin_ids", expanding=True)))
    .group_by(_A.checkin_id)
)
_INSERT_ANSWER = (
    insert(_ANSWER)
    .values(
        checkin_id=bindparam("b_checkin_id"),
        person_id=bindparam("b_person_id"),
        plan_item_id=bindparam("b_plan_item_id"),
        revision=bindparam("b_revision"),
        current=True,
        choice=bindparam("b_choice"),
        numbers={},
        needs_help=False,
        via=bindparam("b_via"),
        created_at=bindparam("b_at"),
    )
    .returning(_A.id, _A.revision, sort_by_parameter_order=True)
)
_ANSWERED = (
    update(_CHECKIN)
    .where(_C.id == bindparam("b_checkin_id"))
    .values(
        state=CheckinState.ANSWERED.value,
        answered_at=bindparam("b_at"),
        next_send_at=None,
        updated_at=bindparam("b_at"),
    )
)


def _view_of(row: Row[Any]) -> CheckinView:
    """A CheckinView from a row of _VIEW_COLUMNS."""
    spec = item_from_json(row.item_key, row.item_title, row.item_description, row.item_spec)
    has_plan = row.plan_id is not None
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
        item_archived=row.item_archived_at is not None or row.plan_archived_at is not None,
        area_title=row.area_title if row.area_title is not None else "",
        counts_times=has_plan and counts_times(spec, row.period_start, row.period_end),
    )


def _answer_view(row: Row[Any]) -> AnswerView:
    """An AnswerView from a row of _ANSWER_COLUMNS."""
    return answer_with(row.answer_id, row.answer_checkin_id, row)


def _sent_of(row: Row[Any], first_sent_at: datetime | None) -> SentCheckin:
    """A SentCheckin from a row of _VIEW_COLUMNS, _SENT_COLUMNS and _ANSWER_COLUMNS."""
    settings = row.plan_settings if row.plan_settings is not None else {}
    snoozed = row.state == CheckinState.SNOOZED.value
    return SentCheckin(
        checkin=_view_of(row),
        answer=None if row.answer_id is None else _answer_view(row),
        snoozed_until=row.next_send_at if snoozed else None,
        first_sent_at=first_sent_at,
        give_up_after_days=followups_from_json(settings.get("followups")).give_up_after_days,
        followup=row.followups_sent > 0,
    )


class CheckinQueries(SessionQueries):
    """A person's check-ins and the answers stored on them."""

    def get_checkin(self, checkin_id: int) -> CheckinView | None:
        # One statement for the check-in, its item, plan and area: a tap's first read.
        found = self.s.execute(_GET_CHECKIN, {"b_checkin_id": checkin_id}).first()
        return None if found is None else _view_of(found)

    def current_answer(self, checkin_id: int) -> AnswerView | None:
        found = self.s.execute(_CURRENT_ANSWER, {"b_checkin_id": checkin_id}).first()
        return None if found is None else _answer_view(found)

    def get_checkins(self, checkin_ids: Collection[int]) -> dict[int, CheckinView]:
        if not checkin_ids:
            return {}
        rows = self.s.execute(_GET_CHECKINS, {"b_checkin_ids": list(checkin_ids)})
        return {row.id: _view_of(row) for row in rows}

    def answered_checkins(self, checkin_ids: Collection[int]) -> set[int]:
        if not checkin_ids:
            return set()
        found = self.s.execute(_ANSWERED_AMONG, {"b_checkin_ids": list(checkin_ids)})
        return set(found.scalars())

    def record_answer(
        self, checkin: CheckinView, choice: Choice, via: Platform, at: datetime
    ) -> AnswerView:
        """A new current revision, and the check-in answered: four statements, no ORM rows."""
        return self.record_answers([(checkin, choice)], via, at)[0]

    def record_answers(
        self, answers: Sequence[tuple[CheckinView, Choice]], via: Platform, at: datetime
    ) -> list[AnswerView]:
        """Four statements for any number of answers, the writes each run with the list of
        rows: the latest revisions read, the current ones cleared, the new ones inserted,
        the check-ins answered."""
        if not answers:
            return []
        ids = [checkin.id for checkin, _choice in answers]
        if len(set(ids)) != len(ids):
            raise ValueError("one answer per check-in in a batch")
        found = self.s.execute(_LATEST_REVISIONS, {"b_checkin_ids": ids})
        latest: dict[int, int] = {row.checkin_id: row.revision for row in found}
        keys = [{"b_checkin_id": checkin_id, "b_at": at} for checkin_id in ids]
        self.s.execute(_CLEAR_CURRENT, keys)
        rows = [
            {
                "b_checkin_id": checkin.id,
                "b_person_id": checkin.person_id,
                "b_plan_item_id": checkin.plan_item_id,
                "b_revision": latest.get(checkin.id, 0) + 1,
                "b_choice": choice.value,
                "b_via": via.value,
                "b_at": at,
            }
            for checkin, choice in answers
        ]
        inserted = self.s.execute(_INSERT_ANSWER, rows).all()
        self.s.execute(_ANSWERED, keys)
        return [
            AnswerView(id=row.id, checkin_id=checkin.id, revision=row.revision, choice=choice)
            for row, (checkin, choice) in zip(inserted, answers, strict=True)
        ]

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
        done = self.s.execute(
            update(_CHECKIN)
            .where(_C.id == checkin_id)
            .values(state=CheckinState.SNOOZED.value, next_send_at=until, updated_at=at)
        )
        if not getattr(done, "rowcount", 0):
            raise NotFoundError(f"checkin {checkin_id}")

    def checkins_in_message(self, person_id: int, ref: MessageRef) -> list[SentCheckin]:
        # The message's check-ins with their items, plans, areas and current answers in one
        # statement, their successful sends in a second.
        query = (
            core_select(*_VIEW_COLUMNS, *_SENT_COLUMNS, *_ANSWER_COLUMNS)
            .select_from(
                _VIEW_FROM.outerjoin(_ANSWER, (_A.checkin_id == _C.id) & _A.current.is_(True))
            )
            .where(
                _C.person_id == person_id,
                _C.prompt == Prompt.ASK.value,
                _C.message_platform == ref.platform.value,
                _C.message_chat_id == ref.chat_id,
                _C.message_id == ref.message_id,
            )
            .order_by(_C.id, _A.id)
        )
        found: dict[int, Row[Any]] = {}
        for row in self.s.execute(query):
            found.setdefault(row.id, row)  # one current answer per check-in, should two be
        if not found:
            return []
        first_sent, last_sent = self._successful_sends(list(found))
        # A gathered message's attempts are inserted in the order of its items, so the latest
        # successful attempt ids give back the numbering the person saw.
        rows = sorted(found.values(), key=lambda r: (last_sent.get(r.id, 0), r.due_at, r.id))
        return [_sent_of(row, first_sent.get(row.id)) for row in rows]

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
        query = _VIEW.where(
            _C.person_id == person_id,
            _C.plan_item_id == plan_item_id,
            _C.prompt == Prompt.ASK.value,
            _C.state.not_in(list(CLOSED)),
        ).order_by(_C.occurrence.desc(), _C.id.desc())
        return [_view_of(row) for row in self.s.execute(query)]

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
        period = self.s.execute(
            core_select(_P.period_start, _P.period_end)
            .select_from(table_of(PlanItemRow).join(table_of(PlanRow), _P.id == _I.plan_id))
            .where(_I.id == plan_item_id)
        ).first()
        day = today if period is None else report_day(today, period.period_start, period.period_end)
        row = CheckinRow(
            plan_item_id=plan_item_id,
            person_id=person_id,
            occurrence=day.isoformat(),
            prompt=Prompt.ASK.value,
            state=CheckinState.AWAITING.value,
            due_at=now,
            last_sent_at=now,
            created_at=now,
            updated_at=now,
        )
        self.s.add(row)
        self.s.flush()
        assert row.id is not None
        view = self.get_checkin(row.id)
        assert view is not None  # just written, in this transaction
        return view
