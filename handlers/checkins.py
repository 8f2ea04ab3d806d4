"""What answering and forms share: whose check-in it is, whether it is still open, problems."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.conversation import CheckinView, Turn
from bot.core.i18n import N_, Translator
from bot.core.model import CheckinState, Prompt
from bot.core.timeplan import QuietHours, WorkCalendar, country_for_timezone, send_instant
from handlers.parsing import MAX_COUNT

log = logging.getLogger(__name__)

CLOSED_STATES = frozenset({CheckinState.ARCHIVED, CheckinState.DONE})
NOT_YOURS = N_("This button is not for you, or it is no longer valid.")


def local_today(turn: Turn) -> date:
    return turn.now.astimezone(ZoneInfo(turn.person.timezone)).date()


def owned_checkin(turn: Turn, checkin_id: int) -> CheckinView | None:
    """The check-in if it belongs to the person; logs ids and returns None otherwise."""
    checkin = turn.tx.get_checkin(checkin_id)
    if checkin is None or checkin.person_id != turn.person.id:
        log.warning(
            "checkin not owned: checkin=%s person=%s platform=%s user=%s",
            checkin_id,
            turn.person.id,
            turn.sender.platform.value,
            turn.sender.user_id,
        )
        return None
    return checkin


def snooze_until(turn: Turn, checkin: CheckinView) -> datetime:
    """When "Later" asks again: the next working day, at the local time the reminder was due.

    Weekends, public holidays and quiet hours are skipped as for every other send.
    """
    timezone = turn.person.timezone
    zone = ZoneInfo(timezone)
    send_time = checkin.due_at.astimezone(zone).time().replace(second=0, microsecond=0)
    tomorrow = local_today(turn) + timedelta(days=1)
    work = WorkCalendar(country_for_timezone(timezone))
    return send_instant(tomorrow, send_time, timezone, work, QuietHours())


def is_closed(checkin: CheckinView) -> bool:
    return checkin.item_archived or checkin.state in CLOSED_STATES or checkin.prompt != Prompt.ASK


def forget_conversation_on(turn: Turn, checkin_id: int) -> None:
    state = turn.tx.get_conversation(turn.person.id)
    if state is not None and state.checkin_id == checkin_id:
        turn.tx.clear_conversation(turn.person.id)


def parse_problem(tr: Translator, reason: str) -> str:
    if reason == "too_large":
        return tr.gettext(
            "That number is larger than I can take ({max}). Please check it.",
            max=tr.number(MAX_COUNT),
        )
    if reason == "not_a_number":
        return tr.gettext("Please answer with a whole number, like 12.")
    if reason == "not_yes_no":
        return tr.gettext("Please answer yes or no.")
    if reason == "date_in_past":
        return tr.gettext("That date has already passed.")
    if reason == "impossible_date":
        return tr.gettext("That date does not exist.")
    return tr.gettext("I could not read that as a date.")
