"""/sprak with a language named after it, and a number typed beyond a menu's."""

from __future__ import annotations

import pytest

from bot.core.messages import Reply, TextReceived, Toast
from bot.core.model import Choice
from tests.fakes.conversation import FakeConversationStore
from tests.handlers.conftest import Chat, World

# The confirmation each language gives, as its catalogue says it.
CONFIRMED = {
    "sv": "Från och med nu skriver jag på svenska.",
    "nb": "Fra nå av skriver jeg på bokmål.",
    "nn": "Frå no av skriv eg på nynorsk.",
    "en": "From now on I will write in English.",
}
QUESTION = {
    "sv": "Vilket språk ska jag skriva på?",
    "nb": "Hvilket språk skal jeg skrive på?",
    "nn": "Kva språk skal eg skrive på?",
    "en": "Which language should I write in?",
}
MENU = ["Svenska", "Norsk bokmål", "Norsk nynorsk", "English"]


def said(chat: Chat) -> list[str]:
    """The text of each effect of the last event: a toast's, a reply's message text."""
    texts = []
    for effect in chat.effects:
        assert isinstance(effect, Toast | Reply), effect
        texts.append(effect.text if isinstance(effect, Toast) else effect.message.text)
    return texts


def speaks(store: FakeConversationStore, world: World, locale: str) -> None:
    store.tables.people[world.steward_id].locale = locale


def locale_of(store: FakeConversationStore, world: World) -> tuple[str, bool]:
    person = store.tables.people[world.steward_id]
    return person.locale, person.locale_chosen


@pytest.mark.parametrize(
    ("speaking", "command", "argument", "chosen"),
    [
        ("sv", "sprak", "nb", "nb"),
        ("sv", "sprak", "Norsk bokmål", "nb"),
        ("sv", "sprak", "nynorska", "nn"),
        ("sv", "sprak", "engelska", "en"),
        ("nb", "sprak", "bokmål", "nb"),
        ("nb", "sprak", "nynorsk", "nn"),
        ("nb", "sprak", "svensk", "sv"),
        ("nb", "sprak", "NN", "nn"),
        ("nn", "sprak", "svenska", "sv"),
        ("nn", "sprak", "Norsk Nynorsk", "nn"),
        ("nn", "sprak", "engelsk.", "en"),
        ("nn", "sprak", "nb-NO", "nb"),
        ("en", "language", "en", "en"),
        ("en", "language", "English", "en"),
        ("en", "language", "Norwegian Bokmål", "nb"),
        ("en", "language", "Swedish", "sv"),
    ],
)
async def test_a_language_named_after_the_command_is_chosen_at_once(
    chat: Chat,
    world: World,
    fake_store: FakeConversationStore,
    *,
    speaking: str,
    command: str,
    argument: str,
    chosen: str,
) -> None:
    speaks(fake_store, world, speaking)
    effects = await chat.steward_commands(command, argument)
    assert [type(e) for e in effects] == [Reply]  # no menu, no toast: nothing was tapped
    assert said(chat) == [CONFIRMED[chosen]]
    assert chat.buttons == ()
    assert locale_of(fake_store, world) == (chosen, True)


# What an unknown name gets: a line on what exists, in the person's language, over the menu.
UNKNOWN = {
    "sv": "Jag kan inte skriva på ”klingon”; jag skriver på Svenska (sv), Norsk bokmål (nb), "
    "Norsk nynorsk (nn) och English (en).",
    "nb": "Jeg kan ikke skrive på «klingon»; jeg skriver på Svenska (sv), Norsk bokmål (nb), "
    "Norsk nynorsk (nn) og English (en).",
    "nn": "Eg kan ikkje skrive på «klingon»; eg skriv på Svenska (sv), Norsk bokmål (nb), "
    "Norsk nynorsk (nn) og English (en).",
    "en": "I cannot write in “klingon”; I write in Svenska (sv), Norsk bokmål (nb), "
    "Norsk nynorsk (nn) and English (en).",
}


@pytest.mark.parametrize("speaking", ["sv", "nb", "nn", "en"])
async def test_an_unknown_language_says_which_exist_and_shows_the_menu(
    chat: Chat, world: World, fake_store: FakeConversationStore, speaking: str
) -> None:
    speaks(fake_store, world, speaking)
    await chat.steward_commands("sprak", "klingon")
    assert said(chat) == [UNKNOWN[speaking] + "\n" + QUESTION[speaking]]
    assert [b.label for b in chat.buttons] == MENU
    assert locale_of(fake_store, world) == (speaking, False)
    await chat.steward_taps("Norsk nynorsk")  # the menu still works
    assert locale_of(fake_store, world) == ("nn", True)


async def test_the_command_alone_still_shows_the_menu(chat: Chat) -> None:
    await chat.steward_commands("sprak")
    assert [b.label for b in chat.buttons] == MENU


async def test_a_tap_in_the_menu_is_acknowledged_and_confirmed(chat: Chat) -> None:
    # The toast stays for platforms where it is a pop-up (Telegram); the reply says it too.
    await chat.steward_commands("sprak")
    effects = await chat.steward_taps("English")
    assert [type(e) for e in effects] == [Toast, Reply]
    assert said(chat) == [CONFIRMED["en"], CONFIRMED["en"]]


OUTSIDE = {
    "sv": "Menyn har inget nummer 9: skriv ett nummer från 1 till 4.",
    "nb": "Menyen har ikke noe nummer 9: skriv et nummer fra 1 til 4.",
    "nn": "Menyen har ikkje noko nummer 9: skriv eit nummer frå 1 til 4.",
    "en": "The menu has no number 9: write a number from 1 to 4.",
}


@pytest.mark.parametrize("speaking", ["sv", "nb", "nn", "en"])
async def test_a_number_beyond_the_menu_says_which_numbers_it_has(
    chat: Chat, world: World, fake_store: FakeConversationStore, speaking: str
) -> None:
    speaks(fake_store, world, speaking)
    await chat.send(TextReceived(chat.sender, "9", chat.next_event_id(), numbered_buttons=4))
    # A tap that missed: a toast (a line in brackets in the terminal), so the menu stays.
    assert chat.effects == [Toast(OUTSIDE[speaking])]


async def test_a_number_with_a_one_button_menu(chat: Chat) -> None:
    await chat.send(TextReceived(chat.sender, " 3 ", chat.next_event_id(), numbered_buttons=1))
    assert said(chat) == ["Menyn har inget nummer 3: skriv 1 för att välja."]


async def test_a_number_where_numbers_tap_nothing_is_not_understood(chat: Chat) -> None:
    await chat.steward_says("9")
    assert chat.bot_said("Det förstod jag inte")


async def test_a_number_a_question_waits_for_answers_it_whatever_the_buttons(chat: Chat) -> None:
    await chat.steward_commands("rapport")
    await chat.steward_taps("8.2 Digitala träffar för ombud")
    await chat.steward_taps(Choice.YES)
    assert chat.bot_said("”Antal deltagare”: hur många?")
    await chat.send(TextReceived(chat.sender, "14", chat.next_event_id(), numbered_buttons=2))
    assert chat.bot_said("”Nya medlemmar”: hur många?")  # 14 answered the question
    assert not chat.bot_said("Menyn")
