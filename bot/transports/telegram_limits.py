"""Pacing for the Telegram Bot API: one budget for every call of a bot, and 1 a second per chat."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.core.ports import BudgetLedger
from bot.transports.shared_budget import SharedBudget
from bot.transports.telegram_translate import retry_after_seconds

# Telegram allows a bot about 30 calls a second. Calls are spaced at this rate, and however
# late a busy process wakes for its slots, no more than its whole part (29) leave in any one
# second: late calls leaving together would reach Telegram as more than 30 in a second.
GLOBAL_PER_SECOND = 29.4
# The window those 29 are counted in is a little longer than a second: calls reach Telegram
# a few milliseconds off from how they left, and more than 30 in one of its seconds costs a
# 429 and a pause of the whole bot. With 29 in any 1.01 s, any 31 calls span at least 1.044 s
# (1.034 s with a window of one second), and the rate is still up to 28.7 a second.
WINDOW_SECONDS = 1.01
# Workers that share a bot's budget through the database book evenly spaced slots, and no
# worker sees the others' calls, so no window can hold back a late bunch: the spacing alone
# must leave room for the jitter on the way. At this rate any 31 calls span 1.049 s; at 29.4
# they spanned 1.020 s, 20 ms of room, which a busy worker's late calls used up.
SHARED_PER_SECOND = 28.6
PRIVATE_CHAT_INTERVAL = 1.0  # seconds between two messages to one person
GROUP_CHAT_INTERVAL = 3.0  # 20 messages a minute in a group
_FORGET_AFTER = 60.0  # seconds of silence after which a chat's slot is dropped

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
ApiResult = bool | dict[str, Any] | list[dict[str, Any]]


def budget_key(token: str) -> str:
    """The name of a bot's shared budget: its numeric id, the part of the token before the
    colon (public, unlike the rest); a token of another shape is named by a digest."""
    bot_id = token.split(":", 1)[0]
    if bot_id.isdigit() and len(bot_id) <= 40:
        return f"telegram:{bot_id}"
    return "telegram:" + hashlib.sha256(token.encode()).hexdigest()[:32]


def shared_pacer(ledger: BudgetLedger, token: str, per_second: float = SHARED_PER_SECOND) -> Pacer:
    """A pacer whose bot budget is shared, through `ledger`, by every worker of the bot."""
    return Pacer(per_second=per_second, shared=SharedBudget(ledger, budget_key(token), per_second))


def is_group_chat(chat_id: str) -> bool:
    """Telegram gives groups, supergroups and channels negative chat ids."""
    return chat_id.startswith("-")


class Pacer:
    """Two separate budgets: the bot's calls in all, and each chat's messages.

    A send first waits for its own chat's slot, holding nothing global while it waits;
    only then does it take the next slot of the bot's budget. So a person's second
    message never holds up other people's, and nothing gets past the global budget.
    A 429 pauses the whole budget: Telegram's retry_after applies to the bot, not a chat.
    With a `shared` budget the bot's calls are booked there, together with every other
    worker of the database; chats stay this worker's own (a person's messages are sent by
    the worker that claimed them). The clock and the sleep are injectable; tests drive them.
    """

    def __init__(
        self,
        *,
        per_second: float = GLOBAL_PER_SECOND,
        private_interval: float = PRIVATE_CHAT_INTERVAL,
        group_interval: float = GROUP_CHAT_INTERVAL,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        shared: SharedBudget | None = None,
    ) -> None:
        if per_second <= 0 or private_interval < 0 or group_interval < 0:
            raise ValueError("rates must be positive")
        self.shared = shared
        self._global_interval = 1.0 / per_second
        self._private_interval = private_interval
        self._group_interval = group_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._global_next = 0.0
        self._chat_next: dict[str, float] = {}
        self._paused_until = 0.0
        self._window = max(int(per_second), 1)
        self._left: deque[float] = deque(maxlen=self._window)  # the last calls' departures

    # --- the bot's budget (every call) ------------------------------------------------------

    def reserve_global(self) -> float:
        """Reserve the bot's next free call slot; return how long to wait for it."""
        now = self._monotonic()
        slot = max(now, self._global_next, self._paused_until)
        self._global_next = slot + self._global_interval
        return slot - now

    async def wait_global(self) -> None:
        """Wait for a slot of the bot's budget; a pause that began meanwhile is honoured."""
        if self.shared is not None:
            await self.shared.acquire()
            return
        while True:
            delay = self.reserve_global()
            if delay > 0:
                await self._sleep(delay)
            if self._monotonic() < self._paused_until:
                continue
            crowded = self._window_delay()
            if crowded <= 0:
                self._left.append(self._monotonic())
                return
            await self._sleep(crowded)
            if self._monotonic() >= self._paused_until and self._window_delay() <= 0:
                self._left.append(self._monotonic())
                return

    def _window_delay(self) -> float:
        """How long until one more call leaves no more than the window's calls in a second."""
        if len(self._left) < self._window:
            return 0.0
        return self._left[0] + WINDOW_SECONDS - self._monotonic()

    def pause(self, seconds: float) -> None:
        """Telegram said 429: hold back every call of this bot for `seconds`."""
        if self.shared is not None:
            self.shared.pause(seconds)
            return
        until = self._monotonic() + max(seconds, 0.0)
        self._paused_until = max(self._paused_until, until)

    def paused_for(self) -> float:
        if self.shared is not None:
            return self.shared.paused_for()
        return max(self._paused_until - self._monotonic(), 0.0)

    async def close(self) -> None:
        """Let a pause still being shared with the other workers reach them."""
        if self.shared is not None:
            await self.shared.close()

    # --- one chat's messages ----------------------------------------------------------------

    def chat_delay(self, chat_id: str) -> float:
        """How long this chat must wait for its next message, without reserving anything."""
        return max(self._chat_next.get(chat_id, 0.0) - self._monotonic(), 0.0)

    def reserve_chat(self, chat_id: str) -> float:
        """Reserve this chat's next message slot; return how long to wait for it."""
        now = self._monotonic()
        self._forget_idle(now)
        slot = max(now, self._chat_next.get(chat_id, 0.0))
        interval = self._group_interval if is_group_chat(chat_id) else self._private_interval
        self._chat_next[chat_id] = slot + interval
        return slot - now

    def leaving_now(self, chat_id: str) -> None:
        """A message to this chat leaves now: its next one is a full interval from now,
        however long this one waited for the bot's budget after its chat slot."""
        now = self._monotonic()
        interval = self._group_interval if is_group_chat(chat_id) else self._private_interval
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), now + interval)

    async def wait_chat(self, chat_id: str) -> None:
        """Wait until this chat may be sent one more message (the bot's budget comes after)."""
        delay = self.reserve_chat(chat_id)
        if delay > 0:
            await self._sleep(delay)

    async def wait(self, chat_id: str) -> None:
        """The chat's slot, then the bot's: for a call made without the BotBudget limiter."""
        await self.wait_chat(chat_id)
        await self.wait_global()

    def tracked_chats(self) -> int:
        return len(self._chat_next)

    def _forget_idle(self, now: float) -> None:
        if len(self._chat_next) < 1024:
            return
        stale = [chat for chat, at in self._chat_next.items() if at + _FORGET_AFTER < now]
        for chat in stale:
            del self._chat_next[chat]


_MESSAGE_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"}
)
ApiCall = Callable[..., Coroutine[Any, Any, ApiResult]]


class BotBudget(BaseRateLimiter[None]):
    """Puts every Bot API call of one bot (sends, edits, callback answers, menus) on the
    pacer's global budget, and pauses that budget on a 429. getUpdates never comes here."""

    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(  # noqa: PLR0917 - the signature is the library's
        self,
        callback: ApiCall,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> ApiResult:
        await self.pacer.wait_global()
        if endpoint in _MESSAGE_METHODS and "chat_id" in data:
            self.pacer.leaving_now(str(data["chat_id"]))
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            self.pacer.pause(retry_after_seconds(exc))
            raise
