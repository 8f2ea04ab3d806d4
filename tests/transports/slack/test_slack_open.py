"""Send-only mode: open() learns the team id and nothing more; no socket, no HTTP server."""

from __future__ import annotations

import pytest

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, OutgoingMessage
from bot.core.model import Platform
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.fake_slack import TEAM_ID, FakeSlack


def socket_transport(
    fake: FakeSlack, pacer: SlackPacer, team_id: str | None = None
) -> SlackTransport:
    return SlackTransport(
        "xoxb-test-token",
        app_token="xapp-test-token",
        base_url=fake.base_url,
        team_id=team_id,
        pacer=pacer,
    )


async def test_open_learns_the_team_once_and_sends_without_a_socket(
    fake_slack: FakeSlack, pacer: SlackPacer
) -> None:
    transport = socket_transport(fake_slack, pacer)
    await transport.open()
    await transport.open()
    ref = await transport.send(
        ChatAddress(Platform.SLACK, "U1", TEAM_ID, "U1"), OutgoingMessage(text="Hej")
    )
    await transport.stop()
    assert (transport.team_id, ref.workspace) == (TEAM_ID, TEAM_ID)
    methods = [call.method for call in fake_slack.calls]
    assert methods == ["auth.test", "conversations.open", "chat.postMessage"]
    assert transport.bound_port is None


async def test_a_configured_team_needs_no_call(fake_slack: FakeSlack, pacer: SlackPacer) -> None:
    transport = socket_transport(fake_slack, pacer, team_id="T0OTHER")
    await transport.open()
    await transport.stop()
    assert fake_slack.calls == []


async def test_a_refused_token_is_a_delivery_error(
    fake_slack: FakeSlack, pacer: SlackPacer
) -> None:
    fake_slack.script("auth.test", body={"ok": False, "error": "invalid_auth"})
    transport = socket_transport(fake_slack, pacer)
    with pytest.raises(DeliveryError) as caught:
        await transport.open()
    assert caught.value.code == "invalid_auth"
    assert transport.team_id is None
