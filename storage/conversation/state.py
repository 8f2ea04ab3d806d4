"""The conversation row: which question a person is answering, kept across restarts."""

from __future__ import annotations

from datetime import datetime

from bot.core.conversation import (
    ConversationState,
)
from bot.core.model import (
    Platform,
)
from storage.conversation.rows import SessionQueries
from storage.tables import (
    ConversationRow,
)


class ConversationStateQueries(SessionQueries):
    """Get, save and clear the one conversation state a person has."""

    def get_conversation(self, person_id: int) -> ConversationState | None:
        row = self.s.get(ConversationRow, person_id)
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
        row = self.s.get(ConversationRow, state.person_id) or ConversationRow(
            person_id=state.person_id, step=state.step
        )
        row.checkin_id = state.checkin_id
        row.answer_id = state.answer_id
        row.step = state.step
        row.pending = list(state.pending)
        row.platform = state.platform.value if state.platform else None
        row.updated_at = at
        self.s.add(row)

    def clear_conversation(self, person_id: int) -> None:
        row = self.s.get(ConversationRow, person_id)
        if row is not None:
            self.s.delete(row)
