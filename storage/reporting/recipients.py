"""Where reports go: a board's linked chats and its members' direct messages."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session, col
from sqlmodel import select as select_rows

from bot.core.messages import ChatAddress
from bot.core.model import (
    Platform,
)
from bot.core.reporting import (
    BoardInfo,
    Recipient,
)
from storage.reporting.units import exec_columns
from storage.tables import (
    BoardDestinationRow,
    BoardMemberRow,
    ChatIdentityRow,
    PersonRow,
)


def person_recipients(session: Session, person_ids: Iterable[int]) -> list[Recipient]:
    """One reachable DM per person (the first linked identity), in the person's language."""
    stmt = (
        select(ChatIdentityRow, col(PersonRow.locale))
        .join(PersonRow, col(PersonRow.id) == col(ChatIdentityRow.person_id))
        .where(col(ChatIdentityRow.person_id).in_(list(person_ids)))
        .where(col(ChatIdentityRow.unreachable_at).is_(None), col(PersonRow.active).is_(True))
        .where(col(ChatIdentityRow.chat_id).is_not(None))
        .order_by(col(ChatIdentityRow.person_id), col(ChatIdentityRow.id))
    )
    out: dict[int, Recipient] = {}
    for identity, locale in exec_columns(session, stmt).all():
        if identity.person_id in out or identity.platform not in Platform.__members__.values():
            continue
        address = ChatAddress(
            Platform(identity.platform),
            identity.chat_id or "",
            identity.workspace,
            identity.user_id,
        )
        out[identity.person_id] = Recipient(address, locale, identity.person_id)
    return list(out.values())


def board_destinations(session: Session, board: BoardInfo) -> list[Recipient]:
    stmt = select_rows(BoardDestinationRow).where(col(BoardDestinationRow.board_id) == board.id)
    return [
        Recipient(ChatAddress(Platform(d.platform), d.chat_id, d.workspace), board.locale)
        for d in session.exec(stmt.order_by(col(BoardDestinationRow.id)))
        if d.platform in Platform.__members__.values()
    ]


def board_recipients(session: Session, board: BoardInfo) -> list[Recipient]:
    recipients = board_destinations(session, board)
    if board.digest_to_members:
        members = exec_columns(
            session,
            select(col(BoardMemberRow.person_id)).where(col(BoardMemberRow.board_id) == board.id),
        ).all()
        recipients += person_recipients(session, [pid for (pid,) in members])
    return recipients
