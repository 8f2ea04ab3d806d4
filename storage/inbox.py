"""The inbox of updates received and not yet handled (table `inbound_update`).

A receipt is one multi-row insert that skips ids already there, in one transaction for
every update that arrived together; handled updates go in one delete.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from bot.core.model import Platform
from bot.core.ports import Receipt
from storage.conversation.rows import table_of
from storage.engine import Database
from storage.tables import InboundUpdateRow

_U = table_of(InboundUpdateRow)
MAX_BOT = 64
MAX_ID = 128
# A receipt is handled within seconds, or at the next start of the bot that received it. One
# still here after this long belongs to a bot that no longer runs: it holds a message's text,
# so it goes (no platform redelivers an update this old either).
RECEIPT_KEEP = timedelta(days=14)


def prune_stale_receipts(session: Session, now: datetime) -> int:
    """Drop receipts older than RECEIPT_KEEP; returns how many."""
    result = session.execute(delete(_U).where(_U.c.received_at < now - RECEIPT_KEEP))
    return int(getattr(result, "rowcount", 0) or 0)


class SqlUpdateInbox:
    """`bot.core.ports.UpdateInbox` on the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.one_writer = db.is_sqlite
        insert = postgresql.insert if db.is_postgres else sqlite.insert
        # Built once and run with a list of rows: SQLAlchemy then renders the multi-row
        # insert from the one compiled statement ("insertmanyvalues"), where `.values(rows)`
        # compiled a new statement of five parameters per row for every receipt.
        self._receive = (
            insert(_U)
            .on_conflict_do_nothing(index_elements=["platform", "bot", "update_id"])
            .returning(_U.c.update_id)
        )

    async def receive(
        self, platform: Platform, bot: str, receipts: Sequence[Receipt], at: datetime
    ) -> set[str]:
        if not receipts:
            return set()
        rows = [
            {
                "platform": platform.value,
                "bot": bot[:MAX_BOT],
                "update_id": receipt.update_id[:MAX_ID],
                "payload": receipt.payload,
                "received_at": at,
            }
            for receipt in receipts
        ]
        statement = self._receive

        def write(session: Session) -> set[str]:
            return {str(found) for found in session.execute(statement, rows).scalars()}

        return await self.db.run(write)

    async def pending(self, platform: Platform, bot: str) -> list[Receipt]:
        query = (
            select(_U.c.update_id, _U.c.payload)
            .where(_U.c.platform == platform.value, _U.c.bot == bot[:MAX_BOT])
            .order_by(_U.c.id)
        )

        def read(session: Session) -> list[Receipt]:
            return [Receipt(row.update_id, row.payload) for row in session.execute(query)]

        return await self.db.run(read, read_only=True)

    async def done(self, platform: Platform, bot: str, update_ids: Sequence[str]) -> None:
        if not update_ids:
            return
        statement = delete(_U).where(
            _U.c.platform == platform.value,
            _U.c.bot == bot[:MAX_BOT],
            _U.c.update_id.in_([update_id[:MAX_ID] for update_id in update_ids]),
        )

        def write(session: Session) -> None:
            session.execute(statement)

        await self.db.run(write)
