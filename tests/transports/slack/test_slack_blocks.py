"""Block Kit rendering: escaped, within Slack's limits, buttons and forms as Slack wants them."""

from __future__ import annotations

import json

import pytest

from bot.core.messages import (
    Button,
    ButtonStyle,
    FieldKind,
    Form,
    FormField,
    OutgoingMessage,
    Section,
)
from bot.transports import slack_blocks as sb


def all_text(blocks: object) -> str:
    return json.dumps(blocks, ensure_ascii=False)


@pytest.mark.parametrize("hostile", ["<!channel>", "<!here>", "<@U123>", "<!subteam^S1>"])
def test_mentions_in_markup_are_escaped_everywhere(hostile: str) -> None:
    message = OutgoingMessage(
        f"Hej {hostile}",
        title=f"Titel {hostile}",
        context=f"Ort {hostile}",
        buttons=(Button(f"Knapp {hostile}", "c:1:y"),),
        sections=(Section(f"Avsnitt {hostile}", (f"rad {hostile}",)),),
    )
    rendered = all_text(sb.message_blocks(message)) + sb.fallback_text(message)
    assert hostile not in rendered
    section = sb.message_blocks(message)[1]
    assert section["text"] == {
        "type": "plain_text",
        "text": "Hej " + hostile.replace("<", "<\u200d", 1),
        "emoji": True,
    }
    assert "&lt;" in sb.fallback_text(message)  # the fallback is parsed as mrkdwn: escaped


@pytest.mark.parametrize("plain", ["@here", "@channel", "@Everyone", "hej @here!"])
def test_plain_mentions_are_neutralised(plain: str) -> None:
    message = OutgoingMessage(plain, title=plain)
    rendered = all_text(sb.message_blocks(message)) + sb.fallback_text(message)
    for word in ("@here", "@channel", "@everyone"):
        assert word not in rendered.lower()
    assert "\u200d" in sb.escape_mrkdwn(plain)


def test_ampersands_are_escaped_once() -> None:
    assert sb.escape_mrkdwn("A & B <b>*fet*</b>") == "A &amp; B &lt;b&gt;*fet*&lt;/b&gt;"


def test_a_50000_character_comment_stays_within_limits() -> None:
    comment = ("<!channel> & " * 4000)[:50_000]
    message = OutgoingMessage(comment, title="x" * 400, buttons=(Button("Ja", "c:1:y"),))
    blocks = sb.message_blocks(message)
    assert len(blocks) <= sb.MAX_BLOCKS
    assert blocks[-1]["type"] == "actions"
    assert len(blocks[0]["text"]["text"]) <= sb.MAX_HEADER_TEXT
    for block in blocks:
        if block["type"] == "section":
            text = block["text"]["text"]
            assert block["text"]["type"] == "plain_text"
            assert len(text) <= sb.MAX_SECTION_TEXT
            assert "<!" not in text
            assert not text.startswith("\u200d")  # a joiner stays with the `<` it breaks
    fallback = sb.fallback_text(message)
    assert len(fallback) <= sb.MAX_FALLBACK_TEXT
    assert not fallback.removesuffix("…").endswith(("&", "&a", "&am", "&amp", "&l", "&lt"))
    assert "<!channel>" not in all_text(blocks)
    shown = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert shown == sb.safe_plain(comment)  # split, but nothing lost


def test_text_beyond_fifty_blocks_is_cut_with_a_note_and_buttons_survive() -> None:
    message = OutgoingMessage("ord " * 60_000, context="ctx", buttons=(Button("Ja", "c:1:y"),))
    blocks = sb.message_blocks(message)
    assert len(blocks) == sb.MAX_BLOCKS
    assert [b["type"] for b in blocks[-3:]] == ["context", "context", "actions"]
    assert blocks[-3]["elements"][0]["text"] == sb.TRUNCATED_NOTE


def test_long_text_is_split_into_sections_that_add_up() -> None:
    text = "å" * 7000
    blocks = sb.section_blocks(text)
    assert len(blocks) == 3
    assert "".join(b["text"]["text"] for b in blocks) == text


