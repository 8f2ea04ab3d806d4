"""Where the config file is, and which language it asks for, without validating it.

Settings validation pulls in pydantic; finding the file and reading its `language` does
not need it, so `--help` and the usage errors of every command can speak the configured
language at the cost of a TOML read.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bot.core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES

# The last place looked for a config file; OMBUD_SYSTEM_CONFIG moves it (packagers, tests).
SYSTEM_CONFIG = Path("/etc/ombud/ombud.toml")
_LANGUAGE_LINE = re.compile(r"""^\s*language\s*=\s*["']([a-z]{2})["']""", re.MULTILINE)


def system_config(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    return Path(env.get("OMBUD_SYSTEM_CONFIG") or SYSTEM_CONFIG)


def config_path(explicit: Path | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """--config, then OMBUD_CONFIG, then ./ombud.toml, then the system location."""
    if explicit is not None:
        return explicit
    env = os.environ if environ is None else environ
    if env.get("OMBUD_CONFIG"):
        return Path(env["OMBUD_CONFIG"])
    for candidate in (Path("ombud.toml"), system_config(env)):
        if candidate.is_file():
            return candidate
    return None


def message_language(values: Mapping[str, Any], environ: Mapping[str, str]) -> str:
    """The language for config problems: OMBUD_LANGUAGE, the file's language, or English."""
    for candidate in (environ.get("OMBUD_LANGUAGE"), values.get("language")):
        if isinstance(candidate, str) and candidate in SUPPORTED_LOCALES:
            return candidate
    return DEFAULT_LOCALE


def raw_language(path: Path | None) -> dict[str, Any]:
    """The file's top-level language, read leniently: even a broken file can say which."""
    try:
        text = path.read_text(encoding="utf-8") if path else ""
    except (OSError, UnicodeDecodeError):
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        first = _LANGUAGE_LINE.search(text.split("\n[", 1)[0])
        return {"language": first.group(1)} if first else {}


def cli_language(explicit: Path | None, environ: Mapping[str, str]) -> str:
    """The language of the command line's own texts: OMBUD_LANGUAGE if it names a supported
    language, else the config file's `language`, else English; a file that cannot be read or
    parsed, or whose other settings are wrong, still gives its language or English."""
    return message_language(raw_language(config_path(explicit, environ)), environ)


def config_argument(argv: Sequence[str]) -> Path | None:
    """The value of --config/-c among the root options, before the first sub-command."""
    tokens = list(argv)
    for index, token in enumerate(tokens):
        if token in ("--config", "-c"):
            return Path(tokens[index + 1]) if index + 1 < len(tokens) else None
        if token.startswith("--config="):
            return Path(token.removeprefix("--config="))
        if token.startswith("-c") and not token.startswith("--"):
            return Path(token[2:])
        if token == "--" or not token.startswith("-"):
            return None
    return None
