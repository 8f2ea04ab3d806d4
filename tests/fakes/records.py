"""The fakes' tables: plain records held in memory, one dict per table, keyed by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.core.conversation import ConversationState
from bot.core.messages import MessageRef
from bot.core.model import ItemSpec


@dataclass
class UnitRecord:
    id: int
    key: str
    name: str
    kind: str
    parent_id: int | None = None


@dataclass
class PersonRecord:
    id: int
    key: str
    name: str
    locale: str = "sv"
    timezone: str = "Europe/Stockholm"
    roles: str = "steward"
    active: bool = True
    locale_chosen: bool = False
    unit_ids: list[int] = field(default_factory=list)


@dataclass
class BoardRecord:
    id: int
    key: str
    unit_id: int
    name: str
    member_ids: set[int] = field(default_factory=set)


@dataclass
class IdentityRecord:
    person_id: int
    platform: str
    workspace: str
    user_id: str
    chat_id: str | None = None
    username: str | None = None
    linked_at: datetime | None = None
    unreachable_at: datetime | None = None


@dataclass(frozen=True)
class BoardChatRecord:
    board_id: int
    platform: str
    workspace: str
    chat_id: str
    linked_at: datetime


@dataclass
class PlanRecord:
    id: int
    key: str
    unit_id: int
    title: str
    period_start: date
    period_end: date
    settings: dict[str, Any] = field(default_factory=dict)
    archived_at: datetime | None = None


@dataclass
class AreaRecord:
    id: int
    plan_id: int
    key: str
    title: str


@dataclass
class ItemRecord:
    id: int
    plan_id: int
    area_id: int
    spec: ItemSpec
    position: int = 0
    archived_at: datetime | None = None


@dataclass
class CheckinRecord:
    id: int
    plan_item_id: int
    person_id: int
    occurrence: str
    prompt: str
    state: str
    due_at: datetime
    occurrence_end: date | None = None
    next_send_at: datetime | None = None
    followups_sent: int = 0
    message: MessageRef | None = None
    last_sent_at: datetime | None = None
    answered_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass
class AnswerRecord:
    id: int
    checkin_id: int
    person_id: int
    plan_item_id: int
    revision: int
    current: bool
    choice: str
    via: str
    created_at: datetime
    numbers: dict[str, int] = field(default_factory=dict)
    comment: str | None = None
    blocker: str | None = None
    needs_help: bool = False
    new_date: date | None = None


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    checkin_id: int
    at: datetime
    outcome: str


@dataclass
class InviteRecord:
    code_hash: str
    purpose: str
    platform: str
    created_at: datetime
    expires_at: datetime
    person_id: int | None = None
    board_id: int | None = None
    used_at: datetime | None = None


@dataclass
class AwayRecord:
    id: int
    person_id: int
    starts_at: datetime
    ends_at: datetime | None
    source: str


@dataclass
class Tables:
    """Everything the fakes store; copied whole to give a transaction its rollback."""

    units: dict[int, UnitRecord] = field(default_factory=dict)
    people: dict[int, PersonRecord] = field(default_factory=dict)
    boards: dict[int, BoardRecord] = field(default_factory=dict)
    identities: list[IdentityRecord] = field(default_factory=list)
    board_chats: list[BoardChatRecord] = field(default_factory=list)
    plans: dict[int, PlanRecord] = field(default_factory=dict)
    areas: dict[int, AreaRecord] = field(default_factory=dict)
    items: dict[int, ItemRecord] = field(default_factory=dict)
    checkins: dict[int, CheckinRecord] = field(default_factory=dict)
    answers: dict[int, AnswerRecord] = field(default_factory=dict)
    attempts: dict[int, AttemptRecord] = field(default_factory=dict)
    invites: dict[str, InviteRecord] = field(default_factory=dict)
    away: dict[int, AwayRecord] = field(default_factory=dict)
    processed: dict[tuple[str, str, str], str] = field(default_factory=dict)
    conversations: dict[int, ConversationState] = field(default_factory=dict)
    last_id: int = 0

    def new_id(self) -> int:
        """One sequence for every table: ids are unique, as a database's would be per table."""
        self.last_id += 1
        return self.last_id
