"""The Slack transport: slack-bolt's async app (Socket Mode or HTTP) that only translates."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.errors import ConfigError
from bot.core.i18n import N_
from bot.core.messages import (
    ChatAddress,
    MessageRef,
    OutgoingMessage,
)
from bot.core.model import Platform
from bot.core.ports import InboundHandler, TapRecorder
from bot.transports.inbound_queue import DEFAULT_GRACE_SECONDS, DEFAULT_WORKERS, OrderedWorkers
from bot.transports.slack_inbound import SlackInbound, ascii_word, command_parts
from bot.transports.slack_limits import SlackPacer, delivery_error
from bot.transports.slack_outbound import SlackOutbound

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class SlackMode(StrEnum):
    SOCKET = "socket"
    HTTP = "http"


class SlackTransport(SlackInbound):
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
        inbound_workers: int = DEFAULT_WORKERS,
        stop_grace: float = DEFAULT_GRACE_SECONDS,
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
        self._workers = OrderedWorkers(inbound_workers, name="slack-inbound")
        self._stop_grace = stop_grace
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

    async def start(self, handler: InboundHandler, record_taps: TapRecorder | None = None) -> None:
        await self.open()
        self._handler = handler
        self._workers.reopen()
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
        """Finish the requests already acknowledged (within the grace), then close.

        Slack never sends an acknowledged interaction again, so they are worked off first;
        new requests meanwhile are refused and Slack shows the person an error.
        """
        await self._workers.close(self._stop_grace)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        self._handler = None
        await self._pacer.close()

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
        raise ConfigError([N_("slack: Socket Mode needs OMBUD_SLACK__APP_TOKEN (xapp-...)")])
    if checked is SlackMode.HTTP and not signing_secret:
        raise ConfigError([N_("slack: HTTP mode needs OMBUD_SLACK__SIGNING_SECRET")])
    return checked


__all__ = ["SlackMode", "SlackTransport", "ascii_word", "command_parts", "delivery_error"]
