"""Every command the help text names, in every language, is one the bot understands."""

from __future__ import annotations

import re

import pytest

from bot.core.i18n import Translator
from handlers.away import AWAY_WORDS, BACK_WORDS, fold
from handlers.commands import help_message
from handlers.parsing import command_word

COMMAND = re.compile(r"(?:^|; )/([^\s:]+)", re.MULTILINE)


@pytest.mark.parametrize("locale", ["sv", "nb", "nn", "en"])
def test_each_command_in_the_help_is_understood(locale: str) -> None:
    text = help_message(Translator(locale), "/").text
    named = COMMAND.findall(text)
    # plan, report, language, away, back and help: six commands, each with its own word.
    assert len(named) == 6, text
    for word in named:
        understood = command_word(word) is not None or fold(word) in AWAY_WORDS | BACK_WORDS
        assert understood, f"{locale}: the help names /{word}, which the bot does not take"


@pytest.mark.parametrize("locale", ["sv", "nb", "nn", "en"])
def test_the_help_names_the_away_command(locale: str) -> None:
    words = {fold(w) for w in COMMAND.findall(help_message(Translator(locale), "/").text)}
    assert words & AWAY_WORDS
    assert words & BACK_WORDS
