"""SQLModel tables. Times are UTC; personal text lives only in answers and conversation rows
(and, until its handler has run, in an update received: `inbound_update`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


def _utc(nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable, index=index)


class UnitRow(SQLModel, table=True):
    __tablename__ = "unit"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=100)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=50)
    parent_id: int | None = Field(default=None, foreign_key="unit.id", index=True)


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=100)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    locale: str = Field(max_length=8)
    locale_chosen: bool = False  # the person picked it; platform hints no longer override it
    timezone: str = Field(max_length=64)
    roles: str = Field(default="steward", max_length=100)  # comma-separated Role values
    reminder_time: str | None = Field(default=None, max_length=5)  # "HH:MM" local
    active: bool = True
    created_at: datetime | None = _utc()
    updated_at: datetime | None = _utc()


class PersonHandleRow(SQLModel, table=True):
    """A person's account on a chat platform, as the roster gives it (not yet a link)."""

    __tablename__ = "person_handle"
    __table_args__ = (UniqueConstraint("platform", "kind", "value"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    platform: str = Field(max_length=16)
    kind: str = Field(max_length=16)  # HandleKind: user_id, email, username
    value: str = Field(max_length=254)


class PersonUnitRow(SQLModel, table=True):
    __tablename__ = "person_unit"
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", primary_key=True)


class ChatIdentityRow(SQLModel, table=True):
    __tablename__ = "chat_identity"
    __table_args__ = (UniqueConstraint("platform", "workspace", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    platform: str = Field(max_length=16)
    workspace: str = Field(default="", max_length=64)  # Slack team id; "" elsewhere
    user_id: str = Field(max_length=64)
    chat_id: str | None = Field(default=None, max_length=64)  # the DM chat or channel
    username: str | None = Field(default=None, max_length=64)
    linked_at: datetime | None = _utc()
    unreachable_at: datetime | None = _utc()
    unreachable_code: str | None = Field(default=None, max_length=64)


class BoardRow(SQLModel, table=True):
    __tablename__ = "board"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=100)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    name: str = Field(max_length=200)
    locale: str = Field(default="sv", max_length=8)
    timezone: str = Field(default="Europe/Stockholm", max_length=64)
    digest_weekday: int = 0  # 0 = Monday
    digest_time: str = Field(default="08:00", max_length=5)
    digest_to_members: bool = False  # also send the digest as DMs to members


class BoardMemberRow(SQLModel, table=True):
    __tablename__ = "board_member"
    board_id: int = Field(foreign_key="board.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)


class BoardDestinationRow(SQLModel, table=True):
    __tablename__ = "board_destination"
    __table_args__ = (UniqueConstraint("board_id", "platform", "workspace", "chat_id"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    platform: str = Field(max_length=16)
    workspace: str = Field(default="", max_length=64)
    chat_id: str = Field(max_length=64)
    linked_at: datetime | None = _utc()


class PlanRow(SQLModel, table=True):
    __tablename__ = "plan"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, max_length=100)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    title: str = Field(max_length=300)
    period_start: date
    period_end: date
    language: str = Field(max_length=8)
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source: str = Field(default="", max_length=500)
    imported_at: datetime | None = _utc()
    archived_at: datetime | None = _utc()


class AreaRow(SQLModel, table=True):
    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    key: str = Field(max_length=100)
    title: str = Field(max_length=300)
    position: int = 0
    archived_at: datetime | None = _utc()


class PlanItemRow(SQLModel, table=True):
    __tablename__ = "plan_item"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    area_id: int = Field(foreign_key="area.id", index=True)
    key: str = Field(max_length=100)
    title: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    # The full ItemSpec (schedule, owners, metrics, target, questions) as JSON.
    spec: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    position: int = 0
    archived_at: datetime | None = _utc()
    updated_at: datetime | None = _utc()


class CheckinRow(SQLModel, table=True):
    """One scheduled prompt: (plan item, person, occurrence, prompt) is unique."""

    __tablename__ = "checkin"
    __table_args__ = (
        UniqueConstraint("plan_item_id", "person_id", "occurrence", "prompt"),
        Index("ix_checkin_due", "state", "next_send_at"),
        Index("ix_checkin_item_due_at", "plan_item_id", "due_at"),  # digests: coming up
        # The claim walks open rows in the order it takes them and stops after a batch, so a
        # pass costs the batch, not the number of rows due (see storage/scheduling/claims.py).
        Index(
            "ix_checkin_claim",
            "next_send_at",
            "person_id",
            "id",
            sqlite_where=text("next_send_at IS NOT NULL"),  # closed rows have none
            postgresql_where=text("next_send_at IS NOT NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    plan_item_id: int = Field(foreign_key="plan_item.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    occurrence: str = Field(max_length=32)  # the occurrence's start date, ISO
    prompt: str = Field(max_length=16)  # "ask", or "notice-14" for a heads-up 14 days before
    state: str = Field(default="scheduled", max_length=16)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)  # planned moment
    next_send_at: datetime | None = _utc()  # when the dispatcher should send next
    occurrence_end: date | None = None
    sends: int = 0
    followups_sent: int = 0
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = _utc()
    message_platform: str | None = Field(default=None, max_length=16)
    message_chat_id: str | None = Field(default=None, max_length=64)
    message_id: str | None = Field(default=None, max_length=64)
    last_sent_at: datetime | None = _utc()
    answered_at: datetime | None = _utc()
    last_error: str | None = Field(default=None, max_length=64)  # an error code, never text
    created_at: datetime | None = _utc()
    updated_at: datetime | None = _utc()


class DeliveryAttemptRow(SQLModel, table=True):
    __tablename__ = "delivery_attempt"
    id: int | None = Field(default=None, primary_key=True)
    checkin_id: int | None = Field(default=None, foreign_key="checkin.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    platform: str = Field(max_length=16)
    outcome: str = Field(max_length=16)  # "ok" or a DeliveryFailure value
    code: str | None = Field(default=None, max_length=64)
    retry_after: float | None = None


class AnswerRow(SQLModel, table=True):
    """Every revision of an answer is kept; `current` marks the one that counts."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("checkin_id", "revision"),
        Index("ix_answer_item_created", "plan_item_id", "created_at"),  # digests: a week's answers
    )
    id: int | None = Field(default=None, primary_key=True)
    checkin_id: int = Field(foreign_key="checkin.id", index=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    plan_item_id: int = Field(foreign_key="plan_item.id", index=True)
    revision: int = 1
    current: bool = Field(default=True, index=True)
    choice: str = Field(max_length=16)
    numbers: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comment: str | None = Field(default=None, sa_column=Column(Text))
    blocker: str | None = Field(default=None, sa_column=Column(Text))
    needs_help: bool = False
    new_date: date | None = None
    via: str = Field(max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class ConversationRow(SQLModel, table=True):
    """What the bot expects next from a person; survives restarts."""

    __tablename__ = "conversation"
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    checkin_id: int | None = Field(default=None, foreign_key="checkin.id")
    answer_id: int | None = Field(default=None, foreign_key="answer.id")
    step: str = Field(max_length=64)  # e.g. "metric:participants", "comment", "blocker"
    pending: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    platform: str | None = Field(default=None, max_length=16)
    updated_at: datetime | None = _utc()


class ProcessedEventRow(SQLModel, table=True):
    """Update ids a bot already handled: a redelivered update changes nothing. Pruned by age."""

    __tablename__ = "processed_event"
    platform: str = Field(primary_key=True, max_length=16)
    bot: str = Field(primary_key=True, max_length=64)  # the receiving bot's identity
    event_id: str = Field(primary_key=True, max_length=128)
    fingerprint: str = Field(default="", max_length=32)  # a hash of sender and content
    at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class InboundUpdateRow(SQLModel, table=True):
    """Updates received and not yet handled: written before the platform is answered, so an
    update the platform was told it need not send again survives a stop or a crash. The row
    goes once its handler has run (`processed_event` then keeps a redelivery harmless)."""

    __tablename__ = "inbound_update"
    __table_args__ = (UniqueConstraint("platform", "bot", "update_id"),)
    id: int | None = Field(default=None, primary_key=True)  # the order of receipt
    platform: str = Field(max_length=16)
    bot: str = Field(max_length=64)
    update_id: str = Field(max_length=128)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # the update as received
    received_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class InviteCodeRow(SQLModel, table=True):
    """Single-use codes that link a chat account to a person, or a group to a board."""

    __tablename__ = "invite_code"
    code_hash: str = Field(primary_key=True, max_length=64)  # sha256 hex; the code is not kept
    purpose: str = Field(max_length=16)  # "person" or "board"
    person_id: int | None = Field(default=None, foreign_key="person.id")
    board_id: int | None = Field(default=None, foreign_key="board.id")
    platform: str = Field(max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    expires_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: datetime | None = _utc()


class DigestRow(SQLModel, table=True):
    """One weekly digest per board and ISO week, however many workers or restarts."""

    __tablename__ = "digest"
    __table_args__ = (UniqueConstraint("board_id", "iso_week"),)
    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", index=True)
    iso_week: str = Field(max_length=8)  # "2025-W12"
    state: str = Field(default="claimed", max_length=16)
    claimed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    sent_at: datetime | None = _utc()


class ItemSummaryRow(SQLModel, table=True):
    """A closed window or event summarised once to its owners and board."""

    __tablename__ = "item_summary"
    __table_args__ = (UniqueConstraint("plan_item_id", "occurrence"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_item_id: int = Field(foreign_key="plan_item.id", index=True)
    occurrence: str = Field(max_length=32)
    sent_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class AuditRow(SQLModel, table=True):
    """Administrative changes: who, what, when. Ids and counts, never personal text."""

    __tablename__ = "audit"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_key: str | None = Field(default=None, max_length=100)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AwayPeriodRow(SQLModel, table=True):
    """A person away (leave, holiday, illness): no reminders from starts_at until ends_at."""

    __tablename__ = "away_period"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    starts_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    ends_at: datetime | None = _utc()  # None: until further notice
    source: str = Field(max_length=16)  # "chat", "cli" or "roster"
    resumed_at: datetime | None = _utc()  # when what fell due was put to them again
    created_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class HandoverRow(SQLModel, table=True):
    """An open check-in moved from a person who left to a steward or a board member."""

    __tablename__ = "handover"
    id: int | None = Field(default=None, primary_key=True)
    plan_item_id: int = Field(foreign_key="plan_item.id", index=True)
    occurrence: str = Field(max_length=32)
    from_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    to_person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    board_id: int | None = Field(default=None, foreign_key="board.id")  # handed to a board
    at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)


class PlatformBudgetRow(SQLModel, table=True):
    """A platform rate budget shared by every worker: its next free call slot and the end
    of a pause, as seconds since the epoch on the database's own clock."""

    __tablename__ = "platform_budget"
    key: str = Field(primary_key=True, max_length=64)  # "telegram:<bot id>", never a token
    next_slot: float = 0.0
    paused_until: float = 0.0


class IdleMarkerRow(SQLModel, table=True):
    """What the last full materialise read (a fingerprint) and how far it is known complete.

    Written and read with the standard library's sqlite3 or with psycopg (storage/idle.py), so
    that an idle tick can tell without the ORM that materialise would add nothing; one row, id 1.
    """

    __tablename__ = "idle_marker"
    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=64)
    # No check-in a materialise could create sends before this instant minus the horizon.
    through: datetime = Field(sa_type=UTCDateTime, nullable=False)
    recorded_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class MaterialiseMarkerRow(SQLModel, table=True):
    """The last materialise that ran to the end (storage/scheduling/marker.py); one row, id 1.

    On SQLite and PostgreSQL alike: a run whose fingerprint equals this one and whose window
    lies in [lower, through) adds nothing, so it skips the planning and the key look-ups.
    """

    __tablename__ = "materialise_marker"
    id: int | None = Field(default=None, primary_key=True)
    fingerprint: str = Field(max_length=64)
    lower: datetime = Field(sa_type=UTCDateTime, nullable=False)
    through: datetime = Field(sa_type=UTCDateTime, nullable=False)
