"""Rendering neutral messages as Telegram HTML: escaping, layout, keyboards, splitting."""

from __future__ import annotations

import html
import re

import pytest

from bot.core.messages import Button, OutgoingMessage, Section
from bot.transports.telegram_render import (
    MAX_CAPTION,
    MAX_TEXT,
    check_callback_data,
    keyboard,
    render_caption,
    render_html,
    render_parts,
    render_single,
    telegram_length,
)

HOSTILE = "<b>fet</b> <!channel> @here & *bold* <a href='x'>länk</a>"
_TAG = re.compile(r"</?([a-z]+)>")


def visible(markup: str) -> str:
    """What a reader sees: tags dropped, entities unescaped, invisible joiners gone."""
    return html.unescape(_TAG.sub("", markup)).replace("\u2060", "")


def test_title_sections_and_context_get_their_styles() -> None:
    message = OutgoingMessage(
        "Har ni haft medlemsmöte?",
        title="Dags att rapportera",
        context="Verksamhetsplan 2025",
        sections=(Section("Organisering", ("8.2 Digitala träffar", "8.3 Värvningsvecka")),),
    )
    assert render_html(message) == (
        "<b>Dags att rapportera</b>\n\nHar ni haft medlemsmöte?\n\n"
        "<b>Organisering</b>\n8.2 Digitala träffar\n8.3 Värvningsvecka\n\n"
        "<i>Verksamhetsplan 2025</i>"
    )


@pytest.mark.parametrize("where", ["text", "title", "context", "section", "line"])
def test_user_written_markup_is_escaped_everywhere(where: str) -> None:
    fields: dict[str, object] = {"text": "x"}
    if where == "section":
        fields["sections"] = (Section(HOSTILE),)
    elif where == "line":
        fields["sections"] = (Section("S", (HOSTILE,)),)
    else:
        fields[where] = HOSTILE
    rendered = render_html(OutgoingMessage(**fields))  # type: ignore[arg-type]

    assert "&lt;b&gt;fet&lt;/b&gt;" in rendered
    assert "&lt;!channel&gt;" in rendered
    assert "&amp;" in rendered
    assert "<a " not in rendered
    assert "@here" not in rendered
    assert set(_TAG.findall(rendered)) <= {"b", "i"}
    assert HOSTILE in visible(rendered)


def test_an_empty_message_still_has_text() -> None:
    assert render_html(OutgoingMessage("")) == "…"
    (part,) = render_parts(OutgoingMessage(""))
    assert part.html == "…"


def test_buttons_go_two_to_a_row() -> None:
    buttons = tuple(Button(label, f"c:1:{code}") for label, code in
                    (("Ja", "y"), ("Nej", "n"), ("Senare", "l"), ("Inte aktuellt", "x"),
                     ("Hoppa över", "s")))  # fmt: skip
    markup = keyboard(buttons)
    assert markup is not None
    rows = [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]
    assert rows == [
        [("Ja", "c:1:y"), ("Nej", "c:1:n")],
        [("Senare", "c:1:l"), ("Inte aktuellt", "c:1:x")],
        [("Hoppa över", "c:1:s")],
    ]
    assert keyboard(()) is None


@pytest.mark.parametrize("token", ["", "x" * 65, "å" * 33])
def test_callback_data_must_be_1_to_64_bytes(token: str) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        check_callback_data(token)
    with pytest.raises(ValueError, match="64 bytes"):
        keyboard((Button("Ja", token),))


def test_callback_data_of_exactly_64_bytes_passes() -> None:
    assert check_callback_data("c" * 64) == "c" * 64


def test_long_texts_split_on_line_boundaries_with_buttons_on_the_last() -> None:
    lines = [f"{n:04d} {'medlemmar & värvning ' * 8}" for n in range(400)]
    message = OutgoingMessage("\n".join(lines), title="Lång", buttons=(Button("Ja", "c:1:y"),))
    parts = render_parts(message)

    assert len(parts) > 1
    assert all(telegram_length(part.html) <= MAX_TEXT for part in parts)
    assert [part.keyboard is not None for part in parts] == [False] * (len(parts) - 1) + [True]
    seen = [line for part in parts for line in visible(part.html).split("\n")]
    assert [line for line in seen if line[:4].isdigit()] == lines  # nothing lost or cut


def test_a_single_line_longer_than_a_message_is_cut_without_breaking_entities() -> None:
    line = "&<>" * 3000  # escapes to 5 characters each
    parts = render_parts(OutgoingMessage(line, title="T"))

    assert all(telegram_length(part.html) <= MAX_TEXT for part in parts)
    assert "".join(visible(part.html) for part in parts).replace("\n", "") == "T" + line
    for part in parts:
        assert not re.search(r"&[a-z]*$", part.html)  # no entity torn in half


def test_length_counts_utf16_units_like_telegram() -> None:
    assert telegram_length("åäö") == 3
    assert telegram_length("👍") == 2
    emoji_line = "👍" * 3000
    parts = render_parts(OutgoingMessage(emoji_line))
    assert len(parts) == 2
    assert all(telegram_length(p.html) <= MAX_TEXT for p in parts)


def test_an_edit_is_one_message_cut_short_when_too_long() -> None:
    message = OutgoingMessage("rad\n" * 3000, buttons=(Button("Ja", "c:1:y"),))
    part = render_single(message)
    assert telegram_length(part.html) <= MAX_TEXT
    assert part.html.endswith("…")
    assert part.keyboard is not None


def test_a_caption_is_escaped_and_cut_to_the_caption_limit() -> None:
    assert render_caption("Vecka 10 <b>") == "Vecka 10 &lt;b&gt;"
    assert render_caption("   ") == ""
    long_caption = render_caption("ord " * 1000)
    assert telegram_length(long_caption) <= MAX_CAPTION
    assert long_caption.endswith("…")
