"""Pure rendering of neutral messages as Telegram HTML and keyboards: escaped, mention-free."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.i18n import N_, Translator
from bot.core.messages import Button, OutgoingMessage

MAX_TEXT = 4096  # Telegram's limit for one message
MAX_CAPTION = 1024  # ... and for a photo's or document's caption
MAX_CALLBACK_BYTES = 64
BUTTONS_PER_ROW = 2
ELLIPSIS = "…"
WORD_JOINER = "\u2060"
# An `@` that Telegram would read as a mention: not inside a word (an e-mail address or a
# `/command@bot` stays intact) and followed by a username character.
_MENTION_AT = re.compile(r"(?<![0-9A-Za-z_])@(?=[0-9A-Za-z_])")


@dataclass(frozen=True)
class _Line:
    """One line of plain text and the one style it is shown in."""

    text: str
    tag: str | None = None  # "b" or "i"


@dataclass(frozen=True)
class RenderedPart:
    """One Telegram message: HTML text and, on the last part only, the keyboard."""

    html: str
    keyboard: InlineKeyboardMarkup | None = None


def telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units; an emoji outside the BMP counts as two."""
    return len(text.encode("utf-16-le")) // 2


def neutralise_mentions(text: str) -> str:
    """Put an invisible word joiner after each mention's `@`, so `@olof` notifies nobody."""
    return _MENTION_AT.sub("@" + WORD_JOINER, text)


def _markup(line: _Line) -> str:
    """One line as HTML: mentions neutralised, `<&>` escaped, wrapped in its style's tag."""
    escaped = html.escape(neutralise_mentions(line.text), quote=False)
    return f"<{line.tag}>{escaped}</{line.tag}>" if line.tag and escaped else escaped


def _lines(message: OutgoingMessage) -> list[_Line]:
    lines: list[_Line] = []
    if message.title:
        lines += [_Line(text, "b") for text in message.title.splitlines()]
    if message.text:
        if lines:
            lines.append(_Line(""))
        lines += [_Line(text) for text in message.text.splitlines()]
    for section in message.sections:
        if lines:
            lines.append(_Line(""))
        lines += [_Line(text, "b") for text in section.title.splitlines()]
        lines += [_Line(text) for part in section.lines for text in part.splitlines()]
    if message.context:
        if lines:
            lines.append(_Line(""))
        lines += [_Line(text, "i") for text in message.context.splitlines()]
    return lines


def _cut_line(line: _Line, limit: int) -> list[str]:
    """Split one over-long line into marked-up pieces that each fit within `limit`."""
    pieces: list[str] = []
    rest = line.text
    while rest:
        low, high = 1, len(rest)
        while low < high:  # the longest prefix whose markup still fits
            middle = (low + high + 1) // 2
            if telegram_length(_markup(_Line(rest[:middle], line.tag))) <= limit:
                low = middle
            else:
                high = middle - 1
        pieces.append(_markup(_Line(rest[:low], line.tag)))
        rest = rest[low:]
    return pieces


