"""User-written text through Block Kit: shown as typed, never formatted, never pinging anyone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.core.i18n import Translator
from bot.core.messages import Button, ChatAddress, OutgoingMessage, Section
from bot.core.model import Platform
from bot.core.reporting import AreaDigest, BoardInfo, DigestData, IsoWeek, ReportComment
from bot.transports import slack_blocks as sb
from bot.transports.slack_limits import SlackPacer
from handlers.digest import compose_digest
from tests.transports.slack.conftest import make_transport
from tests.transports.slack.fake_slack import FakeSlack

PINGS = ["<!channel>", "<!here>", "@here", "@channel", "@everyone", "<@U123>", "<!subteam^S1>"]
MARKUP = ["<b>bold</b>", "*bold*", "_it_", "~s~", "`c`", "&amp;", "@olof", "<#C1>"]
HOSTILE = PINGS + MARKUP
HUGE = "lång kommentar " * 1_350  # about 20,000 characters
# What would notify someone if Slack parsed it: special links, or a bare broadcast word.
_LIVE_LINK = re.compile(r"<[!@#]")
_LIVE_WORD = re.compile(r"(?<![\w\u200d])@(channel|here|everyone)\b", re.IGNORECASE)


def _digest(locale: str) -> OutgoingMessage:
    at = datetime(2025, 3, 12, 9, tzinfo=UTC)
    comments = [ReportComment("8.2 <!here>", "Eve *E*", text, None, False, at) for text in HOSTILE]
    comments.append(ReportComment("8.3", "Bo", HUGE, "`blocker` <!channel> @here", True, at))
    data = DigestData(
        board=BoardInfo(1, "styrelsen", "Styrelsen <!channel>", 1, locale, "Europe/Stockholm"),
        week=IsoWeek(2025, 11),
        period_start=date(2025, 3, 10),
        period_end=date(2025, 3, 17),
        areas=(AreaDigest("Plan", "_Organisering_ <@U9>", 3, 1, 0),),
        targets=(),
        units=(),
        comments=tuple(comments),
        not_answered=(),
        unreachable=("@here Ola",),
    )
    return compose_digest(Translator(locale), data)


def _text_objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every Block Kit text object in a rendered structure, however deep."""
    if isinstance(node, dict):
        if node.get("type") in ("plain_text", "mrkdwn") and "text" in node:
            yield node
        for value in node.values():
            yield from _text_objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _text_objects(item)


def _assert_cannot_ping(text: str) -> None:
    assert not _LIVE_LINK.search(text), text[:200]
    assert not _LIVE_WORD.search(text), text[:200]


def _assert_safe_blocks(blocks: list[dict[str, Any]], max_blocks: int) -> None:
    assert 0 < len(blocks) <= max_blocks
    objects = list(_text_objects(blocks))
    assert objects
    for obj in objects:
        assert obj["type"] == "plain_text"
        assert obj["text"].strip()
        assert len(obj["text"]) <= sb.MAX_SECTION_TEXT
        _assert_cannot_ping(obj["text"])
    for block in blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= sb.MAX_HEADER_TEXT
        if block["type"] == "context":
            assert all(len(e["text"]) <= sb.MAX_CONTEXT_TEXT for e in block["elements"])


def _shown(blocks: list[dict[str, Any]]) -> str:
    """The text a reader sees, with the invisible joiners taken out."""
    return "\n".join(obj["text"] for obj in _text_objects(blocks)).replace("\u200d", "")


@pytest.mark.parametrize("locale", ["sv", "nb", "nn", "en"])
def test_a_hostile_digest_renders_as_plain_text_that_pings_nobody(locale: str) -> None:
    message = _digest(locale)
    blocks = sb.message_blocks(message)
    _assert_safe_blocks(blocks, sb.MAX_BLOCKS)
    shown = _shown(blocks)
    for hostile in HOSTILE:
        assert hostile in shown  # shown exactly as the steward typed it
    assert "Styrelsen <!channel>" in shown  # the board's name in the context, too


def test_a_hostile_digest_in_the_app_home_is_just_as_safe() -> None:
    view = sb.home_view(_digest("sv"))
    _assert_safe_blocks(view["blocks"], sb.MAX_HOME_BLOCKS)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_notification_fallback_is_escaped_and_pings_nobody(hostile: str) -> None:
    message = OutgoingMessage(f"Kommentar: {hostile}", title=f"8.2 {hostile}")
    fallback = sb.fallback_text(message)
    assert "<" not in fallback  # Slack parses this text as mrkdwn: it must stay escaped
    assert ">" not in fallback
    _assert_cannot_ping(fallback)
    assert len(fallback) <= sb.MAX_FALLBACK_TEXT


def test_a_20000_character_multiline_comment_is_split_within_limits_and_kept_whole() -> None:
    comment = "\n".join(f"> *rad {n}* _{n}_ ~{n}~ `{n}` <!here> @channel" for n in range(450))
    assert len(comment) > 20_000
    message = OutgoingMessage(
        comment,
        title="Sammanfattning",
        context=comment,
        sections=(Section("Kommentarer", (comment,)),),
        buttons=(Button("Ja", "c:1:y"),),
    )
    blocks = sb.message_blocks(message)
    _assert_safe_blocks(blocks, sb.MAX_BLOCKS)
    assert blocks[-1]["type"] == "actions"  # the buttons survive the cut
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    body = "".join(sections)
    assert body.startswith(sb.safe_plain(comment))  # the text part, split but nothing lost
    assert "\n> *rad 1* _1_ ~1~ `1`" in body.replace("\u200d", "")  # quotes and stars as typed


def test_a_joiner_is_never_split_from_the_mark_it_breaks() -> None:
    for mark in ("<!channel>", "@here"):
        pieces = sb.split_plain("x" * (sb.MAX_SECTION_TEXT - 1) + mark)
        assert [len(piece) for piece in pieces] == [sb.MAX_SECTION_TEXT - 1, len(mark) + 1]
        _assert_cannot_ping(pieces[1])
        assert pieces[1].replace("\u200d", "") == mark


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text_gives_no_section(text: str) -> None:
    assert sb.section_blocks(text) == []
    assert sb.context_block(text)["elements"][0]["text"].strip() == ""


async def test_the_posted_message_carries_only_plain_text_and_an_escaped_fallback(
    fake_slack: FakeSlack, pacer: SlackPacer
) -> None:
    transport = make_transport(fake_slack, pacer)
    board = ChatAddress(Platform.SLACK, "C0BOARD", "T0UNION")
    await transport.send(board, _digest("sv"))
    [posted] = fake_slack.calls_to("chat.postMessage")
    _assert_safe_blocks(posted.args["blocks"], sb.MAX_BLOCKS)
    _assert_cannot_ping(posted.args["text"])
    assert "<" not in posted.args["text"]
