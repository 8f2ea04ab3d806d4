"""Who is who: chat identities, processed events, locales, invites and linked board chats."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, exists, update
from sqlalchemy import select as core_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

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
from bot.core.model import (
    Person,
    Platform,
)
from storage.conversation.rows import SessionQueries, load_person, person_of, table_of
from storage.tables import (
    BoardDestinationRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    InviteCodeRow,
    PersonRow,
    ProcessedEventRow,
)

log = logging.getLogger(__name__)

# How long a handled-event id is remembered: far beyond any platform's redelivery (Telegram
# keeps updates for 24 hours, Slack retries within minutes), short enough to stay small.
PROCESSED_EVENT_KEEP = timedelta(days=14)

# The tables a tap reads and writes here, as Core: no ORM rows on that path.
_E = table_of(ProcessedEventRow)
_PERSON = table_of(PersonRow)
_CI = table_of(ChatIdentityRow)
_M = table_of(BoardMemberRow)

# A person behind a chat account, with whether they sit on a board: one account's or many's.
_IDENTITY = (
    core_select(
        *_PERSON.c,
        exists().where(_M.c.person_id == _PERSON.c.id).label("on_board"),
        _CI.c.workspace.label("ci_workspace"),
        _CI.c.user_id.label("ci_user_id"),
    )
    .join(_CI, _CI.c.person_id == _PERSON.c.id)
    .where(_CI.c.platform == bindparam("b_platform"), _PERSON.c.active.is_(True))
)
# Events never recorded, inserted; the rest left alone. Keyed on "is it PostgreSQL".
_NEW_EVENTS = {
    postgres: (postgresql.insert if postgres else sqlite.insert)(_E)
    .on_conflict_do_nothing(index_elements=["platform", "bot", "event_id"])
    .returning(_E.c.bot, _E.c.event_id)
    for postgres in (False, True)
}
_IDENTITIES = _IDENTITY.where(_CI.c.user_id.in_(bindparam("b_user_ids", expanding=True)))


def prune_processed_events(session: Session, now: datetime) -> int:
    """Forget handled-event ids older than PROCESSED_EVENT_KEEP; returns how many."""
    result = session.execute(
        delete(ProcessedEventRow).where(col(ProcessedEventRow.at) < now - PROCESSED_EVENT_KEEP)
    )
    return int(getattr(result, "rowcount", 0) or 0)


class IdentityQueries(SessionQueries):
    """People and their chat accounts: find, link, invite, redeem."""

    def mark_processed(
        self, platform: Platform, event_id: str, *, bot: str, fingerprint: str, at: datetime
    ) -> bool:
        key = (platform.value, bot[:64], event_id[:128])
        # Insert first: a new event (nearly every one) costs one statement, and a concurrent
        # worker inserting the same id first makes this one a redelivery, not an error.
        dialect = self.s.get_bind().dialect.name
        insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
        inserted = self.s.execute(
            insert_for(_E)
            .values(platform=key[0], bot=key[1], event_id=key[2], fingerprint=fingerprint, at=at)
            .on_conflict_do_nothing(index_elements=["platform", "bot", "event_id"])
            .returning(_E.c.event_id)
        ).first()
        if inserted is not None:
            return True
        same = (_E.c.platform == key[0]) & (_E.c.bot == key[1]) & (_E.c.event_id == key[2])
        known = self.s.execute(core_select(_E.c.fingerprint).where(same)).scalar_one_or_none()
        if known is None or known == fingerprint:
            return False  # the same event (or one a concurrent worker has just handled)
        # The same id with other content is not a redelivery (the platform reused its
        # numbering): handle it, and remember this event under the id instead.
        log.info("event id reused with new content: platform=%s event=%s", key[0], key[2])
        self.s.execute(update(_E).where(same).values(fingerprint=fingerprint, at=at))
        return True

    def find_identity(self, platform: Platform, workspace: str, user_id: str) -> Identity | None:
        query = _IDENTITY.where(_CI.c.workspace == workspace, _CI.c.user_id == user_id)
        row = self.s.execute(query, {"b_platform": platform.value}).first()
        if row is None:
            return None
        return Identity(person_of(row), row.locale_chosen, bool(row.on_board))

    def find_identities(
        self, platform: Platform, accounts: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], Identity]:
        wanted = set(accounts)
        if not wanted:
            return {}
        params = {"b_platform": platform.value, "b_user_ids": sorted({u for _w, u in wanted})}
        found: dict[tuple[str, str], Identity] = {}
        for row in self.s.execute(_IDENTITIES, params):
            account = (row.ci_workspace, row.ci_user_id)
            if account in wanted:
                found[account] = Identity(person_of(row), row.locale_chosen, bool(row.on_board))
        return found

    def mark_new_events(
        self, platform: Platform, events: Sequence[NewEvent], at: datetime
    ) -> set[str]:
        rows = [
            {
                "platform": platform.value,
                "bot": event.bot[:64],
                "event_id": event.event_id[:128],
                "fingerprint": event.fingerprint,
                "at": at,
            }
            for event in events
        ]
        if not rows:
            return set()
        statement = _NEW_EVENTS[self.s.get_bind().dialect.name == "postgresql"]
        marked = {(row.bot, row.event_id) for row in self.s.execute(statement, rows)}
        return {e.event_id for e in events if (e.bot[:64], e.event_id[:128]) in marked}

    def person(self, person_id: int) -> Person:
        return load_person(self.s, person_id)

    def set_locale(self, person_id: int, locale: str, chosen: bool) -> None:
        row = self.s.get(PersonRow, person_id)
        if row is None:
            raise NotFoundError(f"person {person_id}")
        row.locale = locale
        row.locale_chosen = row.locale_chosen or chosen
        self.s.add(row)

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
