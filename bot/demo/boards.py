"""The demo's board view: weekly digests, chart, export and year-end draft."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from storage.engine import Database


def board_outputs(db: Database, folder: Path, languages: tuple[str, ...], out: TextIO) -> None:
    """Filled in when the digest and report pieces are wired."""
    return
