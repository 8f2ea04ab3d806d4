"""One executor for the handlers' effects, over the small client each chat platform implements.

A handler answers an inbound event with effects (`Reply`, `SendTo`, `EditMessage`, `Toast`,
`OpenForm`, `FormErrors`). What they mean is the same on every platform, so the order they
are carried out in, the fallback for a form that cannot open, the one acknowledgement of a
tap and the handling of a failed delivery are decided here, once. An adapter supplies a
`ChatClient`: a handful of platform calls bound to the event being answered (its chat, its
tap, its trigger), each making its attempts and raising `DeliveryError` when they fail.
Splitting a long text into several messages stays with each platform's renderer, because
the limits are measured in the platform's own markup (UTF-16 HTML, Block Kit blocks).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Mapping, Sequence
from typing import Protocol

from bot.core.errors import DeliveryError
from bot.core.messages import (
    ChatAddress,
    EditMessage,
    Effect,
    Form,
    FormErrors,
    MessageRef,
    OpenForm,
    OutgoingMessage,
    Reply,
    SendTo,
    Toast,
)
from bot.core.model import DeliveryFailure

log = logging.getLogger(__name__)


class ChatClient(Protocol):
    """What the executor needs from one platform, for the event whose effects it carries out."""

    @property
    def name(self) -> str:
        """The platform's name, for logs."""
        ...

    @property
    def where(self) -> str:
        """An id of the chat or person being answered, for logs (never a name or text)."""
        ...

    async def reply(self, message: OutgoingMessage, *, ephemeral: bool) -> None:
        """Answer in the chat the event came from (ephemeral: only its sender sees it)."""
        ...

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> None:
        """Send a new message to any chat on this platform."""
        ...

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        """Replace a message's text and buttons."""
        ...

    async def acknowledge(self, toast: str | None) -> None:
        """Acknowledge the tap being answered, showing `toast` if there is one.

        Called once per event, tap or not; a platform with nothing to acknowledge ignores it.
        """
        ...

    async def open_form(self, form: Form, prefill: Mapping[str, str]) -> None:
        """Open `form`; raise `DeliveryError` when it cannot be opened (or forms do not exist)."""
        ...


def no_forms() -> DeliveryError:
    """What a client without forms raises from `open_form`: the chat question is asked instead."""
    return DeliveryError(DeliveryFailure.PERMANENT, "no_forms")


def toast_text(effects: Sequence[Effect]) -> str | None:
    """The text of the first `Toast` (a tap is acknowledged once), or None."""
    return next((effect.text for effect in effects if isinstance(effect, Toast)), None)


def shown_texts(effects: Sequence[Effect]) -> frozenset[str]:
    """Every text the messages among one event's effects show, each line on its own.

    A platform whose toast stays in the chat as a line (Slack's private line, the terminal)
    leaves out a toast that says what one of these already shows: a confirmation that is
    also the reply, a note the edited reminder carries.
    """
    shown: set[str] = set()
    for effect in effects:
        if not isinstance(effect, Reply | SendTo | EditMessage):
            continue
        message = effect.message
        texts = [message.title, message.text, message.context]
        for section in message.sections:
            texts.append(section.title)
            texts.extend(section.lines)
        for text in texts:
            if text and text.strip():
                shown.add(text.strip())
                shown.update(line.strip() for line in text.splitlines() if line.strip())
    return frozenset(shown)


def _rank(effect: Effect) -> int:
    # A form first: its trigger (Slack) lives three seconds. The rest keep the handler's order.
    return 0 if isinstance(effect, OpenForm) else 1


async def carry_out(effects: Sequence[Effect], client: ChatClient) -> None:
    """Carry out one event's effects; a failed delivery is logged and the rest still run.

    Order: forms, then the acknowledgement of the tap (its toast), then the rest as given.
    """
    ordered = sorted(effects, key=_rank)
    acknowledged = False
    for effect in ordered:
        if not acknowledged and not isinstance(effect, OpenForm):
            acknowledged = True
            await _attempt(client, "Toast", client.acknowledge(toast_text(effects)))
        await _attempt(client, type(effect).__name__, _apply(effect, client))
    if not acknowledged:
        await _attempt(client, "Toast", client.acknowledge(toast_text(effects)))


async def _attempt(client: ChatClient, kind: str, call: Awaitable[object]) -> None:
    """Await one platform call; a DeliveryError is logged by id and kind, never raised."""
    try:
        await call
    except DeliveryError as exc:
        log.warning(
            "%s effect failed kind=%s failure=%s code=%s chat=%s",
            client.name,
            kind,
            exc.failure,
            exc.code,
            client.where,
        )


async def _apply(effect: Effect, client: ChatClient) -> None:
    match effect:
        case Reply(message, ephemeral):
            await client.reply(message, ephemeral=ephemeral)
        case SendTo(address, message):
            await client.send(address, message)
        case EditMessage(ref, message):
            await client.edit(ref, message)
        case Toast():
            pass  # acknowledged once, before the rest
        case OpenForm(form, prefill, fallback):
            await _open_form(client, form, prefill, fallback)
        case FormErrors():
            # Only a form submission can show them, and its adapter answers them itself.
            log.warning("%s form errors outside a submission chat=%s", client.name, client.where)


async def _open_form(
    client: ChatClient, form: Form, prefill: Mapping[str, str], fallback: OutgoingMessage | None
) -> None:
    """The form; when it cannot be opened, the chat question it stood in for."""
    try:
        await client.open_form(form, prefill)
    except DeliveryError as exc:
        if exc.code != "no_forms":
            log.warning("%s form not opened chat=%s code=%s", client.name, client.where, exc.code)
        if fallback is not None:
            await client.reply(fallback, ephemeral=False)
