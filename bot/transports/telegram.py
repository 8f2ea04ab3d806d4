"""The Telegram transport: Bot API updates to neutral events, neutral effects to API calls."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any, Literal
from urllib.parse import urlparse

from telegram import (
    Bot,
    BotCommandScopeAllGroupChats,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import (
    TelegramError,
)
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.core.errors import ConfigError, DeliveryError
from bot.core.i18n import Translator, translator
from bot.core.messages import (
    ChatAddress,
    EditMessage,
    Effect,
    MessageRef,
    OutgoingMessage,
    Reply,
    Sender,
    SendTo,
    Toast,
)
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import InboundHandler
from bot.transports.telegram_limits import Pacer, Sleep
from bot.transports.telegram_render import (
    RenderedPart,
    command_menus,
    render_caption,
    render_parts,
    render_single,
)
from bot.transports.telegram_translate import delivery_error, translate_update

logger = logging.getLogger(__name__)

TelegramMode = Literal["polling", "webhook"]
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
# A reply to a person is worth waiting for: out 429s for up to this long in all ...
MAX_RATE_WAIT = 300.0
# ... and through this many server errors or timeouts, with backoff.
TRANSIENT_RETRIES = 3
_SECRET_SHAPE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

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
        self._pacer = pacer or Pacer()
        self._sleep = sleep
        self._translator_for = translator_for
        self._application: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._handler: InboundHandler | None = None
        self._chat_locks: dict[str, tuple[asyncio.Lock, int]] = {}

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
            .concurrent_updates(True)  # per-chat order is kept by our chat locks
            .connect_timeout(timeout)
            .read_timeout(timeout)
            .write_timeout(timeout)
            .pool_timeout(timeout)
            .get_updates_read_timeout(self._poll_timeout + timeout)
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

    async def start(self, handler: InboundHandler) -> None:
        await self.open()
        try:
            await self._receive(handler)
        except BaseException:
            await self.stop()  # close what open() opened: the caller never saw a start
            raise
        logger.info("telegram transport started in %s mode", self._mode)

    async def _receive(self, handler: InboundHandler) -> None:
        application = self._application
        assert application is not None
        self._handler = handler
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
        else:
            await updater.start_webhook(
                listen=self._webhook_listen,
                port=self._webhook_port,
                url_path=self._url_path(),
                webhook_url=self._webhook_url,
                secret_token=self._webhook_secret,
                allowed_updates=list(ALLOWED_UPDATES),
            )

    def _url_path(self) -> str:
        if self._webhook_path is not None:
            return self._webhook_path.strip("/")
        return urlparse(self._webhook_url or "").path.strip("/")

    async def stop(self) -> None:
        application, self._application = self._application, None
        self._handler = None
        if application is None:
            return
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
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

    # --- inbound ---------------------------------------------------------------------------

    @asynccontextmanager
    async def _chat_lock(self, chat_id: str) -> AsyncIterator[None]:
        """Updates of one chat are handled in order; different chats run side by side."""
        lock, users = self._chat_locks.get(chat_id, (asyncio.Lock(), 0))
        self._chat_locks[chat_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._chat_locks[chat_id]
            if users <= 1:
                del self._chat_locks[chat_id]
            else:
                self._chat_locks[chat_id] = (lock, users - 1)

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.process_update(update)

    async def process_update(self, update: Update) -> None:
        """Translate, hand to the handler, carry out its effects; never raise."""
        query = update.callback_query
        answered = False
        try:
            event = translate_update(update, self._username)
            if event is None or self._handler is None:
                return
            # Keyed on this bot, so a new bot's update ids are never taken for handled ones.
            event = replace(event, sender=replace(event.sender, bot=self._bot_id))
            async with self._chat_lock(event.sender.chat_id):
                effects = await self._handler(event)
                if query is not None:
                    answered = True
                    await self._answer(query, _toast_text(effects))
                await self._carry_out(effects, event.sender)
        except Exception:  # the update boundary: log, keep running
            logger.exception("telegram update %s failed", update.update_id)
        finally:
            if query is not None and not answered:
                await self._answer(query, None)

    async def _answer(self, query: CallbackQuery, text: str | None) -> None:
        try:
            await query.answer(text=text[:200] if text else None)
        except TelegramError as exc:
            logger.warning("answerCallbackQuery %s failed: %s", query.id, delivery_error(exc).code)

    async def _carry_out(self, effects: Sequence[Effect], sender: Sender) -> None:
        for effect in effects:
            try:
                match effect:
                    case Reply(message=message):
                        await self._send_interactive(sender.address(), message)
                    case SendTo(address=address, message=message):
                        await self._send_interactive(address, message)
                    case EditMessage(ref=ref, message=message):
                        await self._with_retries(partial(self.edit, ref, message))
                    case _:
                        pass  # Toast is answered above; Telegram asks field by field, no forms
            except DeliveryError as exc:
                logger.warning("telegram effect to chat %s failed: %s", sender.chat_id, exc)

    async def _send_interactive(self, to: ChatAddress, message: OutgoingMessage) -> None:
        if to.platform is not Platform.TELEGRAM:
            logger.warning("telegram transport asked to send to %s; skipped", to.platform)
            return
        for part in _parts(message):
            await self._with_retries(partial(self._send_part, to.chat_id, part))

    async def _with_retries(self, attempt: Callable[[], Awaitable[object]]) -> None:
        """A person is waiting: wait out 429s (up to a few minutes) and a few hiccups."""
        rate_limited_for = 0.0
        hiccups = 0
        while True:
            try:
                await attempt()
                return
            except DeliveryError as exc:
                if exc.failure is DeliveryFailure.RATE_LIMITED and rate_limited_for < MAX_RATE_WAIT:
                    wait = exc.retry_after or 1.0
                    rate_limited_for += wait
                elif exc.failure is DeliveryFailure.TRANSIENT and hiccups < TRANSIENT_RETRIES:
                    hiccups += 1
                    wait = 2.0**hiccups
                else:
                    raise
                await self._sleep(min(wait, MAX_RATE_WAIT))

    # --- outbound (the Transport port) -----------------------------------------------------

    def _bot(self) -> Bot:
        if self._application is None:
            raise DeliveryError(DeliveryFailure.TRANSIENT, "not_started")
        bot: Bot = self._application.bot
        return bot

    async def _call(self, chat_id: str, request: Awaitable[Message | bool]) -> Message | bool:
        try:
            return await request
        except TelegramError as exc:
            error = delivery_error(exc)
            if error.failure is DeliveryFailure.RATE_LIMITED and error.retry_after:
                self._pacer.pause(error.retry_after, chat_id)
            raise error from None

    async def _send_part(self, chat_id: str, part: RenderedPart) -> MessageRef:
        bot = self._bot()
        await self._pacer.wait(chat_id)
        sent = await self._call(
            chat_id,
            bot.send_message(
                chat_id, part.html, parse_mode=ParseMode.HTML, reply_markup=part.keyboard
            ),
        )
        return _ref(chat_id, sent)

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        """One attempt per part; a long text goes as several messages, buttons on the last."""
        ref: MessageRef | None = None
        for part in _parts(message):
            ref = await self._send_part(to.chat_id, part)
        assert ref is not None
        return ref

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        """Replace the text and buttons; no buttons removes the keyboard."""
        try:
            part = render_single(message)
        except ValueError:
            raise DeliveryError(DeliveryFailure.PERMANENT, "bad_button") from None
        markup = part.keyboard  # None: the Bot API drops the keyboard on an edit without one
        bot = self._bot()
        await self._pacer.wait(ref.chat_id)
        try:
            await self._call(
                ref.chat_id,
                bot.edit_message_text(
                    part.html, ref.chat_id, int(ref.message_id),
                    parse_mode=ParseMode.HTML, reply_markup=markup,
                ),
            )  # fmt: skip
        except DeliveryError as exc:
            if exc.code != "not_modified":
                raise
            # Same text: make sure at least the keyboard is the one asked for.
            await self._replace_keyboard(bot, ref, markup)

    async def _replace_keyboard(
        self, bot: Bot, ref: MessageRef, markup: InlineKeyboardMarkup | None
    ) -> None:
        try:
            await self._call(
                ref.chat_id,
                bot.edit_message_reply_markup(
                    ref.chat_id, int(ref.message_id), reply_markup=markup
                ),
            )
        except DeliveryError as exc:
            if exc.code != "not_modified":
                raise

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        bot = self._bot()
        text = render_caption(caption) or None
        await self._pacer.wait(to.chat_id)
        if filename.lower().endswith(IMAGE_SUFFIXES):
            request = bot.send_photo(
                to.chat_id, data, caption=text, parse_mode=ParseMode.HTML, filename=filename
            )
        else:
            request = bot.send_document(
                to.chat_id, data, caption=text, parse_mode=ParseMode.HTML, filename=filename
            )
        return _ref(to.chat_id, await self._call(to.chat_id, request))


def _check_settings(
    token: str, mode: TelegramMode, webhook_url: str | None, webhook_secret: str | None
) -> None:
    """Every problem with the settings, one line each, naming the setting to fix."""
    problems = []
    if not token:
        problems.append("telegram.token: set OMBUD_TELEGRAM__TOKEN or OMBUD_TELEGRAM__TOKEN_FILE")
    if mode == "webhook" and not webhook_url:
        problems.append("telegram.webhook_url: webhook mode needs the public https address")
    if mode == "webhook" and not (webhook_secret and _SECRET_SHAPE.match(webhook_secret)):
        problems.append(
            "telegram.webhook_secret: webhook mode needs OMBUD_TELEGRAM__WEBHOOK_SECRET, "
            "1-256 letters, digits, _ or -"
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


def _parts(message: OutgoingMessage) -> list[RenderedPart]:
    try:
        return render_parts(message)
    except ValueError:  # a button token over 64 bytes: a bug upstream, never sendable
        raise DeliveryError(DeliveryFailure.PERMANENT, "bad_button") from None


def _ref(chat_id: str, sent: Message | bool) -> MessageRef:
    if isinstance(sent, bool):
        raise DeliveryError(DeliveryFailure.PERMANENT, "no_message")
    return MessageRef(Platform.TELEGRAM, str(sent.chat.id or chat_id), str(sent.message_id))


def _toast_text(effects: Sequence[Effect]) -> str | None:
    return next((effect.text for effect in effects if isinstance(effect, Toast)), None)


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
