"""Slack requests in: bolt listeners that turn them into neutral events, whose effects go
back out through the shared executor (see slack_replies for how Slack answers a request)."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeAlias

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse

from bot.core.command_words import LINK_WORDS, fold_word
from bot.core.errors import DeliveryError
from bot.core.i18n import negotiate_locale, translator
from bot.core.messages import (
    Capabilities,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    Effect,
    FormErrors,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    Reply,
    Sender,
    TextReceived,
    Unsupported,
)
from bot.core.model import Platform
from bot.core.ports import InboundHandler
from bot.transports.effects import carry_out, shown_texts
from bot.transports.inbound_queue import OrderedWorkers
from bot.transports.slack_blocks import (
    MAX_BLOCK_ID,
    MAX_BUTTONS_PER_ACTIONS,
    MAX_SECTION_TEXT,
    clip,
    form_values,
)
from bot.transports.slack_outbound import SlackOutbound
from bot.transports.slack_replies import SlackOrigin, SlackRequestClient

log = logging.getLogger("bot.transports.slack")

SLASH_COMMAND = "/ombud"
_CACHE_LIMIT = 10_000  # people whose Slack locale is remembered
MAX_FORM_ERROR = 150  # characters under a field; Slack shows short texts there
# What a request becomes once its sender is known: the event and where to answer it.
Prepared: TypeAlias = tuple[InboundEvent, SlackOrigin] | None
# Slack opens a modal in answer to a tap; long texts are split into sections of this size.
CAPABILITIES = Capabilities(
    forms=True, buttons_per_row=MAX_BUTTONS_PER_ACTIONS, max_text=MAX_SECTION_TEXT
)


def ascii_word(word: str) -> str:
    """'Språk' → 'sprak', 'Fravær' → 'fravaer': commands are lower-case ASCII, folded as on
    every other platform."""
    return fold_word(word)


def command_parts(command: str, text: str) -> tuple[str, str]:
    """`/ombud join ABC` → ("join", "ABC"); a bare `/ombud` asks for help."""
    if command.lower() != SLASH_COMMAND:
        return ascii_word(command.lstrip("/")), text.strip()
    first, _, rest = text.strip().partition(" ")
    return (ascii_word(first) or "help"), rest.strip()


class SlackInbound:
    """The inbound half of SlackTransport (which supplies the attributes below)."""

    _app: AsyncApp
    _out: SlackOutbound
    _team_id: str | None
    _handler: InboundHandler | None
    _locales: dict[str, str | None]
    _workers: OrderedWorkers

    @property
    def _team(self) -> str:
        return self._team_id or ""

    async def _dm_or_user(self, user_id: str) -> str:
        """The DM channel; if Slack will not open it, the user id (chat.postMessage takes it)."""
        try:
            return await self._out.dm_channel(user_id)
        except DeliveryError as exc:
            log.warning("slack DM not opened user=%s code=%s", user_id, exc.code)
            return user_id

    async def _locale(self, user_id: str) -> str | None:
        if user_id in self._locales:
            return self._locales[user_id]
        if self._out.pacer.delay("users.info") > 0:
            return None  # a hint only: a tap never waits for it; asked again next time
        locale: str | None = None
        try:
            response = await self._out.call(
                "users.info", lambda: self._out.client.users_info(user=user_id, include_locale=True)
            )
            user = response.get("user") or {}
            locale = str(user.get("locale") or "") or None if isinstance(user, Mapping) else None
        except DeliveryError as exc:
            log.warning("slack users.info failed user=%s code=%s", user_id, exc.code)
            return None
        if len(self._locales) > _CACHE_LIMIT:
            self._locales.clear()
        self._locales[user_id] = locale
        return locale

    def _register(self) -> None:
        app = self._app
        app.use(self._only_our_team)
        app.command(re.compile(r"^/.+"))(self._on_command)
        app.action(re.compile(r".*"))(self._on_action)
        app.view(re.compile(r".*"))(self._on_view)
        app.event("message")(self._on_message)
        app.event("app_home_opened")(self._on_home)
        app.event(re.compile(r".*"))(self._on_other_event)

    async def _only_our_team(
        self, context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        team = context.team_id or ""
        if self._team_id and team != self._team_id:
            log.warning("slack request from another team refused team=%s", team or "-")
            return BoltResponse(status=403, body="")
        await next()
        return None

    async def _sender(self, user_id: str, channel: str | None, is_group: bool = False) -> Sender:
        chat_id = channel or await self._dm_or_user(user_id)
        return Sender(
            Platform.SLACK,
            user_id,
            chat_id,
            self._team,
            language_code=await self._locale(user_id),
            is_group=is_group,
            command_prefix=SLASH_COMMAND + " ",
            capabilities=CAPABILITIES,
        )

    async def _on_command(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        user_id, channel = str(body.get("user_id", "")), str(body.get("channel_id", ""))
        command, args = command_parts(str(body.get("command", "")), str(body.get("text", "")))
        # A command typed in any direct message belongs to the person's DM with Ombud; its
        # answers are ephemeral, so a colleague in a shared DM sees none of them.
        is_group = bool(channel) and not channel.startswith("D")

        async def prepare() -> Prepared:
            sender = await self._sender(user_id, channel if is_group else None, is_group)
            trigger = str(body.get("trigger_id", ""))
            event = CommandReceived(sender, command, args, f"cmd:{user_id}:{trigger}")
            reply_via = respond if body.get("response_url") else None
            origin = SlackOrigin("command", user_id, sender.chat_id, trigger, reply_via, is_group)
            if is_group and await self._not_a_member(event, origin):
                return None
            return event, origin

        await self._deliver(user_id, prepare)

    async def _not_a_member(self, event: CommandReceived, origin: SlackOrigin) -> bool:
        """A board link in a channel Ombud was not invited to: say so, link nothing."""
        if not canonical_link(event.command):
            return False
        if await self._out.is_member(event.sender.chat_id) is not False:
            return False
        tr = translator(negotiate_locale(event.sender.language_code, "en"))
        text = tr.gettext(
            "I am not in this channel yet, so I cannot post the board's digest here. Invite "
            "me with /invite @Ombud, then write the same command again. Your code is still valid."
        )
        log.info("slack link refused: not in channel channel=%s", event.sender.chat_id)
        await self._apply_effects([Reply(OutgoingMessage(text), ephemeral=True)], origin)
        return True

    async def _on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str((body.get("user") or {}).get("id", ""))
        actions = body.get("actions") or [{}]
        action = actions[0] if isinstance(actions[0], Mapping) else {}
        message = body.get("message") if isinstance(body.get("message"), Mapping) else None
        channel = (body.get("channel") or {}).get("id") if message else None
        if channel:
            self._out.remember_dm(user_id, str(channel))

        async def prepare() -> Prepared:
            sender = await self._sender(user_id, str(channel) if channel else None)
            ref = None
            if message is not None:
                ts = str(message.get("ts", ""))
                ref = MessageRef(Platform.SLACK, sender.chat_id, ts, self._team)
            stamp = str(action.get("action_ts", "")) or str(body.get("trigger_id", ""))
            value = str(action.get("value", ""))
            event = ChoiceSelected(sender, value, f"act:{user_id}:{stamp}", ref)
            return event, SlackOrigin("action", user_id, sender.chat_id, body.get("trigger_id"))

        await self._deliver(user_id, prepare)

    async def _on_view(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        # The handler runs before the acknowledgement: a form with mistakes is answered with
        # response_action "errors", which keeps it open with everything typed still in it.
        user_id = str((body.get("user") or {}).get("id", ""))
        view = body.get("view") or {}
        token = str(view.get("callback_id") or view.get("private_metadata") or "")
        values = form_values((view.get("state") or {}).get("values") or {})
        event_id = f"view:{view.get('id', '')}:{view.get('hash', '')}"

        async def handle() -> tuple[Sequence[Effect], str]:
            sender = await self._sender(user_id, None)
            event = FormSubmitted(sender, token, values, event_id)
            return await self._handle(event), sender.chat_id

        effects, chat_id = await self._workers.run(user_id, handle)
        errors = [e for e in effects if isinstance(e, FormErrors)]
        if errors:
            await ack(response_action="errors", errors=form_errors(errors[0].errors))
            return
        await ack()
        await self._apply_effects(effects, SlackOrigin("view", user_id, chat_id))

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return
        user_id = event.get("user")
        if not user_id:  # edits and deletions carry no top-level user
            return
        user = str(user_id)
        channel = str(event.get("channel", ""))
        self._out.remember_dm(user, channel)

        async def prepare() -> Prepared:
            sender = await self._sender(user, channel or None)
            event_id = f"evt:{body.get('event_id', '')}"
            inbound: InboundEvent
            if event.get("subtype"):
                inbound = Unsupported(sender, str(event["subtype"])[:32], event_id)
            else:
                inbound = TextReceived(sender, str(event.get("text", "")), event_id)
            return inbound, SlackOrigin("message", user, sender.chat_id)

        await self._deliver(user, prepare)

    async def _on_home(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user", ""))

        async def prepare() -> Prepared:
            sender = await self._sender(user_id, str(event.get("channel", "")) or None)
            inbound = HomeOpened(sender, f"evt:{body.get('event_id', '')}")
            return inbound, SlackOrigin("home", user_id, sender.chat_id)

        await self._deliver(user_id, prepare)

    async def _on_other_event(self, body: dict[str, Any]) -> None:
        log.debug("slack event ignored event_id=%s", body.get("event_id", "-"))

    async def _handle(self, event: InboundEvent) -> Sequence[Effect]:
        handler = self._handler
        if handler is None:
            return []
        try:
            return await handler(event)
        except Exception as exc:  # the router boundary: log and keep serving
            # An exception's text can quote a person's message: log its type and frames only.
            log.error(
                "slack handler failed event_id=%s error=%s\n%s",
                event.event_id,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            return []

    async def _deliver(self, user_id: str, prepare: Callable[[], Awaitable[Prepared]]) -> None:
        """The request is acknowledged already. Its work takes its place in the person's
        queue at once (before any call to Slack), so their events keep the order they came
        in; it waits for a worker, so a burst of taps is taken a few at a time. The effects
        go out after, in the same order, holding no worker."""

        async def handle() -> tuple[Sequence[Effect], SlackOrigin | None]:
            prepared = await prepare()
            if prepared is None:
                return [], None
            event, origin = prepared
            return await self._handle(event), origin

        async def effects(done: tuple[Sequence[Effect], SlackOrigin | None]) -> None:
            found, origin = done
            if origin is not None:
                await self._apply_effects(found, origin)

        await self._workers.run(user_id, handle, effects)

    async def _apply_effects(self, effects: Sequence[Effect], origin: SlackOrigin) -> None:
        # A tap whose message is redrawn ("Your answer: Yes") has its confirmation there; a
        # toast beside it would stay in the chat as one more private line.
        redrawn = any(isinstance(effect, EditMessage) for effect in effects)
        client = SlackRequestClient(self._out, origin, shown_texts(effects), redrawn=redrawn)
        await carry_out(effects, client)


def canonical_link(command: str) -> bool:
    """Whether a command word asks to link a channel to a board (`koppla`, `link`, …)."""
    return command in LINK_WORDS


def form_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """Field key → message, as response_action "errors" wants it: block ids, short texts."""
    return {key[:MAX_BLOCK_ID]: clip(text, MAX_FORM_ERROR) for key, text in errors.items()}
