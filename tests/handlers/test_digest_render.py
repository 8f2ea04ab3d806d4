"""A hostile digest through the Telegram HTML and Slack Block Kit renderers: escaped, bounded."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.core.i18n import Translator
from bot.core.messages import OutgoingMessage
from bot.core.reporting import AreaDigest, BoardInfo, DigestData, IsoWeek, ReportComment
from bot.transports.slack_blocks import message_blocks
from bot.transports.telegram_render import render_html, render_parts
from handlers.digest import COMMENT_LIMIT, compose_digest

HOSTILE = "<!channel> <b>bold</b> *star* _under_ @here"


def _digest(*comments: str) -> OutgoingMessage:
    at = datetime(2025, 3, 12, tzinfo=UTC)
    data = DigestData(
        board=BoardInfo(1, "b", "Styrelsen <b>", 1, "sv", "Europe/Stockholm"),
        week=IsoWeek(2025, 12),
        period_start=date(2025, 3, 10),
        period_end=date(2025, 3, 17),
        areas=(AreaDigest("Plan", "<i>Område</i>", 2, 0, 0),),
        targets=(),
        units=(),
        comments=tuple(ReportComment("Item", "Eve", c, None, False, at) for c in comments),
        not_answered=(),
        unreachable=(),
    )
    return compose_digest(Translator("sv"), data)


def test_telegram_html_escapes_user_markup() -> None:
    html = render_html(_digest(HOSTILE))
    assert "&lt;!channel&gt; &lt;b&gt;bold&lt;/b&gt; *star* _under_ @\u2060here" in html
    assert "<!channel>" not in html
    assert "&lt;i&gt;Område&lt;/i&gt;" in html  # an area title is plan text, escaped too
    # The only tags are the renderer's own: bold titles, italic context.
    assert html.count("<b>") == html.count("</b>") == 3


def test_telegram_parts_of_a_huge_comment_are_bounded() -> None:
    parts = render_parts(_digest("<b>" * 5_000 + "x" * 20_000))
    text = "".join(part.html for part in parts)
    assert len(text) < 3 * COMMENT_LIMIT * 5
    assert "…" in text


def test_slack_blocks_escape_mentions_and_tags() -> None:
    blocks = json.dumps(message_blocks(_digest(HOSTILE)), ensure_ascii=False)
    assert "<!channel>" not in blocks
    assert "<\u200d!channel> <b>bold</b> *star* _under_" in blocks  # plain_text: as typed
    assert "mrkdwn" not in blocks  # so `*star*` and `_under_` cannot format
    assert "@here" not in blocks  # neutralised with a zero-width joiner


def test_slack_blocks_of_a_huge_comment_are_bounded() -> None:
    blocks = message_blocks(_digest("y" * 20_000, "<" * 20_000))
    texts = [json.dumps(block) for block in blocks]
    assert sum(len(text) for text in texts) < 2 * COMMENT_LIMIT * 5 + 2_000
    assert len(blocks) <= 50
