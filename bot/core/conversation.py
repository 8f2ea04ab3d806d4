"""The conversation's view of the database: small DTOs and the ConversationStore port."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol, TypeVar

from bot.core.i18n import Translator
from bot.core.messages import MessageRef, Sender
from bot.core.model import CheckinState, Choice, ItemSpec, Person, Platform

T = TypeVar("T")


class InvitePurpose(StrEnum):
    PERSON = "person"
    BOARD = "board"


class InviteOutcome(StrEnum):
    LINKED = "linked"
    UNKNOWN = "unknown"  # no such code (wrong, mistyped or forged)
    USED = "used"
    EXPIRED = "expired"
    WRONG_PLATFORM = "wrong_platform"
    WRONG_PURPOSE = "wrong_purpose"  # a board code in a DM, or a person code in a group


@dataclass(frozen=True)
class Identity:
    """A linked chat account and the person behind it."""

    person: Person
    locale_chosen: bool
    is_board_member: bool = False


@dataclass(frozen=True)
class NewEvent:
    """An inbound event to record as handled: which bot got it, its id, its fingerprint."""

    bot: str
    event_id: str
    fingerprint: str


@dataclass(frozen=True)
class ChatAccount:
    """The account being linked by an invite: who wrote, from where."""

    platform: Platform
    workspace: str
    user_id: str
    chat_id: str | None = None
    username: str | None = None

    @classmethod
    def of(cls, sender: Sender) -> ChatAccount:
        return cls(
            sender.platform, sender.workspace, sender.user_id, sender.chat_id, sender.username
        )


@dataclass(frozen=True)
class CheckinView:
    id: int
    person_id: int
    plan_item_id: int
    state: CheckinState
    prompt: str  # "ask", or "notice-N"
    occurrence: str
    occurrence_end: date | None
    due_at: datetime
    item: ItemSpec
    item_archived: bool
    area_title: str = ""
    counts_times: bool = False  # asked once with a count target: ask "how many times?"


@dataclass(frozen=True)
class AnswerView:
    id: int
    checkin_id: int
    revision: int
    choice: Choice
    numbers: Mapping[str, int] = field(default_factory=dict)
    comment: str | None = None
    blocker: str | None = None
    needs_help: bool = False
    new_date: date | None = None


@dataclass(frozen=True)
class SentCheckin:
    """One check-in of a sent reminder message, with what it takes to draw the message again."""

    checkin: CheckinView
    answer: AnswerView | None
    snoozed_until: datetime | None  # when a snoozed check-in is asked again
    first_sent_at: datetime | None
    give_up_after_days: int  # the plan's follow-up ladder: report by first send + this
    followup: bool  # the check-in has been followed up at least once


@dataclass(frozen=True)
class AnswerUpdate:
    """Fields to set on the current answer; None leaves a field as it is."""

    numbers: Mapping[str, int] = field(default_factory=dict)
    comment: str | None = None
    blocker: str | None = None
    needs_help: bool | None = None
    new_date: date | None = None


@dataclass(frozen=True)
class ConversationState:
    """What the bot expects next from one person: a step of one check-in's follow-up."""

    person_id: int
    checkin_id: int
    answer_id: int | None
    # A step's name as the question registry (handlers.questions) gives it, e.g. "comment" or
    # "metric:participants"; kept as text so a restart, or a later version, can read it back.
    step: str
    pending: tuple[str, ...] = ()
    platform: Platform | None = None


@dataclass(frozen=True)
class OpenCheckin:
    """One open report request, for /plan and the home view."""

    checkin_id: int
    plan_item_id: int
    item_key: str
    item_title: str
    state: CheckinState
    due_at: datetime
    occurrence_end: date | None


@dataclass(frozen=True)
class ReportableItem:
    plan_item_id: int
    spec: ItemSpec


def report_day(today: date, period_start: date | None, period_end: date | None) -> date:
    """The day an ad-hoc report is about: today, within the plan's period.

    A report made after the plan's year has ended (a late one, in January) counts for the
    last day of that year, and one made before it begins for its first day, so that the
    year's figures hold every report on its items and no other year's hold any.
    """
    if period_end is not None and today > period_end:
        return period_end
    if period_start is not None and today < period_start:
        return period_start
    return today


@dataclass(frozen=True)
class PlanProgress:
    """A board's plan at a glance: items by their latest current answer."""

    plan_title: str
    done: int
    not_done: int
    no_answer: int


@dataclass(frozen=True)
class NewInvite:
    code_hash: str
    purpose: InvitePurpose
    target_key: str  # the person's or the board's key
    platform: Platform
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class InviteResult:
    outcome: InviteOutcome
    person_id: int | None = None
    board_id: int | None = None
    board_name: str | None = None


