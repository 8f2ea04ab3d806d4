"""Print the size distribution of the Python code: long files and function lengths.

Usage: python tools/sizes.py [ROOT ...]   (default: bot handlers storage config tests bench tools)

A file counts by its physical lines; a function (or method, nested ones included) by the lines
from its `def` (decorators left out) to its last line. Migrations are generated and left out.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

DEFAULT_ROOTS = ("bot", "handlers", "storage", "config", "tests", "bench", "tools")
LONG_FILE = 300
SKIPPED_PARTS = frozenset({"versions", ".venv", "__pycache__"})


def python_files(roots: list[str]) -> list[Path]:
    found: list[Path] = []
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            if not SKIPPED_PARTS.intersection(path.parts):
                found.append(path)
    return found


def function_lengths(source: str) -> list[int]:
    lengths: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            end = node.end_lineno or node.lineno
            lengths.append(end - node.lineno + 1)
    return lengths


def percentile(values: list[int], share: float) -> int:
    """The nearest-rank percentile: the smallest value with at least `share` of values <= it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def main(argv: list[str]) -> int:
    files = python_files(argv or list(DEFAULT_ROOTS))
    line_counts: dict[Path, int] = {}
    lengths: list[int] = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        line_counts[path] = len(source.splitlines())
        lengths.extend(function_lengths(source))
    long_files = sorted((n, str(p)) for p, n in line_counts.items() if n > LONG_FILE)
    print(f"files: {len(files)}, lines: {sum(line_counts.values())}")
    print(f"files over {LONG_FILE} lines: {len(long_files)}")
    for count, name in reversed(long_files):
        print(f"  {count:5d}  {name}")
    if lengths:
        print(f"functions: {len(lengths)}")
        print(f"function length: median {statistics.median(lengths):g}, ", end="")
        print(f"90th percentile {percentile(lengths, 0.9)}, max {max(lengths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
