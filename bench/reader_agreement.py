"""How far two careful readers of the same pages agree, scored exactly as the drafter is scored.

The out-of-sample bar (item recall >= 0.9 and precision >= 0.85) assumes the annotation is the
truth. This script measures how far a second reader, working from the same conventions without
seeing the first reading, agrees with it: the second reading stands in for a draft (each of its
items is the page's own sentence or line, as a drafted item's title is) and is paired with the
first reading by `bot.drafting.quality.compare`, the bench's own comparison. With the drafter's
draft of the same pages beside it, both are measured against the same first reading.

    .venv/bin/python bench/reader_agreement.py --corpus DIR [--details] [--batch N ...]

The second reading lives in bench/out_of_sample/second_reading/<name>.json. Every page of it is
scored whose text is in the corpus folder with the manifest's sha256; the others are listed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.draft_quality import _draft as draft_with_options  # noqa: E402
from bot.core.errors import InputFileError  # noqa: E402
from bot.drafting.model import DraftArea, DraftItem, DraftPlan  # noqa: E402
from bot.drafting.quality import Score, compare, differences  # noqa: E402

OUT_OF_SAMPLE = ROOT / "bench" / "out_of_sample"
SECOND = OUT_OF_SAMPLE / "second_reading"
CORPUS_VARIABLE = "OMBUD_PLAN_CORPUS"
KINDS = ("items", "dates", "targets", "recurrences")


def as_plan(reading: dict[str, Any]) -> DraftPlan | None:
    """A reading's items as a draft whose titles are the page's own lines; None: not a plan."""
    if reading.get("not_a_plan"):
        return None
    items = [
        DraftItem(
            key=str(number),
            title=entry["text"],
            line=0,
            source=entry["text"],
            when=entry.get("when"),
            target=entry.get("target"),
        )
        for number, entry in enumerate(reading["items"], start=1)
    ]
    return DraftPlan("", "", "", "", "", areas=[DraftArea("a", "", 0, items)])


def drafted(document: Path, expectation: dict[str, Any]) -> DraftPlan | None:
    """The drafter's draft, as draft_quality.py makes it; None: refused."""
    try:
        plan: DraftPlan = draft_with_options(document, expectation)
    except InputFileError:
        return None
    return plan


class Tally:
    """Pooled cells of one reader against the first reading, with its page verdicts."""

    def __init__(self) -> None:
        self.cells: dict[str, list[int]] = {kind: [0, 0, 0] for kind in KINDS}
        self.pages = 0
        self.non_plan_disagreements: list[str] = []

    def add(self, name: str, plan: DraftPlan | None, expectation: dict[str, Any]) -> str:
        self.pages += 1
        first_says_plan = not expectation.get("not_a_plan")
        if (plan is not None) != first_says_plan:
            self.non_plan_disagreements.append(name)
        if plan is None and not first_says_plan:
            return "not a plan (both)"
        scores = compare(plan or DraftPlan("", "", "", "", ""), expectation)
        if not first_says_plan:
            # The first reading expects nothing: every item read on such a page is extra.
            scores = {kind: Score(0, score.drafted, 0) for kind, score in scores.items()}
        for kind in KINDS:
            score = scores[kind]
            cell = self.cells[kind]
            cell[0] += score.tp
            cell[1] += score.fp
            cell[2] += score.fn
        return " ".join(
            f"{kind[:5]} {scores[kind].tp}/{scores[kind].fp}/{scores[kind].fn}" for kind in KINDS
        )

    def lines(self) -> list[str]:
        out = []
        for kind in KINDS:
            tp, fp, fn = self.cells[kind]
            precision = f"{tp / (tp + fp):.2f}" if tp + fp else "n/a"
            recall = f"{tp / (tp + fn):.2f}" if tp + fn else "n/a"
            out.append(f"  {kind:<12} P {precision} R {recall}  (tp {tp} fp {fp} fn {fn})")
        disagreements = len(self.non_plan_disagreements)
        out.append(f"  pages judged otherwise as plan / no plan: {disagreements}")
        out.extend(f"    {name}" for name in self.non_plan_disagreements)
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=os.environ.get(CORPUS_VARIABLE))
    parser.add_argument("--details", action="store_true", help="print every difference")
    parser.add_argument(
        "--batch", type=int, action="append", help="only the pages of this batch (repeatable)"
    )
    args = parser.parse_args()
    sources = tomllib.loads((OUT_OF_SAMPLE / "sources.toml").read_text("utf-8"))
    second, drafter = Tally(), Tally()
    missing: list[str] = []
    readings = sorted(SECOND.glob("*.json"))
    for path in readings:
        name = path.stem
        reading = json.loads(path.read_text("utf-8"))
        expectation = json.loads((OUT_OF_SAMPLE / "expectations" / f"{name}.json").read_text())
        if args.batch and expectation.get("batch") not in args.batch:
            continue
        document = Path(args.corpus) / f"{name}.txt" if args.corpus else None
        if document is None or not document.is_file():
            missing.append(f"{name} (no text)")
            continue
        if hashlib.sha256(document.read_bytes()).hexdigest() != sources[name]["sha256"]:
            missing.append(f"{name} (sha256 differs from the manifest)")
            continue
        text = document.read_text("utf-8")
        absent = [entry["text"] for entry in reading["items"] if entry["text"] not in text]
        if absent:
            missing.append(f"{name} (second reading quotes text the page lacks: {absent[0]!r})")
            continue
        plan = as_plan(reading)
        draft = drafted(document, expectation)
        print(f"{name}  batch {expectation.get('batch')}")
        print(f"  second reader  {second.add(name, plan, expectation)}")
        print(f"  drafter        {drafter.add(name, draft, expectation)}")
        if args.details:
            for label, candidate in (("second reader", plan), ("drafter", draft)):
                if candidate is not None:
                    for line in differences(candidate, expectation):
                        print(f"      {label}: {line}")
    print(f"\nAgainst the first reading, {second.pages} pages of {len(readings)} in the second")
    print("Second reader (the same conventions, without the first reading):")
    print("\n".join(second.lines()))
    print("Drafter as it is now, on the same pages:")
    print("\n".join(drafter.lines()))
    if missing:
        print("\nNot scored:")
        print("\n".join(f"  {entry}" for entry in missing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
