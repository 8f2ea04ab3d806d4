"""Feed the drafter's readers 2,000 damaged or random .docx and .pdf files (seeded).

Each must end in a draftable text or one problem naming the file; a traceback is counted and
printed. Prints the outcomes per kind of damage and the time per file (median, min, max).

    .venv/bin/python bench/reader_robustness.py [--cases 1000]   # per format
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.errors import InputFileError  # noqa: E402
from bot.drafting.readers import read_document  # noqa: E402
from tests.drafting.conftest import write_docx, write_pdf  # noqa: E402
from tests.drafting.damage import damaged_files  # noqa: E402

LINES = [
    "Verksamhetsplan 2025",
    "1 Organisering",
    "- Vi ska genomföra två medlemsmöten under hösten.",
    "- Värva 50 nya medlemmar före den 1 oktober.",
    "2 Utbildning",
    "- Alla förtroendevalda ska gå grundkursen i mars.",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000, help="damaged files per format")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # pypdf logs every oddity it repairs
    crashes = 0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for suffix, writer in ((".docx", write_docx), (".pdf", write_pdf)):
            valid = work / f"valid{suffix}"
            writer(valid, LINES)
            outcomes: Counter[tuple[str, str]] = Counter()
            seconds: list[float] = []
            for seed, kind, path in damaged_files(valid, work, range(args.cases)):
                started = time.perf_counter()
                try:
                    read_document(path)
                    outcomes[kind, "read"] += 1
                except InputFileError as error:
                    [problem] = error.problems
                    outcomes[kind, problem.msgid] += 1
                except Exception:  # the failure this bench looks for
                    crashes += 1
                    outcomes[kind, "TRACEBACK"] += 1
                    print(f"seed {seed} ({kind}):\n{traceback.format_exc()}")
                seconds.append(time.perf_counter() - started)
                path.unlink()
            print(f"\n{suffix}: {args.cases} damaged files")
            for (kind, outcome), count in sorted(outcomes.items()):
                print(f"  {kind:<9} {count:>5}  {outcome}")
            print(
                f"  seconds per file: median {statistics.median(seconds):.4f}"
                f" min {min(seconds):.4f} max {max(seconds):.4f}"
            )
    print(f"\ntracebacks: {crashes} of {2 * args.cases} files")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
