"""Telegram updates in: a tap is answered at once, then each update becomes a neutral event
whose handler runs on a bounded pool of workers, in order per person, and whose effects go
back out through the shared executor over a client bound to that update.

With an inbox (the webhook's durable receipt), an update is written there first, the
webhook answers at once (a tap's answer in the response itself), and the handler runs
afterwards; its row goes once the handler has run, and a restart handles the rows a stop
or a crash left behind.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from telegram import Bot, CallbackQuery, Update
from telegram.error import TelegramError

from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    Effect,
    Form,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    Reply,
    Sender,
    Toast,
)
from bot.core.model import Platform
from bot.core.ports import InboundHandler, Receipt, TapRecorder, UpdateInbox
from bot.transports.effects import carry_out, no_forms
from bot.transports.grouped import GroupedWriter
from bot.transports.inbound_queue import OrderedWorkers, PoolClosed
from bot.transports.telegram_outbound import TelegramOutbound
from bot.transports.telegram_translate import delivery_error, translate_update

logger = logging.getLogger("bot.transports.telegram")

MAX_TOAST = 200  # answerCallbackQuery's limit
# The longest a transaction or an update's effects wait for the answers to taps already on
# their way: in a burst the spinners stop first, the rest follows.
ANSWERS_FIRST_S = 2.0


class TelegramUpdateClient:
    """The executor's client for one update: its chat, and its callback query if a tap."""

    name = "telegram"

    def __init__(
        self,
        out: TelegramOutbound,
        sender: Sender,
        query: CallbackQuery | None,
        *,
        answered: bool = False,
    ) -> None:
        self._out = out
        self._sender = sender
        self._query = query
        self.answered = answered

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


async def answer_query_id(bot: Bot, query_id: str) -> None:
    """Stop the spinner of the tap with this callback query id, with no toast."""
    try:
        await bot.answer_callback_query(query_id)
    except TelegramError as exc:
        logger.warning("answerCallbackQuery %s failed: %s", query_id, delivery_error(exc).code)


def toasts_as_messages(effects: Sequence[Effect]) -> list[Effect]:
    """The effects of a tap whose spinner was stopped before the handler ran.

    The toast can no longer be shown. When the tap changes nothing else in the chat (not
    yours, already recorded, nothing to skip), its toast is said as a message instead, so
    the person still learns why; otherwise the edit or reply already says it.
    """
    toasts = [effect for effect in effects if isinstance(effect, Toast)]
    rest: list[Effect] = [effect for effect in effects if not isinstance(effect, Toast)]
    if rest or not toasts:
        return rest
    return [Reply(OutgoingMessage(toasts[0].text))]


