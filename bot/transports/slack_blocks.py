"""Pure Block Kit rendering: neutral messages and forms in, Slack JSON out, no user markup live."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot.core.messages import Button, ButtonStyle, FieldKind, Form, FormField, OutgoingMessage

Block = dict[str, Any]

# Block Kit limits (api.slack.com/reference/block-kit).
MAX_BLOCKS = 50
MAX_HOME_BLOCKS = 100
MAX_VIEW_BLOCKS = 100  # a modal, like the App Home, holds at most 100 blocks
MAX_OPTIONS = 10  # radio buttons in one group
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_TEXT = 2000
MAX_BUTTON_TEXT = 75
MAX_ACTION_VALUE = 2000
MAX_BUTTONS_PER_ACTIONS = 25
MAX_FALLBACK_TEXT = 3000
MAX_MODAL_TITLE = 24
MAX_INPUT_LABEL = 2000
MAX_INPUT_HINT = 2000
MAX_INPUT_LENGTH = 3000
MAX_CALLBACK_ID = 255
MAX_BLOCK_ID = 255
ELLIPSIS = "…"
# Language-neutral, so the renderer needs no translator: the scissors say "cut here".
TRUNCATED_NOTE = "✂ …"

_ZWJ = "\u200d"
_PLAIN_MENTION = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGITS = re.compile(r"^\d{1,15}$")
# What follows `<` in Slack's special syntax: `<!channel>`, `<@U1>`, `<#C1>`.
_LINK_OPENERS = ("!", "@", "#")


def neutralise_mentions(text: str) -> str:
    """Break `@channel`, `@here` and `@everyone` written plainly so they notify nobody."""
    return _PLAIN_MENTION.sub(lambda m: "@" + _ZWJ + m.group(1), text)


def escape_mrkdwn(text: str) -> str:
    """Escape Slack's control characters so `<!channel>` or `<@U1>` is shown, never parsed."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return neutralise_mentions(escaped)


def safe_plain(text: str) -> str:
    """Plain-text fields are not parsed for links, but a mention still must not ping."""
    broken = neutralise_mentions(text)
    for opener in _LINK_OPENERS:
        broken = broken.replace("<" + opener, "<" + _ZWJ + opener)
    return broken


def clip(text: str, limit: int) -> str:
    """At most `limit` characters, with an ellipsis where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def split_escaped(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Escape `text` for mrkdwn and cut it into pieces of at most `limit`, never in an entity."""
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    return _pack([table.get(ch, ch) for ch in neutralise_mentions(text)], limit)


