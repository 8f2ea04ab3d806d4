"""Every command the help text names, in every language, is one the bot understands."""

from __future__ import annotations

import re

import pytest

from bot.core.command_words import fold_word
from bot.core.i18n import Translator
from handlers.away import AWAY_WORDS, BACK_WORDS, fold
from handlers.away import _usage as away_usage
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


# A tap on a command in a Telegram message sends only its ASCII letters, digits and
# underscores ("/fravær" would send "/frav"), and every platform folds what is typed to
# them: the help writes each command as that folded word, as the command menus do.
TAPPABLE = re.compile(r"[a-z0-9_]+")


@pytest.mark.parametrize("locale", ["sv", "nb", "nn", "en"])
def test_each_command_the_help_and_the_away_usage_name_is_written_as_typed(locale: str) -> None:
    tr = Translator(locale)
    for text in (help_message(tr, "/").text, away_usage(tr, "/")):
        for word in re.findall(r"/(\w+)", text):
            assert TAPPABLE.fullmatch(word), f"{locale}: /{word} is not a command word as typed"
            assert fold_word(word) == word, f"{locale}: /{word} folds to /{fold_word(word)}"
            understood = command_word(word) is not None or word in AWAY_WORDS | BACK_WORDS
            assert understood, f"{locale}: /{word} is not a command the bot takes"
