"""How the demo's scripted people answer: what they tap and what they type, step by step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.model import Choice


@dataclass(frozen=True)
class Persona:
    """One way of answering. `replies` maps a conversation step to what the person types."""

    choice: Choice | None  # None: stays silent
    replies: Mapping[str, str]
    first_choice: Choice | None = None  # e.g. "later" the first time, then `choice`


_YES_SV = {"metric": "12", "comment": "Bra uppslutning, vi tar det igen i höst."}
_NO_SV = {
    "blocker": "Chefen flyttade vårt möte två gånger, vi hann inte.",
    "help": "ja",
    "new_date": "hoppa över",
}
_YES_NB = {"metric": "9", "comment": "God stemning, flere ville bli med neste gang."}
_NO_NB = {"blocker": "Vi manglet lokale denne gangen.", "help": "nei", "new_date": "hopp over"}
_YES_NN = {"metric": "4", "comment": "Det gjekk fint, men vi treng fleire tillitsvalde."}

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


def reply_for(persona: Persona, step: str) -> str | None:
    key = "metric" if step.startswith("metric:") else step
    return persona.replies.get(key)
