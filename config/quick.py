"""The settings an idle `ombud tick` needs, read without pydantic when the full load would
accept the config as it stands.

Loading the settings (config/settings.py) imports pydantic and pydantic-settings and builds
every model: most of what an idle tick costs. This reader takes the same config file and
the same environment and answers only when it is certain that `load_settings` accepts them
and gives the values it returns here: every key and variable is one the schema knows,
spelt exactly, and every value has the plain type and range the schema asks for. In any
doubt (a key or variable it does not know, a value of another type, a number written as
text in the file, a variable in lower case, a secret file it cannot read) it answers None
and the command loads the settings in full, which accepts the config or reports every
problem as it always has.

The schema is written out below without pydantic; tests/config/test_quick_settings.py
checks that it matches config/settings.py field by field, and that on each config the two
agree.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.core.i18n import SUPPORTED_LOCALES
from config.locate import config_path

# Variables that steer loading itself, not settings.
LOADER_VARIABLES = ("OMBUD_CONFIG", "OMBUD_SYSTEM_CONFIG")
# Ombud's other variables (the translations' folders, bot/core/i18n.py): no settings, and
# the settings' load passes them by as it passes by every name that is no field of its own.
OTHER_VARIABLES = ("OMBUD_CACHE_DIR", "OMBUD_LOCALES_DIR")
_PREFIX = "OMBUD_"
# The same pattern as config.settings._DATABASE_URL.
_DATABASE_URL = re.compile(r"^(sqlite(\+pysqlite)?|postgres|postgresql(\+psycopg)?)://")
# Stricter than config.settings._HHMM (ASCII digits, nothing after): what this accepts, that
# accepts too, and dumps to the same JSON.
_HHMM = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
# Whole numbers as the environment gives them, in the one form whose meaning is plain.
_DIGITS = re.compile(r"0|[1-9][0-9]{0,17}")
_UNBOUNDED = 2**62  # an int field without bounds: anything larger is left to pydantic


@dataclass(frozen=True)
class Kind:
    """What a field takes: `kind` is str, optional_str, secret, literal, int, hhmm, locale,
    database_url or timezone; `choices` for literal, `ge`/`le` for int."""

    kind: str
    choices: tuple[str, ...] = ()
    ge: int = -_UNBOUNDED
    le: int = _UNBOUNDED


def _int(ge: int = -_UNBOUNDED, le: int = _UNBOUNDED) -> Kind:
    return Kind("int", ge=ge, le=le)


TOP_LEVEL: dict[str, tuple[Kind, object]] = {
    "database_url": (Kind("database_url"), "sqlite:///ombud.db"),
    "language": (Kind("locale"), "en"),
    "default_timezone": (Kind("timezone"), "Europe/Stockholm"),
    "default_locale": (Kind("locale"), "sv"),
    "log_level": (Kind("literal", ("DEBUG", "INFO", "WARNING", "ERROR")), "INFO"),
    "invite_days": (_int(1, 365), 14),
}
SECTIONS: dict[str, dict[str, tuple[Kind, object]]] = {
    "telegram": {
        "token": (Kind("secret"), None),
        "mode": (Kind("literal", ("polling", "webhook")), "polling"),
        "base_url": (Kind("optional_str"), None),
        "bot_username": (Kind("optional_str"), None),
        "webhook_url": (Kind("optional_str"), None),
        "webhook_listen": (Kind("str"), "127.0.0.1"),
        "webhook_port": (_int(), 8443),
        "webhook_secret": (Kind("secret"), None),
    },
    "slack": {
        "bot_token": (Kind("secret"), None),
        "app_token": (Kind("secret"), None),
        "signing_secret": (Kind("secret"), None),
        "mode": (Kind("literal", ("socket", "http")), "socket"),
        "base_url": (Kind("optional_str"), None),
        "team_id": (Kind("optional_str"), None),
        "http_host": (Kind("str"), "127.0.0.1"),
        "http_port": (_int(), 3000),
    },
    "scheduler": {
        "dispatch_interval_seconds": (_int(1, 3600), 5),
        "materialise_interval_seconds": (_int(10, 86400), 600),
        "catch_up_hours": (_int(0, 24 * 14), 12),
        "lease_seconds": (_int(10, 3600), 120),
        "batch_size": (_int(1, 10_000), 500),
        "sends_in_flight": (_int(1, 64), 8),
        "horizon_days": (_int(1, 400), 60),
        "reports_interval_seconds": (_int(10, 86400), 300),
    },
    "reminders": {
        "default_time": (Kind("hhmm"), "09:00"),
        "quiet_start": (Kind("hhmm"), "20:00"),
        "quiet_end": (Kind("hhmm"), "08:00"),
        "max_per_day": (_int(1, 50), 3),
        "max_per_week": (_int(1, 200), 10),
    },
    "retention": {
        "free_text_months": (_int(1, 120), 12),
        "delivery_months": (_int(1, 60), 3),
        "prune_interval_hours": (_int(1, 24 * 7), 24),
    },
}


@dataclass(frozen=True)
class QuickSettings:
    """What `ombud tick` reads before it knows whether there is work; equal to the loaded
    settings' values (`settings_key` to bot.services.scheduling.settings_key)."""

    database_url: str
    language: str
    default_timezone: str
    horizon_days: int
    settings_key: str
    telegram_enabled: bool
    slack_enabled: bool


