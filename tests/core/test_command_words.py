"""One folding of command words for every platform and layer: a word a steward types must
mean the same command whether it came through Slack, Telegram or the handlers' own reading."""

from __future__ import annotations

import pytest

from bot.transports.slack import ascii_word
from bot.transports.telegram_translate import fold_command
from handlers.away import AWAY_WORDS, BACK_WORDS, fold
from handlers.parsing import command_word

# (typed, folded): written out by hand, not derived from the code.
WORDS = [
    ("Fravær", "fravaer"),
    ("/FRÅVÆR", "fravaer"),
    ("Språk", "sprak"),
    ("HJÄLP", "hjalp"),
    ("hjelp", "hjelp"),
    ("Tilbake", "tilbake"),
    ("Sjølv", "sjolv"),
    ("Straße", "strasse"),
    ("rap-port", "rapport"),
    ("mina_svar", "mina_svar"),
]


@pytest.mark.parametrize(("typed", "folded"), WORDS)
def test_every_platform_folds_a_word_alike(typed: str, folded: str) -> None:
    assert ascii_word(typed) == folded
    assert fold_command(typed) == folded
    assert fold(typed) == folded


@pytest.mark.parametrize("typed", ["fravær", "Fravær", "/fravær", "FRAVÆR"])
def test_absence_in_norwegian_is_understood_from_every_platform(typed: str) -> None:
    # Slack used to drop the æ ("fravr") where Telegram wrote "ae": both now reach one word.
    assert ascii_word(typed) in AWAY_WORDS
    assert fold_command(typed) in AWAY_WORDS
    assert fold(typed) in AWAY_WORDS
    assert "tilbake" in BACK_WORDS


@pytest.mark.parametrize(
    ("typed", "command"),
    [("Hjälp!", "hjalp"), ("/språk", "sprak"), ("Planen", "plan"), ("plan en", None), ("x", None)],
)
def test_a_typed_command_word(typed: str, command: str | None) -> None:
    assert command_word(typed) == command
