"""Command words per language, roles in `people list`, and the console's own line."""

from __future__ import annotations

import io

import pytest

from bot.core.i18n import Translator
from bot.core.messages import MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.transports.console import ConsoleTransport
from handlers.commands import JOIN_WORD, LINK_WORD, canonical


@pytest.mark.parametrize(
    ("locale", "link", "join"),
    [
        ("sv", "koppla", "registrera"),
        ("nb", "koble", "registrer"),
        ("nn", "kople", "registrer"),
        ("en", "link", "join"),
    ],
)
def test_each_language_is_told_its_own_command_word(locale: str, link: str, join: str) -> None:
    tr = Translator(locale)
    assert tr.gettext(LINK_WORD) == link
    assert tr.gettext(JOIN_WORD) == join
    assert canonical(link) == "link"
    assert canonical(join) == "start"


@pytest.mark.parametrize("word", ["koppla", "koble", "kople", "kopla", "link"])
def test_every_spelling_of_link_is_accepted(word: str) -> None:
    assert canonical(word) == "link"


def test_join_stays_an_alias() -> None:
    assert canonical("join") == "start"


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("sv", "(meddelande 1 lyder nu:)"),
        ("nb", "(melding 1 lyder nå:)"),
        ("nn", "(melding 1 lyder no:)"),
        (None, "(message 1 now reads:)"),
    ],
)
async def test_an_edited_message_is_announced_in_the_persons_language(
    locale: str | None, line: str
) -> None:
    out = io.StringIO()
    console = ConsoleTransport("anna", out, language_code=locale)
    ref = await console.send(console.address(), OutgoingMessage("Hej"))
    await console.edit(ref, OutgoingMessage("Hej igen"))
    assert line in out.getvalue()
    assert isinstance(ref, MessageRef)
    assert ref.platform is Platform.CONSOLE
