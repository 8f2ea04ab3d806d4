"""Compiled catalogues are kept in a cache folder: the next process reads them without Babel's
.po parser, a changed .po is never read from an old cache, and a cache that cannot be used
changes nothing but the time it takes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel import numbers as babel_numbers

from bot.core.i18n import SUPPORTED_LOCALES, Translator, locales_dir

ROOT = Path(__file__).resolve().parents[2]
MSGID = "Show this message and exit."
PROBE = """
import json, sys
from bot.core.i18n import Translator
text = Translator(sys.argv[1]).gettext(sys.argv[2])
print(json.dumps({"text": text, "parsed": "babel.messages.pofile" in sys.modules}))
"""


def translate(cache: Path, locale: str, locales: Path | None = None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env |= {"PYTHONPATH": str(ROOT), "OMBUD_CACHE_DIR": str(cache)}
    if locales is not None:
        env["OMBUD_LOCALES_DIR"] = str(locales)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, locale, MSGID],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, object] = json.loads(result.stdout)
    return found


def msgstr(po: Path, msgid: str) -> str:
    """The translation of `msgid` as the .po file writes it (a one-line msgstr)."""
    lines = po.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'msgid "{msgid}"')
    return lines[at + 1].removeprefix('msgstr "').removesuffix('"')


def test_the_second_process_reads_the_compiled_catalogue(tmp_path: Path) -> None:
    expected = msgstr(locales_dir() / "sv" / "LC_MESSAGES" / "ombud.po", MSGID)
    assert expected
    assert expected != MSGID
    first = translate(tmp_path, "sv")
    assert first == {"text": expected, "parsed": True}
    assert len(list(tmp_path.glob("*.mo"))) == 1
    second = translate(tmp_path, "sv")
    assert second == {"text": expected, "parsed": False}


def test_a_changed_catalogue_is_read_again_not_taken_from_the_cache(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(locales_dir() / "nb", locales / "nb")
    po = locales / "nb" / "LC_MESSAGES" / "ombud.po"
    cache = tmp_path / "cache"
    before = msgstr(po, MSGID)
    assert translate(cache, "nb", locales)["text"] == before
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace(f'msgid "{MSGID}"\nmsgstr "{before}"', f'msgid "{MSGID}"\nmsgstr "Endret."'),
        encoding="utf-8",
    )
    assert translate(cache, "nb", locales) == {"text": "Endret.", "parsed": True}


@pytest.mark.parametrize("damage", ["truncated", "not a catalogue"])
def test_a_damaged_cache_file_is_compiled_again(tmp_path: Path, damage: str) -> None:
    expected = translate(tmp_path, "nn")["text"]
    (cached,) = tmp_path.glob("*.mo")
    data = cached.read_bytes()
    cached.write_bytes(data[:10] if damage == "truncated" else b"x" * len(data))
    assert translate(tmp_path, "nn") == {"text": expected, "parsed": True}
    assert cached.read_bytes() == data  # written again, whole


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    expected = msgstr(locales_dir() / "sv" / "LC_MESSAGES" / "ombud.po", MSGID)
    assert translate(blocked / "cache", "sv") == {"text": expected, "parsed": True}
    assert translate(blocked / "cache", "sv") == {"text": expected, "parsed": True}


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_small_whole_numbers_read_as_babel_writes_them(locale: str) -> None:
    tr = Translator(locale)
    for value in [*range(0, 1000, 7), 999, 1000, 1234, 123456, -1, -5]:
        assert tr.number(value) == babel_numbers.format_decimal(value, locale=tr._babel)
