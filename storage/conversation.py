"""The conversation's storage: implements ConversationTx on one SQLModel session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.core.conversation import (
    AnswerUpdate,
    AnswerView,
    ChatAccount,
    CheckinView,
    ConversationState,
    ConversationTx,
    Identity,
    InviteOutcome,
    InvitePurpose,
    InviteResult,
    NewInvite,
    OpenCheckin,
    PlanProgress,
    ReportableItem,
    SentCheckin,
)
from bot.core.errors import NotFoundError
from bot.core.messages import MessageRef
from bot.core.model import (
    OPEN_STATES,
    CheckinState,
    Choice,
    ItemSpec,
    OwnerKind,
    Person,
    Platform,
    Prompt,
    Role,
)
from bot.core.specjson import followups_from_json, item_from_json
from storage.engine import Database
from storage.scheduling.rows import OK
from storage.tables import (
    AnswerRow,
    AreaRow,
    BoardDestinationRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    ConversationRow,
    DeliveryAttemptRow,
    InviteCodeRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    ProcessedEventRow,
    UnitRow,
)

T = TypeVar("T")


def person_of(row: PersonRow) -> Person:
    roles = frozenset(Role(r) for r in row.roles.split(",") if r.strip())
    assert row.id is not None
    return Person(row.id, row.key, row.name, row.locale, row.timezone, roles)


def spec_of(row: PlanItemRow) -> ItemSpec:
    return item_from_json(row.key, row.title, row.description, row.spec)


def answer_of(row: AnswerRow) -> AnswerView:
    assert row.id is not None
    return AnswerView(
        id=row.id,
        checkin_id=row.checkin_id,
        revision=row.revision,
        choice=Choice(row.choice),
        numbers=dict(row.numbers),
        comment=row.comment,
        blocker=row.blocker,
        needs_help=row.needs_help,
        new_date=row.new_date,
    )


class SqlConversationTx:
    """ConversationTx on a session; every method works inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def checkin_view(self, row: CheckinRow) -> CheckinView:
        item = self.s.get(PlanItemRow, row.plan_item_id)
        assert row.id is not None
        assert item is not None
        plan = self.s.get(PlanRow, item.plan_id)
        area = self.s.get(AreaRow, item.area_id)
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
            item=spec_of(item),
            item_archived=archived,
            area_title=area.title if area is not None else "",
        )

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
        person = self.person(person_id)
        asked = set(
            self.s.exec(
                select(CheckinRow.plan_item_id).where(
                    CheckinRow.person_id == person_id, CheckinRow.prompt == Prompt.ASK.value
                )
            )
        )
        found: list[ReportableItem] = []
        for row in self._live_items():
            spec = spec_of(row)
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

    def mark_processed(self, platform: Platform, event_id: str, at: datetime) -> bool:
        if self.s.get(ProcessedEventRow, (platform.value, event_id)) is not None:
            return False
        try:
            with self.s.begin_nested():  # a concurrent worker may insert it first
                self.s.add(ProcessedEventRow(platform=platform.value, event_id=event_id, at=at))
        except IntegrityError:
            return False
        return True

    def find_identity(self, platform: Platform, workspace: str, user_id: str) -> Identity | None:
        query = (
            select(PersonRow)
            .join(ChatIdentityRow, col(ChatIdentityRow.person_id) == col(PersonRow.id))
            .where(
                ChatIdentityRow.platform == platform.value,
                ChatIdentityRow.workspace == workspace,
                ChatIdentityRow.user_id == user_id,
                col(PersonRow.active).is_(True),
            )
        )
        row = self.s.exec(query).first()
        if row is None:
            return None
        member = self.s.exec(
            select(BoardMemberRow).where(BoardMemberRow.person_id == row.id)
        ).first()
        return Identity(person_of(row), row.locale_chosen, member is not None)

    def person(self, person_id: int) -> Person:
        row = self.s.get(PersonRow, person_id)
        if row is None:
            raise NotFoundError(f"person {person_id}")
        return person_of(row)

    def set_locale(self, person_id: int, locale: str, chosen: bool) -> None:
        row = self.s.get(PersonRow, person_id)
        if row is None:
            raise NotFoundError(f"person {person_id}")
        row.locale = locale
        row.locale_chosen = row.locale_chosen or chosen
        self.s.add(row)

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

    def get_conversation(self, person_id: int) -> ConversationState | None:
        row = self.s.get(ConversationRow, person_id)
        if row is None or row.checkin_id is None:
            return None
        return ConversationState(
            person_id=person_id,
            checkin_id=row.checkin_id,
            answer_id=row.answer_id,
            step=row.step,
            pending=tuple(row.pending),
            platform=Platform(row.platform) if row.platform else None,
        )

    def save_conversation(self, state: ConversationState, at: datetime) -> None:
        row = self.s.get(ConversationRow, state.person_id) or ConversationRow(
            person_id=state.person_id, step=state.step
        )
        row.checkin_id = state.checkin_id
        row.answer_id = state.answer_id
        row.step = state.step
        row.pending = list(state.pending)
        row.platform = state.platform.value if state.platform else None
        row.updated_at = at
        self.s.add(row)

    def clear_conversation(self, person_id: int) -> None:
        row = self.s.get(ConversationRow, person_id)
        if row is not None:
            self.s.delete(row)

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

    def report_checkin(
        self, person_id: int, plan_item_id: int, now: datetime, today: date
    ) -> CheckinView:
        query = (
            select(CheckinRow)
            .where(
                CheckinRow.person_id == person_id,
                CheckinRow.plan_item_id == plan_item_id,
                CheckinRow.prompt == Prompt.ASK.value,
                col(CheckinRow.occurrence) <= today.isoformat(),
            )
            .order_by(col(CheckinRow.occurrence).desc())
        )
        for row in self.s.exec(query):
            if row.state in {s.value for s in OPEN_STATES} or row.occurrence == today.isoformat():
                return self.checkin_view(row)
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

    def add_invite(self, invite: NewInvite) -> None:
        row = InviteCodeRow(
            code_hash=invite.code_hash,
            purpose=invite.purpose.value,
            platform=invite.platform.value,
            created_at=invite.created_at,
            expires_at=invite.expires_at,
        )
        if invite.purpose is InvitePurpose.PERSON:
            person = self.s.exec(select(PersonRow).where(PersonRow.key == invite.target_key))
            found = person.first()
            if found is None:
                raise NotFoundError(invite.target_key)
            row.person_id = found.id
        else:
            board = self.s.exec(select(BoardRow).where(BoardRow.key == invite.target_key)).first()
            if board is None:
                raise NotFoundError(invite.target_key)
            row.board_id = board.id
        self.s.add(row)

    def redeem_invite(
        self, code_hash: str, purpose: InvitePurpose, platform: Platform, at: datetime
    ) -> InviteResult:
        row = self.s.get(InviteCodeRow, code_hash, with_for_update=True)
        if row is None:
            return InviteResult(InviteOutcome.UNKNOWN)
        if row.used_at is not None:
            return InviteResult(InviteOutcome.USED)
        if row.expires_at <= at:
            return InviteResult(InviteOutcome.EXPIRED)
        if row.platform != platform.value:
            return InviteResult(InviteOutcome.WRONG_PLATFORM)
        if row.purpose != purpose.value:
            return InviteResult(InviteOutcome.WRONG_PURPOSE)
        row.used_at = at
        self.s.add(row)
        board = self.s.get(BoardRow, row.board_id) if row.board_id is not None else None
        return InviteResult(
            InviteOutcome.LINKED, row.person_id, row.board_id, board.name if board else None
        )

    def link_identity(self, person_id: int, account: ChatAccount, at: datetime) -> None:
        query = select(ChatIdentityRow).where(
            ChatIdentityRow.platform == account.platform.value,
            ChatIdentityRow.workspace == account.workspace,
            ChatIdentityRow.user_id == account.user_id,
        )
        row = self.s.exec(query).first() or ChatIdentityRow(
            person_id=person_id,
            platform=account.platform.value,
            workspace=account.workspace,
            user_id=account.user_id,
        )
        row.person_id = person_id
        row.chat_id = account.chat_id
        row.username = account.username
        row.linked_at = at
        row.unreachable_at = None
        row.unreachable_code = None
        self.s.add(row)
        self.s.flush()

    def link_board(self, board_id: int, account: ChatAccount, at: datetime) -> None:
        chat_id = account.chat_id or account.user_id
        query = select(BoardDestinationRow).where(
            BoardDestinationRow.board_id == board_id,
            BoardDestinationRow.platform == account.platform.value,
            BoardDestinationRow.workspace == account.workspace,
            BoardDestinationRow.chat_id == chat_id,
        )
        if self.s.exec(query).first() is None:
            self.s.add(
                BoardDestinationRow(
                    board_id=board_id,
                    platform=account.platform.value,
                    workspace=account.workspace,
                    chat_id=chat_id,
                    linked_at=at,
                )
            )

    def ensure_identity(self, person_key: str, account: ChatAccount, at: datetime) -> Person:
        row = self.s.exec(select(PersonRow).where(PersonRow.key == person_key)).first()
        if row is None:
            raise NotFoundError(person_key)
        person = person_of(row)
        self.link_identity(person.id, account, at)
        return person


class SqlConversationStore:
    """ConversationStore on a Database: one transaction per call, on a worker thread."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def run(self, fn: Callable[[ConversationTx], T]) -> T:
        return await self.db.run(lambda session: fn(SqlConversationTx(session)))

    def run_sync(self, fn: Callable[[ConversationTx], T]) -> T:
        return self.db.run_sync(lambda session: fn(SqlConversationTx(session)))
