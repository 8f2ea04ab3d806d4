"""SQLite backup and restore through SQLite's online backup API: safe while the service writes."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

from bot.core.errors import UserFacingError
from bot.core.files import PRIVATE_MODE, make_sqlite_private
from bot.core.i18n import N_

BUSY_TIMEOUT_S = 10.0
MSG_NOT_A_BACKUP = N_("{file} is not an Ombud database backup: {reason}")
MSG_NO_SOURCE = N_("There is no database at {file} to back up.")
MSG_NO_FOLDER = N_("The folder {folder} does not exist; create it first.")
MSG_SAME_FILE = N_("{file} is the database itself; write the backup to another file.")
MSG_NO_SCHEMA = N_(
    "{file} is not an Ombud database backup: it holds no Ombud schema version, "
    "so `ombud db backup` did not write it."
)


def _read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: a mistyped path fails instead of creating an empty database there.
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)


def backup(database: Path, target: Path) -> int:
    """Copy a consistent snapshot of `database` into `target` (0600); returns its page count.

    The copy runs in one step, inside one read transaction: writers in WAL mode carry on, and
    the snapshot is the database as it stood when the step began. The target appears only
    when complete, so a failed backup never leaves half a file under the target's name.
    """
    if not database.is_file():
        raise UserFacingError(MSG_NO_SOURCE, file=str(database))
    if not target.parent.is_dir():
        raise UserFacingError(MSG_NO_FOLDER, folder=str(target.parent))
    if target.exists() and target.samefile(database):
        # The copy would be moved over the file the service has open: its writes would be lost.
        raise UserFacingError(MSG_SAME_FILE, file=str(target))
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.fchmod(fd, PRIVATE_MODE)
    os.close(fd)
    try:
        source = _read_only(database)
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            # One self-contained file: no WAL or shared-memory file beside the backup.
            copy.execute("PRAGMA journal_mode=DELETE")
            pages = int(copy.execute("PRAGMA page_count").fetchone()[0])
        finally:
            copy.close()
            source.close()
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return pages


def check_backup(path: Path) -> None:
    """A readable SQLite file, intact, with Ombud's schema version table; else a clear error."""
    try:
        conn = _read_only(path)
        try:
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise UserFacingError(MSG_NOT_A_BACKUP, file=str(path), reason=str(exc)) from None
    if status != "ok":
        raise UserFacingError(MSG_NOT_A_BACKUP, file=str(path), reason=str(status))
    if "alembic_version" not in tables:
        raise UserFacingError(MSG_NO_SCHEMA, file=str(path))


def restore(backup_file: Path, database: Path) -> None:
    """Replace the contents of `database` with the backup, in one transaction of the backup API."""
    check_backup(backup_file)
    make_sqlite_private(database)
    source = _read_only(backup_file)
    target = sqlite3.connect(database, timeout=BUSY_TIMEOUT_S)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    make_sqlite_private(database)
