"""Slash-command replies: private (ephemeral) unless meant for the channel, and a board
link only in a channel Ombud was invited to."""

from __future__ import annotations

import pytest

from bot.core.messages import CommandReceived, OutgoingMessage, Reply
from tests.transports.slack.conftest import RecordingHandler
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests

PLAN = OutgoingMessage("8.2 Arbetsplatsträffar: väntar på ditt svar", title="Din plan")


async def response_types(fake: FakeSlack, count: int = 1) -> list[str]:
    calls = await fake.wait_for("response_url", count=count)
    return [str(call.args["response_type"]) for call in calls]


@pytest.mark.parametrize("channel", ["DU1", "D0COLLEAGUE"])
async def test_a_personal_reply_in_any_direct_message_is_seen_only_by_the_person(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack, channel: str
) -> None:
    # A DM with a colleague is a D… channel too: the colleague must not see the plan.
    handler.script = lambda _event: [Reply(PLAN)]
    await slack.command("plan", channel=channel, response_url=fake_slack.response_url())
    assert await response_types(fake_slack) == ["ephemeral"]
    assert not fake_slack.calls_to("chat.postMessage")


async def test_in_a_channel_only_a_reply_meant_for_it_is_shown_to_it(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    fake_slack.rules.add_channel("C0BOARD", member=True)
    handler.script = lambda event: [
        Reply(OutgoingMessage("Klart! Styrelsen får sin veckorapport här.")),
        Reply(OutgoingMessage("Bara du ser detta."), ephemeral=True),
    ]
    await slack.command("koppla ABC", channel="C0BOARD", response_url=fake_slack.response_url())
    assert await response_types(fake_slack, 2) == ["in_channel", "ephemeral"]


async def test_the_sender_says_how_a_command_is_written_in_slack(
    slack: SlackRequests, handler: RecordingHandler
) -> None:
    await slack.command("hjalp")
    [event] = await handler.wait()
    assert event.sender.command_prefix + "hjalp" == "/ombud hjalp"


# Every spelling the help texts name: Swedish, Bokmål, Nynorsk, English.
@pytest.mark.parametrize("word", ["koppla", "koble", "kople", "link"])
async def test_linking_a_channel_ombud_is_not_in_says_so_and_links_nothing(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack, word: str
) -> None:
    fake_slack.rules.add_channel("C0SECRET", member=False)
    await slack.command(
        f"{word} ABCDEFGHIJKLMNOPQRSTUV", channel="C0SECRET", response_url=fake_slack.response_url()
    )
    [told] = await fake_slack.wait_for("response_url")
    assert told.args["response_type"] == "ephemeral"
    assert "/invite @Ombud" in told.args["text"]
    assert [call.args["channel"] for call in fake_slack.calls_to("conversations.info")] == [
        "C0SECRET"
    ]
    assert handler.events == []  # the code was not spent on a channel that gets nothing


async def test_linking_a_channel_ombud_is_in_goes_to_the_handlers(
    slack: SlackRequests, handler: RecordingHandler, fake_slack: FakeSlack
) -> None:
    fake_slack.rules.add_channel("C0BOARD", member=True)
    await slack.command("koppla ABCDEFGHIJKLMNOPQRSTUV", channel="C0BOARD")
    [event] = await handler.wait()
    assert isinstance(event, CommandReceived)
    assert (event.command, event.sender.is_group) == ("koppla", True)
