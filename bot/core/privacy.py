"""A person's data on request: what an export holds and what an erasure did (GDPR art. 15, 17)."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

from bot.core.errors import UserFacingError
from bot.core.i18n import N_

MSG_UNKNOWN_PERSON = N_("There is no person “{key}” in the database.")
MSG_ALREADY_ERASED = N_("“{key}” is what is left of an earlier erasure; there is nobody to erase.")

ERASED_KEY_PREFIX = "erased-"
ERASED_NAME = "—"
EXPORT_FORMAT = 2  # 2: the profile's handles replace slack_user_id, slack_email, telegram_username


class UnknownPersonError(UserFacingError):
    """No person has this key."""

    def __init__(self, key: str) -> None:
        super().__init__(MSG_UNKNOWN_PERSON, key=key)


def key_hash(key: str) -> str:
    """The audit trail's stand-in for an erased person's key: enough to confirm, not to name."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class HandleExport:
    """An account on a chat platform, as the roster gave it (slack, user_id, U0123)."""

    platform: str
    kind: str
    value: str


@dataclass(frozen=True)
class ProfileExport:
    key: str
    name: str
    email: str | None
    locale: str
    locale_chosen: bool
    timezone: str
    roles: tuple[str, ...]
    reminder_time: str | None
    handles: tuple[HandleExport, ...]  # accounts on chat platforms the roster gave
    active: bool
    created_at: datetime | None
    updated_at: datetime | None


@dataclass(frozen=True)
class UnitExport:
    key: str
    name: str
    kind: str


@dataclass(frozen=True)
class ChatAccountExport:
    """A linked chat account; platform tokens are never stored per person, so none appear."""

    platform: str
    workspace: str
    user_id: str
    username: str | None
    linked_at: datetime | None
    unreachable_at: datetime | None


@dataclass(frozen=True)
class BoardExport:
    key: str
    name: str
    unit: str


@dataclass(frozen=True)
class CheckinExport:
    id: int
    plan: str
    item: str
    item_title: str
    occurrence: str
    prompt: str
    state: str
    due_at: datetime
    last_sent_at: datetime | None
    sends: int
    followups_sent: int
    answered_at: datetime | None


@dataclass(frozen=True)
class AnswerExport:
    """One revision of an answer, as the person gave it."""

    checkin_id: int
    plan: str
    item: str
    revision: int
    current: bool
    choice: str
    numbers: dict[str, int]
    comment: str | None
    blocker: str | None
    needs_help: bool
    new_date: date | None
    via: str
    at: datetime


@dataclass(frozen=True)
class ConversationExport:
    """What the bot was waiting for from the person when the export was made."""

    step: str
    pending: tuple[str, ...]
    platform: str | None
    checkin_id: int | None
    updated_at: datetime | None


@dataclass(frozen=True)
class InviteExport:
    purpose: str
    platform: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class PersonExport:
    """Everything Ombud stores about one person."""

    profile: ProfileExport
    units: tuple[UnitExport, ...]
    chat_accounts: tuple[ChatAccountExport, ...]
    boards: tuple[BoardExport, ...]
    checkins: tuple[CheckinExport, ...]
    answers: tuple[AnswerExport, ...]
    delivery_attempts: int
    conversation: ConversationExport | None
    invites: tuple[InviteExport, ...]
    exported_at: datetime
    away_periods: tuple[AwayExport, ...] = ()


@dataclass(frozen=True)
class AwayExport:
    """An away period: dates only, never a reason."""

    starts_at: datetime
    ends_at: datetime | None
    source: str


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure removed and kept; counts only, nothing that names the person."""

    key_hash: str
    tombstone_key: str | None  # where the kept numbers now live; None when answers were deleted
    answers_kept: int
    answers_deleted: int
    texts_removed: int  # comments and blockers wiped from the kept answers
    checkins_kept: int
    checkins_deleted: int
    removed: dict[str, int] = field(default_factory=dict)  # rows removed per kind
    plan_items_naming_key: tuple[str, ...] = ()  # "plan/item" whose owners still name the key


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in value]
    return value


def export_to_json(export: PersonExport) -> dict[str, Any]:
    """The export as JSON-ready data: ISO times, plain lists, a format number first."""
    return {"format": EXPORT_FORMAT, **_plain(dataclasses.asdict(export))}
