"""Telegram Bot API calls Ombud makes: paced per chat, rendered as HTML, mapped to DeliveryError."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import partial

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.transports.telegram_limits import Pacer, Sleep
from bot.transports.telegram_render import (
    RenderedPart,
    render_caption,
    render_parts,
    render_single,
)
from bot.transports.telegram_translate import delivery_error

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
# A reply to a person is worth waiting for: out 429s for up to this long in all ...
MAX_RATE_WAIT = 300.0
# ... and through this many server errors or timeouts, with backoff.
TRANSIENT_RETRIES = 3
# A send whose chat is not free again within this many seconds is handed back as rate
# limited ("chat_pace", with the wait) instead of sleeping, which would hold up the sender's
# other people: the dispatcher queues it and sends others' messages meanwhile.
MAX_INLINE_CHAT_WAIT = 0.2
# The same for the later parts of a long text: the parts already delivered are remembered
# (per chat and text, for this long), so the next send of that message carries on after them.
PARTIAL_KEPT_S = 900.0
_PARTIAL_MAX = 4096
PartialKey = tuple[str, tuple[str, ...]]


class TelegramOutbound:
    """Sends, edits and files through the bot the transport opened; the outbound half."""

    def __init__(
        self, bot: Callable[[], Bot | None], pacer: Pacer, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._current_bot = bot
        self.pacer = pacer
        self._sleep = sleep
        # (chat, the parts' texts) -> (parts delivered, when): a long text handed back part-way
        self._partial: dict[PartialKey, tuple[int, float]] = {}

    def _bot(self) -> Bot:
        bot = self._current_bot()
        if bot is None:
            raise DeliveryError(DeliveryFailure.TRANSIENT, "not_started")
        return bot

    async def _call(self, chat_id: str, request: Awaitable[Message | bool]) -> Message | bool:
        try:
            return await request
        except TelegramError as exc:
            error = delivery_error(exc)
            if error.failure is DeliveryFailure.RATE_LIMITED and error.retry_after:
                self.pacer.pause(error.retry_after)  # Telegram's limit is the bot's, not the chat's
            raise error from None

    # --- one attempt each (the dispatcher's port) -------------------------------------------

    def _chat_free_soon(self, chat_id: str) -> None:
        """Hand back a send whose chat is busy for longer than a short inline wait."""
        delay = self.pacer.chat_delay(chat_id)
        if delay > MAX_INLINE_CHAT_WAIT:
            raise DeliveryError(DeliveryFailure.RATE_LIMITED, "chat_pace", delay)

    async def _send_part(self, chat_id: str, part: RenderedPart) -> MessageRef:
        bot = self._bot()
        await self.pacer.wait_chat(chat_id)
        sent = await self._call(
            chat_id,
            bot.send_message(
                chat_id, part.html, parse_mode=ParseMode.HTML, reply_markup=part.keyboard
            ),
        )
        return _ref(chat_id, sent)

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        """One attempt per part; a long text goes as several messages, buttons on the last.

        A chat still busy with its last message is refused as RATE_LIMITED ("chat_pace")
        rather than waited for, so the sender's other people are not held up; so is a long
        text's next part, and sending the same message again carries on after the parts
        already delivered.
        """
        self._chat_free_soon(to.chat_id)
        parts = _parts(message)
        key: PartialKey = (to.chat_id, tuple(part.html for part in parts))
        first = self._resume_at(key)
        ref: MessageRef | None = None
        for index in range(first, len(parts)):
            try:
                if index > first:
                    self._chat_free_soon(to.chat_id)
                ref = await self._send_part(to.chat_id, parts[index])
            except DeliveryError:
                if index > 0:
                    self._remember(key, index)
                raise
        assert ref is not None
        return ref

    def _resume_at(self, key: PartialKey) -> int:
        done, at = self._partial.pop(key, (0, 0.0))
        return done if time.monotonic() - at < PARTIAL_KEPT_S else 0

    def _remember(self, key: PartialKey, delivered: int) -> None:
        now = time.monotonic()
        if len(self._partial) >= _PARTIAL_MAX:
            for stale in [k for k, (_n, at) in self._partial.items() if now - at >= PARTIAL_KEPT_S]:
                del self._partial[stale]
            if len(self._partial) >= _PARTIAL_MAX:
                self._partial.pop(next(iter(self._partial)))
        self._partial[key] = (delivered, now)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        """Replace the text and buttons; no buttons removes the keyboard."""
        try:
            part = render_single(message)
        except ValueError:
            raise DeliveryError(DeliveryFailure.PERMANENT, "bad_button") from None
        markup = part.keyboard  # None: the Bot API drops the keyboard on an edit without one
        bot = self._bot()
        await self.pacer.wait_chat(ref.chat_id)
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
        await self.pacer.wait_chat(to.chat_id)  # a digest's chart follows its text: worth a wait
        if filename.lower().endswith(IMAGE_SUFFIXES):
            request = bot.send_photo(
                to.chat_id, data, caption=text, parse_mode=ParseMode.HTML, filename=filename
            )
        else:
            request = bot.send_document(
                to.chat_id, data, caption=text, parse_mode=ParseMode.HTML, filename=filename
            )
        return _ref(to.chat_id, await self._call(to.chat_id, request))

    # --- a person is waiting (answers to an update) ----------------------------------------

    async def send_patiently(self, to: ChatAddress, message: OutgoingMessage) -> None:
        """Each part through 429s and hiccups, so a long answer is never sent twice in part."""
        for part in _parts(message):
            await self.patiently(partial(self._send_part, to.chat_id, part))

    async def edit_patiently(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self.patiently(partial(self.edit, ref, message))

    async def patiently(self, attempt: Callable[[], Awaitable[object]]) -> None:
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


def _parts(message: OutgoingMessage) -> list[RenderedPart]:
    try:
        return render_parts(message)
    except ValueError:  # a button token over 64 bytes: a bug upstream, never sendable
        raise DeliveryError(DeliveryFailure.PERMANENT, "bad_button") from None


def _ref(chat_id: str, sent: Message | bool) -> MessageRef:
    if isinstance(sent, bool):
        raise DeliveryError(DeliveryFailure.PERMANENT, "no_message")
    return MessageRef(Platform.TELEGRAM, str(sent.chat.id or chat_id), str(sent.message_id))
