"""Pure translation of Bot API objects: updates to neutral events, errors to DeliveryError."""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from datetime import timedelta
from typing import Literal

from telegram import CallbackQuery, Chat, Message, Update, User
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.core.command_words import fold_word
from bot.core.errors import DeliveryError
from bot.core.messages import (
    Capabilities,
    ChoiceSelected,
    CommandReceived,
    InboundEvent,
    MessageRef,
    Sender,
    TextReceived,
    Unsupported,
)
from bot.core.model import DeliveryFailure, Platform
from bot.transports.telegram_render import BUTTONS_PER_ROW, MAX_TEXT

# No forms: the questions after a tap are asked one by one in the chat.
CAPABILITIES = Capabilities(forms=False, buttons_per_row=BUTTONS_PER_ROW, max_text=MAX_TEXT)
GROUP_CHAT_TYPES = frozenset({Chat.GROUP, Chat.SUPERGROUP})
_COMMAND = re.compile(r"^/(\S+?)(?:@([A-Za-z0-9_]+))?(?:\s+(.*))?$", re.DOTALL)


# --- inbound: updates to neutral events --------------------------------------------------


def fold_command(word: str) -> str:
    """'/Språk' -> 'sprak': commands reach the handlers as lower-case ASCII."""
    return fold_word(word)


def parse_command(text: str, bot_username: str | None) -> tuple[str, str] | Literal[False] | None:
    """(command, args) for '/cmd@bot args'; None if not a command; False if for another bot."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    word, addressee, args = match.group(1), match.group(2), match.group(3) or ""
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return False
    command = fold_command(word)
    return (command, args.strip()) if command else None


def _sender(user: User, chat: Chat) -> Sender:
    return Sender(
        platform=Platform.TELEGRAM,
        user_id=str(user.id),
        chat_id=str(chat.id),
        username=user.username,
        display_name=user.full_name,
        language_code=user.language_code,
        is_group=chat.type in GROUP_CHAT_TYPES,
        capabilities=CAPABILITIES,
    )


def message_kind(message: Message) -> str:
    """What a message holds that the bot does not read: 'sticker', 'photo', 'voice'..."""
    for kind in (
        "sticker", "photo", "voice", "video_note", "video", "animation", "audio", "document",
        "location", "venue", "contact", "poll", "dice", "story",
    ):  # fmt: skip
        if getattr(message, kind, None):
            return kind
    return "other"


def _mention_text(text: str, bot_username: str | None) -> str | None:
    """In a group, the text after '@ourbot', or None when the bot is not addressed."""
    if not bot_username:
        return None
    mention = f"@{bot_username}".lower()
    if not text.lower().lstrip().startswith(mention):
        return None
    return text.lstrip()[len(mention) :].strip()


def _message_event(
    update: Update, message: Message, bot_username: str | None
) -> InboundEvent | None:
    if message.from_user is None:
        return None
    sender = _sender(message.from_user, message.chat)
    event_id = f"tg:{update.update_id}"
    if message.text is not None:
        command = parse_command(message.text, bot_username)
        if command is False:
            return None
        if command is not None:
            return CommandReceived(sender, command[0], command[1], event_id)
        if not sender.is_group:
            return TextReceived(sender, message.text, event_id)
        addressed = _mention_text(message.text, bot_username)
        return TextReceived(sender, addressed, event_id) if addressed else None
    if sender.is_group or message.chat.type == Chat.CHANNEL:
        return None  # pictures and chatter in a group are not for the bot
    return Unsupported(sender, message_kind(message), event_id)


def _callback_event(query: CallbackQuery) -> ChoiceSelected:
    message = query.message
    chat = message.chat if message is not None else None
    sender = _sender(query.from_user, chat) if chat else _sender(query.from_user, _dm(query))
    ref = None
    if message is not None:
        ref = MessageRef(Platform.TELEGRAM, str(message.chat.id), str(message.message_id))
    return ChoiceSelected(sender, query.data or "", f"tg:cq:{query.id}", ref)


def _dm(query: CallbackQuery) -> Chat:
    return Chat(id=query.from_user.id, type=Chat.PRIVATE)


def translate_update(update: Update, bot_username: str | None) -> InboundEvent | None:
    """One Bot API update as a neutral event; None for what the bot should not see."""
    if update.callback_query is not None:
        return _callback_event(update.callback_query)
    edited = update.edited_message
    if edited is not None:
        if edited.from_user is None or edited.chat.type != Chat.PRIVATE:
            return None
        return Unsupported(_sender(edited.from_user, edited.chat), "edit", f"tg:{update.update_id}")
    if update.message is not None:
        return _message_event(update, update.message, bot_username)
    return None


# --- errors: Bot API failures to DeliveryError --------------------------------------------

_BAD_REQUEST_CODES = (
    ("not modified", "not_modified"),
    ("chat not found", "chat_not_found"),
    ("message to edit not found", "message_not_found"),
    ("message can't be edited", "not_editable"),
    ("can't parse entities", "bad_markup"),
    ("too long", "too_long"),
    ("button_data_invalid", "bad_button"),
    ("user not found", "user_not_found"),
)
_FORBIDDEN_CODES = (
    ("blocked", "blocked"),
    ("deactivated", "deactivated"),
    ("kicked", "kicked"),
    ("can't initiate", "not_started"),
)


def _short_code(description: str, table: Sequence[tuple[str, str]], default: str) -> str:
    lowered = description.lower()
    return next((code for needle, code in table if needle in lowered), default)


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB warns about the int form of this attribute
        value: int | float | timedelta = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def delivery_error(exc: TelegramError) -> DeliveryError:
    """Map a Bot API error to our failure kinds; the code is short and never message text."""
    if isinstance(exc, RetryAfter):
        return DeliveryError(DeliveryFailure.RATE_LIMITED, "429", retry_after_seconds(exc))
    if isinstance(exc, Forbidden):
        return DeliveryError(
            DeliveryFailure.UNREACHABLE, _short_code(exc.message, _FORBIDDEN_CODES, "forbidden")
        )
    if isinstance(exc, ChatMigrated):
        return DeliveryError(DeliveryFailure.PERMANENT, "chat_migrated")
    if isinstance(exc, InvalidToken):
        return DeliveryError(DeliveryFailure.PERMANENT, "unauthorized")
    if isinstance(exc, BadRequest):
        return DeliveryError(
            DeliveryFailure.PERMANENT, _short_code(exc.message, _BAD_REQUEST_CODES, "bad_request")
        )
    if isinstance(exc, TimedOut):
        return DeliveryError(DeliveryFailure.TRANSIENT, "timeout")
    if isinstance(exc, Conflict):
        return DeliveryError(DeliveryFailure.TRANSIENT, "conflict")
    return DeliveryError(DeliveryFailure.TRANSIENT, "network")
