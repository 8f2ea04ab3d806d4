"""Signed Slack requests become neutral events; effects become Web API calls."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.core.messages import (
    Button,
    ButtonStyle,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    FieldKind,
    Form,
    FormField,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    OpenForm,
    OutgoingMessage,
    Reply,
    TextReceived,
    Toast,
    Unsupported,
)
from bot.core.model import Platform
from bot.transports.slack import SlackTransport
from tests.transports.slack.conftest import RecordingHandler
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests, signed_headers


async def test_slash_command_becomes_command_with_ephemeral_reply(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _e: [Reply(OutgoingMessage("Din plan"), ephemeral=True)]
    answer = await slack.command("Språk nn", response_url=fake_slack.response_url())
    assert answer.status == 200
    [event] = await handler.wait()
    assert isinstance(event, CommandReceived)
    assert (event.command, event.args) == ("sprak", "nn")
    assert event.sender.platform is Platform.SLACK
    assert event.sender.workspace == fake_slack.team_id
    assert event.sender.language_code == "sv-SE"
    assert event.sender.chat_id == "DU1"
    [reply] = await fake_slack.wait_for("response_url")
    assert reply.args["response_type"] == "ephemeral"
    assert "Din plan" in reply.args["text"]


async def test_bare_slash_command_asks_for_help(
    slack: SlackRequests, handler: RecordingHandler
) -> None:
    await slack.command("", channel="C0BOARD")
    [event] = await handler.wait()
    assert isinstance(event, CommandReceived)
    assert event.command == "help"
    assert event.sender.is_group is True
    assert event.sender.chat_id == "C0BOARD"


async def test_tap_edits_the_reminder_and_opens_the_form_with_its_trigger(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    form = Form("f:1", "Rapport", "Skicka", (FormField("participants", "Antal", FieldKind.NUMBER),))

    def script(event: InboundEvent) -> list[EditMessage | OpenForm]:
        assert isinstance(event, ChoiceSelected)
        assert event.message is not None
        return [EditMessage(event.message, OutgoingMessage("Ja, noterat")), OpenForm(form)]

    handler.script = script
    payload = slack.block_action("c:1:y", ts="1741.000042")
    assert (await slack.interaction(payload)).status == 200
    [event] = await handler.wait()
    assert isinstance(event, ChoiceSelected)
    assert event.token == "c:1:y"
    assert event.message is not None
    assert (event.message.chat_id, event.message.message_id) == ("DU1", "1741.000042")
    [update] = await fake_slack.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("DU1", "1741.000042")
    assert "Ja, noterat" in update.args["text"]
    [opened] = await fake_slack.wait_for("views.open")
    assert opened.args["trigger_id"] == payload["trigger_id"]
    assert opened.args["view"]["callback_id"] == "f:1"
    methods = [call.method for call in fake_slack.calls]
    assert methods.index("views.open") < methods.index("chat.update")  # the trigger is fresh


async def test_garbage_action_value_reaches_the_handler_unchanged(
    slack: SlackRequests, handler: RecordingHandler
) -> None:
    garbage = "c:zz:<!channel>\u0000" + "x" * 500
    await slack.interaction(slack.block_action(garbage))
    [event] = await handler.wait()
    assert isinstance(event, ChoiceSelected)
    assert event.token == garbage


async def test_toast_after_a_tap_is_an_ephemeral_note(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _e: [Toast("Inte din")]
    await slack.interaction(slack.block_action("c:9:y"))
    [note] = await fake_slack.wait_for("chat.postEphemeral")
    assert (note.args["channel"], note.args["user"]) == ("DU1", "U1")


async def test_view_submission_becomes_form_submitted(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _e: [Reply(OutgoingMessage("Tack!"))]
    values: dict[str, dict[str, Any]] = {
        "participants": {"type": "number_input", "value": "12"},
        "comment": {"type": "plain_text_input", "value": "Bra möte"},
        "new_date": {"type": "datepicker", "selected_date": "2025-04-01"},
        "blocker": {"type": "plain_text_input", "value": None},
    }
    await slack.interaction(slack.view_submission("f:1", values))
    [event] = await handler.wait()
    assert isinstance(event, FormSubmitted)
    assert event.token == "f:1"
    assert dict(event.values) == {
        "participants": "12",
        "comment": "Bra möte",
        "new_date": "2025-04-01",
        "blocker": "",
    }
    assert event.sender.chat_id == "DU1"  # the DM, opened with conversations.open
    [posted] = await fake_slack.wait_for("chat.postMessage")
    assert posted.args["channel"] == "DU1"


async def test_direct_message_becomes_text_and_edits_are_not_read(
    slack: SlackRequests, handler: RecordingHandler
) -> None:
    base = {"type": "message", "channel": "DU1", "channel_type": "im", "ts": "1.1"}
    await slack.event({**base, "user": "U1", "text": "12 deltagare"}, event_id="Ev1")
    await slack.event({**base, "subtype": "message_changed", "message": {}}, event_id="Ev2")
    await slack.event({**base, "user": "U1", "subtype": "file_share"}, event_id="Ev3")
    await slack.event({**base, "user": "U1", "bot_id": "B9", "text": "x"}, event_id="Ev4")
    await slack.event({**base, "channel_type": "channel", "user": "U1", "text": "y"}, "Ev5")
    events = await handler.wait(2)
    assert isinstance(events[0], TextReceived)
    assert (events[0].text, events[0].event_id) == ("12 deltagare", "evt:Ev1")
    assert isinstance(events[1], Unsupported)
    assert events[1].kind == "file_share"
    await slack.event({**base, "user": "U1", "text": "sist"}, event_id="Ev6")
    events = await handler.wait(3)
    assert len(events) == 3  # Ev2, Ev4 and Ev5 never reached the handler


async def test_redelivered_event_keeps_its_event_id(
    slack: SlackRequests, handler: RecordingHandler
) -> None:
    event = {"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1", "text": "5"}
    await slack.event(event, event_id="EvSame")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert (await slack.event(event, event_id="EvSame", headers=retry)).status == 200
    first, second = await handler.wait(2)
    assert first.event_id == second.event_id == "evt:EvSame"


async def test_app_home_opened_publishes_the_home_view(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _e: [Reply(OutgoingMessage("Dina punkter", title="Ombud"))]
    await slack.event({"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"})
    [event] = await handler.wait()
    assert isinstance(event, HomeOpened)
    assert event.sender.language_code == "nb-NO"
    [published] = await fake_slack.wait_for("views.publish")
    assert published.args["user_id"] == "U2"
    assert published.args["view"]["type"] == "home"


async def test_forged_signature_is_refused(slack: SlackRequests, handler: RecordingHandler) -> None:
    forged = signed_headers("another body", secret="not-the-secret")
    answer = await slack.command("plan", signature=forged)
    assert answer.status == 401
    assert handler.events == []


async def test_stale_timestamp_is_refused(slack: SlackRequests, handler: RecordingHandler) -> None:
    body = "token=x&team_id=T0UNION&user_id=U1&command=%2Fombud&text=plan"
    stale = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    answer = await slack.post(body, "application/x-www-form-urlencoded", signature=stale)
    assert answer.status == 401
    assert handler.events == []


async def test_another_workspace_is_refused(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    answer = await slack.command("plan", team_id="T0OTHER")
    assert answer.status == 403
    other = {"type": "message", "channel": "D9", "channel_type": "im", "user": "U9", "text": "x"}
    assert (await slack.event(other, team_id="T0OTHER")).status == 403
    await slack.command("hjälp")
    [event] = await handler.wait()
    assert isinstance(event, CommandReceived)
    assert event.command == "hjalp"
    assert not fake_slack.calls_to("chat.postMessage")


async def test_a_failing_handler_does_not_stop_the_bot(
    slack: SlackRequests, handler: RecordingHandler, slack_bot: SlackTransport
) -> None:
    def broken(_event: InboundEvent) -> list[Reply]:
        raise RuntimeError("boom")

    handler.script = broken
    assert (await slack.command("plan")).status == 200
    handler.script = lambda _e: []
    await slack.command("plan")
    assert len(await handler.wait(2)) == 2


async def test_reply_buttons_carry_tokens_and_styles(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    buttons = (
        Button("Ja", "c:1:y", ButtonStyle.PRIMARY),
        Button("Nej", "c:1:n", ButtonStyle.DANGER),
    )
    handler.script = lambda _e: [Reply(OutgoingMessage("Gick det?", buttons=buttons))]
    await slack.event(
        {"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1", "text": "?"}
    )
    [posted] = await fake_slack.wait_for("chat.postMessage")
    [actions] = [b for b in posted.args["blocks"] if b["type"] == "actions"]
    assert [(e["value"], e.get("style")) for e in actions["elements"]] == [
        ("c:1:y", "primary"),
        ("c:1:n", "danger"),
    ]


async def test_a_command_in_another_dm_is_answered_in_the_persons_own_dm(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    handler.script = lambda _e: [Reply(OutgoingMessage("Hjälp"), ephemeral=True)]
    await slack.command("hjalp", channel="D0SOMEONEELSE")  # no response_url
    [event] = await handler.wait()
    assert event.sender.chat_id == "DU1"
    assert event.sender.is_group is False
    [note] = await fake_slack.wait_for("chat.postEphemeral")
    assert (note.args["channel"], note.args["user"]) == ("DU1", "U1")


async def test_when_slack_will_not_open_the_dm_the_user_id_is_the_chat(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    fake_slack.script("conversations.open", 200, {"ok": False, "error": "cannot_dm_bot"})
    values = {"comment": {"type": "plain_text_input", "value": "x"}}
    await slack.interaction(slack.view_submission("f:1", values))
    [event] = await handler.wait()
    assert event.sender.chat_id == "U1"


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "12:00"])
async def test_an_unsigned_request_with_a_non_numeric_timestamp_is_refused_not_an_error(
    slack: SlackRequests, handler: RecordingHandler, timestamp: str
) -> None:
    body = "token=x&team_id=T0UNION&user_id=U1&command=%2Fombud&text=plan"
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=00"}
    answer = await slack.post(body, "application/x-www-form-urlencoded", signature=headers)
    assert answer.status == 401
    assert handler.events == []
