"""The conversation's storage: ConversationTx on one SQLModel session, and its store.

SqlConversationTx is put together from one part per concern: identities and invites,
check-ins and answers, reportable items, and the conversation state.
"""

from storage.conversation.store import SqlConversationStore, SqlConversationTx

__all__ = ["SqlConversationStore", "SqlConversationTx"]
