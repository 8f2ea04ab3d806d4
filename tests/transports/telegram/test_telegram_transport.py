"""The Telegram transport over real HTTP against the fake Bot API: polling, effects, commands."""

from __future__ import annotations

import logging

import pytest

from bot.core.messages import (
    Button,
    ChatAddress,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    Reply,
    SendTo,
    TextReceived,
    Toast,
    Unsupported,
)
from bot.core.model import Platform
from bot.transports.telegram_render import COMMAND_MENUS
from tests.transports.telegram.conftest import (
    GROUP_ID,
    STEWARD_ID,
    RecordingHandler,
    TransportFactory,
    callback,
    message,
)
from tests.transports.telegram.fake_bot_api import BOT_USERNAME, FakeBotApi

STEWARD = ChatAddress(Platform.TELEGRAM, str(STEWARD_ID))


def answer_everything(event: InboundEvent) -> list[Reply | EditMessage | Toast]:
    """A stand-in router: echoes texts and commands, acknowledges taps with a toast and edit."""
    match event:
        case TextReceived(text=text):
            return [Reply(OutgoingMessage(f"got {len(text)}"))]
        case CommandReceived(command=command, args=args):
            return [Reply(OutgoingMessage(f"command {command} [{args}]"))]
        case ChoiceSelected(message=ref) if ref is not None:
            return [Toast("Saved"), EditMessage(ref, OutgoingMessage("Answered: yes"))]
    return []


