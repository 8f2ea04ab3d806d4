"""Conversations from the command line: the store the router works on, console links, invites."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from bot.core.conversation import ChatAccount
from bot.core.model import Platform

if TYPE_CHECKING:
    from bot.core.conversation import ConversationStore, ConversationTx
    from bot.core.model import Person
    from storage.engine import Database

T = TypeVar("T")


def conversation_store(db: Database) -> ConversationStore:
    """The store the router and the onboarding handlers run their transactions on."""
    from storage.conversation import SqlConversationStore

    return SqlConversationStore(db)


def _run(db: Database, work: Callable[[ConversationTx], T]) -> T:
    from storage.conversation import SqlConversationStore

    return SqlConversationStore(db).run_sync(work)


def link_console(db: Database, person_key: str, at: datetime) -> Person:
    """The person, with a console account linked to them; NotFoundError for an unknown key."""
    account = ChatAccount(Platform.CONSOLE, "", person_key, person_key)
    return _run(db, lambda tx: tx.ensure_identity(person_key, account, at))


def create_invite(
    db: Database, key: str, platform: Platform, now: datetime, *, days: int, board: bool
) -> str:
    """A single-use code for a person (or, with `board`, a board); NotFoundError if none."""
    from handlers.onboarding import create_board_invite, create_person_invite

    make = create_board_invite if board else create_person_invite
    return _run(db, lambda tx: make(tx, key, platform, now, days))
