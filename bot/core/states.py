"""The states of a check-in, on their own: storage reads them where it needs no more of the
domain model (the idle tick, which must start fast). bot.core.model re-exports them."""

from __future__ import annotations

from enum import StrEnum


class CheckinState(StrEnum):
    """Life of one scheduled prompt (a notice or a report request)."""

    SCHEDULED = "scheduled"  # materialised, waiting for next_send_at
    AWAITING = "awaiting"  # sent, waiting for an answer (follow-ups may still be due)
    SNOOZED = "snoozed"  # the person said "later"; next_send_at is the snooze end
    ANSWERED = "answered"
    DONE = "done"  # a notice that was delivered; nothing to answer
    MISSED = "missed"  # fell due while the bot was down, too old to be useful
    NO_ANSWER = "no_answer"  # the follow-up ladder ran out
    UNREACHABLE = "unreachable"  # the platform says the person cannot be reached
    ARCHIVED = "archived"  # the plan item was removed or archived
