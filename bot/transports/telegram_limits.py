"""Pacing for the Telegram Bot API: about 30 messages a second in all, 1 a second per chat."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

GLOBAL_PER_SECOND = 30.0
PRIVATE_CHAT_INTERVAL = 1.0  # seconds between two messages to one person
GROUP_CHAT_INTERVAL = 3.0  # 20 messages a minute in a group
_FORGET_AFTER = 60.0  # seconds of silence after which a chat's slot is dropped

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


def is_group_chat(chat_id: str) -> bool:
    """Telegram gives groups, supergroups and channels negative chat ids."""
    return chat_id.startswith("-")


class Pacer:
    """Hands out send slots so no chat, and not the bot as a whole, goes over its limit.

    Slots are reserved before waiting, so concurrent senders queue up in arrival order
    without a lock. The clock and the sleep are injectable; tests drive them by hand.
    The global limit is kept by spacing sends 1/30 s apart; a chat that must wait for
    itself (1 s per person, 3 s per group, or a 429 pause) does not hold the others back,
    which may put two sends in one global slot now and then: "about 30 a second".
    """

    def __init__(
        self,
        *,
        per_second: float = GLOBAL_PER_SECOND,
        private_interval: float = PRIVATE_CHAT_INTERVAL,
        group_interval: float = GROUP_CHAT_INTERVAL,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_second <= 0 or private_interval < 0 or group_interval < 0:
            raise ValueError("rates must be positive")
        self._global_interval = 1.0 / per_second
        self._private_interval = private_interval
        self._group_interval = group_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._global_next = 0.0
        self._chat_next: dict[str, float] = {}
        self._paused_until = 0.0

    def reserve(self, chat_id: str) -> float:
        """Reserve the next free slot for this chat; return how long to wait for it."""
        now = self._monotonic()
        self._forget_idle(now)
        global_slot = max(now, self._global_next, self._paused_until)
        slot = max(global_slot, self._chat_next.get(chat_id, 0.0))
        if slot == global_slot:
            self._global_next = slot + self._global_interval
        # else: this chat waits for itself; its late slot must not hold back everyone else.
        interval = self._group_interval if is_group_chat(chat_id) else self._private_interval
        self._chat_next[chat_id] = slot + interval
        return slot - now

    async def wait(self, chat_id: str) -> None:
        """Wait until this chat may be sent one more message."""
        delay = self.reserve(chat_id)
        if delay > 0:
            await self._sleep(delay)

    def pause(self, seconds: float, chat_id: str | None = None) -> None:
        """Telegram said 429: hold back this chat, or everything, for `seconds`."""
        until = self._monotonic() + max(seconds, 0.0)
        if chat_id is None:
            self._paused_until = max(self._paused_until, until)
        else:
            self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), until)

    def tracked_chats(self) -> int:
        return len(self._chat_next)

    def _forget_idle(self, now: float) -> None:
        if len(self._chat_next) < 1024:
            return
        stale = [chat for chat, at in self._chat_next.items() if at + _FORGET_AFTER < now]
        for chat in stale:
            del self._chat_next[chat]
