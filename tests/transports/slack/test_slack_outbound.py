"""The dispatcher's port: send, edit and files over real HTTP, with Slack's faults mapped."""

from __future__ import annotations

import pytest

from bot.core.errors import ConfigError, DeliveryError
from bot.core.messages import (
    Button,
    ButtonStyle,
    ChatAddress,
    MessageRef,
    OutgoingMessage,
    Section,
)
from bot.core.model import DeliveryFailure, Platform
from bot.transports.slack import SlackTransport, command_parts
from bot.transports.slack_limits import SlackPacer
from tests.transports.slack.conftest import FakeTime, make_transport
from tests.transports.slack.fake_slack import FakeSlack

DM = ChatAddress(Platform.SLACK, "", "T0UNION", user_id="U1")
REMINDER = OutgoingMessage(
    "Har ni haft arbetsplatsträff?",
    title="8.2 Arbetsplatsträffar",
    context="Organisering · senast 30 juni",
    buttons=(
        Button("Ja", "c:1:y", ButtonStyle.PRIMARY),
        Button("Nej", "c:1:n", ButtonStyle.DANGER),
    ),
)


@pytest.fixture
def transport(fake_slack: FakeSlack, pacer: SlackPacer) -> SlackTransport:
    return make_transport(fake_slack, pacer)


