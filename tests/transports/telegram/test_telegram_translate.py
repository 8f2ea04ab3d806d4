"""Pure translation: Bot API updates to neutral events, Bot API errors to DeliveryError."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.core.messages import ChoiceSelected, CommandReceived, TextReceived, Unsupported
from bot.core.model import DeliveryFailure, Platform
from bot.transports.telegram_translate import (
    delivery_error,
    fold_command,
    message_kind,
    parse_command,
    translate_update,
)
from tests.transports.telegram.conftest import GROUP_ID, STEWARD_ID, callback, message

BOT = "ombud_test_bot"


def update(body: dict[str, Any], update_id: int = 41) -> Update:
    parsed = Update.de_json({"update_id": update_id, **body}, None)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", ("start", "")),
        ("/start  ABC-123 ", ("start", "ABC-123")),
        ("/Rapport", ("rapport", "")),
        ("/Språk", ("sprak", "")),
        ("/hjælp", ("hjaelp", "")),
        ("/før", ("for", "")),
        (f"/plan@{BOT}", ("plan", "")),
        (f"/plan@{BOT.upper()} 8.2", ("plan", "8.2")),
        ("/koppla\nKOD-1", ("koppla", "KOD-1")),
        ("/plan@other_bot", False),
        ("hej /plan", None),
        ("/", None),
        ("/🙂", None),
        ("", None),
    ],
)
def test_parse_command(text: str, expected: tuple[str, str] | bool | None) -> None:
    assert parse_command(text, BOT) == expected


def test_fold_command_gives_lower_case_ascii() -> None:
    assert fold_command("HJÄLP") == "hjalp"
    assert fold_command("språk") == "sprak"
    assert fold_command("rap-port") == "rapport"


def test_a_private_text_carries_who_wrote_it() -> None:
    event = translate_update(update(message("Hej")), BOT)
    assert isinstance(event, TextReceived)
    assert event.event_id == "tg:41"
    sender = event.sender
    assert (sender.platform, sender.user_id, sender.chat_id) == (
        Platform.TELEGRAM,
        str(STEWARD_ID),
        str(STEWARD_ID),
    )
    assert (sender.display_name, sender.language_code, sender.is_group) == ("Anna", "sv", False)


@pytest.mark.parametrize(
    ("extra", "kind"),
    [
        ({"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]}, "photo"),
        ({"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}}, "voice"),
        ({"document": {"file_id": "d", "file_unique_id": "d"}}, "document"),
        ({"location": {"latitude": 59.3, "longitude": 18.0}}, "location"),
        ({"new_chat_title": "x"}, "other"),
    ],
)
def test_what_the_bot_cannot_read_is_unsupported_in_a_dm(extra: dict[str, Any], kind: str) -> None:
    event = translate_update(update(message(None, **extra)), BOT)
    assert isinstance(event, Unsupported)
    assert event.kind == kind
    parsed = update(message(None, **extra)).message
    assert parsed is not None
    assert message_kind(parsed) == kind


@pytest.mark.parametrize(
    "body",
    [
        message("just chatting", chat_id=GROUP_ID),
        message(None, chat_id=GROUP_ID, voice={"file_id": "v", "file_unique_id": "v",
                                               "duration": 1}),
        {"edited_message": message("fixed", chat_id=GROUP_ID)["message"] | {"edit_date": 2}},
        {"channel_post": {"message_id": 1, "date": 1, "chat": {"id": -1001, "type": "channel"},
                          "text": "news"}},
        {"my_chat_member": {"chat": {"id": GROUP_ID, "type": "supergroup"},
                            "from": {"id": 1, "is_bot": False, "first_name": "A"}, "date": 1,
                            "old_chat_member": {"status": "left",
                                                "user": {"id": 4242, "is_bot": True,
                                                         "first_name": "Ombud"}},
                            "new_chat_member": {"status": "member",
                                                "user": {"id": 4242, "is_bot": True,
                                                         "first_name": "Ombud"}}}},
        message("/koppla@other_bot KOD", chat_id=GROUP_ID),
        message("/plan@other_bot"),
    ],
)  # fmt: skip
def test_what_is_not_for_the_bot_gives_no_event(body: dict[str, Any]) -> None:
    assert translate_update(update(body), BOT) is None


def test_a_group_mention_without_a_known_username_is_ignored() -> None:
    assert translate_update(update(message(f"@{BOT} KOD", chat_id=GROUP_ID)), None) is None


def test_a_group_command_is_marked_as_from_a_group() -> None:
    event = translate_update(update(message("/koppla KOD-1", chat_id=GROUP_ID)), BOT)
    assert isinstance(event, CommandReceived)
    assert event.sender.is_group
    assert event.sender.chat_id == str(GROUP_ID)


def test_a_tap_on_an_inline_message_has_no_message_ref() -> None:
    body = callback("c:1:y")
    del body["callback_query"]["message"]
    body["callback_query"]["inline_message_id"] = "inline-1"
    event = translate_update(update(body), BOT)
    assert isinstance(event, ChoiceSelected)
    assert event.message is None
    assert event.sender.chat_id == str(STEWARD_ID)


def test_a_tap_carries_the_query_id_and_the_raw_data() -> None:
    event = translate_update(update(callback("c:1:y", query_id="Q9", message_id=77)), BOT)
    assert isinstance(event, ChoiceSelected)
    assert (event.token, event.event_id) == ("c:1:y", "tg:cq:Q9")
    assert event.message is not None
    assert event.message.message_id == "77"


@pytest.mark.parametrize(
    ("error", "failure", "code"),
    [
        (RetryAfter(5), DeliveryFailure.RATE_LIMITED, "429"),
        (TimedOut(), DeliveryFailure.TRANSIENT, "timeout"),
        (NetworkError("Internal Server Error (500)"), DeliveryFailure.TRANSIENT, "network"),
        (Conflict("terminated by other getUpdates"), DeliveryFailure.TRANSIENT, "conflict"),
        (Forbidden("Forbidden: bot can't initiate conversation with a user"),
         DeliveryFailure.UNREACHABLE, "not_started"),
        (Forbidden("Forbidden: something else"), DeliveryFailure.UNREACHABLE, "forbidden"),
        (ChatMigrated(-100123), DeliveryFailure.PERMANENT, "chat_migrated"),
        (InvalidToken("Unauthorized"), DeliveryFailure.PERMANENT, "unauthorized"),
        (BadRequest("Bad Request: can't parse entities: x"), DeliveryFailure.PERMANENT,
         "bad_markup"),
        (BadRequest("Message is not modified: specified new message content"),
         DeliveryFailure.PERMANENT, "not_modified"),
        (TelegramError("Invalid server response"), DeliveryFailure.TRANSIENT, "network"),
    ],
)  # fmt: skip
def test_delivery_error_mapping(error: TelegramError, failure: DeliveryFailure, code: str) -> None:
    mapped = delivery_error(error)
    assert (mapped.failure, mapped.code) == (failure, code)


def test_retry_after_is_read_in_seconds_without_a_warning() -> None:
    assert delivery_error(RetryAfter(17)).retry_after == 17.0
