"""The conversation row: which question a person is answering, kept across restarts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.conversation import (
    ConversationState,
)
from bot.core.model import (
    Platform,
)
from storage.conversation.rows import SessionQueries, table_of
from storage.tables import (
    ConversationRow,
)

# As Core: a tap reads and writes this row once each, with no ORM row in between.
_T = table_of(ConversationRow)


class ConversationStateQueries(SessionQueries):
    """Get, save and clear the one conversation state a person has."""

    def get_conversation(self, person_id: int) -> ConversationState | None:
        row = self.s.execute(select(_T).where(_T.c.person_id == person_id)).first()
        if row is None or row.checkin_id is None:
            return None
        return ConversationState(
            person_id=person_id,
            checkin_id=row.checkin_id,
            answer_id=row.answer_id,
            step=row.step,
            pending=tuple(row.pending),
            platform=Platform(row.platform) if row.platform else None,
        )

    def save_conversation(self, state: ConversationState, at: datetime) -> None:
        """Insert or replace the person's row, in one statement."""
        values = {
            "checkin_id": state.checkin_id,
            "answer_id": state.answer_id,
            "step": state.step,
            "pending": list(state.pending),
            "platform": state.platform.value if state.platform else None,
            "updated_at": at,
        }
        dialect = self.s.get_bind().dialect.name
        insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert_for(_T).values(person_id=state.person_id, **values)
        self.s.execute(stmt.on_conflict_do_update(index_elements=["person_id"], set_=values))

    def clear_conversation(self, person_id: int) -> None:
        self.s.execute(delete(_T).where(_T.c.person_id == person_id))