async def test_start_polls_and_round_trips_text_command_and_tap(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    handler = RecordingHandler(answer_everything)
    transport = make_transport()
    await transport.start(handler)
    assert fake_api.calls_to("getMe")
    assert fake_api.calls_to("deleteWebhook")  # polling clears any webhook first

    fake_api.push(message("Hej"))
    fake_api.push(message("/rapport@" + BOT_USERNAME + " 8.2"))
    fake_api.push(callback("c:1f:y"))
    await fake_api.wait_calls("editMessageText")

    text, command, tap = handler.events
    assert isinstance(text, TextReceived)
    assert text.text == "Hej"
    assert text.sender.user_id == str(STEWARD_ID)
    assert text.sender.language_code == "sv"
    assert not text.sender.is_group
    assert isinstance(command, CommandReceived)
    assert (command.command, command.args) == ("rapport", "8.2")
    assert isinstance(tap, ChoiceSelected)
    assert tap.token == "c:1f:y"
    assert tap.event_id == "tg:cq:q1"
    assert tap.message == MessageRef(Platform.TELEGRAM, str(STEWARD_ID), "100")

    sent = [call["text"] for call in fake_api.calls_to("sendMessage")]
    assert sent == ["got 3", "command rapport [8.2]"]
    (answer,) = fake_api.calls_to("answerCallbackQuery")
    assert answer["callback_query_id"] == "q1"
    assert "text" not in answer  # answered before the handler ran, so no toast
    (edit,) = fake_api.calls_to("editMessageText")
    assert edit["message_id"] == "100"
    assert edit["text"] == "Answered: yes"
    assert "reply_markup" not in edit  # an edit without a keyboard removes the keyboard


async def test_polling_honours_offsets_and_uses_update_ids_as_event_ids(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    handler = RecordingHandler()
    await make_transport().start(handler)
    first = fake_api.push(message("one"))
    await fake_api.wait_for(lambda: len(handler.events) == 1)
    second = fake_api.push(message("two"))
    third = fake_api.push(message("three"))
    await fake_api.wait_for(lambda: len(handler.events) == 3)

    ids = [event.event_id for event in handler.events]
    assert ids == [f"tg:{first}", f"tg:{second}", f"tg:{third}"]
    offsets = [int(call.get("offset") or 0) for call in fake_api.calls_to("getUpdates")]
    assert offsets == sorted(offsets)
    assert first + 1 in offsets  # the first update was confirmed, so it is not served again
    assert [e.text for e in handler.events if isinstance(e, TextReceived)] == [
        "one",
        "two",
        "three",
    ]


async def test_a_callback_is_answered_even_when_the_handler_gives_no_toast_or_fails(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    def explode(event: InboundEvent) -> list[Reply]:
        if isinstance(event, ChoiceSelected) and event.token == "boom":
            raise RuntimeError("handler bug")
        return []

    handler = RecordingHandler(explode)
    await make_transport().start(handler)
    fake_api.push(callback("%%%not-a-token%%%" * 3, query_id="forged"))
    fake_api.push(callback(None, query_id="nodata"))
    fake_api.push(callback("boom", query_id="crash"))
    answers = await fake_api.wait_calls("answerCallbackQuery", 3)
    # The answers go first; the handler gets the taps after them.
    await fake_api.wait_for(lambda: len(handler.events) == 3)

    assert sorted(a["callback_query_id"] for a in answers) == ["crash", "forged", "nodata"]
    assert all("text" not in a for a in answers)
    tokens = [e.token for e in handler.events if isinstance(e, ChoiceSelected)]
    assert tokens == ["%%%not-a-token%%%" * 3, "", "boom"]  # unchanged; the router judges


async def test_unknown_accounts_start_and_odd_messages_reach_the_handler_safely(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    handler = RecordingHandler()
    await make_transport().start(handler)
    fake_api.push(message("/start", user_id=9999, chat_id=9999))
    fake_api.push(message("/start ABCD-EFGH"))
    fake_api.push(message(None, sticker={"file_id": "s", "file_unique_id": "s", "width": 1,
                                         "height": 1, "is_animated": False,
                                         "is_video": False, "type": "regular"}))  # fmt: skip
    fake_api.push({"edited_message": message("fixed")["message"] | {"edit_date": 1}})
    fake_api.push(message("x" * 50_000))
    await fake_api.wait_for(lambda: len(handler.events) == 5)

    bare, coded, sticker, edit, huge = handler.events
    assert isinstance(bare, CommandReceived)
    assert (bare.command, bare.args, bare.sender.user_id) == ("start", "", "9999")
    assert isinstance(coded, CommandReceived)
    assert (coded.command, coded.args) == ("start", "ABCD-EFGH")
    assert isinstance(sticker, Unsupported)
    assert sticker.kind == "sticker"
    assert isinstance(edit, Unsupported)
    assert edit.kind == "edit"
    assert isinstance(huge, TextReceived)
    assert len(huge.text) == 50_000


async def test_in_a_group_only_commands_and_mentions_for_this_bot_pass(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    handler = RecordingHandler()
    await make_transport().start(handler)
    fake_api.push(message("chatter about the weekend", chat_id=GROUP_ID))
    fake_api.push(message("/koppla@other_bot XYZ", chat_id=GROUP_ID))
    fake_api.push(message(None, chat_id=GROUP_ID, photo=[]))
    fake_api.push(message(f"@{BOT_USERNAME} KOD-123", chat_id=GROUP_ID))
    fake_api.push(message("/koppla KOD-123", chat_id=GROUP_ID))
    await fake_api.wait_for(lambda: len(handler.events) == 2)
    fake_api.push(message("/koppla@" + BOT_USERNAME + " KOD-456", chat_id=GROUP_ID))
    await fake_api.wait_for(lambda: len(handler.events) == 3)

    mention, command, addressed = handler.events
    assert isinstance(mention, TextReceived)
    assert mention.text == "KOD-123"
    assert mention.sender.is_group
    assert mention.sender.chat_id == str(GROUP_ID)
    assert isinstance(command, CommandReceived)
    assert (command.command, command.args) == ("koppla", "KOD-123")
    assert isinstance(addressed, CommandReceived)
    assert addressed.args == "KOD-456"


async def test_set_my_commands_for_each_language_with_translated_descriptions(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    await make_transport(default_locale="sv").start(RecordingHandler())
    calls = fake_api.calls_to("setMyCommands")
    menus = {call.get("language_code", ""): call["commands"] for call in calls
             if "scope" not in call}  # fmt: skip
    group_menus = {
        call.get("language_code", ""): [c["command"] for c in call["commands"]]
        for call in calls
        if call.get("scope") == {"type": "all_group_chats"}
    }
    assert group_menus == {
        "sv": ["koppla"], "nb": ["koble"], "no": ["koble"], "nn": ["kople"], "en": ["link"],
        "": ["koppla"],
    }  # fmt: skip

    assert set(menus) == {"sv", "nb", "no", "nn", "en", ""}
    names = {code: [c["command"] for c in menu] for code, menu in menus.items()}
    assert names["sv"] == [name for name, _ in COMMAND_MENUS["sv"]]
    assert "hjelp" in names["nb"]
    assert "hjelp" in names["nn"]
    assert names["no"] == names["nb"]
    assert "help" in names["en"]
    assert names[""] == names["sv"]  # the default menu is in the configured language
    english = {c["command"]: c["description"] for c in menus["en"]}
    swedish = {c["command"]: c["description"] for c in menus["sv"]}
    norwegian = {c["command"]: c["description"] for c in menus["nb"]}
    assert english["plan"] != swedish["plan"]
    assert swedish["plan"] != norwegian["plan"]


async def test_send_to_and_reply_split_long_texts_and_escape_markup(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    long_text = "\n".join(f"rad {n} <b>&" for n in range(600))
    buttons = (Button("Ja", "c:1:y"), Button("Nej", "c:1:n"), Button("Senare", "c:1:l"))

    def respond(_event: InboundEvent) -> list[SendTo]:
        return [SendTo(STEWARD, OutgoingMessage(long_text, title="<!channel>", buttons=buttons))]

    await make_transport().start(RecordingHandler(respond))
    fake_api.push(message("go"))
    await fake_api.wait_for(
        lambda: any("reply_markup" in call for call in fake_api.calls_to("sendMessage"))
    )

    calls = fake_api.calls_to("sendMessage")
    assert all(len(call["text"]) <= 4096 for call in calls)
    assert all(call["parse_mode"] == "HTML" for call in calls)
    assert calls[0]["text"].startswith("<b>&lt;!channel&gt;</b>")
    assert "rad 0 &lt;b&gt;&amp;" in calls[0]["text"]
    joined = "".join(call["text"] for call in calls)
    assert len(calls) >= 2
    assert joined.count("&lt;b&gt;&amp;") == 600  # every line arrived, escaped
    assert "<b>&amp;" not in joined
    assert " <b>" not in joined  # the user's markup never becomes Telegram's
    assert all("reply_markup" not in call for call in calls[:-1])
    keyboard = calls[-1]["reply_markup"]["inline_keyboard"]
    assert [[b["callback_data"] for b in row] for row in keyboard] == [
        ["c:1:y", "c:1:n"],
        ["c:1:l"],
    ]


async def test_interactive_replies_wait_out_a_429_and_carry_on(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    from tests.transports.telegram.conftest import SleepRecorder

    sleep = SleepRecorder()
    fake_api.fail_next("sendMessage", 429, "Too Many Requests: retry after 7",
                       {"retry_after": 7})  # fmt: skip
    fake_api.fail_next("sendMessage", 500, "Internal Server Error")
    await make_transport(sleep=sleep).start(RecordingHandler(answer_everything))
    fake_api.push(message("hello"))
    await fake_api.wait_calls("sendMessage", 3)

    assert sleep.waits[0] == 7.0
    assert len(sleep.waits) == 2
    texts = [call["text"] for call in fake_api.calls_to("sendMessage")]
    assert texts == ["got 5"] * 3  # the same reply, finally delivered


async def test_the_token_and_message_texts_stay_out_of_the_log(
    fake_api: FakeBotApi, make_transport: TransportFactory, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.transports.telegram.fake_bot_api import TOKEN

    caplog.set_level(logging.DEBUG)
    fake_api.fail_next("getUpdates", 500, "Internal Server Error")
    fake_api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    handler = RecordingHandler(answer_everything)
    await make_transport().start(handler)
    fake_api.push(message("Hemligt: vi planerar strejk"))
    await fake_api.wait_for(lambda: len(handler.events) == 1)
    await fake_api.wait_calls("sendMessage")
    fake_api.push(message("second"))
    await fake_api.wait_calls("sendMessage", 2)

    ours = [r for r in caplog.records if not r.name.startswith("aiohttp")]  # the fake's log
    logged = "\n".join(record.getMessage() for record in ours)
    assert logged  # something was logged, at every level
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged
    assert "strejk" not in logged
    assert "got " not in logged


async def test_a_flood_of_429s_is_waited_out_for_a_few_minutes_then_given_up(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    from tests.transports.telegram.conftest import SleepRecorder

    sleep = SleepRecorder()
    fake_api.fail_next("sendMessage", 429, "Too Many Requests", {"retry_after": 100}, times=10)
    handler = RecordingHandler(answer_everything)
    await make_transport(sleep=sleep).start(handler)
    fake_api.push(message("hello"))
    await fake_api.wait_calls("sendMessage", 4)
    fake_api.push(message("next"))  # the chat is free again: the first reply was given up
    await fake_api.wait_for(lambda: len(handler.events) == 2)

    assert sleep.waits[:3] == [100.0, 100.0, 100.0]
    assert sum(sleep.waits) <= 300.0 + 1e-9


@pytest.mark.parametrize(
    ("status", "description", "attempts"),
    [(500, "Internal Server Error", 4), (403, "Forbidden: bot was blocked by the user", 1)],
)
async def test_hiccups_are_retried_with_backoff_but_a_block_is_not(
    fake_api: FakeBotApi,
    make_transport: TransportFactory,
    status: int,
    description: str,
    attempts: int,
) -> None:
    from tests.transports.telegram.conftest import SleepRecorder

    sleep = SleepRecorder()
    fake_api.fail_next("sendMessage", status, description, times=10)
    handler = RecordingHandler(answer_everything)
    await make_transport(sleep=sleep).start(handler)
    fake_api.push(message("hello"))
    fake_api.push(message("again!"))
    await fake_api.wait_for(lambda: len(handler.events) == 2)
    await fake_api.wait_calls("sendMessage", attempts + 1)

    texts = [call["text"] for call in fake_api.calls_to("sendMessage")]
    assert texts[: attempts + 1] == ["got 5"] * attempts + ["got 6"]
    assert sleep.waits[: attempts - 1] == [2.0, 4.0, 8.0][: attempts - 1]
