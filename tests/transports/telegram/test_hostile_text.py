"""User-written text through Telegram HTML: escaped, mentions neutralised, parts within limits."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

import pytest

from bot.core.i18n import Translator
from bot.core.messages import Button, ChatAddress, OutgoingMessage, Section
from bot.core.model import Platform
from bot.core.reporting import AreaDigest, BoardInfo, DigestData, IsoWeek, ReportComment
from bot.transports.telegram_render import (
    MAX_CAPTION,
    MAX_TEXT,
    WORD_JOINER,
    neutralise_mentions,
    render_caption,
    render_parts,
    render_single,
    telegram_length,
)
from handlers.digest import compose_digest
from tests.transports.telegram.conftest import GROUP_ID, TransportFactory
from tests.transports.telegram.fake_bot_api import FakeBotApi

HOSTILE = [
    "<!channel>",
    "<!here>",
    "@here",
    "@channel",
    "<@U123>",
    "<b>bold</b>",
    "*bold*",
    "_it_",
    "~s~",
    "`c`",
    "&amp;",
    "ask @olof",
    '<a href="tg://user?id=1">x</a>',
]
HUGE = "lång kommentar " * 1_350  # about 20,000 characters
_TAG = re.compile(r"</?([a-z]+)>")
# What Telegram would make a mention of: an `@` not inside a word, then a username character.
_LIVE_MENTION = re.compile(r"(?<![0-9A-Za-z_])@[0-9A-Za-z_]")


def _digest(locale: str) -> OutgoingMessage:
    at = datetime(2025, 3, 12, 9, tzinfo=UTC)
    comments = [ReportComment("8.2 @styret", "Eve", text, None, False, at) for text in HOSTILE]
    comments.append(ReportComment("8.3", "Bo", HUGE, "ring @kari <i>nu</i>", True, at))
    data = DigestData(
        board=BoardInfo(1, "styret", "Styret <b>@avd</b>", 1, locale, "Europe/Oslo"),
        week=IsoWeek(2025, 11),
        period_start=date(2025, 3, 10),
        period_end=date(2025, 3, 17),
        areas=(AreaDigest("Plan", "<i>Organisering</i> @alle", 3, 1, 0),),
        targets=(),
        units=(),
        comments=tuple(comments),
        not_answered=(),
        unreachable=("@ola",),
    )
    return compose_digest(Translator(locale), data)


def _visible(markup: str) -> str:
    """What a reader sees: tags dropped, entities unescaped, invisible joiners gone."""
    return html.unescape(_TAG.sub("", markup)).replace(WORD_JOINER, "")


def _assert_safe(markup: str, limit: int = MAX_TEXT) -> None:
    assert telegram_length(markup) <= limit
    assert set(_TAG.findall(markup)) <= {"b", "i"}  # only the renderer's own tags
    assert not _LIVE_MENTION.search(markup), markup[:200]


@pytest.mark.parametrize("locale", ["sv", "nb", "nn", "en"])
def test_a_hostile_digest_is_escaped_and_mentions_nobody(locale: str) -> None:
    parts = render_parts(_digest(locale))
    for part in parts:
        _assert_safe(part.html)
    shown = _visible("\n".join(part.html for part in parts))
    for hostile in HOSTILE:
        assert hostile in shown  # what the steward typed is shown, just inert
    assert "&lt;b&gt;bold&lt;/b&gt;" in parts[0].html
    assert "ask @\u2060olof" in parts[0].html
    assert "Styret <b>@avd</b>" in shown


def test_a_20000_character_comment_splits_into_parts_within_the_limit() -> None:
    comment = "\n".join(f"<b>rad {n}</b> fråga @olof & @kari_2 om /plan" for n in range(500))
    assert len(comment) > 20_000
    message = OutgoingMessage(
        comment, title="@styret", sections=(Section("@alle", (comment,)),), context=comment
    )
    parts = render_parts(message)
    assert len(parts) > 1
    for part in parts:
        _assert_safe(part.html)
    seen = [line for part in parts for line in _visible(part.html).split("\n")]
    assert seen.count("<b>rad 499</b> fråga @olof & @kari_2 om /plan") == 3  # nothing lost


def test_one_line_longer_than_a_message_is_cut_without_reviving_a_mention() -> None:
    # `x@olof` is no mention; cut right before its `@`, the next piece would start with one.
    line = "x" * (MAX_TEXT - 1) + "x@olof" + " @kari" * 2_000
    parts = render_parts(OutgoingMessage(line))
    assert len(parts) > 1
    for part in parts:
        _assert_safe(part.html)
    assert "".join(_visible(part.html) for part in parts).replace("\n", "") == line


def test_an_edit_and_a_caption_are_neutralised_too() -> None:
    single = render_single(OutgoingMessage("ask @olof " * 1_000, buttons=(Button("Ja", "c:1:y"),)))
    _assert_safe(single.html)
    caption = render_caption("Vecka 11 @styret <b>" * 100)
    _assert_safe(caption, MAX_CAPTION)
    assert caption.startswith("Vecka 11 @\u2060styret &lt;b&gt;")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ask @olof", "ask @\u2060olof"),
        ("@here", "@\u2060here"),
        ("(@kari_2)", "(@\u2060kari_2)"),
        ("på@olof", "på@\u2060olof"),  # a non-ASCII letter may not guard it: neutralise
        ("olof@example.se", "olof@example.se"),  # an e-mail address stays usable
        ("/koppla@ombud_bot", "/koppla@ombud_bot"),  # so does a command for a named bot
        ("@ alone", "@ alone"),
        ("@", "@"),
        ("", ""),
    ],
)
def test_neutralise_mentions(text: str, expected: str) -> None:
    assert neutralise_mentions(text) == expected


async def test_a_digest_sent_to_a_group_arrives_inert(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    transport = make_transport()
    await transport.open()
    await transport.send(ChatAddress(Platform.TELEGRAM, str(GROUP_ID)), _digest("nb"))
    calls = fake_api.calls_to("sendMessage")
    assert calls
    for call in calls:
        assert call["parse_mode"] == "HTML"
        _assert_safe(call["text"])
