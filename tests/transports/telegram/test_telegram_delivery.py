"""The Transport port for the dispatcher: one attempt per call, errors mapped, files, edits."""

from __future__ import annotations

import pytest

from bot.core.errors import ConfigError, DeliveryError
from bot.core.messages import Button, ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.transports.telegram import TelegramTransport, api_base_url, file_base_url
from tests.transports.telegram.conftest import (
    GROUP_ID,
    STEWARD_ID,
    NoWaitPacer,
    RecordingHandler,
    TransportFactory,
)
from tests.transports.telegram.fake_bot_api import BOT_USERNAME, TOKEN, FakeBotApi

STEWARD = ChatAddress(Platform.TELEGRAM, str(STEWARD_ID))
REMINDER = OutgoingMessage(
    "Har ni haft medlemsmöte?", buttons=(Button("Ja", "c:a:y"), Button("Nej", "c:a:n"))
)


@pytest.fixture
async def started(make_transport: TransportFactory) -> TelegramTransport:
    transport = make_transport()
    await transport.start(RecordingHandler())
    return transport


async def test_send_returns_a_message_ref_and_sends_the_keyboard(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    ref = await started.send(STEWARD, REMINDER)

    (call,) = fake_api.calls_to("sendMessage")
    assert call["chat_id"] == str(STEWARD_ID)
    assert ref == MessageRef(Platform.TELEGRAM, str(STEWARD_ID), "100")
    buttons = call["reply_markup"]["inline_keyboard"][0]
    assert [(b["text"], b["callback_data"]) for b in buttons] == [("Ja", "c:a:y"), ("Nej", "c:a:n")]


FailureReply = tuple[int, str, dict[str, int] | None]
Mapped = tuple[DeliveryFailure, str, float | None]
ERROR_CASES: list[tuple[FailureReply, Mapped]] = [
    ((429, "Too Many Requests: retry after 12", {"retry_after": 12}),
     (DeliveryFailure.RATE_LIMITED, "429", 12.0)),
    ((500, "Internal Server Error", None), (DeliveryFailure.TRANSIENT, "network", None)),
    ((502, "Bad Gateway", None), (DeliveryFailure.TRANSIENT, "network", None)),
    ((403, "Forbidden: bot was blocked by the user", None),
     (DeliveryFailure.UNREACHABLE, "blocked", None)),
    ((403, "Forbidden: user is deactivated", None),
     (DeliveryFailure.UNREACHABLE, "deactivated", None)),
    ((400, "Bad Request: chat not found", None),
     (DeliveryFailure.PERMANENT, "chat_not_found", None)),
    ((400, "Bad Request: something new and secret 4711", None),
     (DeliveryFailure.PERMANENT, "bad_request", None)),
]  # fmt: skip


@pytest.mark.parametrize(("reply", "expected"), ERROR_CASES)
async def test_send_makes_one_attempt_and_maps_the_failure(
    fake_api: FakeBotApi, started: TelegramTransport, reply: FailureReply, expected: Mapped
) -> None:
    status, description, parameters = reply
    fake_api.fail_next("sendMessage", status, description, parameters)

    with pytest.raises(DeliveryError) as caught:
        await started.send(STEWARD, REMINDER)

    assert (caught.value.failure, caught.value.code, caught.value.retry_after) == expected
    assert description not in str(caught.value)  # the platform's text stays out
    assert len(fake_api.calls_to("sendMessage")) == 1  # one attempt; the caller retries


async def test_a_429_holds_back_every_chat_for_retry_after(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    pacer = NoWaitPacer()
    transport = make_transport(pacer=pacer)
    await transport.start(RecordingHandler())
    fake_api.fail_next("sendMessage", 429, "Too Many Requests", {"retry_after": 30})
    with pytest.raises(DeliveryError):
        await transport.send(STEWARD, REMINDER)
    paused_at = pacer.now

    # Telegram's retry_after is the bot's: another person waits for it too.
    await transport.send(ChatAddress(Platform.TELEGRAM, "5002"), REMINDER)

    assert pacer.now - paused_at == pytest.approx(30.0)
    assert len(fake_api.calls_to("sendMessage")) == 2


async def test_sending_before_start_is_a_transient_failure(
    make_transport: TransportFactory,
) -> None:
    with pytest.raises(DeliveryError) as caught:
        await make_transport().send(STEWARD, REMINDER)
    assert caught.value.failure is DeliveryFailure.TRANSIENT


async def test_a_button_token_over_64_bytes_is_refused_before_any_call(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    too_long = OutgoingMessage("x", buttons=(Button("Ja", "c:" + "9" * 63),))
    with pytest.raises(DeliveryError) as caught:
        await started.send(STEWARD, too_long)
    assert caught.value.failure is DeliveryFailure.PERMANENT
    assert not fake_api.calls_to("sendMessage")


async def test_edit_replaces_text_and_drops_the_keyboard(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    ref = MessageRef(Platform.TELEGRAM, str(STEWARD_ID), "321")
    await started.edit(ref, OutgoingMessage("Svar: Ja <3"))

    (call,) = fake_api.calls_to("editMessageText")
    assert (call["chat_id"], call["message_id"]) == (str(STEWARD_ID), "321")
    assert call["text"] == "Svar: Ja &lt;3"
    assert "reply_markup" not in call


async def test_an_unchanged_edit_still_sets_the_keyboard(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    fake_api.fail_next("editMessageText", 400, "Bad Request: message is not modified")
    ref = MessageRef(Platform.TELEGRAM, str(STEWARD_ID), "321")
    await started.edit(ref, REMINDER)

    (call,) = fake_api.calls_to("editMessageReplyMarkup")
    assert call["message_id"] == "321"
    assert len(call["reply_markup"]["inline_keyboard"][0]) == 2


async def test_edit_of_a_vanished_message_is_permanent(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    fake_api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
    with pytest.raises(DeliveryError) as caught:
        await started.edit(MessageRef(Platform.TELEGRAM, "1", "2"), REMINDER)
    assert (caught.value.failure, caught.value.code) == (
        DeliveryFailure.PERMANENT,
        "message_not_found",
    )


async def test_send_file_sends_images_as_photos_and_the_rest_as_documents(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    board = ChatAddress(Platform.TELEGRAM, str(GROUP_ID))
    photo_ref = await started.send_file(board, b"\x89PNG fake", "veckans-lage.png", "Vecka 10 <i>")
    doc_ref = await started.send_file(board, b"PK fake", "rapport.xlsx", "")

    (photo,) = fake_api.calls_to("sendPhoto")
    (document,) = fake_api.calls_to("sendDocument")
    assert photo["caption"] == "Vecka 10 &lt;i&gt;"
    assert photo["photo"]["filename"] == "veckans-lage.png"
    assert document["document"] == {"filename": "rapport.xlsx", "size": 7}
    assert "caption" not in document
    assert photo_ref.chat_id == doc_ref.chat_id == str(GROUP_ID)
    assert photo_ref.message_id != doc_ref.message_id


async def test_send_file_maps_a_blocked_bot(
    fake_api: FakeBotApi, started: TelegramTransport
) -> None:
    fake_api.fail_next("sendDocument", 403, "Forbidden: bot was kicked from the group chat")
    with pytest.raises(DeliveryError) as caught:
        await started.send_file(STEWARD, b"data", "a.pdf", "caption")
    assert (caught.value.failure, caught.value.code) == (DeliveryFailure.UNREACHABLE, "kicked")


async def test_bot_username_asks_get_me_once_and_works_before_start(
    fake_api: FakeBotApi,
) -> None:
    transport = TelegramTransport(TOKEN, base_url=fake_api.base_url)
    assert await transport.bot_username() == BOT_USERNAME
    assert await transport.bot_username() == BOT_USERNAME
    assert len(fake_api.calls_to("getMe")) == 1


async def test_a_configured_username_needs_no_call(fake_api: FakeBotApi) -> None:
    transport = TelegramTransport(TOKEN, base_url=fake_api.base_url, bot_username="@our_club_bot")
    assert await transport.bot_username() == "our_club_bot"
    assert not fake_api.calls


def test_the_token_never_shows_in_the_transport_repr() -> None:
    assert TOKEN not in repr(TelegramTransport(TOKEN))


@pytest.mark.parametrize(
    "options",
    [
        {"mode": "webhook", "webhook_secret": "s3cret"},
        {"mode": "webhook", "webhook_url": "https://bot.example.org/tg"},
        {"mode": "webhook", "webhook_url": "https://bot.example.org/tg", "webhook_secret": "a b"},
    ],
)
def test_webhook_mode_needs_a_url_and_a_well_formed_secret(options: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=r"telegram\.webhook_") as caught:
        TelegramTransport(TOKEN, **options)  # type: ignore[arg-type]
    assert len(caught.value.problems) == 1


def test_a_token_is_required() -> None:
    with pytest.raises(ConfigError, match="OMBUD_TELEGRAM__TOKEN"):
        TelegramTransport("")


@pytest.mark.parametrize(
    ("configured", "api", "files"),
    [
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot"),
        ("https://tg.example.org/api/bot/", "https://tg.example.org/api/bot",
         "https://tg.example.org/api/file/bot"),
        ("http://h/x{token}/y", "http://h/x{token}/y", None),
    ],
)  # fmt: skip
def test_a_self_hosted_base_url_is_normalised(configured: str, api: str, files: str | None) -> None:
    assert api_base_url(configured) == api
    assert file_base_url(api_base_url(configured)) == files


async def test_a_base_url_without_bot_suffix_still_reaches_the_api(fake_api: FakeBotApi) -> None:
    bare = fake_api.base_url.removesuffix("/bot")
    transport = TelegramTransport(TOKEN, base_url=bare)
    assert await transport.bot_username() == BOT_USERNAME
