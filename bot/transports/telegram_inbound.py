"""Telegram updates in: each becomes a neutral event, in order per chat, and its effects go
back out through the shared executor over a client bound to that update."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import replace

from telegram import CallbackQuery, Update
from telegram.error import TelegramError

from bot.core.messages import ChatAddress, Form, MessageRef, OutgoingMessage, Sender
from bot.core.model import Platform
from bot.core.ports import InboundHandler
from bot.transports.effects import carry_out, no_forms
from bot.transports.telegram_outbound import TelegramOutbound
from bot.transports.telegram_translate import delivery_error, translate_update

logger = logging.getLogger("bot.transports.telegram")

MAX_TOAST = 200  # answerCallbackQuery's limit


class TelegramUpdateClient:
    """The executor's client for one update: its chat, and its callback query if a tap."""

    name = "telegram"

    def __init__(self, out: TelegramOutbound, sender: Sender, query: CallbackQuery | None) -> None:
        self._out = out
        self._sender = sender
        self._query = query
        self.answered = False

    @property
    def where(self) -> str:
        return self._sender.chat_id

    async def reply(self, message: OutgoingMessage, *, ephemeral: bool) -> None:
        await self.send(self._sender.address(), message)  # a Telegram chat has no ephemeral

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> None:
        if to.platform is not Platform.TELEGRAM:
            logger.warning("telegram transport asked to send to %s; skipped", to.platform)
            return
        await self._out.send_patiently(to, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self._out.edit_patiently(ref, message)

    async def acknowledge(self, toast: str | None) -> None:
        if self._query is None or self.answered:
            return
        self.answered = True
        await answer_query(self._query, toast)

    async def open_form(self, form: Form, prefill: Mapping[str, str]) -> None:
        raise no_forms()  # Telegram asks field by field


async def answer_query(query: CallbackQuery, text: str | None) -> None:
    """Stop the button's spinner (once per tap), with a short toast if there is one."""
    try:
        await query.answer(text=text[:MAX_TOAST] if text else None)
    except TelegramError as exc:
        logger.warning("answerCallbackQuery %s failed: %s", query.id, delivery_error(exc).code)


class TelegramInbound:
    """The inbound half of TelegramTransport: per-chat order, translation, the effects."""

    def __init__(self, out: TelegramOutbound, identity: Callable[[], tuple[str | None, str]]):
        self._out = out
        self._identity = identity  # (the bot's @username, the bot's id), learned on open
        self.handler: InboundHandler | None = None
        self._chat_locks: dict[str, tuple[asyncio.Lock, int]] = {}

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

    async def process_update(self, update: Update) -> None:
        """Translate, hand to the handler, carry out its effects; never raise."""
        query = update.callback_query
        client: TelegramUpdateClient | None = None
        try:
            username, bot_id = self._identity()
            event = translate_update(update, username)
            if event is None or self.handler is None:
                return
            # Keyed on this bot, so a new bot's update ids are never taken for handled ones.
            event = replace(event, sender=replace(event.sender, bot=bot_id))
            async with self._chat_lock(event.sender.chat_id):
                effects = await self.handler(event)
                client = TelegramUpdateClient(self._out, event.sender, query)
                await carry_out(effects, client)
        except Exception:  # the update boundary: log, keep running
            logger.exception("telegram update %s failed", update.update_id)
        finally:
            if query is not None and (client is None or not client.answered):
                await answer_query(query, None)
