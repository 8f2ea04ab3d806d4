"""Command words that more than one layer must recognise, in every spelling people use."""

from __future__ import annotations

import unicodedata

# Letters that Unicode does not decompose into an ASCII letter and a mark.
_ASCII_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "œ": "oe"})


def fold_word(word: str) -> str:
    """'/Fråvær' -> 'fravaer', 'HJÄLP' -> 'hjalp': a command word as lower-case ASCII
    letters, digits and underscores, folded the same way on every platform and layer."""
    folded = unicodedata.normalize("NFKD", word.casefold().translate(_ASCII_LETTERS))
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == "_"))


# Linking one's own chat account with an invite code (`/start CODE` on Telegram).
JOIN_WORDS = frozenset({"start", "join", "registrera", "registrer", "registrere"})
# Linking a group or channel to a board: the handlers run it, and Slack checks first that
# Ombud is a member of the channel, so both read this one list.
LINK_WORDS = frozenset({"koppla", "kopla", "koble", "kople", "link"})
