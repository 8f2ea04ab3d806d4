"""Slack's limits and faults: pacing per channel and per method tier, and mapping Web API
failures to DeliveryError."""

from __future__ import annotations

import asyncio
import bisect
import hashlib
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.errors import DeliveryError
from bot.core.model import DeliveryFailure
from bot.core.ports import BudgetLedger
from bot.transports.shared_budget import SharedBudget

Monotonic = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

WINDOW_SECONDS = 60.0
UNREACHABLE_CODES = frozenset(
    {"account_inactive", "user_not_found", "cannot_dm_bot", "user_disabled", "users_not_found"}
)
TRANSIENT_CODES = frozenset({"internal_error", "fatal_error", "service_unavailable", "timeout"})


# Slack's documented tiers, in calls a minute per workspace (api.slack.com/docs/rate-limits).
# chat.postMessage has its own special limit: about one message a second per channel.
# views.open (Tier 4, "100+", bursts allowed) is not paced ahead: a trigger lives three
# seconds, so a form is tried at once and only a Retry-After Slack gave holds it.
METHOD_TIERS: dict[str, int] = {
    "conversations.open": 50,  # Tier 3
    "conversations.info": 50,  # Tier 3
    "users.lookupByEmail": 50,  # Tier 3
    "users.info": 100,  # Tier 4
    "views.publish": 100,  # Tier 4
}
# Methods asked only for a hint that a tap never waits for (the steward's language): they
# are skipped while this worker's window is full, so they stay this worker's own instead of
# costing a tap a round trip to the shared budget.
HINT_METHODS = frozenset({"users.info"})
# A trigger id lives three seconds: a form that cannot be opened within this is given up.
TRIGGER_SECONDS = 3.0


