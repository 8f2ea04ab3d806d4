"""The fake conversation's people part: identities, events, locales, invites, away periods."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.conversation import (
    ChatAccount,
    Identity,
    InviteOutcome,
    InvitePurpose,
    InviteResult,
    NewEvent,
    NewInvite,
)
from bot.core.errors import NotFoundError
from bot.core.model import Person, Platform, Role
from tests.fakes.records import (
    AwayRecord,
    BoardChatRecord,
    IdentityRecord,
    InviteRecord,
    PersonRecord,
    Tables,
)


def person_of(record: PersonRecord) -> Person:
    roles = frozenset(Role(r) for r in record.roles.split(",") if r.strip())
    return Person(record.id, record.key, record.name, record.locale, record.timezone, roles)


class FakePeople:
    """People and their chat accounts, as SqlConversationTx keeps them."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables

    def _person_record(self, person_id: int) -> PersonRecord:
        record = self.t.people.get(person_id)
        if record is None:
            raise NotFoundError(f"person {person_id}")
        return record

    def _by_key(self, key: str) -> PersonRecord | None:
        return next((p for p in self.t.people.values() if p.key == key), None)

    def mark_processed(
        self, platform: Platform, event_id: str, *, bot: str, fingerprint: str, at: datetime
    ) -> bool:
        key = (platform.value, bot[:64], event_id[:128])
        if self.t.processed.get(key) == fingerprint:
            return False
        self.t.processed[key] = fingerprint
        return True

    def mark_new_events(
        self, platform: Platform, events: Sequence[NewEvent], at: datetime
    ) -> set[str]:
        marked: set[str] = set()
        for event in events:
            key = (platform.value, event.bot[:64], event.event_id[:128])
            if key not in self.t.processed:
                self.t.processed[key] = event.fingerprint
                marked.add(event.event_id)
        return marked

    def find_identities(
        self, platform: Platform, accounts: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], Identity]:
        found = {a: self.find_identity(platform, a[0], a[1]) for a in set(accounts)}
        return {account: identity for account, identity in found.items() if identity is not None}

    def find_identity(self, platform: Platform, workspace: str, user_id: str) -> Identity | None:
        for identity in self.t.identities:
            if (identity.platform, identity.workspace, identity.user_id) != (
                platform.value,
                workspace,
                user_id,
            ):
                continue
            person = self.t.people[identity.person_id]
            if not person.active:
                return None
            member = any(person.id in b.member_ids for b in self.t.boards.values())
            return Identity(person_of(person), person.locale_chosen, member)
        return None

    def person(self, person_id: int) -> Person:
        return person_of(self._person_record(person_id))

    def set_locale(self, person_id: int, locale: str, chosen: bool) -> None:
        record = self._person_record(person_id)
        record.locale = locale
        record.locale_chosen = record.locale_chosen or chosen

    def add_invite(self, invite: NewInvite) -> None:
        record = InviteRecord(
            invite.code_hash,
            invite.purpose.value,
            invite.platform.value,
            invite.created_at,
            invite.expires_at,
        )
        if invite.purpose is InvitePurpose.PERSON:
            person = self._by_key(invite.target_key)
            if person is None:
                raise NotFoundError(invite.target_key)
            record.person_id = person.id
        else:
            board = next((b for b in self.t.boards.values() if b.key == invite.target_key), None)
            if board is None:
                raise NotFoundError(invite.target_key)
            record.board_id = board.id
        self.t.invites[invite.code_hash] = record

    def redeem_invite(
        self, code_hash: str, purpose: InvitePurpose, platform: Platform, at: datetime
    ) -> InviteResult:
        record = self.t.invites.get(code_hash)
        if record is None:
            return InviteResult(InviteOutcome.UNKNOWN)
        if record.used_at is not None:
            return InviteResult(InviteOutcome.USED)
        if record.expires_at <= at:
            return InviteResult(InviteOutcome.EXPIRED)
        if record.platform != platform.value:
            return InviteResult(InviteOutcome.WRONG_PLATFORM)
        if record.purpose != purpose.value:
            return InviteResult(InviteOutcome.WRONG_PURPOSE)
        record.used_at = at
        board = self.t.boards.get(record.board_id) if record.board_id is not None else None
        return InviteResult(
            InviteOutcome.LINKED, record.person_id, record.board_id, board.name if board else None
        )

    def link_identity(self, person_id: int, account: ChatAccount, at: datetime) -> None:
        where = (account.platform.value, account.workspace, account.user_id)
        record = next(
            (i for i in self.t.identities if (i.platform, i.workspace, i.user_id) == where), None
        )
        if record is None:
            record = IdentityRecord(person_id, *where)
            self.t.identities.append(record)
        record.person_id = person_id
        record.chat_id, record.username = account.chat_id, account.username
        record.linked_at, record.unreachable_at = at, None

    def link_board(self, board_id: int, account: ChatAccount, at: datetime) -> None:
        chat_id = account.chat_id or account.user_id
        where = (board_id, account.platform.value, account.workspace, chat_id)
        known = {(d.board_id, d.platform, d.workspace, d.chat_id) for d in self.t.board_chats}
        if where not in known:
            self.t.board_chats.append(BoardChatRecord(*where, linked_at=at))

    def ensure_identity(self, person_key: str, account: ChatAccount, at: datetime) -> Person:
        record = self._by_key(person_key)
        if record is None:
            raise NotFoundError(person_key)
        self.link_identity(record.id, account, at)
        return person_of(record)

    def _current_away(self, person_id: int, at: datetime) -> AwayRecord | None:
        """The period the person is in at `at`, or the next one set, if any."""
        periods = [
            a
            for a in self.t.away.values()
            if a.person_id == person_id and (a.ends_at is None or a.ends_at > at)
        ]
        return min(periods, key=lambda a: a.starts_at, default=None)

    def set_away(self, person_id: int, ends_at: datetime | None, at: datetime) -> None:
        record = self._current_away(person_id, at)
        if record is None or record.starts_at > at:
            record = AwayRecord(self.t.new_id(), person_id, at, None, "chat")
            self.t.away[record.id] = record
        record.ends_at, record.source = ends_at, "chat"

    def end_away(self, person_id: int, at: datetime) -> bool:
        record = self._current_away(person_id, at)
        if record is None:
            return False
        if record.starts_at > at:
            del self.t.away[record.id]
        else:
            record.ends_at = at
        return True
