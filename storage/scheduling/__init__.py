"""Check-in storage for scheduling: plans and roster in, check-ins claimed with leases, out."""

from storage.scheduling.claims import claim_ids, destinations, send_counts
from storage.scheduling.due import due_checkins
from storage.scheduling.outcomes import attempt_rows, record_failure, record_sent, release
from storage.scheduling.plans import archive_orphaned, insert_checkins, roster, schedulable_items
from storage.scheduling.store import SqlSchedulingStore

__all__ = [
    "SqlSchedulingStore",
    "archive_orphaned",
    "attempt_rows",
    "claim_ids",
    "destinations",
    "due_checkins",
    "insert_checkins",
    "record_failure",
    "record_sent",
    "release",
    "roster",
    "schedulable_items",
    "send_counts",
]