class _Window:
    """At most `budget` reserved slots in any sliding window of WINDOW_SECONDS."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.reserved: list[float] = []  # sorted slot times within the last window

    def fit(self, slot: float) -> float:
        # Move the slot on until fewer than `budget` sends fall in the window ending at it.
        while True:
            start = bisect.bisect_right(self.reserved, slot - WINDOW_SECONDS)
            end = bisect.bisect_right(self.reserved, slot)
            if end - start < self.budget:
                return slot
            slot = self.reserved[end - self.budget] + WINDOW_SECONDS

    def book(self, slot: float) -> None:
        bisect.insort(self.reserved, slot)

    def forget_before(self, moment: float) -> None:
        cut = bisect.bisect_left(self.reserved, moment)
        if cut:
            del self.reserved[:cut]


class SlackPacer:
    """Reserves a slot per call; callers wait for their slot, so nothing is dropped.

    Posts (chat.postMessage, chat.update, chat.postEphemeral) share a lane: a second apart
    per channel and a workspace budget. Every other method has its own lane paced by its
    tier, so a form (views.open) never waits behind a queue of posts, and a Retry-After
    holds only the method Slack named. Slots are reserved synchronously (no await between
    reading and writing the schedule), which keeps concurrent callers in order without a lock.

    With `shared_posts` the workspace's posts are booked on a budget shared by every worker
    of the database (evenly spaced, `workspace_per_minute` a minute in all) instead of this
    worker's window, and with `shared_tiers` each tiered method named there likewise, at
    its tier's rate; channels stay this worker's own.
    """

    def __init__(
        self,
        per_channel_interval: float = 1.0,
        workspace_per_minute: int = 300,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        tiers: Mapping[str, int] | None = None,
        *,
        shared_posts: SharedBudget | None = None,
        shared_tiers: Mapping[str, SharedBudget] | None = None,
    ) -> None:
        if per_channel_interval < 0 or workspace_per_minute < 1:
            raise ValueError("pacing needs a non-negative interval and a budget of at least 1")
        self._interval = per_channel_interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._posts = _Window(workspace_per_minute)
        self._tiers = dict(METHOD_TIERS if tiers is None else tiers)
        self._methods: dict[str, _Window] = {}
        self._channel_next: dict[str, float] = {}
        self._held_until: dict[str, float] = {}
        self.shared_posts = shared_posts
        self.shared_tiers = dict(shared_tiers or {})

    def reserve(self, channel: str) -> float:
        """The moment (on the monotonic clock) this channel may post; it is booked."""
        now = self._monotonic()
        self._posts.forget_before(now - WINDOW_SECONDS)
        self._forget_channels(now)
        slot = max(now, self._channel_next.get(channel, now), self._held(POST_LANE))
        slot = self._posts.fit(slot)
        self._posts.book(slot)
        self._channel_next[channel] = slot + self._interval
        return slot

    def reserve_method(self, method: str) -> float:
        """The moment `method` may be called within its tier; it is booked."""
        now = self._monotonic()
        slot = max(now, self._held(method))
        budget = self._tiers.get(method)
        if budget is None:
            return slot
        window = self._methods.setdefault(method, _Window(budget))
        window.forget_before(now - WINDOW_SECONDS)
        slot = window.fit(slot)
        window.book(slot)
        return slot

    async def wait(self, channel: str) -> None:
        """Wait until this channel's next posting slot."""
        if self.shared_posts is None:
            await self._until(self.reserve(channel))
            return
        now = self._monotonic()
        self._forget_channels(now)
        slot = max(now, self._channel_next.get(channel, now), self._held(POST_LANE))
        self._channel_next[channel] = slot + self._interval
        await self._until(slot)
        await self.shared_posts.acquire()
        # The channel's next post counts from when this one leaves.
        left = self._monotonic() + self._interval
        self._channel_next[channel] = max(self._channel_next[channel], left)

    async def wait_method(self, method: str) -> None:
        """Wait until `method`'s next slot in its own tier."""
        shared = self.shared_tiers.get(method)
        if shared is None:
            await self._until(self.reserve_method(method))
            return
        await self._until(max(self._monotonic(), self._held(method)))
        await shared.acquire()

    def delay(self, method: str) -> float:
        """Seconds until `method` could be called, without booking anything. For a shared
        method, an estimate: a pause, or this worker's callers already waiting for it."""
        now = self._monotonic()
        slot = max(now, self._held(method))
        shared = self.shared_tiers.get(method)
        if shared is not None:
            return max(slot - now, shared.expected_wait())
        window = self._methods.get(method)
        if window is not None:
            window.forget_before(now - WINDOW_SECONDS)
            slot = window.fit(slot)
        return slot - now

    def hold(self, seconds: float, method: str = "chat.postMessage") -> None:
        """Slack said 429 for `method`: none of its lane is called before `seconds` from now."""
        if seconds > 0:
            lane = _lane(method)
            until = self._monotonic() + seconds
            self._held_until[lane] = max(self._held_until.get(lane, 0.0), until)
            shared = self.shared_posts if lane == POST_LANE else self.shared_tiers.get(lane)
            if shared is not None:
                shared.pause(seconds)

    async def close(self) -> None:
        """Let a pause still being shared with the other workers reach them."""
        for shared in (self.shared_posts, *self.shared_tiers.values()):
            if shared is not None:
                await shared.close()

    def _held(self, method: str) -> float:
        return self._held_until.get(_lane(method), 0.0)

    async def _until(self, slot: float) -> None:
        delay = slot - self._monotonic()
        if delay > 0:
            await self._sleep(delay)

    def _forget_channels(self, now: float) -> None:
        if len(self._channel_next) > 10_000:
            self._channel_next = {ch: at for ch, at in self._channel_next.items() if at > now}


def workspace_key(team_id: str | None, bot_token: str, lane: str = "posts") -> str:
    """The name of one of a workspace's shared budgets (its posts, or a tiered method): its
    team id, or else a digest of the bot token (one token belongs to one workspace), never
    the token itself."""
    if team_id and len(team_id) <= 32:
        return f"slack:{team_id}:{lane}"
    return "slack:" + hashlib.sha256(bot_token.encode()).hexdigest()[:32] + f":{lane}"


def shared_slack_pacer(
    ledger: BudgetLedger,
    team_id: str | None,
    bot_token: str,
    workspace_per_minute: int = 300,
    tiers: Mapping[str, int] | None = None,
) -> SlackPacer:
    """A pacer whose workspace budgets, posts and each tiered method's, are shared through
    `ledger` by every worker: N workers together stay within what Slack allows one app."""
    posts = SharedBudget(ledger, workspace_key(team_id, bot_token), workspace_per_minute / 60)
    per_minute = dict(METHOD_TIERS if tiers is None else tiers)
    shared_tiers = {
        method: SharedBudget(ledger, workspace_key(team_id, bot_token, method), budget / 60)
        for method, budget in per_minute.items()
        if method not in HINT_METHODS
    }
    return SlackPacer(
        workspace_per_minute=workspace_per_minute,
        tiers=per_minute,
        shared_posts=posts,
        shared_tiers=shared_tiers,
    )


POST_LANE = "chat.postMessage"
_POST_METHODS = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral"})


def _lane(method: str) -> str:
    return POST_LANE if method in _POST_METHODS else method


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
