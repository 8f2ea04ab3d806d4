"""Reading what people type: counts, skip words, yes/no, dates and command words."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.messages import HomeOpened, Unsupported
from handlers.parsing import (
    MAX_COUNT,
    ParseError,
    command_word,
    is_skip,
    parse_count,
    parse_date,
    parse_yes_no,
)
from handlers.router import Router
from tests.handlers.conftest import Chat, World, telegram_sender

TODAY = date(2025, 3, 3)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("12", 12),
        (" 12 ", 12),
        ("1 000", 1000),
        ("1\u00a0000", 1000),
        ("1000000", 1_000_000),
    ],
)
def test_counts_that_are_accepted(text: str, value: int) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "fem",
        "-3",
        "+3",
        "1e9",
        "12.5",
        "12,5",
        "",
        " ",
        "١٢",
        "12 st",
        "1 00",
        "0x10",
        "1" * 100_000,
    ],
)
def test_counts_that_are_refused(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_count(text)
    assert caught.value.reason == "not_a_number"


def test_counts_above_the_maximum() -> None:
    with pytest.raises(ParseError) as caught:
        parse_count(str(MAX_COUNT + 1))
    assert caught.value.reason == "too_large"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-15", date(2025, 3, 15)),
        ("15.3", date(2025, 3, 15)),
        ("15.3.", date(2025, 3, 15)),
        ("15/3/2026", date(2026, 3, 15)),
        ("15.3.26", date(2026, 3, 15)),
        ("15 mars", date(2025, 3, 15)),
        ("15. mars 2025", date(2025, 3, 15)),
        ("1 februar", date(2026, 2, 1)),  # already past this year: next year
        ("3 desember", date(2025, 12, 3)),
        ("March 15th", date(2025, 3, 15)),
        ("15 Maj", date(2025, 5, 15)),
        ("29.2", date(2028, 2, 29)),
        ("3.3", TODAY),
    ],
)
def test_dates_people_write(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.2.2025", "impossible_date"),
        ("2025-02-30", "impossible_date"),
        ("32.1", "impossible_date"),
        ("15.13", "impossible_date"),
        ("nästa vecka", "not_a_date"),
        ("15 smurf", "not_a_date"),
        ("", "not_a_date"),
        ("1" * 100_000, "not_a_date"),
    ],
)
def test_dates_that_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_date(text, TODAY)
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    "text", ["hoppa över", "Hoppa Över!", "hopp over", "skip", "-", "—", "pass"]
)
def test_skip_words(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize("text", ["hoppa inte", "nej", "12", "skipper"])
def test_not_skip_words(text: str) -> None:
    assert not is_skip(text)


def test_yes_and_no() -> None:
    assert [parse_yes_no(w) for w in ("Ja", "jo!", "yes", "gjerne")] == [True] * 4
    assert [parse_yes_no(w) for w in ("Nej", "nei.", "no")] == [False] * 3
    assert parse_yes_no("kanske") is None


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("hjälp", "hjalp"),
        ("Hjelp", "hjelp"),
        ("/språk", "sprak"),
        ("Plan", "plan"),
        ("rapport", "rapport"),
    ],
)
def test_command_words(text: str, command: str) -> None:
    assert command_word(text) == command


def test_ordinary_text_is_not_a_command() -> None:
    assert command_word("planen var bra") is None
    assert command_word("") is None


async def test_stickers_and_photos_get_a_short_answer(chat: Chat) -> None:
    await chat.send(Unsupported(chat.sender, "sticker", "st-1"))
    assert chat.bot_said("bara läsa text")


async def test_home_of_an_unknown_account(router: Router, world: World) -> None:
    stranger = Chat(router, telegram_sender("4242", language_code="en-GB"))
    await stranger.send(HomeOpened(stranger.sender, "home-1"))
    assert stranger.bot_said("ask your board or administrator for an invite")
