"""Reading what the bot wrote: the shipped catalogues turned into patterns, and chat text.

The scenario reads the bot's messages the way a person does, by their words. The words
come from the .po files (the translators' text), never from the code that composes them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from babel.dates import get_month_names
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[2] / "locales"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_TAG = re.compile(r"<[^>]+>")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\.? ([a-zåäöæø]+)", re.IGNORECASE)


@cache
def catalogue(lang: str) -> dict[str, str | tuple[str, ...]]:
    with (LOCALES / lang / "LC_MESSAGES" / "ombud.po").open("rb") as fh:
        po = read_po(fh, locale=lang)
    found: dict[str, str | tuple[str, ...]] = {}
    for message in po:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key and message.string:
            found[str(key)] = (
                message.string if isinstance(message.string, str) else tuple(message.string)
            )
    return found


def words(lang: str, msgid: str) -> tuple[str, ...]:
    """Every translation of msgid (all plural forms), English included."""
    text = catalogue(lang).get(msgid, msgid)
    return (text,) if isinstance(text, str) else text


def matches(lang: str, msgid: str, text: str) -> bool:
    return any(_search(lang, msgid, text))


def _search(lang: str, msgid: str, text: str) -> list[re.Match[str]]:
    found = []
    for t in {*words(lang, msgid), msgid}:
        regex = _literal_regex(t)
        hit = regex.search(text)
        if hit:
            found.append(hit)
    return found


@cache
def _literal_regex(text: str) -> re.Pattern[str]:
    pieces = _PLACEHOLDER.split(text)
    # split gives text, name, text, name, ...: every other piece is a placeholder name
    regex = "".join(re.escape(p) if i % 2 == 0 else r"(.+?)" for i, p in enumerate(pieces))
    return re.compile(regex, re.DOTALL)


def dates_in(lang: str, text: str, year: int) -> list[date]:
    """Every '23 april' / '23. april' in text, read with the language's month names (CLDR)."""
    months = {name: number for number, name in get_month_names("wide", locale=lang).items()}
    found = []
    for day, name in _DAY_MONTH.findall(text):
        if name.lower() in months:
            found.append(date(year, months[name.lower()], int(day)))
    return found


def plain(text: str) -> str:
    """Platform markup (Telegram HTML, Slack mrkdwn) down to the words a person reads."""
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return text.replace("*", "")


@dataclass
class Bubble:
    """One message as a person sees it: its words and its buttons (label, token)."""

    text: str
    buttons: list[tuple[str, str]] = field(default_factory=list)
    chat_ref: str = ""  # the platform's id of the message, to tap its buttons later

    def tokens(self) -> list[str]:
        return [token for _label, token in self.buttons]
