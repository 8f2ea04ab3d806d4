"""Files that hold personal data: created for the owner only (0600), whatever was there before."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_MODE = 0o600
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` as a new 0600 file, replacing any old one in one step.

    The old file's mode is not inherited: a fresh file is made beside it and renamed over it,
    so a reader never sees half a file and an export once made 0644 does not stay so.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        os.fchmod(fd, PRIVATE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def write_private_text(path: Path, text: str) -> None:
    write_private(path, text.encode("utf-8"))


def make_private(path: Path) -> None:
    """Create `path` empty if it is missing, and make it 0600 either way."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_MODE)
    try:
        os.fchmod(fd, PRIVATE_MODE)
    finally:
        os.close(fd)


def make_sqlite_private(database: Path) -> None:
    """The database file and the WAL and shared-memory files SQLite keeps beside it.

    SQLite gives the files it creates beside a database the database file's own mode, so a
    0600 database made before SQLite opens it keeps its companions private too.
    """
    make_private(database)
    for suffix in SQLITE_COMPANIONS:
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.chmod(companion, PRIVATE_MODE)
