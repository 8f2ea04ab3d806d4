"""A test-only Matrix-like platform: the one file a new chat platform needs.

It registers the platform's name, implements the Transport port (what the dispatcher sends
through), the Directory port (how roster handles become chat accounts) and the executor's
ChatClient (how one event is answered), and translates its own event shapes into neutral
events. The "homeserver" is a list: every call it would make is recorded in order.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, NamedTuple

from bot.core.errors import DeliveryError
from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    Form,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    Sender,
    TextReceived,
)
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import InboundHandler, TapRecorder
from bot.transports.effects import carry_out, no_forms

MATRIX = Platform.register("matrix")


class Call(NamedTuple):
    """One call the homeserver saw: "send", "edit", "file" or "toast", and its payload."""

    kind: str
    room: str
    message: OutgoingMessage | None = None
    event_id: str = ""  # the event it created (send) or replaced (edit)
    toast: str = ""


class MatrixTransport:
    """Rooms, events and replacements: a platform the core has never heard of."""

    def __init__(
        self, users_by_email: Mapping[str, str] | None = None, known: set[str] | None = None
    ) -> None:
        self.users_by_email = dict(users_by_email or {})
        self.known = (known or set()) | set(self.users_by_email.values())
        self.calls: list[Call] = []
        self._ids = itertools.count(1)
        self._handler: InboundHandler | None = None

    @property
    def platform(self) -> Platform:
        return MATRIX

    # --- Directory: roster handles to accounts ------------------------------------------

    @property
    def team_id(self) -> str | None:
        return None

    async def lookup_user_by_email(self, email: str) -> str | None:
        return self.users_by_email.get(email)

    async def open_direct(self, user_id: str) -> str:
        if user_id not in self.known:
            raise DeliveryError(DeliveryFailure.UNREACHABLE, code="M_NOT_FOUND")
        return f"!dm-{user_id}"

    # --- Transport: lifecycle and sending ---------------------------------------------

    async def open(self) -> None:
        """Nothing to sign in to."""

    async def start(self, handler: InboundHandler, record_taps: TapRecorder | None = None) -> None:
        self._handler = handler

    async def stop(self) -> None:
        self._handler = None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        event_id = f"$e{next(self._ids)}"
        self.calls.append(Call("send", to.chat_id, message, event_id))
        return MessageRef(MATRIX, to.chat_id, event_id)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self.calls.append(Call("edit", ref.chat_id, message, ref.message_id))

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        event_id = f"$f{next(self._ids)}"
        self.calls.append(Call("file", to.chat_id, OutgoingMessage(caption), event_id))
        return MessageRef(MATRIX, to.chat_id, event_id)

    # --- inbound: translate, hand to the handler, carry out -----------------------------

    async def receive(self, raw: Mapping[str, Any]) -> None:
        """One event from the homeserver: translate, hand to the handler, carry out."""
        event = self.translate(raw)
        if event is None or self._handler is None:
            return
        effects = await self._handler(event)
        await carry_out(effects, MatrixEventClient(self, event.sender))

    def translate(self, raw: Mapping[str, Any]) -> InboundEvent | None:
        """`m.room.message` is text; `ombud.tap` (a button press) names a token and a message."""
        sender = Sender(MATRIX, str(raw["sender"]), str(raw["room_id"]), bot="matrix")
        content = raw.get("content") or {}
        if raw.get("type") == "m.room.message":
            return TextReceived(sender, str(content.get("body", "")), str(raw["event_id"]))
        if raw.get("type") == "ombud.tap":
            ref = MessageRef(MATRIX, sender.chat_id, str(content["relates_to"]))
            return ChoiceSelected(sender, str(content["token"]), str(raw["event_id"]), ref)
        return None


class MatrixEventClient:
    """The executor's client for one Matrix event: its room, no forms, toasts as notices."""

    name = "matrix"

    def __init__(self, transport: MatrixTransport, sender: Sender) -> None:
        self._transport = transport
        self._sender = sender

    @property
    def where(self) -> str:
        return self._sender.chat_id

    async def reply(self, message: OutgoingMessage, *, ephemeral: bool) -> None:
        await self._transport.send(self._sender.address(), message)

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> None:
        await self._transport.send(to, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self._transport.edit(ref, message)

    async def acknowledge(self, toast: str | None) -> None:
        if toast:
            self._transport.calls.append(Call("toast", self._sender.chat_id, toast=toast))

    async def open_form(self, form: Form, prefill: Mapping[str, str]) -> None:
        raise no_forms()
