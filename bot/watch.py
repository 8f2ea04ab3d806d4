"""Sustained delivery failures become a WARNING with the platform and reasons, not INFO counts."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from bot.core.ports import Clock
from storage.engine import Database
from storage.status import recent_outcomes

log = logging.getLogger(__name__)

WINDOW = timedelta(minutes=15)
# Fewer failures than this in the window can be one person's bad day, not an outage.
THRESHOLD = 3


def failing_platforms(outcomes: Counter[tuple[str, str, str]]) -> dict[str, Counter[str]]:
    """Platforms with at least THRESHOLD failures and not one success, with their reasons."""
    delivered = {platform for (platform, outcome, _code) in outcomes if outcome == "ok"}
    reasons: dict[str, Counter[str]] = {}
    for (platform, outcome, code), count in outcomes.items():
        if outcome != "ok" and platform not in delivered:
            reasons.setdefault(platform, Counter())[f"{outcome}:{code}" if code else outcome] += (
                count
            )
    return {p: r for p, r in reasons.items() if sum(r.values()) >= THRESHOLD}


async def warn_on_sustained_failures(db: Database, clock: Clock) -> dict[str, Counter[str]]:
    """Log one WARNING per platform where deliveries have only failed for the whole window."""
    since = clock.now() - WINDOW
    failing = failing_platforms(await db.run(lambda s: recent_outcomes(s, since)))
    for platform, reasons in sorted(failing.items()):
        summary = ", ".join(f"{reason} x{count}" for reason, count in reasons.most_common())
        log.warning(
            "deliveries failing on %s: none delivered in %d min (%s)",
            platform,
            WINDOW.total_seconds() // 60,
            summary,
        )
    return failing