class TelegramInbound:
    """The inbound half of TelegramTransport: the early answer, the workers, the effects."""

    def __init__(
        self,
        out: TelegramOutbound,
        identity: Callable[[], tuple[str | None, str]],
        workers: OrderedWorkers | None = None,
        inbox: UpdateInbox | None = None,
        bot: Callable[[], Bot | None] = lambda: None,
    ):
        self._out = out
        self._identity = identity  # (the bot's @username, the bot's id), learned on open
        self.handler: InboundHandler | None = None
        self.workers = workers or OrderedWorkers(name="telegram-inbound")
        self.workers.before_each = self.answers_first
        self._answers: set[asyncio.Task[None]] = set()
        self.inbox = inbox
        self._bot = bot
        self._receipts: GroupedWriter[Receipt, bool] = GroupedWriter(
            self._write_receipts, name="telegram-receipts"
        )
        self._handled: GroupedWriter[str, None] = GroupedWriter(
            self._forget, name="telegram-handled"
        )
        self._received: set[asyncio.Task[None]] = set()
        self._to_start: deque[tuple[dict[str, Any], str]] = deque()
        self._starting: asyncio.Task[None] | None = None
        # Set with an inbox: waits (at most the seconds given) until the webhook has
        # answered every POST it is answering (`WebhookServer.answered`).
        self.webhook_answered: Callable[[float], Awaitable[None]] | None = None
        # Set by start: records the answers of received taps in one transaction, before
        # their handling (with an inbox only; see `_record_on_receipt`).
        self.record_taps: TapRecorder | None = None
        # Received updates not yet handled, per sender: a tap is recorded on receipt only
        # when it is its sender's one update on its way, so each person's stay in order.
        self._on_their_way: Counter[str] = Counter()

    async def answers_first(self) -> None:
        """Wait (at most ANSWERS_FIRST_S) for the answers to taps already on their way.

        In a burst the spinners stop first; the transactions and the edits and replies come
        after. Only answers under way now are waited for, so nothing waits for ever. With
        an inbox the answers are the webhook's responses, sent once the receipts are
        written: the handling waits until the webhook has answered all it was given
        (bounded), since on one event loop, and through the GIL in the database threads,
        it takes turns with the webhook; and where the database takes one writer at a
        time (SQLite), until the receipts being written are written, as a handler's
        transaction would hold the lock they need.
        """
        if self._answers:
            await asyncio.wait(list(self._answers), timeout=ANSWERS_FIRST_S)
        if self.webhook_answered is not None:
            await self.webhook_answered(ANSWERS_FIRST_S)
        if self.inbox is not None and self.inbox.one_writer and self._receipts.busy:
            await self._receipts.quiet(ANSWERS_FIRST_S)

    def _answer_now(self, query: CallbackQuery) -> None:
        """Stop the spinner at once, without waiting for (or holding up) the work."""
        self._track(answer_query(query, None))

    def answer_early(self, bot: Bot, query_id: str) -> None:
        """Stop a tap's spinner before its update is read (the webhook, once verified)."""
        self._track(answer_query_id(bot, query_id))

    def _track(self, answer: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(answer)
        self._answers.add(task)
        task.add_done_callback(self._answers.discard)

    def event_of(self, update: Update) -> InboundEvent | None:
        """The update as a neutral event keyed on this bot; None for what is not for us."""
        try:
            username, bot_id = self._identity()
            event = translate_update(update, username)
        except Exception:  # the update boundary: log, keep running
            logger.exception("telegram update %s failed", update.update_id)
            return None
        if event is None:
            return None
        # Keyed on this bot, so a new bot's update ids are never taken for handled ones.
        return replace(event, sender=replace(event.sender, bot=bot_id))

    async def process_update(
        self, update: Update, answered: bool = False, event: InboundEvent | None = None
    ) -> None:
        """Answer a tap, then hand the event to the workers and wait until it is handled.

        `answered`: the tap's answer has already gone (the webhook sends it before it
        builds the update). `event`: the update already translated (`event_of`).

        Returns once the handler's transaction is over (stored) and its effects are out, so
        a webhook answers Telegram only then, and an update cut off by a stop or a crash is
        delivered again; the handler's record of handled update ids keeps a redelivery from
        being applied twice. Never raises, except `PoolClosed` while stopping.
        """
        query = update.callback_query
        if event is None:
            event = self.event_of(update)
        if event is None or self.handler is None:
            if query is not None and not answered:
                await answer_query(query, None)
            return
        if query is not None and not answered:
            self._answer_now(query)
        handler = self.handler
        update_id = update.update_id

        async def effects_of(effects: Sequence[Effect]) -> None:
            await self._effects(effects, event, query, update_id)

        await self.workers.run(
            event.sender.user_id, lambda: self._handle(handler, event, update_id), effects_of
        )

    async def _handle(
        self, handler: InboundHandler, event: InboundEvent, update_id: int
    ) -> Sequence[Effect]:
        try:
            return await handler(event)
        except Exception:  # the update boundary: log, keep running
            logger.exception("telegram update %s failed", update_id)
            return []

    async def _effects(
        self,
        effects: Sequence[Effect],
        event: InboundEvent,
        query: CallbackQuery | None,
        update_id: int,
    ) -> None:
        try:
            await self.answers_first()
            if query is not None:
                effects = toasts_as_messages(effects)
            client = TelegramUpdateClient(self._out, event.sender, query, answered=True)
            await carry_out(effects, client)
        except Exception:  # the update boundary: log, keep running
            logger.exception("telegram update %s failed", update_id)

    # --- the durable receipt (webhook with an inbox) ----------------------------------------

    async def _write_receipts(self, receipts: Sequence[Receipt]) -> list[bool]:
        assert self.inbox is not None
        new = await self.inbox.receive(
            Platform.TELEGRAM, self._identity()[1], receipts, datetime.now(UTC)
        )
        return [receipt.update_id in new for receipt in receipts]

    async def _forget(self, update_ids: Sequence[str]) -> list[None]:
        assert self.inbox is not None
        await self.inbox.done(Platform.TELEGRAM, self._identity()[1], update_ids)
        return [None for _ in update_ids]

    async def receive(self, data: dict[str, Any], body: str) -> None:
        """Write the update's receipt (grouped with others arriving now), then start its
        handling without waiting for it. Raises when the receipt could not be written: the
        platform must then not be told the update was taken."""
        update_id = str(data["update_id"])
        if await self._receipts.add(Receipt(update_id, body)):
            self._start(data, update_id)
        # Not new: received before and not yet handled, so already on its way (or left by a
        # crash, and handled at the next start).

    def _start(self, data: dict[str, Any], update_id: str) -> None:
        """Queue a received update; they start in the order received, once answered."""
        self._to_start.append((data, update_id))
        if self._starting is None:
            self._starting = self._track_received(self._start_queued())

    async def _start_queued(self) -> None:
        """Start the queued updates' handling once the webhook has answered (bounded).

        Reading an update and handling it is work on the event loop the webhook shares,
        so in a burst every POST is answered first. The updates start in the order they
        were received: each reaches the workers (which keep the order per person) before
        the next one is read.
        """
        try:
            while self._to_start:
                await self.answers_first()
                queued = list(self._to_start)
                self._to_start.clear()
                read = [self._read(data, update_id) for data, update_id in queued]
                for _update, event, _update_id in read:
                    if event is not None:
                        self._on_their_way[event.sender.user_id] += 1
                recorded = await self._record_on_receipt([e for _u, e, _i in read])
                for update, event, update_id in read:
                    ready = event
                    if isinstance(event, ChoiceSelected) and event.event_id in recorded:
                        ready = replace(event, recorded=recorded[event.event_id])
                    self._track_received(self._handle_received(update, ready, update_id))
        finally:
            self._starting = None

    def _read(
        self, data: dict[str, Any], update_id: str
    ) -> tuple[Update | None, InboundEvent | None, str]:
        """A received update read into PTB's objects and translated; None where it is not."""
        try:
            update = Update.de_json(data, self._bot())
        except (ValueError, TypeError, KeyError):
            logger.warning("telegram update %s: not an update; dropped", update_id)
            return None, None, update_id
        return update, self.event_of(update), update_id

    async def _record_on_receipt(self, events: Sequence[InboundEvent | None]) -> Mapping[str, int]:
        """Record, in one transaction, the answers of the taps that are their sender's one
        update on its way (see `Router.record_taps`): a burst's answers are stored before
        each tap is handled one by one. Returns event id -> answer id."""
        if self.record_taps is None or self.handler is None:
            return {}
        taps = [
            event
            for event in events
            if isinstance(event, ChoiceSelected) and self._on_their_way[event.sender.user_id] == 1
        ]
        if not taps:
            return {}
        try:
            return await self.record_taps(taps)
        except Exception as exc:  # each is then handled the ordinary way
            logger.warning("telegram: taps not recorded on receipt: %s", type(exc).__name__)
            return {}

    def _track_received(self, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(work)
        self._received.add(task)
        task.add_done_callback(self._received.discard)
        return task

    async def _handle_received(
        self, update: Update | None, event: InboundEvent | None, update_id: str
    ) -> None:
        """Handle one received update; its receipt goes once the handler has run."""
        try:
            await self._handle_read(update, event, update_id)
        finally:
            if event is not None:
                who = event.sender.user_id
                self._on_their_way[who] -= 1
                if self._on_their_way[who] <= 0:
                    del self._on_their_way[who]

    async def _handle_read(
        self, update: Update | None, event: InboundEvent | None, update_id: str
    ) -> None:
        if self.handler is None:
            return  # stopping: the receipt stays for the next start
        if update is not None:
            try:
                await self.process_update(update, answered=True, event=event)
            except PoolClosed:
                return  # given up by a stop: the receipt stays for the next start
        try:
            await self._handled.add(update_id)
        except Exception as exc:  # it stays, and the next start finds it handled already
            logger.warning("telegram update %s: receipt not cleared: %s", update_id, exc)

    async def recover(self) -> int:
        """Start handling what a stop or a crash left received and unhandled, in order."""
        if self.inbox is None:
            return 0
        left = await self.inbox.pending(Platform.TELEGRAM, self._identity()[1])
        for receipt in left:
            try:
                data = json.loads(receipt.payload)
            except ValueError:
                data = None
            if isinstance(data, dict):
                self._start(data, receipt.update_id)
            else:
                self._start({}, receipt.update_id)
        if left:
            logger.info("telegram: %d update(s) received before the start handled now", len(left))
        return len(left)

    async def settle_received(self) -> None:
        """Wait for the received updates' handling to end (the workers are closed first),
        then for the receipts of the handled ones to be cleared."""
        while self._received:
            await asyncio.gather(*list(self._received), return_exceptions=True)
        await self._handled.flush()

    async def drain_answers(self) -> None:
        """Wait for the answers to taps already made (before the HTTP client closes)."""
        if self._answers:
            await asyncio.gather(*list(self._answers), return_exceptions=True)
