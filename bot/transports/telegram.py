"""The Telegram transport's lifecycle: python-telegram-bot's application, polling or webhook.

Updates in are translated in telegram_inbound (with telegram_translate); calls out are made
in telegram_outbound (with telegram_render); the effects go through the shared executor.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal
from urllib.parse import urlparse

from telegram import Bot, BotCommandScopeAllGroupChats, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler
from telegram.request import HTTPXRequest

from bot.core.errors import ConfigError
from bot.core.i18n import N_, Translator, translator
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.core.ports import InboundHandler, TapRecorder, UpdateInbox
from bot.transports.inbound_queue import DEFAULT_GRACE_SECONDS, DEFAULT_WORKERS, OrderedWorkers
from bot.transports.telegram_http import AiohttpRequest
from bot.transports.telegram_inbound import TelegramInbound
from bot.transports.telegram_limits import BotBudget, Pacer, Sleep
from bot.transports.telegram_outbound import TelegramOutbound
from bot.transports.telegram_render import command_menus
from bot.transports.telegram_translate import delivery_error
from bot.transports.telegram_webhook import MAX_CONNECTIONS, WebhookServer

logger = logging.getLogger(__name__)

TelegramMode = Literal["polling", "webhook"]
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# Connections to the Bot API at once (PTB's default is 256); more calls than this wait
# their turn in the client (telegram_http).
CONNECTION_POOL_SIZE = 16

# --- the transport ------------------------------------------------------------------------


class TelegramTransport:
    """Telegram through python-telegram-bot's manual lifecycle, on the shared event loop."""

    def __init__(
        self,
        token: str,
        *,
        mode: TelegramMode = "polling",
        base_url: str | None = None,
        base_file_url: str | None = None,
        bot_username: str | None = None,
        webhook_url: str | None = None,
        webhook_listen: str = "127.0.0.1",
        webhook_port: int = 8443,
        webhook_path: str | None = None,
        webhook_secret: str | None = None,
        request_timeout: float = 15.0,
        poll_timeout: float = 30.0,
        default_locale: str = "en",
        pacer: Pacer | None = None,
        sleep: Sleep = asyncio.sleep,
        translator_for: Callable[[str], Translator] = translator,
        inbound_workers: int = DEFAULT_WORKERS,
        stop_grace: float = DEFAULT_GRACE_SECONDS,
        inbox: UpdateInbox | None = None,
    ) -> None:
        _check_settings(token, mode, webhook_url, webhook_secret)
        self._token = token
        self._mode = mode
        self._base_url = api_base_url(base_url) if base_url else None
        self._base_file_url = base_file_url or file_base_url(self._base_url)
        self._username = bot_username.lstrip("@") if bot_username else None
        self._bot_id = ""  # learned from getMe when opened
        self._webhook_url = webhook_url
        self._webhook_listen = webhook_listen
        self._webhook_port = webhook_port
        self._webhook_path = webhook_path
        self._webhook_secret = webhook_secret
        self._request_timeout = request_timeout
        self._poll_timeout = poll_timeout
        self._default_locale = default_locale
        self._translator_for = translator_for
        self._application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._out = TelegramOutbound(self._bot, pacer or Pacer(), sleep)
        self._workers = OrderedWorkers(inbound_workers, name="telegram-inbound")
        self._stop_grace = stop_grace
        # With an inbox the webhook answers once an update's receipt is written, not once
        # the update is handled (see telegram_webhook).
        self._inbound = TelegramInbound(
            self._out,
            lambda: (self._username, self._bot_id),
            self._workers,
            inbox=inbox if mode == "webhook" else None,
            bot=self._bot,
        )
        self._webhook: WebhookServer | None = None

    def __repr__(self) -> str:  # never show the token, not even in a traceback
        return f"TelegramTransport(mode={self._mode!r})"

    @property
    def platform(self) -> Platform:
        return Platform.TELEGRAM

    # --- lifecycle ------------------------------------------------------------------------

    def _builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        _quiet_library_logs()
        timeout = self._request_timeout
        builder = (
            Application.builder()
            .token(self._token)
            .job_queue(None)  # reminders are the scheduler's, kept in our own tables
            .concurrent_updates(True)  # order per person is kept by our workers
            .request(AiohttpRequest(CONNECTION_POOL_SIZE, timeout))
            .get_updates_request(
                HTTPXRequest(
                    connection_pool_size=1,  # one long poll at a time, as PTB's own default
                    connect_timeout=timeout,
                    read_timeout=self._poll_timeout + timeout,
                    write_timeout=timeout,
                    pool_timeout=timeout,
                )
            )
            .rate_limiter(BotBudget(self._out.pacer))  # every call on one budget per bot
        )
        if self._base_url:
            builder = builder.base_url(self._base_url)
        if self._base_file_url:
            builder = builder.base_file_url(self._base_file_url)
        return builder

    async def open(self) -> None:
        """Sign in (getMe) for sending only: no polling, no webhook, no command menus."""
        if self._application is not None:
            return
        application = self._builder().build()
        application.add_handler(TypeHandler(Update, self._on_update))
        try:
            await application.initialize()
        except TelegramError as exc:
            await _shut_quietly(application)
            raise delivery_error(exc) from None
        self._application = application
        self._username = application.bot.username or self._username
        self._bot_id = str(application.bot.id)
        logger.info("telegram transport open for sending")

    async def start(self, handler: InboundHandler, record_taps: TapRecorder | None = None) -> None:
        await self.open()
        self._inbound.record_taps = record_taps
        try:
            await self._receive(handler)
        except BaseException:
            await self.stop()  # close what open() opened: the caller never saw a start
            raise
        logger.info("telegram transport started in %s mode", self._mode)

    async def _receive(self, handler: InboundHandler) -> None:
        application = self._application
        assert application is not None
        self._inbound.handler = handler
        self._workers.reopen()
        await self._set_commands(application.bot)
        await application.start()
        updater = application.updater
        assert updater is not None
        if self._mode == "polling":
            await updater.start_polling(
                timeout=timedelta(seconds=self._poll_timeout),
                allowed_updates=list(ALLOWED_UPDATES),
                error_callback=_log_polling_error,
            )
            return
        # Our own endpoint, not PTB's: it answers Telegram once the update is safe.
        assert self._webhook_secret is not None  # checked in _check_settings
        inbound = self._inbound
        try:
            await inbound.recover()  # what a stop or a crash left received and unhandled
        except Exception as exc:  # the rows stay; the next start tries them again
            logger.warning("telegram: updates left unhandled not read: %s", type(exc).__name__)
        self._webhook = WebhookServer(
            listen=self._webhook_listen,
            port=self._webhook_port,
            path=self._url_path(),
            secret=self._webhook_secret,
            bot=self._bot,
            process=inbound.process_update,
            answer=inbound.answer_early,
            receive=inbound.receive if inbound.inbox is not None else None,
        )
        if inbound.inbox is not None:
            inbound.webhook_answered = self._webhook.answered
        await self._webhook.start()
        try:
            await application.bot.set_webhook(
                url=self._webhook_url or "",
                allowed_updates=list(ALLOWED_UPDATES),
                max_connections=MAX_CONNECTIONS,
                secret_token=self._webhook_secret,
            )
        except TelegramError as exc:
            raise delivery_error(exc) from None

    def _url_path(self) -> str:
        if self._webhook_path is not None:
            return self._webhook_path.strip("/")
        return urlparse(self._webhook_url or "").path.strip("/")

    async def stop(self) -> None:
        """Take no more updates, finish the ones taken (within the grace), then close.

        An update not finished in time was either never answered with 200 (webhook without
        an inbox), so Telegram delivers it again, or its receipt stays in the inbox (webhook
        with one), and the next start handles it.
        """
        application = self._application
        if application is None:
            return
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()  # polled updates already fetched are handled first
        if self._webhook is not None and self._inbound.inbox is not None:
            # Receipts written are safe: take no more, then finish what was taken.
            await self._webhook.stop()
            self._webhook = None
        await self._workers.close(self._stop_grace)  # the bot still sends their effects
        self._inbound.handler = None
        await self._inbound.settle_received()
        await self._inbound.drain_answers()
        if self._webhook is not None:
            await self._webhook.stop()
            self._webhook = None
        self._application = None
        await application.shutdown()
        await self._out.pacer.close()
        logger.info("telegram transport stopped")

    async def bot_username(self) -> str:
        """The bot's @username without the @ (one getMe), for t.me invite links.

        Raises `DeliveryError` when Telegram cannot be asked or refuses the token.
        """
        if self._username:
            return self._username
        try:
            async with self._builder().build().bot as bot:
                self._username = bot.username
        except TelegramError as exc:
            raise delivery_error(exc) from None
        return self._username

    async def _set_commands(self, bot: Bot) -> None:
        """The command menu in each language, in direct chats and in groups."""
        for menu in command_menus(self._translator_for, self._default_locale):
            scope = BotCommandScopeAllGroupChats() if menu.in_groups else None
            try:
                await bot.set_my_commands(
                    menu.commands, scope=scope, language_code=menu.language_code
                )
            except TelegramError as exc:  # a missing menu is no reason not to run
                logger.warning("setMyCommands failed: %s", delivery_error(exc).code)

    # --- inbound (see telegram_inbound) -------------------------------------------------

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.process_update(update)

    async def process_update(self, update: Update) -> None:
        """Translate, hand to the handler, carry out its effects; never raise."""
        await self._inbound.process_update(update)

    # --- outbound (the Transport port; see telegram_outbound) ------------------------------

    def _bot(self) -> Bot | None:
        return self._application.bot if self._application is not None else None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        """One attempt per part; a long text goes as several messages, buttons on the last."""
        return await self._out.send(to, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        """Replace the text and buttons; no buttons removes the keyboard."""
        await self._out.edit(ref, message)

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        return await self._out.send_file(to, data, filename, caption)


def _check_settings(
    token: str, mode: TelegramMode, webhook_url: str | None, webhook_secret: str | None
) -> None:
    """Every problem with the settings, one line each, naming the setting to fix.

    Each line is a msgid: the command line says it in the administrator's language.
    """
    problems = []
    if not token:
        problems.append(
            N_("telegram.token: set OMBUD_TELEGRAM__TOKEN or OMBUD_TELEGRAM__TOKEN_FILE")
        )
    if mode == "webhook" and not webhook_url:
        problems.append(N_("telegram.webhook_url: webhook mode needs the public https address"))
    if mode == "webhook" and not (webhook_secret and _SECRET_SHAPE.match(webhook_secret)):
        problems.append(
            N_(
                "telegram.webhook_secret: webhook mode needs OMBUD_TELEGRAM__WEBHOOK_SECRET, "
                "1-256 letters, digits, _ or -"
            )
        )
    if problems:
        raise ConfigError(problems)


def api_base_url(base_url: str) -> str:
    """PTB appends the token to the base URL: make sure it ends in '/bot' (or names {token})."""
    trimmed = base_url.rstrip("/")
    if "{token}" in trimmed or trimmed.endswith("/bot"):
        return trimmed
    return f"{trimmed}/bot"


def file_base_url(base_url: str | None) -> str | None:
    """A self-hosted Bot API serves files under /file/bot<token>/ next to /bot<token>/."""
    if base_url is None or not base_url.endswith("/bot"):
        return None
    return f"{base_url[: -len('/bot')]}/file/bot"


def _quiet_library_logs() -> None:
    """httpx logs each request URL (which carries the token) at INFO, and PTB logs whole
    updates and message texts at DEBUG: keep both above those levels, whatever the root is."""
    for name, level in (("httpx", logging.WARNING), ("telegram", logging.INFO)):
        library = logging.getLogger(name)
        library.setLevel(max(library.getEffectiveLevel(), level))


async def _shut_quietly(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close the HTTP clients of an application whose sign-in failed (PTB leaves them open)."""
    try:
        await application.bot.shutdown()
    except (TelegramError, RuntimeError) as exc:  # already failing: keep the first error
        logger.debug("telegram shutdown after a failed open: %s", type(exc).__name__)


def _log_polling_error(exc: TelegramError) -> None:
    # The exception's text may quote a URL that carries the token: log only its kind.
    logger.warning("telegram polling error: %s", delivery_error(exc).code)
