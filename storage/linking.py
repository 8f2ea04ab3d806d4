"""SqlLinkStore: roster people without a chat account, and the links the directory found."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, or_, select

from bot.core.conversation import ChatAccount
from bot.core.linking import LinkCandidate, UnopenedIdentity
from bot.core.model import Platform
from storage.conversation.identities import IdentityQueries
from storage.engine import Database
from storage.tables import ChatIdentityRow, PersonRow


def link_candidates(session: Session, platform: Platform) -> list[LinkCandidate]:
    """Active people with a platform user id or an e-mail and no account on the platform."""
    linked = select(ChatIdentityRow.person_id).where(ChatIdentityRow.platform == platform.value)
    rows = session.exec(
        select(PersonRow)
        .where(col(PersonRow.active).is_(True), col(PersonRow.id).not_in(linked))
        .where(
            or_(
                col(PersonRow.slack_user_id).is_not(None),
                col(PersonRow.slack_email).is_not(None),
                col(PersonRow.email).is_not(None),
            )
        )
        .order_by(col(PersonRow.id))
    ).all()
    return [
        LinkCandidate(row.id, row.slack_user_id or None, row.slack_email or row.email or None)
        for row in rows
        if row.id is not None
    ]


def unopened_identities(session: Session, platform: Platform) -> list[UnopenedIdentity]:
    """Reachable accounts whose direct-message channel is not stored yet."""
    rows = session.exec(
        select(ChatIdentityRow)
        .where(ChatIdentityRow.platform == platform.value)
        .where(col(ChatIdentityRow.unreachable_at).is_(None))
        .where(
            or_(
                col(ChatIdentityRow.chat_id).is_(None),
                col(ChatIdentityRow.chat_id) == col(ChatIdentityRow.user_id),
            )
        )
        .order_by(col(ChatIdentityRow.id))
    ).all()
    return [UnopenedIdentity(row.id, row.user_id) for row in rows if row.id is not None]


def link_account(session: Session, person_id: int, account: ChatAccount, at: datetime) -> bool:
    taken = session.exec(
        select(ChatIdentityRow).where(
            ChatIdentityRow.platform == account.platform.value,
            ChatIdentityRow.workspace == account.workspace,
            ChatIdentityRow.user_id == account.user_id,
        )
    ).first()
    if taken is not None and taken.person_id != person_id:
        return False
    IdentityQueries(session).link_identity(person_id, account, at)
    return True


def store_chat(session: Session, identity_id: int, chat_id: str) -> None:
    row = session.get(ChatIdentityRow, identity_id)
    if row is not None:
        row.chat_id = chat_id
        session.add(row)


class SqlLinkStore:
    """LinkStore over a Database: each call is one transaction off the event loop."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def link_candidates(self, platform: Platform) -> list[LinkCandidate]:
        return await self.db.run(lambda s: link_candidates(s, platform))

    async def unopened_identities(self, platform: Platform) -> list[UnopenedIdentity]:
        return await self.db.run(lambda s: unopened_identities(s, platform))

    async def link_account(self, person_id: int, account: ChatAccount, at: datetime) -> bool:
        return await self.db.run(lambda s: link_account(s, person_id, account, at))

    async def store_chat(self, identity_id: int, chat_id: str) -> None:
        await self.db.run(lambda s: store_chat(s, identity_id, chat_id))
