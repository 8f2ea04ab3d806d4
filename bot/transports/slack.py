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
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import ConfigError, DeliveryError
from bot.core.i18n import negotiate_locale, translator
from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    Effect,
    FormErrors,
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
    MAX_BLOCK_ID,
    clip,
    fallback_text,
    form_values,
    home_view,
    message_blocks,
    modal_view,
)
from bot.transports.slack_limits import SlackPacer, delivery_error
from bot.transports.slack_outbound import SlackOutbound

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SLASH_COMMAND = "/ombud"
_CACHE_LIMIT = 10_000
# The words that link a channel to a board (the handlers' `link` command).
LINK_WORDS = frozenset({"koppla", "kopla", "kople", "link"})
MAX_FORM_ERROR = 150  # characters under a field; Slack shows short texts there


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
    in_channel: bool = False  # a slash command typed in a channel, not a DM


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
        self._out = SlackOutbound(self._client, self._pacer, lambda: self._team)
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
        web_app = self._app.web_app(EVENTS_PATH, self._port)
        web_app.middlewares.append(_numeric_timestamp)
        self._runner = web.AppRunner(web_app, access_log=None)
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
        return await self._out.send(to, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self._out.edit(ref, message)

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        return await self._out.send_file(to, data, filename, caption)

    async def lookup_user_by_email(self, email: str) -> str | None:
        """The Slack user id for an email address, or None when Slack knows no such user."""
        return await self._out.lookup_user_by_email(email)

    async def open_direct(self, user_id: str) -> str:
        """The DM channel id with a person (conversations.open, paced by its tier)."""
        return await self._out.dm_channel(user_id)

    async def auth_test(self) -> str:
        """The team id of the bot token's workspace (auth.test)."""
        return await self._out.auth_test()

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
                "users.info", lambda: self._client.users_info(user=user_id, include_locale=True)
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
            command_prefix=SLASH_COMMAND + " ",
        )

    async def _on_command(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        user_id, channel = str(body.get("user_id", "")), str(body.get("channel_id", ""))
        command, args = command_parts(str(body.get("command", "")), str(body.get("text", "")))
        # A command typed in any direct message belongs to the person's DM with Ombud; its
        # answers are ephemeral, so a colleague in a shared DM sees none of them.
        is_group = bool(channel) and not channel.startswith("D")
        sender = await self._sender(user_id, channel if is_group else None, is_group)
        trigger = str(body.get("trigger_id", ""))
        event = CommandReceived(sender, command, args, f"cmd:{user_id}:{trigger}")
        reply_via = respond if body.get("response_url") else None
        origin = _Origin("command", user_id, sender.chat_id, trigger, reply_via, is_group)
        if is_group and await self._not_a_member(event, origin):
            return
        await self._deliver(event, origin)

    async def _not_a_member(self, event: CommandReceived, origin: _Origin) -> bool:
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
        sender = await self._sender(user_id, str(channel) if channel else None)
        ref = None
        if message is not None:
            ref = MessageRef(Platform.SLACK, sender.chat_id, str(message.get("ts", "")), self._team)
        stamp = str(action.get("action_ts", "")) or str(body.get("trigger_id", ""))
        event = ChoiceSelected(sender, str(action.get("value", "")), f"act:{user_id}:{stamp}", ref)
        origin = _Origin("action", user_id, sender.chat_id, body.get("trigger_id"))
        await self._deliver(event, origin)

    async def _on_view(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        # The handler runs before the acknowledgement: a form with mistakes is answered with
        # response_action "errors", which keeps it open with everything typed still in it.
        user_id = str((body.get("user") or {}).get("id", ""))
        view = body.get("view") or {}
        token = str(view.get("callback_id") or view.get("private_metadata") or "")
        values = form_values((view.get("state") or {}).get("values") or {})
        sender = await self._sender(user_id, None)
        event_id = f"view:{view.get('id', '')}:{view.get('hash', '')}"
        event = FormSubmitted(sender, token, values, event_id)
        effects = await self._handle(event)
        errors = [e for e in effects if isinstance(e, FormErrors)]
        if errors:
            await ack(response_action="errors", errors=form_errors(errors[0].errors))
            return
        await ack()
        await self._apply_effects(effects, _Origin("view", user_id, sender.chat_id))

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") != "im" or event.get("bot_id"):
            return
        user_id = event.get("user")
        if not user_id:  # edits and deletions carry no top-level user
            return
        channel = str(event.get("channel", ""))
        self._out.remember_dm(str(user_id), channel)
        sender = await self._sender(str(user_id), channel or None)
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

    async def _deliver(self, event: InboundEvent, origin: _Origin) -> None:
        await self._apply_effects(await self._handle(event), origin)

    async def _apply_effects(self, effects: Sequence[Effect], origin: _Origin) -> None:
        # A trigger_id lives three seconds: open the form before anything else is sent.
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
            case OpenForm(form, prefill, fallback):
                await self._open_form(modal_view(form, prefill), fallback, origin)
            case FormErrors():
                log.warning("slack form errors outside a submission user=%s", origin.user_id)

    async def _open_form(
        self, view: dict[str, Any], fallback: OutgoingMessage | None, origin: _Origin
    ) -> None:
        """The form; when Slack will not open it, the chat question the form stood in for."""
        try:
            if not origin.trigger_id:
                raise DeliveryError(DeliveryFailure.PERMANENT, "no_trigger")
            await self._out.open_view(origin.trigger_id, view)
        except DeliveryError as exc:
            log.warning("slack form not opened user=%s code=%s", origin.user_id, exc.code)
            if fallback is None:
                return
            await self._reply(fallback, False, origin)

    async def _reply(self, message: OutgoingMessage, ephemeral: bool, origin: _Origin) -> None:
        if origin.kind == "home":
            await self._out.publish_home(origin.user_id, home_view(message))
        elif origin.kind == "command" and origin.respond is not None:
            # Only a reply meant for a channel (a board link confirmed) is shown to it.
            public = origin.in_channel and not ephemeral
            await self._respond(origin.respond, message, "in_channel" if public else "ephemeral")
        elif ephemeral:
            await self._out.post_ephemeral(origin.channel, origin.user_id, message)
        else:
            await self._out.post(origin.channel, message)

    async def _respond(self, respond: AsyncRespond, message: OutgoingMessage, kind: str) -> None:
        text, blocks = fallback_text(message), message_blocks(message)
        try:
            result = await respond(text=text, blocks=blocks, response_type=kind)
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise delivery_error(exc) from None
        if result.status_code != 200:
            raise DeliveryError(DeliveryFailure.TRANSIENT, f"http_{result.status_code}")


def canonical_link(command: str) -> bool:
    """Whether a command word asks to link a channel to a board (`koppla`, `link`, …)."""
    return command in LINK_WORDS


def form_errors(errors: Mapping[str, str]) -> dict[str, str]:
    """Field key → message, as response_action "errors" wants it: block ids, short texts."""
    return {key[:MAX_BLOCK_ID]: clip(text, MAX_FORM_ERROR) for key, text in errors.items()}


@web.middleware
async def _numeric_timestamp(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    """A request whose timestamp is not a number cannot be signed by Slack: 401, not a crash
    in the signature check."""
    stamp = request.headers.get("X-Slack-Request-Timestamp", "")
    if not (stamp.isascii() and stamp.isdigit()):
        log.warning("slack request refused: timestamp is not a number")
        return web.Response(status=401)
    return await handler(request)


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