class ConversationTx(Protocol):
    """The conversation's database work inside ONE transaction (synchronous, on a worker)."""

    def mark_processed(
        self, platform: Platform, event_id: str, *, bot: str, fingerprint: str, at: datetime
    ) -> bool:
        """Record an event of one bot; False only when that bot's same id was recorded before
        with the same fingerprint (a redelivery). A reused id with other content is new."""
        ...

    def find_identity(
        self, platform: Platform, workspace: str, user_id: str
    ) -> Identity | None: ...

    def person(self, person_id: int) -> Person: ...

    def set_locale(self, person_id: int, locale: str, chosen: bool) -> None: ...

    def get_checkin(self, checkin_id: int) -> CheckinView | None: ...

    def current_answer(self, checkin_id: int) -> AnswerView | None: ...

    def record_answer(
        self, checkin: CheckinView, choice: Choice, via: Platform, at: datetime
    ) -> AnswerView:
        """Store a new current revision (history kept) and mark the check-in answered."""
        ...

    # A burst of taps recorded on receipt (handlers.answers.record_on_receipt): the same
    # reads and writes as one tap's, for many taps in a few statements.

    def find_identities(
        self, platform: Platform, accounts: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], Identity]:
        """`find_identity` for many (workspace, user id) pairs; the unknown ones are left out."""
        ...

    def get_checkins(self, checkin_ids: Collection[int]) -> dict[int, CheckinView]:
        """`get_checkin` for many ids; the unknown ones are left out."""
        ...

    def answered_checkins(self, checkin_ids: Collection[int]) -> set[int]:
        """The ids among these with any answer stored, current or earlier."""
        ...

    def mark_new_events(
        self, platform: Platform, events: Sequence[NewEvent], at: datetime
    ) -> set[str]:
        """Record the events whose id (per bot) was never recorded; returns their ids.

        An id recorded before, with any fingerprint, is left as it was and not returned:
        `mark_processed` judges it when the event is handled.
        """
        ...

    def record_answers(
        self, answers: Sequence[tuple[CheckinView, Choice]], via: Platform, at: datetime
    ) -> list[AnswerView]:
        """`record_answer` for answers on different check-ins, in the order given."""
        ...

    def update_answer(self, answer_id: int, update: AnswerUpdate) -> AnswerView: ...

    def snooze(self, checkin_id: int, until: datetime, at: datetime) -> None: ...

    def checkins_in_message(self, person_id: int, ref: MessageRef) -> list[SentCheckin]:
        """The person's report requests last sent in this message, in the order they were sent.

        Only the person's own check-ins: another person's never show in their message.
        """
        ...

    def get_conversation(self, person_id: int) -> ConversationState | None: ...

    def save_conversation(self, state: ConversationState, at: datetime) -> None: ...

    def clear_conversation(self, person_id: int) -> None: ...

    def open_checkins(self, person_id: int) -> list[OpenCheckin]: ...

    def reportable_items(self, person_id: int) -> list[ReportableItem]: ...

    def report_occurrences(self, person_id: int, plan_item_id: int) -> list[CheckinView]:
        """The person's report requests for the item that can still take an answer, newest first."""
        ...

    def report_checkin(
        self, person_id: int, plan_item_id: int, now: datetime, today: date
    ) -> CheckinView:
        """The latest begun occurrence (answered or open); an ad-hoc one only if none exists,
        dated `report_day(today, ...)` of the item's plan."""
        ...

    def board_progress(self, person_id: int) -> list[PlanProgress]: ...

    def add_invite(self, invite: NewInvite) -> None:
        """Store a code's hash; raises NotFoundError for an unknown person or board key."""
        ...

    def redeem_invite(
        self, code_hash: str, purpose: InvitePurpose, platform: Platform, at: datetime
    ) -> InviteResult: ...

    def link_identity(self, person_id: int, account: ChatAccount, at: datetime) -> None: ...

    def link_board(self, board_id: int, account: ChatAccount, at: datetime) -> None: ...

    def ensure_identity(self, person_key: str, account: ChatAccount, at: datetime) -> Person:
        """Link an account to a person by key (the console chat); NotFoundError if unknown."""
        ...

    def set_away(self, person_id: int, ends_at: datetime | None, at: datetime) -> None:
        """Away from `at` until `ends_at` (None: until further notice)."""
        ...

    def end_away(self, person_id: int, at: datetime) -> bool:
        """End the person's away period now; False when they were not away."""
        ...


class ConversationStore(Protocol):
    """Runs a function with a ConversationTx in one transaction, off the event loop."""

    async def run(self, fn: Callable[[ConversationTx], T]) -> T: ...


@dataclass(frozen=True)
class Turn:
    """One event being handled: the transaction, the person, their language, the time."""

    tx: ConversationTx
    identity: Identity
    sender: Sender
    tr: Translator
    now: datetime
    max_comment_chars: int

    @property
    def person(self) -> Person:
        return self.identity.person
