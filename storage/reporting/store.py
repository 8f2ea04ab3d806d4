"""SqlReportingStore: the ReportingStore port on a Database, one transaction per call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.core.reporting import (
    BoardInfo,
    DigestData,
    DigestWindow,
    IsoWeek,
    ItemSummaryData,
    Recipient,
    SummaryDue,
)
from storage.engine import Database
from storage.reporting.digest import claim_digest, digest_data, finish_digest
from storage.reporting.recipients import board_recipients
from storage.reporting.summaries import claim_summary, due_summaries, summary_data
from storage.reporting.units import get_board, list_boards


class SqlReportingStore:
    """The ReportingStore port on a Database: each call is one transaction off the loop."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def boards(self) -> Sequence[BoardInfo]:
        return await self.db.run(list_boards)

    async def board(self, key: str) -> BoardInfo:
        return await self.db.run(lambda s: get_board(s, key))

    async def digest_data(
        self, board: BoardInfo, week: IsoWeek, window: DigestWindow
    ) -> DigestData:
        return await self.db.run(lambda s: digest_data(s, board, week, window))

    async def claim_digest(self, board_id: int, week: IsoWeek, at: datetime) -> bool:
        try:
            await self.db.run(lambda s: claim_digest(s, board_id, week, at))
        except IntegrityError:
            return False
        return True

    async def finish_digest(self, board_id: int, week: IsoWeek, state: str, at: datetime) -> None:
        await self.db.run(lambda s: finish_digest(s, board_id, week, state, at))

    async def board_recipients(self, board: BoardInfo) -> Sequence[Recipient]:
        return await self.db.run(lambda s: board_recipients(s, board))

    async def due_summaries(self, now: datetime) -> Sequence[SummaryDue]:
        return await self.db.run(lambda s: due_summaries(s, now))

    async def claim_summary(self, due: SummaryDue, at: datetime) -> bool:
        try:
            await self.db.run(lambda s: claim_summary(s, due, at))
        except IntegrityError:
            return False
        return True

    async def summary_data(self, due: SummaryDue) -> ItemSummaryData:
        return await self.db.run(lambda s: summary_data(s, due))
