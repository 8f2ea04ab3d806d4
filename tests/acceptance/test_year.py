"""A year in the life: the real jobs, three transports, scripted people, an independent oracle.

The expectations come from the script's log and the plan's documented rules (oracle.py);
the code's outputs are the digests that reached the board members and `reports export`.
"""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from pathlib import Path

from bot.core.formats import ExportFormat
from bot.core.i18n import translator
from bot.core.reporting import ExportFilter
from bot.reports.export import export_answers
from storage.reporting import export_rows
from tests.acceptance import compare, oracle
from tests.acceptance.conftest import TOTALS
from tests.acceptance.driver import END, Year
from tests.acceptance.script import Log
from tests.acceptance.world import FOLLOWUP_DAYS


def _totals(year: Year) -> dict[str, int]:
    log = year.log
    sent = len(year.memory.sent) + len(year.api.calls_to("sendMessage"))
    sent += len(year.slack.calls_to("chat.postMessage"))
    return {
        "messages sent": sent,
        "requests": sum(1 for a in log.asked if not a.followup),
        "follow-ups": sum(1 for a in log.asked if a.followup),
        "answers": sum(1 for a in log.answered if not a.correction),
        "corrections": sum(1 for a in log.answered if a.correction),
        "snoozes": len(log.snoozed),
        "digests": len(log.digests),
    }


def _ladder_overruns(log: Log) -> list[tuple[str, str]]:
    """Nothing doubled: a request gets at most its ladder's follow-ups (plus one after Later)."""
    followups: Counter[tuple[str, str, int]] = Counter(
        (a.person, a.item, a.occurrence) for a in log.asked if a.followup
    )
    snoozed = {(s.person, s.item, s.occurrence) for s in log.snoozed}
    return [
        ("more follow-ups than the ladder", f"{key}: {count} follow-ups")
        for key, count in sorted(followups.items())
        if count > len(FOLLOWUP_DAYS) + (key in snoozed)
    ]


async def test_a_year_of_reporting_adds_up(year: Year) -> None:
    await year.run()
    log = year.log
    name = "postgresql" if year.db.url.startswith("postgresql") else "sqlite"
    TOTALS[name] = _totals(year)
    diffs: list[tuple[str, str]] = [("noticed by a person", p) for p in log.problems]
    diffs += [("something went wrong", f"event {e}") for e in year.router.went_wrong]

    for asked in log.asked:
        if asked.answered_before:
            kind = "follow-up" if asked.followup else "request"
            diffs.append(
                (
                    f"{kind} after an answer",
                    f"{asked.at:%Y-%m-%d %H:%M} {asked.person} "
                    f"{asked.item} #{asked.occurrence}: asked again after answering",
                )
            )
    diffs += _ladder_overruns(log)
    wanted = oracle.expected_asks(END.date())
    reached = {(a.person, a.item, a.occurrence) for a in log.asked}
    diffs += [("never asked", f"{key}") for key in sorted(wanted - reached)]
    diffs += [("asked beyond the plan", f"{key}") for key in sorted(reached - wanted)]

    boards = {copy.board for copy in log.digests}
    assert len(boards) == 2, f"digests reached {boards}"
    for copy in log.digests:
        diffs += compare.digest_diffs(
            copy, oracle.expected_digest(log, copy), compare.read_digest(copy)
        )

    rows = year.db.run_sync(lambda s: export_rows(s, ExportFilter()))
    got, doubled = compare.export_table(export_answers(rows, ExportFormat.JSON, translator("en")))
    diffs += [("export doubled", line) for line in doubled]
    want = oracle.expected_export(log, END)
    diffs += compare.row_diffs(want, got)
    want_figures, got_figures = oracle.year_figures(want), oracle.year_figures(got)
    for key in sorted(set(want_figures) | set(got_figures)):
        if want_figures.get(key) != got_figures.get(key):
            diffs.append(
                (
                    "year figures",
                    f"{key}: expected {want_figures.get(key)}, got {got_figures.get(key)}",
                )
            )

    if os.environ.get("OMBUD_ACCEPTANCE_DIFFS"):  # every difference, for a closer look
        target = Path(os.environ["OMBUD_ACCEPTANCE_DIFFS"])
        await asyncio.to_thread(target.write_text, compare.summary(diffs, 10**6))
    assert not diffs, "\n" + compare.summary(diffs)
