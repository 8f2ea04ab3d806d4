"""Socket Mode: the default; Ombud connects out and acknowledges each envelope."""

from __future__ import annotations

from bot.core.messages import CommandReceived, TextReceived
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.conftest import RecordingHandler
from tests.transports.slack.fake_slack import FakeSlack


async def test_socket_mode_receives_events_and_commands_and_acknowledges_them(
    fake_slack: FakeSlack, pacer: SlackPacer, handler: RecordingHandler
) -> None:
    transport = SlackTransport(
        "xoxb-test-token", app_token="xapp-test", base_url=fake_slack.base_url, pacer=pacer
    )
    await transport.start(handler)
    try:
        [opened] = fake_slack.calls_to("apps.connections.open")
        assert opened.token == "xapp-test"
        await fake_slack.wait_for("socket.connect")
        message = {"type": "message", "channel": "DU1", "channel_type": "im", "user": "U1"}
        await fake_slack.push(
            {
                "envelope_id": "env-1",
                "type": "events_api",
                "accepts_response_payload": False,
                "payload": {
                    "type": "event_callback",
                    "team_id": fake_slack.team_id,
                    "event_id": "EvSocket",
                    "event": {**message, "text": "hej"},
                },
            }
        )
        await fake_slack.push(
            {
                "envelope_id": "env-2",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": {
                    "team_id": fake_slack.team_id,
                    "user_id": "U1",
                    "channel_id": "DU1",
                    "command": "/ombud",
                    "text": "plan",
                    "trigger_id": "t.1",
                },
            }
        )
        acks = await fake_slack.wait_for("socket.ack", count=2)
        assert {ack.args["envelope_id"] for ack in acks} == {"env-1", "env-2"}
        events = await handler.wait(2)
        [text] = [e for e in events if isinstance(e, TextReceived)]
        [command] = [e for e in events if isinstance(e, CommandReceived)]
        assert text.event_id == "evt:EvSocket"
        assert command.command == "plan"
    finally:
        await transport.stop()


def im_event(n: int) -> dict[str, object]:
    return {
        "envelope_id": f"env-{n}",
        "type": "events_api",
        "accepts_response_payload": False,
        "payload": {
            "type": "event_callback",
            "team_id": "T0UNION",
            "event_id": f"EvSock{n}",
            "event": {
                "type": "message",
                "channel": "DU1",
                "channel_type": "im",
                "user": "U1",
                "text": f"svar {n}",
            },
        },
    }


async def test_a_dropped_connection_is_reopened_and_later_events_are_handled_once(
    fake_slack: FakeSlack, pacer: SlackPacer, handler: RecordingHandler
) -> None:
    transport = SlackTransport(
        "xoxb-test-token", app_token="xapp-test", base_url=fake_slack.base_url, pacer=pacer
    )
    await transport.start(handler)
    try:
        await fake_slack.wait_for("socket.connect")
        await fake_slack.push(im_event(1))
        await handler.wait(1)
        await fake_slack.drop_socket()  # Slack closes the WebSocket, as it does now and then
        await fake_slack.wait_for("socket.connect", count=2)
        assert len(fake_slack.calls_to("apps.connections.open")) == 2
        await fake_slack.push(im_event(2))
        await fake_slack.push(im_event(3))
        events = await handler.wait(3)
        acks = await fake_slack.wait_for("socket.ack", count=3)
        assert [e.event_id for e in events] == ["evt:EvSock1", "evt:EvSock2", "evt:EvSock3"]
        assert sorted(a.args["envelope_id"] for a in acks) == ["env-1", "env-2", "env-3"]
        assert len(fake_slack.calls_to("socket.ack")) == 3
    finally:
        await transport.stop()
    assert len(handler.events) == 3  # nothing arrived twice, before or after the reconnect
