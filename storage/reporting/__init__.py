"""Reporting queries: digests, item summaries, exports, the year-end report; aggregated in SQL.

The definitions (period, no answer, coming up) are documented in bot/core/reporting.py.
Everything that counts answers runs as GROUP BY in the database, so a year of answers for a
thousand stewards never passes through Python row by row. The modules of this package, from
the ground up: units, aggregates, targets, recipients; then digest, summaries, annual, export;
and store, the port the handlers use.
"""

from storage.reporting.aggregates import answer_comments
from storage.reporting.annual import annual_data
from storage.reporting.digest import claim_digest, digest_data, finish_digest
from storage.reporting.export import export_rows
from storage.reporting.recipients import board_recipients
from storage.reporting.store import SqlReportingStore
from storage.reporting.summaries import claim_summary, due_summaries, summary_data
from storage.reporting.targets import metric_sums, plan_target_facts, target_facts
from storage.reporting.units import get_board, list_boards, load_units, subtree_ids

__all__ = [
    "SqlReportingStore",
    "annual_data",
    "answer_comments",
    "board_recipients",
    "claim_digest",
    "claim_summary",
    "digest_data",
    "due_summaries",
    "export_rows",
    "finish_digest",
    "get_board",
    "list_boards",
    "load_units",
    "metric_sums",
    "plan_target_facts",
    "subtree_ids",
    "summary_data",
    "target_facts",
]
