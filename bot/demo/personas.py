"""How the demo's scripted people answer: what they tap and what they type, step by step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.model import Choice

# What a person types at a step: one text, or several taken in turn, one per report they give,
# so that a year of reports does not quote the same sentence again and again.
Reply = str | tuple[str, ...]


@dataclass(frozen=True)
class Persona:
    """One way of answering. `replies` maps a conversation step to what the person types."""

    choice: Choice | None  # None: stays silent
    replies: Mapping[str, Reply]
    first_choice: Choice | None = None  # e.g. "later" the first time, then `choice`


_YES_SV: dict[str, Reply] = {
    "metric": "12",
    "comment": (
        "Bra uppslutning, flera nya ansikten.",
        "Färre än vi hoppats, men de som kom var engagerade.",
        "Vi bjöd på fika och fick många frågor om avtalet.",
    ),
}
_NO_SV: dict[str, Reply] = {
    "blocker": "Chefen flyttade vårt möte två gånger, vi hann inte.",
    "help": "ja",
    "new_date": "hoppa över",
}
_YES_NB: dict[str, Reply] = {
    "metric": "9",
    "comment": (
        "God stemning, flere ville bli med neste gang.",
        "Færre enn vi håpet, men gode samtaler.",
        "Mange spørsmål om lønnsoppgjøret.",
    ),
}
_NO_NB: dict[str, Reply] = {
    "blocker": "Vi manglet lokale denne gangen.",
    "help": "nei",
    "new_date": "hopp over",
}
_YES_NN: dict[str, Reply] = {
    "metric": "4",
    "comment": (
        "Det gjekk fint, men vi treng fleire tillitsvalde.",
        "Godt oppmøte, og to ville bli medlemer.",
        "Roleg denne gongen, men nyttige samtalar.",
    ),
}

PERSONAS: Mapping[str, Persona] = {
    # Swedish section
    "johan": Persona(Choice.YES, _YES_SV),
    "sara": Persona(Choice.NO, _NO_SV),
    "lisa": Persona(Choice.YES, {**_YES_SV, "metric": "3"}, first_choice=Choice.LATER),
    "amira": Persona(Choice.YES, {"metric": "25", "comment": "hoppa över"}),
    "karin": Persona(Choice.YES, {"metric": "40", "comment": "hoppa över"}),
    "olof": Persona(Choice.YES, {"metric": "18", "comment": "hoppa över"}),
    "ingrid": Persona(Choice.YES, _YES_NN),
    "petter": Persona(None, {}),
    # Norwegian branch
    "nora": Persona(Choice.YES, _YES_NB),
    "ahmed": Persona(Choice.NO, _NO_NB),
    "magnus": Persona(Choice.YES, _YES_NN, first_choice=Choice.LATER),
    "hilde": Persona(Choice.YES, {"metric": "15", "comment": "hopp over"}),
    "tor": Persona(Choice.NOT_RELEVANT, {}),
    "siri": Persona(Choice.YES, {**_YES_NN, "metric": "6"}),
    "line": Persona(None, {}),
    "erik": Persona(Choice.YES, {"metric": "2", "comment": "hoppa över"}),
}

# Whose conversations are printed in full; the others answer the same way, quietly.
FEATURED: tuple[str, ...] = ("johan", "sara", "lisa", "petter", "nora", "ahmed", "magnus")


def reply_for(persona: Persona, step: str, reports_given: int = 0) -> str | None:
    """What the person types at `step` in their report number `reports_given` (from 0)."""
    key = "metric" if step.startswith("metric:") else step
    reply = persona.replies.get(key)
    if isinstance(reply, tuple):
        return reply[reports_given % len(reply)]
    return reply