async def test_send_opens_the_dm_once_and_posts_blocks(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    first = await transport.send(DM, REMINDER)
    second = await transport.send(DM, REMINDER)
    assert len(fake_slack.calls_to("conversations.open")) == 1
    posted = fake_slack.calls_to("chat.postMessage")
    assert [call.args["channel"] for call in posted] == ["DU1", "DU1"]
    assert posted[0].token == "xoxb-test-token"
    assert first.chat_id == "DU1"
    assert first.message_id
    assert first.message_id != second.message_id
    assert posted[0].args["blocks"][0]["type"] == "header"


async def test_send_to_a_channel_posts_there_without_opening_a_dm(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    ref = await transport.send(ChatAddress(Platform.SLACK, "C0BOARD", "T0UNION"), REMINDER)
    assert ref.chat_id == "C0BOARD"
    assert not fake_slack.calls_to("conversations.open")


async def test_edit_updates_the_message(transport: SlackTransport, fake_slack: FakeSlack) -> None:
    ref = MessageRef(Platform.SLACK, "DU1", "1741.000001", "T0UNION")
    await transport.edit(ref, OutgoingMessage("Svar: Ja"))
    [update] = fake_slack.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("DU1", "1741.000001")


async def test_rate_limit_becomes_rate_limited_with_retry_after_and_holds_sending(
    transport: SlackTransport, fake_slack: FakeSlack, fake_time: FakeTime
) -> None:
    await transport.send(DM, REMINDER)  # opens the DM
    fake_slack.script(
        "chat.postMessage", 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}
    )
    with pytest.raises(DeliveryError) as caught:
        await transport.send(DM, REMINDER)
    assert caught.value.failure is DeliveryFailure.RATE_LIMITED
    assert caught.value.retry_after == 7.0
    before = fake_time.now
    await transport.send(ChatAddress(Platform.SLACK, "C0OTHER"), REMINDER)
    assert fake_time.now - before >= 7.0  # the next send waited out Retry-After


@pytest.mark.parametrize(
    "case",
    [
        (500, "upstream broke", DeliveryFailure.TRANSIENT, "http_500"),
        (503, {"ok": False, "error": "service_unavailable"}, DeliveryFailure.TRANSIENT, None),
        (200, {"ok": False, "error": "account_inactive"}, DeliveryFailure.UNREACHABLE, None),
        (200, {"ok": False, "error": "user_disabled"}, DeliveryFailure.UNREACHABLE, None),
        (200, {"ok": False, "error": "channel_not_found"}, DeliveryFailure.UNREACHABLE, None),
        (200, {"ok": False, "error": "invalid_blocks"}, DeliveryFailure.PERMANENT, None),
    ],
)
async def test_slack_errors_are_mapped(
    transport: SlackTransport,
    fake_slack: FakeSlack,
    case: tuple[int, object, DeliveryFailure, str | None],
) -> None:
    status, body, failure, code = case
    fake_slack.script("chat.postMessage", status, body)
    with pytest.raises(DeliveryError) as caught:
        await transport.send(DM, REMINDER)
    assert caught.value.failure is failure
    expected = code or (body["error"] if isinstance(body, dict) else "")
    assert caught.value.code == expected


async def test_a_channel_not_found_for_a_channel_is_permanent(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    fake_slack.script("chat.postMessage", 200, {"ok": False, "error": "channel_not_found"})
    with pytest.raises(DeliveryError) as caught:
        await transport.send(ChatAddress(Platform.SLACK, "C0GONE"), REMINDER)
    assert caught.value.failure is DeliveryFailure.PERMANENT


async def test_a_dm_that_cannot_be_opened_is_unreachable(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    fake_slack.script("conversations.open", 200, {"ok": False, "error": "cannot_dm_bot"})
    with pytest.raises(DeliveryError) as caught:
        await transport.send(DM, REMINDER)
    assert caught.value.failure is DeliveryFailure.UNREACHABLE
    assert not fake_slack.calls_to("chat.postMessage")


async def test_a_server_that_is_gone_is_transient(pacer: SlackPacer) -> None:
    fake = FakeSlack()
    await fake.start()
    transport = make_transport(fake, pacer)
    await fake.stop()
    with pytest.raises(DeliveryError) as caught:
        await transport.send(ChatAddress(Platform.SLACK, "C1"), REMINDER)
    assert caught.value.failure is DeliveryFailure.TRANSIENT


async def test_send_file_uploads_in_three_steps(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    board = ChatAddress(Platform.SLACK, "C0BOARD", "T0UNION")
    ref = await transport.send_file(board, b"%PDF-1.7 report", "rapport.pdf", "Veckans läge")
    [complete] = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0BOARD"
    assert fake_slack.uploads[ref.message_id] == b"%PDF-1.7 report"


async def test_lookup_by_email_and_auth_test(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    assert await transport.lookup_user_by_email("anna@example.org") == "U1"
    assert await transport.lookup_user_by_email("nobody@example.org") is None
    assert await transport.auth_test() == fake_slack.team_id


def test_settings_that_cannot_work_are_refused() -> None:
    with pytest.raises(ConfigError):
        SlackTransport("xoxb-1", mode="socket")  # no app token
    with pytest.raises(ConfigError):
        SlackTransport("xoxb-1", mode="http")  # no signing secret
    with pytest.raises(ConfigError):
        SlackTransport("xoxb-1", mode="carrier-pigeon", app_token="xapp-1")


@pytest.mark.parametrize(
    ("command", "text", "expected"),
    [
        ("/ombud", "plan", ("plan", "")),
        ("/ombud", "  JOIN  AB12-CD34 ", ("join", "AB12-CD34")),
        ("/ombud", "Hjälp", ("hjalp", "")),
        ("/ombud", "fravær til 12.3", ("fravaer", "til 12.3")),
        ("/ombud", "", ("help", "")),
        ("/rapport", " 8.2 ", ("rapport", "8.2")),
    ],
)
def test_command_parts(command: str, text: str, expected: tuple[str, str]) -> None:
    assert command_parts(command, text) == expected


def thirty_area_digest() -> OutgoingMessage:
    areas = tuple(
        Section(f"Område {n}", tuple(f"{n}.{k} Punkt {k}: klar" for k in range(1, 3)))
        for n in range(1, 31)
    )
    comments = Section("Kommentarer under veckan", ("8.2: Bra träff med 14 deltagare",))
    return OutgoingMessage(
        "Vecka 10: så går planen", title="Veckorapport", sections=(*areas, comments)
    )


async def test_a_long_digest_arrives_whole_in_messages_slack_accepts(
    transport: SlackTransport, fake_slack: FakeSlack
) -> None:
    fake_slack.rules.enforce_blocks = True
    ref = await transport.send(
        ChatAddress(Platform.SLACK, "C0BOARD", "T0UNION"), thirty_area_digest()
    )
    posted = fake_slack.calls_to("chat.postMessage")
    assert len(posted) > 1
    assert fake_slack.rules.refused == []
    assert all(len(call.args["blocks"]) <= 50 for call in posted)
    texts = [block["text"]["text"] for call in posted for block in call.args["blocks"]]
    headers = [t for t in texts if t.startswith(("Område", "Kommentarer"))]
    assert headers == [*(f"Område {n}" for n in range(1, 31)), "Kommentarer under veckan"]
    assert texts[-1] == "8.2: Bra träff med 14 deltagare"
    assert "✂ …" not in texts
    assert ref.message_id == "1741000000.000001"  # the first message stands for the digest
