"""The follow-up ladder, retry backoff and the noise budget: pure decisions about time."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.scheduling import DueCheckin, SchedulingPolicy
from bot.core.timeplan import (
    DateSpan,
    QuietHours,
    WorkCalendar,
    blackouts_from_json,
    country_for_timezone,
    local_date,
    send_instant,
)

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
DEFAULT_RETRY_AFTER = timedelta(seconds=30)
NO_ADDRESS_RETRY = timedelta(hours=1)


def plan_blackouts(settings: Mapping[str, Any], years: range, item_id: int) -> tuple[DateSpan, ...]:
    """The plan's "no reminders between" spans; a malformed value is logged and ignored."""
    try:
        return blackouts_from_json(settings.get("no_reminders"), years)
    except ValueError:
        log.warning("plan item %s: ignoring its plan's malformed no_reminders", item_id)
        return ()


def calendar_for(row: DueCheckin, now: datetime) -> WorkCalendar:
    years = range(now.year - 1, now.year + 2)
    spans = plan_blackouts(row.plan_settings, years, row.plan_item_id)
    return WorkCalendar(country_for_timezone(row.timezone), spans)


def quiet_hours(policy: SchedulingPolicy) -> QuietHours:
    return QuietHours(policy.quiet_start, policy.quiet_end)


def give_up_at(row: DueCheckin, last_sent: datetime) -> datetime:
    """When an unanswered ask closes: give_up days after the first send, a day after the last."""
    first = row.first_sent_at or last_sent
    ladder_end = first + timedelta(days=row.followups.give_up_after_days)
    return max(ladder_end, last_sent + timedelta(days=1))


def next_after_send(
    row: DueCheckin, sent_at: datetime, followup: bool, policy: SchedulingPolicy
) -> datetime:
    """After an ask went out: the next rung of the ladder still ahead, else the give-up time.

    Rungs count from the first send, at its local time of day, on working days only.
    """
    first = row.first_sent_at or sent_at
    done = row.followups_sent + (1 if followup else 0)
    closing = give_up_at(row, sent_at)
    first_day = local_date(first, row.timezone)
    send_time = first.astimezone(ZoneInfo(row.timezone)).time().replace(second=0, microsecond=0)
    work = calendar_for(row, sent_at)
    for days in row.followups.after_days[done:]:
        rung = send_instant(
            first_day + timedelta(days=days), send_time, row.timezone, work, quiet_hours(policy)
        )
        if rung > sent_at:
            return min(rung, closing)
    return closing


def backoff(failures: int) -> timedelta:
    """1, 2, 4 ... minutes after each transient failure in a row, then hourly for good."""
    return min(timedelta(minutes=2 ** min(failures, 10)), MAX_BACKOFF)


def next_sending_day(
    now: datetime, timezone: str, policy: SchedulingPolicy, work: WorkCalendar
) -> datetime:
    """The default send time on the next day reminders may go out (for rows over budget)."""
    tomorrow = local_date(now, timezone) + timedelta(days=1)
    return send_instant(tomorrow, policy.default_time, timezone, work, quiet_hours(policy))


def after_quiet_hours(
    now: datetime, timezone: str, policy: SchedulingPolicy, row: DueCheckin
) -> datetime | None:
    """None when a message may go out now; else the first instant after the quiet hours.

    Retries, snoozes and catch-up can fall due at night; nothing is sent then.
    """
    local = now.astimezone(ZoneInfo(timezone))
    quiet = quiet_hours(policy)
    if not quiet.contains(local.time()):
        return None
    return send_instant(local.date(), local.time(), timezone, calendar_for(row, now), quiet)