def split_html(lines: list[_Line], limit: int = MAX_TEXT) -> list[str]:
    """Pack marked-up lines into as few messages as fit, breaking only between lines."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        rendered = _markup(line)
        pieces = [rendered] if telegram_length(rendered) <= limit else _cut_line(line, limit)
        for piece in pieces:
            candidate = f"{current}\n{piece}" if current else piece
            if telegram_length(candidate) <= limit:
                current = candidate
                continue
            if current.strip():
                chunks.append(current)
            current = piece
    if current.strip():
        chunks.append(current)
    return chunks or [ELLIPSIS]


def render_html(message: OutgoingMessage) -> str:
    """The whole message as one HTML text (may be longer than one Telegram message)."""
    return "\n".join(_markup(line) for line in _lines(message)) or ELLIPSIS


def check_callback_data(token: str) -> str:
    """Telegram refuses callback data over 64 bytes; a token that long is a bug upstream."""
    if not token or len(token.encode("utf-8")) > MAX_CALLBACK_BYTES:
        raise ValueError("a button token must be 1 to 64 bytes")
    return token


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """Buttons two to a row; None when there are none (which also removes a keyboard)."""
    if not buttons:
        return None
    row_list = [
        [
            InlineKeyboardButton(button.label, callback_data=check_callback_data(button.token))
            for button in buttons[start : start + BUTTONS_PER_ROW]
        ]
        for start in range(0, len(buttons), BUTTONS_PER_ROW)
    ]
    return InlineKeyboardMarkup(row_list)


def render_parts(message: OutgoingMessage, limit: int = MAX_TEXT) -> list[RenderedPart]:
    """The message as one or more Telegram messages; the buttons go under the last."""
    markup = keyboard(message.buttons)
    chunks = split_html(_lines(message), limit)
    parts = [RenderedPart(chunk) for chunk in chunks[:-1]]
    parts.append(RenderedPart(chunks[-1], markup))
    return parts


def render_single(message: OutgoingMessage, limit: int = MAX_TEXT) -> RenderedPart:
    """The message as exactly one Telegram message (for edits): cut short if need be."""
    markup = keyboard(message.buttons)
    chunks = split_html(_lines(message), limit - 2)
    text = chunks[0] + ("\n" + ELLIPSIS if len(chunks) > 1 else "")
    return RenderedPart(text, markup)


def render_caption(caption: str) -> str:
    """A file's caption: escaped, and cut to Telegram's caption limit."""
    chunks = split_html([_Line(text) for text in caption.splitlines()], MAX_CAPTION - 2)
    if not caption.strip():
        return ""
    return chunks[0] + ("\n" + ELLIPSIS if len(chunks) > 1 else "")


# --- the command menus (setMyCommands) ----------------------------------------------------

# The command menu per Telegram language_code: (command, description msgid).
_DESCRIBE_PLAN = N_("Your plan items and when you will be asked")
_DESCRIBE_REPORT = N_("Report on a plan item now")
_DESCRIBE_HELP = N_("How Ombud works and what it stores")
_DESCRIBE_LANGUAGE = N_("Choose your language")
COMMAND_MENUS: dict[str, tuple[tuple[str, str], ...]] = {
    "sv": (
        ("rapport", _DESCRIBE_REPORT),
        ("plan", _DESCRIBE_PLAN),
        ("sprak", _DESCRIBE_LANGUAGE),
        ("hjalp", _DESCRIBE_HELP),
    ),
    "nb": (
        ("rapport", _DESCRIBE_REPORT),
        ("plan", _DESCRIBE_PLAN),
        ("sprak", _DESCRIBE_LANGUAGE),
        ("hjelp", _DESCRIBE_HELP),
    ),
    "en": (
        ("rapport", _DESCRIBE_REPORT),
        ("plan", _DESCRIBE_PLAN),
        ("language", _DESCRIBE_LANGUAGE),
        ("help", _DESCRIBE_HELP),
    ),
}
COMMAND_MENUS["nn"] = COMMAND_MENUS["nb"]
# In groups the bot only links the group to a board.
_DESCRIBE_LINK = N_("Link this group to a board with a code")
GROUP_COMMAND_MENUS: dict[str, tuple[tuple[str, str], ...]] = {
    "sv": (("koppla", _DESCRIBE_LINK),),
    "nb": (("koble", _DESCRIBE_LINK),),
    "nn": (("kople", _DESCRIBE_LINK),),
    "en": (("link", _DESCRIBE_LINK),),
}
# Telegram language_code -> our locale; "no" is what some Norwegian clients send.
MENU_LANGUAGES: dict[str, str] = {"sv": "sv", "nb": "nb", "no": "nb", "nn": "nn", "en": "en"}


@dataclass(frozen=True)
class CommandMenu:
    """One setMyCommands call: a language (None: the default) and where the menu shows."""

    language_code: str | None
    in_groups: bool
    commands: tuple[BotCommand, ...]


def command_menus(
    translator_for: Callable[[str], Translator], default_locale: str
) -> list[CommandMenu]:
    """The menus for direct chats and for groups, in every language Telegram may ask for."""
    menus: list[CommandMenu] = []
    for language_code, locale in [*MENU_LANGUAGES.items(), ("", default_locale)]:
        tr = translator_for(locale)
        for in_groups, table in ((False, COMMAND_MENUS), (True, GROUP_COMMAND_MENUS)):
            commands = tuple(BotCommand(name, tr.gettext(text)) for name, text in table[tr.locale])
            menus.append(CommandMenu(language_code or None, in_groups, commands))
    return menus
