"""Command words that more than one layer must recognise, in every spelling people use."""

from __future__ import annotations

# Linking one's own chat account with an invite code (`/start CODE` on Telegram).
JOIN_WORDS = frozenset({"start", "join", "registrera", "registrer", "registrere"})
# Linking a group or channel to a board: the handlers run it, and Slack checks first that
# Ombud is a member of the channel, so both read this one list.
LINK_WORDS = frozenset({"koppla", "kopla", "koble", "kople", "link"})
