"""SqlConversationTx (the ConversationTx port on a session) and SqlConversationStore."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from bot.core.conversation import (
    ConversationTx,
)
from storage.away import AwayQueries
from storage.conversation.checkins import CheckinQueries
from storage.conversation.identities import IdentityQueries
from storage.conversation.items import ItemQueries
from storage.conversation.state import ConversationStateQueries
from storage.engine import Database

T = TypeVar("T")


class SqlConversationTx(
    IdentityQueries, CheckinQueries, ItemQueries, ConversationStateQueries, AwayQueries
):
    """ConversationTx on a session; every method works inside the caller's transaction."""


class SqlConversationStore:
    """ConversationStore on a Database: one transaction per call, on a worker thread."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def run(self, fn: Callable[[ConversationTx], T]) -> T:
        return await self.db.run(lambda session: fn(SqlConversationTx(session)))

    def run_sync(self, fn: Callable[[ConversationTx], T]) -> T:
        return self.db.run_sync(lambda session: fn(SqlConversationTx(session)))
