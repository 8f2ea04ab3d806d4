"""Compact button tokens: at most 64 ASCII bytes (Telegram's callback_data limit).

A token says *what* was tapped; whether the tapper may do it is checked by the handler
against the database (a check-in belongs to exactly one person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.errors import OmbudError
from bot.core.i18n import SUPPORTED_LOCALES
from bot.core.model import Choice

MAX_TOKEN_BYTES = 64
_CHOICE_CODES = {Choice.YES: "y", Choice.NO: "n", Choice.LATER: "l", Choice.NOT_RELEVANT: "x"}
_CODE_CHOICES = {code: choice for choice, code in _CHOICE_CODES.items()}
_SHAPE = re.compile(r"^[a-z]{1,2}(:[a-z0-9_]{1,16}){1,3}$")


class InvalidToken(OmbudError):
    """A token that does not decode: forged, truncated or from an older version."""


@dataclass(frozen=True)
class ChoiceToken:
    """A tap on Yes / No / Later / Not relevant under a reminder."""

    checkin_id: int
    choice: Choice


@dataclass(frozen=True)
class ReportToken:
    """A tap in /rapport: report on this item now, on one chosen occurrence if given."""

    plan_item_id: int
    checkin_id: int | None = None


@dataclass(frozen=True)
class SkipToken:
    """A tap on "Skip" under a follow-up question of this check-in."""

    checkin_id: int


@dataclass(frozen=True)
class StepToken:
    """A tap on Yes or No under a yes-or-no question of this check-in's report."""

    checkin_id: int
    yes: bool


@dataclass(frozen=True)
class LanguageToken:
    locale: str


@dataclass(frozen=True)
class FormToken:
    """The callback id of a report form (a Slack modal) for one check-in, and the answer
    (Yes or No) whose questions it asks; None in a form opened before forms said it."""

    checkin_id: int
    choice: Choice | None = None


Token = ChoiceToken | ReportToken | SkipToken | StepToken | LanguageToken | FormToken


def _b36(number: int) -> str:
    if number < 0:
        raise ValueError("ids are positive")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


def _id(text: str) -> int:
    if not re.fullmatch(r"[0-9a-z]{1,12}", text):
        raise InvalidToken("bad id")
    value = int(text, 36)
    if value <= 0:
        raise InvalidToken("bad id")
    return value


def encode(token: Token) -> str:
    match token:
        case ChoiceToken(checkin_id, choice):
            text = f"c:{_b36(checkin_id)}:{_CHOICE_CODES[choice]}"
        case ReportToken(plan_item_id, checkin_id):
            text = f"r:{_b36(plan_item_id)}"
            if checkin_id is not None:
                text += f":{_b36(checkin_id)}"
        case SkipToken(checkin_id):
            text = f"s:{_b36(checkin_id)}"
        case StepToken(checkin_id, yes):
            text = f"q:{_b36(checkin_id)}:{'y' if yes else 'n'}"
        case LanguageToken(locale):
            text = f"l:{locale}"
        case FormToken(checkin_id, choice):
            text = f"f:{_b36(checkin_id)}"
            if choice is not None:
                text += f":{_CHOICE_CODES[choice]}"
    assert len(text.encode()) <= MAX_TOKEN_BYTES
    return text


def decode(text: str) -> Token:
    """Decode a token from a platform; anything unexpected raises InvalidToken."""
    if len(text) > MAX_TOKEN_BYTES or not _SHAPE.match(text):
        raise InvalidToken("malformed")
    kind, *parts = text.split(":")
    match kind, parts:
        case "c", [checkin, code] if code in _CODE_CHOICES:
            return ChoiceToken(_id(checkin), _CODE_CHOICES[code])
        case "r", [item]:
            return ReportToken(_id(item))
        case "r", [item, checkin]:
            return ReportToken(_id(item), _id(checkin))
        case "s", [checkin]:
            return SkipToken(_id(checkin))
        case "q", [checkin, code] if code in ("y", "n"):
            return StepToken(_id(checkin), code == "y")
        case "l", [locale] if locale in SUPPORTED_LOCALES:
            return LanguageToken(locale)
        case "f", [checkin]:
            return FormToken(_id(checkin))
        case "f", [checkin, code] if code in _CODE_CHOICES:
            return FormToken(_id(checkin), _CODE_CHOICES[code])
    raise InvalidToken("unknown kind")
