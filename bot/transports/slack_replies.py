"""Answers to one Slack request: the shared executor's client, bound to where the request came
from (a slash command's response_url, a tap's trigger, the App Home, a DM)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import aiohttp
from slack_bolt.async_app import AsyncRespond

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, Form, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure
from bot.transports.slack_blocks import fallback_text, home_view, message_blocks, modal_view
from bot.transports.slack_limits import delivery_error
from bot.transports.slack_outbound import SlackOutbound


@dataclass(frozen=True)
class SlackOrigin:
    """Where an inbound event came from, so its effects go back the right way."""

    kind: str  # "command", "action", "view", "message" or "home"
    user_id: str
    channel: str
    trigger_id: str | None = None
    respond: AsyncRespond | None = None
    in_channel: bool = False  # a slash command typed in a channel, not a DM


class SlackRequestClient:
    """The executor's client for one Slack request.

    `shown`: the texts the messages among the request's effects show (`shown_texts`). A
    tap's toast becomes a private line that stays in the chat, so a toast saying what one
    of them already shows (the language confirmed in the reply, the note of the edited
    reminder) is left out rather than said twice; so is every toast of a request that
    redraws a message (`redrawn`: "Recorded: Yes" beside the reminder's "Your answer: Yes").
    """

    name = "slack"

    def __init__(
        self,
        out: SlackOutbound,
        origin: SlackOrigin,
        shown: frozenset[str] = frozenset(),
        *,
        redrawn: bool = False,
    ) -> None:
        self._out = out
        self._origin = origin
        self._shown = shown
        self._redrawn = redrawn  # the request edits a message: the tap's toast is said there

    @property
    def where(self) -> str:
        return self._origin.user_id

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> None:
        await self._out.send(to, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self._out.edit(ref, message)

    async def acknowledge(self, toast: str | None) -> None:
        # Bolt has acknowledged the request already; a tap's toast is a line only they see.
        if self._origin.kind != "action" or not toast or not toast.strip():
            return
        if not self._redrawn and toast.strip() not in self._shown:
            await self.reply(OutgoingMessage(text=toast), ephemeral=True)

    async def open_form(self, form: Form, prefill: Mapping[str, str]) -> None:
        if not self._origin.trigger_id:
            raise DeliveryError(DeliveryFailure.PERMANENT, "no_trigger")
        await self._out.open_view(self._origin.trigger_id, modal_view(form, prefill))

    async def reply(self, message: OutgoingMessage, *, ephemeral: bool) -> None:
        origin = self._origin
        if origin.kind == "home":
            await self._out.publish_home(origin.user_id, home_view(message))
        elif origin.kind == "command" and origin.respond is not None:
            # Only a reply meant for a channel (a board link confirmed) is shown to it.
            public = origin.in_channel and not ephemeral
            await _respond(origin.respond, message, "in_channel" if public else "ephemeral")
        elif ephemeral:
            await self._out.post_ephemeral(origin.channel, origin.user_id, message)
        else:
            await self._out.post(origin.channel, message)


async def _respond(respond: AsyncRespond, message: OutgoingMessage, kind: str) -> None:
    text, blocks = fallback_text(message), message_blocks(message)
    try:
        result = await respond(text=text, blocks=blocks, response_type=kind)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise delivery_error(exc) from None
    if result.status_code != 200:
        raise DeliveryError(DeliveryFailure.TRANSIENT, f"http_{result.status_code}")