def test_buttons_keep_style_token_and_unique_ids() -> None:
    buttons = (
        *tuple(Button(f"B{i}", f"c:{i}:y") for i in range(30)),
        Button("Ja", "c:1:y", ButtonStyle.PRIMARY),
        Button("Nej", "c:1:n", ButtonStyle.DANGER),
        Button("L" * 200, "t" * 3000),
    )
    blocks = sb.actions_blocks(buttons)
    elements = [e for block in blocks for e in block["elements"]]
    assert all(len(block["elements"]) <= sb.MAX_BUTTONS_PER_ACTIONS for block in blocks)
    assert len({e["action_id"] for e in elements}) == len(buttons)
    assert elements[30]["style"] == "primary"
    assert elements[31]["style"] == "danger"
    assert "style" not in elements[0]
    assert len(elements[32]["text"]["text"]) <= sb.MAX_BUTTON_TEXT
    assert len(elements[32]["value"]) <= sb.MAX_ACTION_VALUE
    assert elements[5]["value"] == "c:5:y"


def test_digest_sections_render_as_headers_and_text() -> None:
    message = OutgoingMessage("", sections=(Section("Organisering", ("8.2 klar", "8.3 ej")),))
    blocks = sb.message_blocks(message)
    assert [b["type"] for b in blocks] == ["header", "section"]
    assert blocks[1]["text"]["text"] == "8.2 klar\n8.3 ej"
    assert sb.fallback_text(message) == "Organisering"


def test_modal_has_the_right_inputs() -> None:
    form = Form(
        "f:1",
        "Rapport om arbetsplatsträffar",
        "Skicka",
        (
            FormField("participants", "Antal deltagare", FieldKind.NUMBER, optional=False),
            FormField("comment", "Kommentar", FieldKind.MULTILINE, max_length=9000, hint="Kort"),
            FormField("new_date", "Nytt datum", FieldKind.DATE),
            FormField("title", "Rubrik", FieldKind.TEXT),
        ),
    )
    prefill = {"participants": "7", "new_date": "2025-13-40x", "comment": "Hej"}
    view = sb.modal_view(form, prefill)
    assert view["type"] == "modal"
    assert view["callback_id"] == "f:1"
    assert len(view["title"]["text"]) <= sb.MAX_MODAL_TITLE
    number, comment, when, title = (b["element"] for b in view["blocks"])
    assert number == {
        "type": "number_input",
        "action_id": "participants",
        "is_decimal_allowed": False,
        "min_value": "0",
        "initial_value": "7",
    }
    assert view["blocks"][0]["optional"] is False
    assert comment["multiline"] is True
    assert comment["max_length"] == sb.MAX_INPUT_LENGTH
    assert comment["initial_value"] == "Hej"
    assert when == {"type": "datepicker", "action_id": "new_date"}  # a bad prefill is dropped
    assert title["multiline"] is False


def test_number_prefill_that_is_not_a_number_is_dropped() -> None:
    element = sb.input_element(FormField("n", "N", FieldKind.NUMBER), "-3")
    assert "initial_value" not in element


def test_form_values_read_every_input_kind_and_ignore_junk() -> None:
    state = {
        "n": {"n": {"type": "number_input", "value": "4"}},
        "d": {"d": {"type": "datepicker", "selected_date": "2025-04-01"}},
        "s": {"s": {"type": "static_select", "selected_option": {"value": "yes"}}},
        "e": {"e": {"type": "plain_text_input", "value": None}},
        "junk": "not a mapping",
    }
    assert sb.form_values(state) == {"n": "4", "d": "2025-04-01", "s": "yes", "e": ""}


def test_home_view_allows_more_blocks() -> None:
    lines = tuple(f"punkt {i}" for i in range(60))
    message = OutgoingMessage("x", sections=tuple(Section(f"S{i}", lines[:1]) for i in range(60)))
    home = sb.home_view(message)
    assert home["type"] == "home"
    assert sb.MAX_BLOCKS < len(home["blocks"]) <= sb.MAX_HOME_BLOCKS
