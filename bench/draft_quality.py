"""Measure the plan drafter: precision and recall for items, dates, targets, recurrences and scopes.

Runs over our own documents in tests/drafting/documents and, when the folder exists, the real
plans in ../shared/plans with the expectations in bench/expectations. Run from the repo root:

    .venv/bin/python bench/draft_quality.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.errors import InputFileError  # noqa: E402
from bot.drafting.drafter import draft_document  # noqa: E402
from bot.drafting.quality import KINDS, Score, compare  # noqa: E402

OWN = ROOT / "tests" / "drafting" / "documents"
REAL = ROOT.parent / "shared" / "plans"
EXPECTATIONS = ROOT / "bench" / "expectations"


def own_cases() -> Iterator[tuple[Path, dict[str, Any]]]:
    for expected in sorted(OWN.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        document = next(p for p in OWN.glob(f"{stem}.*") if not p.name.endswith(".json"))
        yield document, json.loads(expected.read_text("utf-8"))


def real_cases() -> Iterator[tuple[Path, dict[str, Any]]]:
    for expected in sorted(EXPECTATIONS.glob("*.json")):
        document = REAL / f"{expected.stem}.txt"
        if document.is_file():
            yield document, json.loads(expected.read_text("utf-8"))


def measure(document: Path, expectation: dict[str, Any]) -> dict[str, Score] | None:
    """Scores for one document; None when it was (rightly or wrongly) refused."""
    try:
        plan = draft_document(document)
    except InputFileError:
        return None
    return compare(plan, expectation)


def _row(name: str, scores: dict[str, Score]) -> str:
    cells = [f"{scores[k].precision:5.2f} {scores[k].recall:5.2f}" for k in KINDS]
    return f"{name:<28} " + "  ".join(cells)


def _total(rows: list[dict[str, Score]]) -> dict[str, Score]:
    return {
        kind: Score(
            sum(r[kind].correct for r in rows),
            sum(r[kind].drafted for r in rows),
            sum(r[kind].expected for r in rows),
        )
        for kind in KINDS
    }


def run(title: str, cases: list[tuple[Path, dict[str, Any]]]) -> None:
    print(f"\n{title}")
    print(f"{'document':<28} " + "  ".join(f"{k[:11]:>11}" for k in KINDS))
    print(f"{'':<28} " + "  ".join(f"{'P':>5} {'R':>5}" for _ in KINDS))
    rows: list[dict[str, Score]] = []
    for document, expectation in cases:
        scores = measure(document, expectation)
        if expectation.get("not_a_plan"):
            verdict = "refused, as expected" if scores is None else "DRAFTED, should refuse"
            print(f"{document.name:<28} not a plan: {verdict}")
            continue
        if scores is None:
            print(f"{document.name:<28} REFUSED, but it is a plan")
            continue
        rows.append(scores)
        print(_row(document.name, scores))
    if rows:
        print(_row("all (micro-averaged)", _total(rows)))


def main() -> int:
    run("Our own documents (tests/drafting/documents)", list(own_cases()))
    if not REAL.is_dir():
        print(f"\nReal plans: {REAL} is absent; skipped.")
        return 0
    run("Real plans (../shared/plans)", list(real_cases()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
