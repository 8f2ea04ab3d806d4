"""Slack's limits and faults: pacing (a message a second per channel, a workspace budget)
and mapping Web API failures to DeliveryError."""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.errors import DeliveryError
from bot.core.model import DeliveryFailure

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

WINDOW_SECONDS = 60.0
UNREACHABLE_CODES = frozenset(
    {"account_inactive", "user_not_found", "cannot_dm_bot", "user_disabled", "users_not_found"}
)
TRANSIENT_CODES = frozenset({"internal_error", "fatal_error", "service_unavailable", "timeout"})


class SlackPacer:
    """Reserves a send slot per call; callers wait for their slot, so nothing is dropped.

    Slots are reserved synchronously (no await between reading and writing the schedule),
    which keeps concurrent senders on one event loop in order without a lock.
    """

    def __init__(
        self,
        per_channel_interval: float = 1.0,
        workspace_per_minute: int = 300,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_channel_interval < 0 or workspace_per_minute < 1:
            raise ValueError("pacing needs a non-negative interval and a budget of at least 1")
        self._interval = per_channel_interval
        self._budget = workspace_per_minute
        self._monotonic = monotonic
        self._sleep = sleep
        self._channel_next: dict[str, float] = {}
        self._reserved: list[float] = []  # sorted slot times within the last window
        self._held_until = 0.0

    def reserve(self, channel: str) -> float:
        """The moment (on the monotonic clock) this channel may send; it is booked."""
        now = self._monotonic()
        self._forget_before(now - WINDOW_SECONDS)
        slot = max(now, self._channel_next.get(channel, now), self._held_until)
        slot = self._within_budget(slot)
        bisect.insort(self._reserved, slot)
        self._channel_next[channel] = slot + self._interval
        return slot

    async def wait(self, channel: str) -> None:
        """Wait until this channel's next slot."""
        delay = self.reserve(channel) - self._monotonic()
        if delay > 0:
            await self._sleep(delay)

    def hold(self, seconds: float) -> None:
        """Slack said 429: no slot is given out before `seconds` from now."""
        if seconds > 0:
            self._held_until = max(self._held_until, self._monotonic() + seconds)

    def _within_budget(self, slot: float) -> float:
        # Move the slot on until fewer than `budget` sends fall in the window ending at it.
        while True:
            start = bisect.bisect_right(self._reserved, slot - WINDOW_SECONDS)
            end = bisect.bisect_right(self._reserved, slot)
            if end - start < self._budget:
                return slot
            slot = self._reserved[end - self._budget] + WINDOW_SECONDS

    def _forget_before(self, moment: float) -> None:
        cut = bisect.bisect_left(self._reserved, moment)
        if cut:
            del self._reserved[:cut]
        if len(self._channel_next) > 10_000:
            self._channel_next = {
                ch: at for ch, at in self._channel_next.items() if at > moment + WINDOW_SECONDS
            }


def _response_status(response: Any) -> int:
    status = getattr(response, "status_code", None) or getattr(response, "status", 0)
    return int(status or 0)


def response_error(response: Any) -> str:
    data = getattr(response, "data", None)
    if isinstance(data, Mapping):
        return str(data.get("error") or "")
    return ""


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None) or {}
    for name, value in dict(headers).items():
        if str(name).lower() == "retry-after":
            try:
                return max(0.0, float(value))
            except (TypeError, ValueError):
                return None
    return None


def delivery_error(exc: BaseException, direct_message: bool = True) -> DeliveryError:
    """Map a Slack SDK failure to a DeliveryError carrying Slack's code, never its text."""
    if not isinstance(exc, SlackApiError):
        return DeliveryError(DeliveryFailure.TRANSIENT, type(exc).__name__.lower()[:64])
    status = _response_status(exc.response)
    code = response_error(exc.response)
    if status == 429 or code == "ratelimited":
        return DeliveryError(
            DeliveryFailure.RATE_LIMITED, code or "ratelimited", _retry_after(exc.response)
        )
    if status >= 500 or code in TRANSIENT_CODES:
        return DeliveryError(DeliveryFailure.TRANSIENT, code or f"http_{status}")
    if code in UNREACHABLE_CODES or (direct_message and code == "channel_not_found"):
        return DeliveryError(DeliveryFailure.UNREACHABLE, code)
    return DeliveryError(DeliveryFailure.PERMANENT, code or f"http_{status}")
