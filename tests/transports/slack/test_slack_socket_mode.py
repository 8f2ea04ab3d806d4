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
