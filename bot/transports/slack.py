"""The Slack transport: slack-bolt's async app (Socket Mode or HTTP) that only translates."""

from __future__ import annotations

import logging
import re
import traceback
import unicodedata
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext, AsyncRespond
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.core.errors import ConfigError, DeliveryError
from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    Effect,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    MessageRef,
    OpenForm,
    OutgoingMessage,
    Reply,
    Sender,
    SendTo,
    TextReceived,
    Toast,
    Unsupported,
)
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import InboundHandler
from bot.transports.slack_blocks import (
    fallback_text,
    form_values,
    home_view,
    message_blocks,
    modal_view,
)
from bot.transports.slack_limits import SlackPacer, delivery_error, response_error

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/ombud"
_CACHE_LIMIT = 10_000


class SlackMode(StrEnum):
    SOCKET = "socket"
    HTTP = "http"


@dataclass(frozen=True)
class _Origin:
    """Where an inbound event came from, so its effects go back the right way."""

    kind: str  # "command", "action", "view", "message" or "home"
    user_id: str
    channel: str
    trigger_id: str | None = None
    respond: AsyncRespond | None = None


def ascii_word(word: str) -> str:
    """'Språk' → 'sprak', 'HJÄLP' → 'hjalp': commands are lower-case ASCII."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and not unicodedata.combining(ch))


def command_parts(command: str, text: str) -> tuple[str, str]:
    """`/ombud join ABC` → ("join", "ABC"); a bare `/ombud` asks for help."""
    if command.lower() != SLASH_COMMAND:
        return ascii_word(command.lstrip("/")), text.strip()
    first, _, rest = text.strip().partition(" ")
    return (ascii_word(first) or "help"), rest.strip()


class SlackTransport:
    """Receives Slack requests as neutral events and carries out the handlers' effects."""

    def __init__(
        self,
        bot_token: str,
        *,
        app_token: str | None = None,
        signing_secret: str | None = None,
        mode: str = SlackMode.SOCKET,
        base_url: str | None = None,
        team_id: str | None = None,
        host: str = "127.0.0.1",
        port: int = 3000,
        pacer: SlackPacer | None = None,
        timeout_seconds: int = 30,
    ) -> None:
        self._mode = _checked_mode(mode, app_token, signing_secret)
        self._app_token = app_token
        self._team_id = team_id
        self._host, self._port = host, port
        self._pacer = pacer or SlackPacer()
        # One attempt per call: the dispatcher decides about retries from the DeliveryError.
        client_args: dict[str, Any] = {"token": bot_token, "timeout": timeout_seconds}
        if base_url:
            client_args["base_url"] = base_url if base_url.endswith("/") else base_url + "/"
        self._client = AsyncWebClient(retry_handlers=[], **client_args)
        self._app = AsyncApp(
            client=self._client,
            signing_secret=signing_secret or "",
            request_verification_enabled=self._mode is SlackMode.HTTP,
            process_before_response=False,
            logger=logging.getLogger("ombud.slack.bolt"),
        )
        self._handler: InboundHandler | None = None
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._bound_port: int | None = None
        self._dm_channels: dict[str, str] = {}
        self._locales: dict[str, str | None] = {}
        self._register()

    @property
    def platform(self) -> Platform:
        return Platform.SLACK

    @property
    def team_id(self) -> str | None:
        return self._team_id

    @property
    def bound_port(self) -> int | None:
        """The HTTP port actually listened on (useful with port 0)."""
        return self._bound_port

    # --- lifecycle ---------------------------------------------------------

    async def open(self) -> None:
        """Ready to send only: learn the team id (auth.test) when it is not configured.

        The Web API client opens a connection per call, so there is nothing else to open.
        """
        if not self._team_id:
            self._team_id = await self.auth_test()

    async def start(self, handler: InboundHandler) -> None:
        await self.open()
        self._handler = handler
        if self._mode is SlackMode.HTTP:
            await self._start_http()
        else:
            self._socket = AsyncSocketModeHandler(self._app, self._app_token)
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
        log.info("slack transport started mode=%s team=%s", self._mode, self._team_id)

    async def _start_http(self) -> None:
        self._runner = web.AppRunner(self._app.web_app(EVENTS_PATH, self._port), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        address = self._runner.addresses[0]
        self._bound_port = int(address[1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        self._handler = None

    # --- outbound (the dispatcher's port) -----------------------------------

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        direct = to.user_id is not None
        channel = await self._dm_channel(to.user_id) if to.user_id else to.chat_id
        response = await self._paced(
            channel,
            lambda: self._client.chat_postMessage(
                channel=channel, text=fallback_text(message), blocks=message_blocks(message)
            ),
            direct,
        )
        return MessageRef(Platform.SLACK, channel, str(response.get("ts", "")), self._team)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self._paced(
            ref.chat_id,
            lambda: self._client.chat_update(
                channel=ref.chat_id,
                ts=ref.message_id,
                text=fallback_text(message),
                blocks=message_blocks(message),
            ),
        )

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        direct = to.user_id is not None
        channel = await self._dm_channel(to.user_id) if to.user_id else to.chat_id
        comment = fallback_text(OutgoingMessage(text=caption)) if caption.strip() else None
        response = await self._paced(
            channel,
            lambda: self._client.files_upload_v2(
                channel=channel, content=data, filename=filename, initial_comment=comment
            ),
            direct,
        )
        file_info = response.get("file") or {}
        file_id = str(file_info.get("id", "")) if isinstance(file_info, Mapping) else ""
        return MessageRef(Platform.SLACK, channel, file_id, self._team)

    async def lookup_user_by_email(self, email: str) -> str | None:
        """The Slack user id for an email address, or None when Slack knows no such user."""
        try:
            response = await self._client.users_lookupByEmail(email=email)
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            if response_error(getattr(exc, "response", None)) == "users_not_found":
                return None
            raise delivery_error(exc, direct_message=False) from None
        user = response.get("user") or {}
        return str(user["id"]) if isinstance(user, Mapping) and user.get("id") else None

    async def auth_test(self) -> str:
        """The team id of the bot token's workspace (auth.test)."""
        try:
            response = await self._client.auth_test()
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            raise delivery_error(exc, direct_message=False) from None
        return str(response.get("team_id") or "")

    @property
    def _team(self) -> str:
        return self._team_id or ""

    async def _paced(
        self,
        channel: str,
        call: Callable[[], Awaitable[AsyncSlackResponse]],
        direct_message: bool = True,
    ) -> AsyncSlackResponse:
        await self._pacer.wait(channel)
        try:
            return await call()
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            error = delivery_error(exc, direct_message)
            if error.failure is DeliveryFailure.RATE_LIMITED:
                self._pacer.hold(error.retry_after or 1.0)
            raise error from None

    async def _dm_channel(self, user_id: str) -> str:
        cached = self._dm_channels.get(user_id)
        if cached:
            return cached
        try:
            response = await self._client.conversations_open(users=user_id)
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            raise delivery_error(exc) from None
        channel = response.get("channel") or {}
        channel_id = str(channel.get("id", "")) if isinstance(channel, Mapping) else ""
        if not channel_id:
            raise DeliveryError(DeliveryFailure.TRANSIENT, "no_channel")
        if len(self._dm_channels) > _CACHE_LIMIT:
            self._dm_channels.clear()
        self._dm_channels[user_id] = channel_id
        return channel_id

    async def _dm_or_user(self, user_id: str) -> str:
        """The DM channel; if Slack will not open it, the user id (chat.postMessage takes it)."""
        try:
            return await self._dm_channel(user_id)
        except DeliveryError as exc:
            log.warning("slack DM not opened user=%s code=%s", user_id, exc.code)
            return user_id

    async def _locale(self, user_id: str) -> str | None:
        if user_id in self._locales:
            return self._locales[user_id]
        locale: str | None = None
        try:
            response = await self._client.users_info(user=user_id, include_locale=True)
            user = response.get("user") or {}
            locale = str(user.get("locale") or "") or None if isinstance(user, Mapping) else None
        except (SlackClientError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning(
                "slack users.info failed user=%s code=%s", user_id, delivery_error(exc).code
            )
            return None
        if len(self._locales) > _CACHE_LIMIT:
            self._locales.clear()
        self._locales[user_id] = locale
        return locale

    # --- inbound -------------------------------------------------------------

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
        )

    async def _on_command(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        user_id, channel = str(body.get("user_id", "")), str(body.get("channel_id", ""))
        command, args = command_parts(str(body.get("command", "")), str(body.get("text", "")))
        # A command typed in any direct message belongs to the person's DM with Ombud.
        is_group = bool(channel) and not channel.startswith("D")
        sender = await self._sender(user_id, channel if is_group else None, is_group)
        trigger = str(body.get("trigger_id", ""))
        event = CommandReceived(sender, command, args, f"cmd:{user_id}:{trigger}")
        reply_via = respond if body.get("response_url") else None
        await self._deliver(event, _Origin("command", user_id, sender.chat_id, trigger, reply_via))

    async def _on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str((body.get("user") or {}).get("id", ""))
        actions = body.get("actions") or [{}]
        action = actions[0] if isinstance(actions[0], Mapping) else {}
        message = body.get("message") if isinstance(body.get("message"), Mapping) else None
        channel = (body.get("channel") or {}).get("id") if message else None
        sender = await self._sender(user_id, str(channel) if channel else None)
        ref = None
        if message is not None:
            ref = MessageRef(Platform.SLACK, sender.chat_id, str(message.get("ts", "")), self._team)
        stamp = str(action.get("action_ts", "")) or str(body.get("trigger_id", ""))
        event = ChoiceSelected(sender, str(action.get("value", "")), f"act:{user_id}:{stamp}", ref)
        origin = _Origin("action", user_id, sender.chat_id, body.get("trigger_id"))
        await self._deliver(event, origin)

    async def _on_view(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str((body.get("user") or {}).get("id", ""))
        view = body.get("view") or {}
        token = str(view.get("callback_id") or view.get("private_metadata") or "")
        values = form_values((view.get("state") or {}).get("values") or {})
        sender = await self._sender(user_id, None)
        event_id = f"view:{view.get('id', '')}:{view.get('hash', '')}"
        event = FormSubmitted(sender, token, values, event_id)
        await self._deliver(event, _Origin("view", user_id, sender.chat_id))

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return
        user_id = event.get("user")
        if not user_id:  # edits and deletions carry no top-level user
            return
        sender = await self._sender(str(user_id), str(event.get("channel", "")) or None)
        event_id = f"evt:{body.get('event_id', '')}"
        inbound: InboundEvent
        if event.get("subtype"):
            inbound = Unsupported(sender, str(event["subtype"])[:32], event_id)
        else:
            inbound = TextReceived(sender, str(event.get("text", "")), event_id)
        await self._deliver(inbound, _Origin("message", str(user_id), sender.chat_id))

    async def _on_home(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        user_id = str(event.get("user", ""))
        sender = await self._sender(user_id, str(event.get("channel", "")) or None)
        inbound = HomeOpened(sender, f"evt:{body.get('event_id', '')}")
        await self._deliver(inbound, _Origin("home", user_id, sender.chat_id))

    async def _on_other_event(self, body: dict[str, Any]) -> None:
        log.debug("slack event ignored event_id=%s", body.get("event_id", "-"))

    async def _deliver(self, event: InboundEvent, origin: _Origin) -> None:
        handler = self._handler
        if handler is None:
            return
        try:
            effects = await handler(event)
        except Exception as exc:  # the router boundary: log and keep serving
            # An exception's text can quote a person's message: log its type and frames only.
            log.error(
                "slack handler failed event_id=%s error=%s\n%s",
                event.event_id,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            return
        await self._apply_effects(effects, origin)

    async def _apply_effects(self, effects: Sequence[Effect], origin: _Origin) -> None:
        # A trigger_id lives three seconds: open the form before pacing delays anything else.
        ordered = sorted(effects, key=lambda effect: not isinstance(effect, OpenForm))
        for effect in ordered:
            try:
                await self._apply(effect, origin)
            except DeliveryError as exc:
                log.warning(
                    "slack effect failed kind=%s failure=%s code=%s user=%s",
                    type(effect).__name__,
                    exc.failure,
                    exc.code,
                    origin.user_id,
                )

    async def _apply(self, effect: Effect, origin: _Origin) -> None:
        match effect:
            case Reply(message, ephemeral):
                await self._reply(message, ephemeral, origin)
            case SendTo(address, message):
                await self.send(address, message)
            case EditMessage(ref, message):
                await self.edit(ref, message)
            case Toast(text):
                if origin.kind == "action" and text.strip():
                    await self._reply(OutgoingMessage(text=text), True, origin)
            case OpenForm(form, prefill):
                if not origin.trigger_id:
                    log.warning("slack form without a trigger user=%s", origin.user_id)
                    return
                view = modal_view(form, prefill)
                await self._paced(
                    f"views:{origin.user_id}",
                    lambda: self._client.views_open(trigger_id=origin.trigger_id, view=view),
                )

    async def _reply(self, message: OutgoingMessage, ephemeral: bool, origin: _Origin) -> None:
        blocks, text = message_blocks(message), fallback_text(message)
        if origin.kind == "home":
            view = home_view(message)
            await self._paced(
                f"views:{origin.user_id}",
                lambda: self._client.views_publish(user_id=origin.user_id, view=view),
            )
        elif origin.kind == "command" and origin.respond is not None:
            kind = "ephemeral" if ephemeral else "in_channel"
            await self._respond(origin.respond, text, blocks, kind)
        elif ephemeral:
            await self._paced(
                origin.channel,
                lambda: self._client.chat_postEphemeral(
                    channel=origin.channel, user=origin.user_id, text=text, blocks=blocks
                ),
            )
        else:
            await self._paced(
                origin.channel,
                lambda: self._client.chat_postMessage(
                    channel=origin.channel, text=text, blocks=blocks
                ),
            )

    async def _respond(
        self, respond: AsyncRespond, text: str, blocks: list[dict[str, Any]], kind: str
    ) -> None:
        try:
            result = await respond(text=text, blocks=blocks, response_type=kind)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise delivery_error(exc) from None
        if result.status_code != 200:
            raise DeliveryError(DeliveryFailure.TRANSIENT, f"http_{result.status_code}")


def _checked_mode(mode: str, app_token: str | None, signing_secret: str | None) -> SlackMode:
    try:
        checked = SlackMode(mode)
    except ValueError:
        raise ConfigError([f"slack.mode: use 'socket' or 'http', not {mode!r}"]) from None
    if checked is SlackMode.SOCKET and not app_token:
        raise ConfigError(["slack: Socket Mode needs OMBUD_SLACK__APP_TOKEN (xapp-...)"])
    if checked is SlackMode.HTTP and not signing_secret:
        raise ConfigError(["slack: HTTP mode needs OMBUD_SLACK__SIGNING_SECRET"])
    return checked


__all__ = ["SlackMode", "SlackTransport", "ascii_word", "command_parts", "delivery_error"]
