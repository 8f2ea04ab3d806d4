"""Damaged or random .docx and .pdf files: one clear problem naming the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.drafting.readers import read_document
from tests.drafting.conftest import write_docx, write_pdf
from tests.drafting.damage import damaged_files

LINES = [
    "Verksamhetsplan 2025",
    "1 Organisering",
    "- Vi ska genomföra två medlemsmöten under hösten.",
    "- Värva 50 nya medlemmar före den 1 oktober.",
    "2 Utbildning",
    "- Alla förtroendevalda ska gå grundkursen i mars.",
]
CASES = 150  # per format; bench/reader_robustness.py runs 1,000 per format


def _read_or_refuse(path: Path) -> str:
    """ "read" or the problem's message; anything else escapes and fails the test."""
    try:
        lines = read_document(path)
    except InputFileError as error:
        [problem] = error.problems
        assert problem.file == path.name
        assert problem.line is None
        assert problem.msgid
        return problem.msgid
    assert all(isinstance(line.text, str) for line in lines)
    return "read"


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_damaged_files_are_refused_with_one_clear_line(tmp_path: Path, suffix: str) -> None:
    valid = tmp_path / f"valid{suffix}"
    (write_docx if suffix == ".docx" else write_pdf)(valid, LINES)
    assert _read_or_refuse(valid) == "read"
    outcomes = [
        _read_or_refuse(path) for _seed, _kind, path in damaged_files(valid, tmp_path, range(CASES))
    ]
    refused = [outcome for outcome in outcomes if outcome != "read"]
    # Most damage is noticed; what slips through still reads as text, never as a traceback.
    assert len(refused) > CASES // 2
