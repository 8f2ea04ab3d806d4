"""A file the CLI cannot read or write is explained in the CLI's language, not the OS's English."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.core.i18n import Translator
from tests.commands import test_private_files as private_files

folder = private_files.folder

# The Swedish catalogue's words for each reason (locales/sv), and the English ones.
SWEDISH = {
    errno.ENOENT: "filen finns inte",
    errno.EACCES: "du har inte behörighet till den",
    errno.EROFS: "disken är skrivskyddad",
    errno.ENOSPC: "disken är full",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
}
ENGLISH = {
    errno.ENOENT: "the file does not exist",
    errno.EACCES: "you may not read or write it",
    errno.EROFS: "the disk can only be read",
    errno.ENOSPC: "the disk is full",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
}


@pytest.mark.parametrize("code", sorted(SWEDISH))
def test_each_common_errno_has_a_reason_in_every_language(code: int) -> None:
    exc = OSError(code, os.strerror(code))
    assert Translator("sv").os_reason(exc) == SWEDISH[code]
    assert Translator("en").os_reason(exc) == ENGLISH[code]
    for language in ("nb", "nn"):
        reason = Translator(language).os_reason(exc)
        assert reason not in ("", os.strerror(code), ENGLISH[code], SWEDISH[code])


def test_another_errno_keeps_the_systems_words() -> None:
    exc = OSError(errno.EBUSY, os.strerror(errno.EBUSY))
    assert Translator("sv").os_reason(exc) == os.strerror(errno.EBUSY)


def swedish_union(folder: Path) -> None:
    private_files.seeded(folder)
    config = folder / "ombud.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'language = "sv"\n', encoding="utf-8")


def refused(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 2, result.output
    return result.output


@pytest.mark.parametrize(
    ("args", "target", "code"),
    [
        (("reports", "export", "-f", "csv", "--out"), "missing/answers.csv", errno.ENOENT),
        (("people", "export", "anna", "--out"), "folder", errno.EISDIR),
        (("people", "invite", "anna", "--qr"), "missing/anna.png", errno.ENOENT),
        # (A missing folder for a backup is named as such: test_db_backup.py.)
        (("db", "backup"), "folder", errno.EISDIR),
        (("db", "restore", "--yes"), "missing.db", errno.ENOENT),
        (("annual-report", "vp-2025", "-f", "md", "--out"), "file/report.md", errno.ENOTDIR),
    ],
)
def test_a_file_that_cannot_be_written_or_read_is_explained_in_swedish(
    folder: Path, args: tuple[str, ...], target: str, code: int
) -> None:
    swedish_union(folder)
    (folder / "folder").mkdir()
    (folder / "file").write_text("a file\n", encoding="utf-8")
    output = refused(*args, str(folder / target))
    assert SWEDISH[code] in output
    assert os.strerror(code) not in output


def test_a_secret_file_that_is_missing_is_explained_in_swedish(folder: Path) -> None:
    swedish_union(folder)
    missing = str(folder / "missing-token")
    output = refused("status", env={"OMBUD_TELEGRAM__TOKEN_FILE": missing})
    assert SWEDISH[errno.ENOENT] in output
    assert os.strerror(errno.ENOENT) not in output
