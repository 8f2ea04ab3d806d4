"""The rules the fake Slack keeps, as Slack documents them: trigger ids, rate tiers with
Retry-After, channel membership and the Block Kit block limits.

Every rule is off until a test turns it on, so a test states which of Slack's rules it
exercises. Time comes from a clock the test shares, never from sleeping.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Monotonic = Callable[[], float]
Refusal = tuple[int, dict[str, Any], dict[str, str]]

TRIGGER_LIFETIME = 3.0  # seconds a trigger_id can be exchanged for a view
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
WINDOW = 60.0
_MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.update", "chat.postEphemeral"})
_CHANNEL_METHODS = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "files.completeUploadExternal"}
)


@dataclass
class _Tier:
    per_minute: int
    calls: deque[float] = field(default_factory=deque)


class SlackRules:
    """Checks a Web API call against the rules turned on; None lets it through."""

    def __init__(self, monotonic: Monotonic | None = None) -> None:
        self.monotonic: Monotonic = monotonic or time.monotonic
        self.enforce_triggers = False
        self.enforce_blocks = False
        self._triggers: dict[str, float] = {}
        self._exchanged: set[str] = set()
        self._tiers: dict[str, _Tier] = {}
        self._channel_interval: dict[str, float] = {}
        self._channel_last: dict[tuple[str, str], float] = {}
        self._channels: dict[str, bool] = {}
        self.refused: list[tuple[str, str]] = []  # (method, error) of every refusal

    # --- set-up by tests ---------------------------------------------------------

    def issue_trigger(self, trigger_id: str) -> str:
        """Slack hands out a trigger with an interaction; it can open one view for 3 s."""
        self.enforce_triggers = True
        self._triggers[trigger_id] = self.monotonic()
        return trigger_id

    def limit(self, method: str, per_minute: int) -> None:
        """A tier: at most `per_minute` calls of `method` in any minute, then 429."""
        self._tiers[method] = _Tier(per_minute)

    def limit_per_channel(self, method: str, interval: float = 1.0) -> None:
        """chat.postMessage's special limit: about one message a second per channel."""
        self._channel_interval[method] = interval

    def add_channel(self, channel: str, member: bool) -> None:
        """A channel the workspace has; `member` says whether the bot was invited."""
        self._channels[channel] = member

    def knows(self, channel: str) -> bool:
        return channel in self._channels

    def is_member(self, channel: str) -> bool:
        return self._channels.get(channel, False)

    # --- checks ----------------------------------------------------------------

    def check(self, method: str, args: dict[str, Any]) -> Refusal | None:
        refusal = self._rate(method, args) or self._content(method, args)
        if refusal is not None:
            self.refused.append((method, str(refusal[1].get("error"))))
        return refusal

    def _rate(self, method: str, args: dict[str, Any]) -> Refusal | None:
        now = self.monotonic()
        tier = self._tiers.get(method)
        if tier is not None:
            while tier.calls and tier.calls[0] <= now - WINDOW:
                tier.calls.popleft()
            if len(tier.calls) >= tier.per_minute:
                return _ratelimited(tier.calls[0] + WINDOW - now)
            tier.calls.append(now)
        interval = self._channel_interval.get(method)
        if interval is not None:
            key = (method, str(args.get("channel", "")))
            last = self._channel_last.get(key)
            if last is not None and now - last < interval:
                return _ratelimited(last + interval - now)
            self._channel_last[key] = now
        return None

    def _content(self, method: str, args: dict[str, Any]) -> Refusal | None:
        if method == "views.open" and self.enforce_triggers:
            refusal = self._trigger(str(args.get("trigger_id", "")))
            if refusal is not None:
                return refusal
        if method in _CHANNEL_METHODS:
            channel = str(args.get("channel") or args.get("channel_id") or "")
            if channel in self._channels and not self._channels[channel]:
                return _error("not_in_channel")
        if self.enforce_blocks:
            return _blocks(method, args)
        return None

    def _trigger(self, trigger_id: str) -> Refusal | None:
        issued = self._triggers.get(trigger_id)
        if issued is None:
            return _error("invalid_trigger_id")
        if trigger_id in self._exchanged:
            return _error("exchanged_trigger_id")
        if self.monotonic() - issued > TRIGGER_LIFETIME:
            return _error("expired_trigger_id")
        self._exchanged.add(trigger_id)
        return None


def _blocks(method: str, args: dict[str, Any]) -> Refusal | None:
    if method in _MESSAGE_METHODS:
        blocks = args.get("blocks") or []
        if len(blocks) > MESSAGE_BLOCKS:
            return _error("invalid_blocks")
    if method in {"views.open", "views.publish"}:
        view = args.get("view") or {}
        if len(view.get("blocks") or []) > VIEW_BLOCKS:
            return _error("invalid_arguments")
    return None


def _error(code: str) -> Refusal:
    return 200, {"ok": False, "error": code}, {}


def _ratelimited(wait: float) -> Refusal:
    seconds = max(1, math.ceil(wait))
    return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(seconds)}