class _Unsure(Exception):
    """The full load decides."""


def relative_sqlite(url: str, base: Path) -> str:
    """A relative `sqlite:///FILE` read from `base` (the config file's folder)."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str((base / url[len(prefix) :]).resolve())
    return url


def _checked(kind: Kind, value: object, from_env: bool) -> object:
    """The value as the settings hold it; _Unsure unless it is plainly what `kind` takes."""
    if kind.kind == "int":
        if from_env and isinstance(value, str) and _DIGITS.fullmatch(value):
            value = int(value)
        if type(value) is not int or not kind.ge <= value <= kind.le:
            raise _Unsure
        return value
    if type(value) is not str:
        raise _Unsure
    if kind.kind == "secret" and not from_env:
        raise _Unsure  # refused in the file
    if kind.kind == "literal" and value not in kind.choices:
        raise _Unsure
    if kind.kind == "hhmm" and not _HHMM.fullmatch(value):
        raise _Unsure
    if kind.kind == "locale" and value not in SUPPORTED_LOCALES:
        raise _Unsure
    if kind.kind == "database_url" and not _DATABASE_URL.match(value):
        raise _Unsure
    if kind.kind == "timezone":
        try:
            ZoneInfo(value)
        except Exception:  # whatever it is, the full load says it
            raise _Unsure from None
    return value


def _from_file(path: Path) -> dict[str, dict[str, object]]:
    """The file's values by section ("" for the top level), each one checked."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise _Unsure from None
    values: dict[str, dict[str, object]] = {"": {}}
    for name, value in data.items():
        if name in TOP_LEVEL:
            values[""][name] = _checked(TOP_LEVEL[name][0], value, from_env=False)
        elif name in SECTIONS and isinstance(value, dict):
            fields = SECTIONS[name]
            section = values.setdefault(name, {})
            for key, item in value.items():
                if key not in fields:
                    raise _Unsure
                section[key] = _checked(fields[key][0], item, from_env=False)
        else:
            raise _Unsure
    return values


def _environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The OMBUD_* variables that are settings, with OMBUD_X_FILE read as OMBUD_X."""
    plain: dict[str, str] = {}
    from_files: dict[str, str] = {}
    for name, value in environ.items():
        if not name.upper().startswith(_PREFIX) or name in LOADER_VARIABLES + OTHER_VARIABLES:
            continue
        if name != name.upper():
            raise _Unsure  # pydantic-settings reads names in any case; leave that to it
        if name.endswith("_FILE"):
            try:
                from_files[name[: -len("_FILE")]] = Path(value).read_text(encoding="utf-8").strip()
            except Exception:  # the full load reports the file
                raise _Unsure from None
        else:
            plain[name] = value
    return {**plain, **from_files}


def _apply_environment(values: dict[str, dict[str, object]], environ: Mapping[str, str]) -> None:
    for name, value in _environment(environ).items():
        rest = name[len(_PREFIX) :].lower()
        section, _, key = rest.partition("__") if "__" in rest else ("", "", rest)
        fields = SECTIONS.get(section) if section else TOP_LEVEL
        if fields is None or key not in fields:
            raise _Unsure  # unknown, a whole section as JSON, or a misspelt one
        values.setdefault(section, {})[key] = _checked(fields[key][0], value, from_env=True)


def _dump(section: str, values: Mapping[str, object]) -> str:
    """A section as pydantic's model_dump_json writes it: every field, in order, compact."""
    fields = {key: values.get(key, default) for key, (_, default) in SECTIONS[section].items()}
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False)


def quick_settings(explicit: Path | None, environ: Mapping[str, str]) -> QuickSettings | None:
    """What the tick needs, when the full load is certain to accept the config and agree."""
    cfg = config_path(explicit, dict(environ))
    try:
        values = _from_file(cfg) if cfg is not None else {"": {}}
        _apply_environment(values, environ)
    except _Unsure:
        return None
    top = {key: values[""].get(key, default) for key, (_, default) in TOP_LEVEL.items()}
    base = cfg.parent if cfg is not None else Path.cwd()
    scheduler = values.get("scheduler", {})
    horizon = scheduler.get("horizon_days", SECTIONS["scheduler"]["horizon_days"][1])
    assert isinstance(horizon, int)
    return QuickSettings(
        database_url=relative_sqlite(str(top["database_url"]), base),
        language=str(top["language"]),
        default_timezone=str(top["default_timezone"]),
        horizon_days=horizon,
        settings_key=_dump("scheduler", scheduler)
        + _dump("reminders", values.get("reminders", {})),
        telegram_enabled="token" in values.get("telegram", {}),
        slack_enabled="bot_token" in values.get("slack", {}),
    )