def split_plain(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Make `text` safe for plain_text and cut it into pieces of at most `limit` characters."""
    return _pack(list(safe_plain(text)), limit)


def _pack(units: list[str], limit: int) -> list[str]:
    """Join units into pieces of at most `limit`; a joiner stays glued to what it breaks."""
    glued: list[str] = []
    for unit in units:
        if unit == _ZWJ and glued:
            glued[-1] += unit
        else:
            glued.append(unit)
    if not "".join(glued).strip():
        return []
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for unit in glued:
        if size + len(unit) > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(unit)
        size += len(unit)
    if current:
        pieces.append("".join(current))
    return [piece for piece in pieces if piece.strip()] or [" "]


def plain(text: str, limit: int) -> dict[str, Any]:
    """A plain_text object: shown as written, never parsed as mrkdwn, cut to `limit`."""
    return {"type": "plain_text", "text": clip(safe_plain(text), limit) or " ", "emoji": True}


def _plain_piece(piece: str) -> dict[str, Any]:
    """A plain_text object for a piece that `split_plain` already made safe and short."""
    return {"type": "plain_text", "text": piece, "emoji": True}


def header_block(title: str) -> Block:
    return {"type": "header", "text": plain(title, MAX_HEADER_TEXT)}


def section_blocks(text: str) -> list[Block]:
    """Sections of plain_text: user-written `*bold*`, `_it_` or `> quote` is shown as typed."""
    return [{"type": "section", "text": _plain_piece(piece)} for piece in split_plain(text)]


def context_block(text: str) -> Block:
    return {"type": "context", "elements": [_plain_piece(clip_plain(text, MAX_CONTEXT_TEXT))]}


def clip_plain(text: str, limit: int) -> str:
    """The plain-safe text, cut to `limit` characters without parting a joiner from its mark."""
    pieces = split_plain(text, limit - 1)
    if not pieces:
        return " "
    return pieces[0] + (ELLIPSIS if len(pieces) > 1 else "")


def clip_escaped(text: str, limit: int) -> str:
    """The mrkdwn-escaped text, cut to `limit` characters without breaking an entity."""
    pieces = split_escaped(text, limit - 1)
    if not pieces:
        return " "
    return pieces[0] + (ELLIPSIS if len(pieces) > 1 else "")


def button_element(button: Button, index: int) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": f"ombud-{index}",
        "text": plain(button.label, MAX_BUTTON_TEXT),
        # An over-long value is cut; the handlers then reject it as a token that does not decode.
        "value": button.token[:MAX_ACTION_VALUE],
    }
    if button.style is not ButtonStyle.DEFAULT:
        element["style"] = button.style.value
    return element


def actions_blocks(buttons: Iterable[Button]) -> list[Block]:
    elements = [button_element(button, i) for i, button in enumerate(buttons)]
    return [
        {"type": "actions", "block_id": f"actions-{n}", "elements": chunk}
        for n, chunk in enumerate(_chunked(elements, MAX_BUTTONS_PER_ACTIONS))
    ]


def _chunked(items: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _body_and_tail(message: OutgoingMessage) -> tuple[list[Block], list[Block]]:
    """The text blocks (title, text, sections) and what closes a message (context, buttons)."""
    body: list[Block] = []
    if message.title:
        body.append(header_block(message.title))
    if message.text.strip():
        body.extend(section_blocks(message.text))
    for section in message.sections:
        body.append(header_block(section.title))
        body.extend(section_blocks("\n".join(section.lines)))
    tail: list[Block] = []
    if message.context:
        tail.append(context_block(message.context))
    tail.extend(actions_blocks(message.buttons))
    return body, tail


def message_blocks(message: OutgoingMessage, max_blocks: int = MAX_BLOCKS) -> list[Block]:
    """The message as blocks; buttons are always kept, body text is cut to fit with a note."""
    body, tail = _body_and_tail(message)
    room = max_blocks - len(tail)
    if len(body) > room:
        note = {"type": "context", "elements": [_plain_piece(TRUNCATED_NOTE)]}
        body = [*body[: room - 1], note]
    return body + tail


def message_block_pages(
    message: OutgoingMessage, max_blocks: int = MAX_BLOCKS
) -> list[list[Block]]:
    """The whole message as pages of at most `max_blocks` blocks each, nothing cut.

    A long digest becomes several messages in order: a section's header stays with its
    first lines, and the context and buttons close the last page.
    """
    body, tail = _body_and_tail(message)
    pages: list[list[Block]] = []
    page: list[Block] = []
    for n, block in enumerate(body):
        # A header never ends a page: it moves on with the lines it heads.
        room = max_blocks - (1 if block["type"] == "header" and n + 1 < len(body) else 0)
        if len(page) >= room:
            pages.append(page)
            page = []
        page.append(block)
    for block in tail:
        if len(page) >= max_blocks:
            pages.append(page)
            page = []
        page.append(block)
    pages.append(page)
    return [p for p in pages if p] or [[]]


def fallback_text(message: OutgoingMessage) -> str:
    """The notification text shown where blocks are not (push notices, screen readers).

    Slack parses this `text` as mrkdwn, so it stays escaped with mentions neutralised.
    """
    parts = [part for part in (message.title, message.text) if part and part.strip()]
    if not parts and message.sections:
        parts = [message.sections[0].title]
    return clip_escaped("\n".join(parts) or " ", MAX_FALLBACK_TEXT)


def home_view(message: OutgoingMessage) -> dict[str, Any]:
    return {"type": "home", "blocks": message_blocks(message, MAX_HOME_BLOCKS)}


def modal_view(form: Form, prefill: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A `views.open` modal: one input block per field; the form token is the callback id."""
    prefill = prefill or {}
    return {
        "type": "modal",
        "callback_id": form.token[:MAX_CALLBACK_ID],
        "private_metadata": form.token[:MAX_CALLBACK_ID],
        "title": plain(form.title, MAX_MODAL_TITLE),
        "submit": plain(form.submit_label, MAX_MODAL_TITLE),
        "blocks": [input_block(f, prefill.get(f.key)) for f in form.fields[:MAX_VIEW_BLOCKS]],
    }


def input_block(field: FormField, initial: str | None) -> Block:
    block: Block = {
        "type": "input",
        "block_id": field.key[:MAX_BLOCK_ID],
        "optional": field.optional,
        "label": plain(field.label, MAX_INPUT_LABEL),
        "element": input_element(field, initial),
    }
    if field.hint:
        block["hint"] = plain(field.hint, MAX_INPUT_HINT)
    return block


def input_element(field: FormField, initial: str | None) -> dict[str, Any]:
    action_id = field.key[:MAX_BLOCK_ID]
    if field.kind is FieldKind.NUMBER:
        element: dict[str, Any] = {
            "type": "number_input",
            "action_id": action_id,
            "is_decimal_allowed": False,
            "min_value": "0",
        }
        if initial is not None and _DIGITS.match(initial):
            element["initial_value"] = initial
        return element
    if field.kind is FieldKind.DATE:
        element = {"type": "datepicker", "action_id": action_id}
        if initial is not None and _ISO_DATE.match(initial):
            element["initial_date"] = initial
        return element
    if field.kind is FieldKind.CHOICE:
        return choice_element(field, action_id, initial)
    limit = min(field.max_length or MAX_INPUT_LENGTH, MAX_INPUT_LENGTH)
    element = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": field.kind is FieldKind.MULTILINE,
        "max_length": limit,
    }
    if initial:
        element["initial_value"] = initial[:limit]
    return element


def choice_element(field: FormField, action_id: str, initial: str | None) -> dict[str, Any]:
    """A choice as radio buttons: the person picks, nothing to mistype."""
    options = [
        {"text": plain(label, MAX_OPTION_TEXT), "value": value[:MAX_OPTION_VALUE]}
        for value, label in field.choices[:MAX_OPTIONS]
    ]
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": action_id, "options": options}
    chosen = [option for option in options if option["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def form_values(state_values: Mapping[str, Any]) -> dict[str, str]:
    """`view.state.values` → {field key: text}; an empty or unknown input gives ""."""
    values: dict[str, str] = {}
    for block_id, actions in state_values.items():
        if not isinstance(actions, Mapping):
            continue
        for action in actions.values():
            if isinstance(action, Mapping):
                values[str(block_id)] = _input_value(action)
    return values


def _input_value(action: Mapping[str, Any]) -> str:
    for key in ("value", "selected_date"):
        found = action.get(key)
        if isinstance(found, str):
            return found
    option = action.get("selected_option")
    if isinstance(option, Mapping) and isinstance(option.get("value"), str):
        return str(option["value"])
    return ""
