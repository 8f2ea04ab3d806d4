"""SqlLinkStore: roster people without a chat account, and the links the directory found."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, or_, select

from bot.core.conversation import ChatAccount
from bot.core.linking import LinkCandidate, UnopenedIdentity
from bot.core.model import HandleKind, Platform
from storage.conversation.identities import IdentityQueries
from storage.engine import Database
from storage.tables import ChatIdentityRow, PersonHandleRow, PersonRow


def link_candidates(session: Session, platform: Platform) -> list[LinkCandidate]:
    """Active people with a user id or e-mail handle on the platform (or an e-mail) and no
    account there yet."""
    linked = select(ChatIdentityRow.person_id).where(ChatIdentityRow.platform == platform.value)
    handles = _lookup_handles(session, platform)
    rows = session.exec(
        select(PersonRow)
        .where(col(PersonRow.active).is_(True), col(PersonRow.id).not_in(linked))
        .where(or_(col(PersonRow.id).in_(list(handles)), col(PersonRow.email).is_not(None)))
        .order_by(col(PersonRow.id))
    ).all()
    found = []
    for row in rows:
        if row.id is None:
            continue
        held = handles.get(row.id, {})
        email = held.get(HandleKind.EMAIL.value) or row.email or None
        found.append(LinkCandidate(row.id, held.get(HandleKind.USER_ID.value), email))
    return found


def _lookup_handles(session: Session, platform: Platform) -> dict[int, dict[str, str]]:
    """The user id and e-mail handles people hold on the platform, by person id and kind."""
    kinds = [HandleKind.USER_ID.value, HandleKind.EMAIL.value]
    rows = session.exec(
        select(PersonHandleRow)
        .where(col(PersonHandleRow.platform) == platform.value)
        .where(col(PersonHandleRow.kind).in_(kinds))
    )
    found: dict[int, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row.person_id, {})[row.kind] = row.value
    return found


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
