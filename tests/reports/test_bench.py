"""The digest benchmark still runs: a tiny data set, SQLite (and PostgreSQL when configured)."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).parents[2] / "bench" / "digest_bench.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("digest_bench", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_tiny_benchmark_run(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--stewards", "12", "--items", "10", "--answers", "400", "--pg", ""]
    assert _bench().main(args) == 0
    out = capsys.readouterr().out
    assert "SQLite: 12 stewards, 10 items, 400 answers" in out
    for step in ("digest data", "digest composed", "annual data", "annual report (docx)"):
        assert step in out


@pytest.mark.postgres
def test_a_tiny_benchmark_run_on_postgres(capsys: pytest.CaptureFixture[str]) -> None:
    url = os.environ.get("OMBUD_TEST_DATABASE_URL")
    if not url:
        pytest.skip("PostgreSQL not configured: set OMBUD_TEST_DATABASE_URL to run this test")
    args = ["--stewards", "12", "--items", "10", "--answers", "400", "--pg", url, "--no-sqlite"]
    assert _bench().main(args) == 0
    assert "PostgreSQL: 12 stewards" in capsys.readouterr().out
