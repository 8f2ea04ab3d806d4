"""Reading an input file's text, with a clear problem when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from bot.core.errors import InputFileError, Problem
from bot.core.i18n import N_

MAX_FILE_BYTES = 2_000_000

MSG_CANNOT_READ = N_("The file cannot be read: {reason}")
MSG_NOT_UTF8 = N_("The file is not saved as UTF-8 text; save it as UTF-8 and try again.")
MSG_TOO_LARGE = N_("The file is larger than {size} MB; a plan or roster is much smaller.")


def read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputFileError([Problem(str(path), None, None, MSG_TOO_LARGE, {"size": 2})])
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputFileError(
            [Problem(str(path), None, None, MSG_CANNOT_READ, {"reason": reason})]
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError([Problem(str(path), None, None, MSG_NOT_UTF8)]) from None
