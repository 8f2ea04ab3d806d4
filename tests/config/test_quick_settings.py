"""The tick's quick read of the settings agrees with the full load, or leaves it to it."""

from __future__ import annotations

import os
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from annotated_types import Ge, Le
from pydantic import BaseModel, SecretStr

from bot.core.errors import ConfigError
from bot.services.scheduling import settings_key
from config.quick import SECTIONS, TOP_LEVEL, Kind, QuickSettings, quick_settings
from config.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "ombud.example.toml"
# Fields whose check is a validator of config/settings.py, by the kind config/quick.py gives.
BY_VALIDATOR = {
    "database_url": "database_url",
    "language": "locale",
    "default_locale": "locale",
    "default_timezone": "timezone",
    "default_time": "hhmm",
    "quiet_start": "hhmm",
    "quiet_end": "hhmm",
}


def expected_kind(name: str, annotation: Any, metadata: list[Any]) -> Kind:
    if name in BY_VALIDATOR:
        assert annotation is str
        return Kind(BY_VALIDATOR[name])
    if annotation is str:
        return Kind("str")
    if annotation == str | None:
        return Kind("optional_str")
    if annotation == SecretStr | None:
        return Kind("secret")
    if typing.get_origin(annotation) is typing.Literal:
        return Kind("literal", tuple(typing.get_args(annotation)))
    assert annotation is int, (name, annotation)
    bounds = {type(m): m for m in metadata}
    ge = bounds[Ge].ge if Ge in bounds else None
    le = bounds[Le].le if Le in bounds else None
    default = Kind("int")
    return Kind("int", ge=default.ge if ge is None else ge, le=default.le if le is None else le)


def fields_of(model: type[BaseModel]) -> dict[str, tuple[Kind, object]]:
    return {
        name: (expected_kind(name, info.annotation, info.metadata), info.default)
        for name, info in model.model_fields.items()
    }


def test_the_quick_schema_is_the_settings_schema_field_by_field_in_order() -> None:
    sections = {
        name: info.annotation
        for name, info in Settings.model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    }
    top = {name: info for name, info in Settings.model_fields.items() if name not in sections}
    assert {n: (expected_kind(n, i.annotation, i.metadata), i.default) for n, i in top.items()} == (
        TOP_LEVEL
    )
    assert list(SECTIONS) == list(sections)
    for name, model in sections.items():
        assert model is not None
        assert list(SECTIONS[name].items()) == list(fields_of(model).items()), name


def quick_of(full: Settings) -> QuickSettings:
    return QuickSettings(
        database_url=full.database_url,
        language=full.language,
        default_timezone=full.default_timezone,
        horizon_days=full.scheduler.horizon_days,
        settings_key=settings_key(full),
        telegram_enabled=full.telegram_enabled,
        slack_enabled=full.slack_enabled,
    )


INIT = EXAMPLE.read_text(encoding="utf-8")
# (file, environment, quick): `quick` says the quick read must answer (the configs a union
# runs with); otherwise it may leave the config to the full load. "{secret}" in a variable's
# value is a file holding a token.
CASES: list[tuple[str, dict[str, str], bool]] = [
    (INIT, {}, True),
    ("", {}, True),
    ('database_url = "sqlite:///data/o.db"\nlanguage = "nb"\n', {}, True),
    ('database_url = "postgresql://ombud@db/ombud"\n', {}, True),
    (INIT, {"OMBUD_TELEGRAM__TOKEN": "123:abc"}, True),
    (INIT, {"OMBUD_SLACK__BOT_TOKEN": "xoxb-1", "OMBUD_SLACK__APP_TOKEN": "xapp-1"}, True),
    (INIT, {"OMBUD_TELEGRAM__TOKEN_FILE": "{secret}"}, True),
    (INIT, {"OMBUD_TELEGRAM__TOKEN": ""}, True),
    (INIT, {"OMBUD_DATABASE_URL": "sqlite:////var/lib/ombud/ombud.db"}, True),
    (INIT, {"OMBUD_DATABASE_URL_FILE": "{secret}"}, True),
    (INIT, {"OMBUD_LANGUAGE": "nn", "OMBUD_SCHEDULER__HORIZON_DAYS": "90"}, True),
    (INIT, {"OMBUD_REMINDERS__DEFAULT_TIME": "07:30", "OMBUD_CONFIG": "x"}, True),
    (INIT, {"OMBUD_CACHE_DIR": "/var/cache/ombud", "OMBUD_LOCALES_DIR": "/srv/locales"}, True),
    ("[scheduler]\nhorizon_days = 120\nbatch_size = 10000\n", {}, True),
    ('[reminders]\nquiet_start = "21:15"\nmax_per_week = 200\n', {}, True),
    ('[telegram]\nmode = "webhook"\nwebhook_port = 9000\nwebhook_url = "https://x"\n', {}, True),
    ('[slack]\nmode = "http"\nteam_id = "T1"\n[retention]\ndelivery_months = 60\n', {}, True),
    ('default_timezone = "America/Argentina/Buenos_Aires"\n', {}, True),
    # Values the full load reads in its own ways: the quick read may leave them to it.
    ("invite_days = 14.0\n", {}, False),
    ("[scheduler]\nhorizon_days = true\n", {}, False),
    ('[scheduler]\nhorizon_days = "90"\n', {}, False),
    (INIT, {"OMBUD_SCHEDULER__HORIZON_DAYS": "090"}, False),
    (INIT, {"OMBUD_SCHEDULER__HORIZON_DAYS": " 90"}, False),
    (INIT, {"ombud_language": "nn"}, False),
    (INIT, {"OMBUD_TELEGRAM": '{"mode": "webhook"}'}, False),
    (INIT, {"OMBUD_RETENTION__FOO": "1"}, False),
    (INIT, {"OMBUD_TEST_DATABASE_URL": "postgresql://u@h/x"}, False),
    ('[reminders]\nquiet_end = "08:00\\n"\n', {}, False),
    ('[reminders]\ndefault_time = "0\u0669:00"\n', {}, False),
    # Problems: the full load refuses, so the quick read must too.
    ("[reminders]\nmax_per_dy = 3\n", {}, False),
    ("[telegram]\nbot_usernme = 'x'\n", {}, False),
    ("[scheduler]\ndispatch_intervall_seconds = 30\n", {}, False),
    ("[Telegram]\nmode = 'polling'\n", {}, False),
    ('[Telegram]\ntoken = "123:secret"\n', {}, False),
    ('[telegram]\ntoken = "123:secret"\n', {}, False),
    ('[slack]\nbot_token = "xoxb-oops"\n', {}, False),
    ('[scheduler]\nbatch_size = "many"\nlease_seconds = 1\n', {}, False),
    ("[scheduler]\nhorizon_days = 0\n", {}, False),
    ("[scheduler]\nhorizon_days = 401\n", {}, False),
    ('[slack]\nmode = "sockets"\n', {}, False),
    ('language = "de"\n', {}, False),
    ('default_locale = "fr"\n', {}, False),
    ('default_timezone = "Mars/Olympus"\n', {}, False),
    ('default_timezone = "Europe"\n', {}, False),
    ('default_timezone = "../etc/passwd"\n', {}, False),
    ('log_level = "debug"\n', {}, False),
    ('[reminders]\ndefault_time = "9 am"\n', {}, False),
    ('[reminders]\nquiet_end = "24:00"\n', {}, False),
    ('database_url = "mysql://root@localhost/ombud"\n', {}, False),
    ('database_url = "ombud.db"\n', {}, False),
    ('telegram = "on"\n', {}, False),
    ("[language]\n", {}, False),
    ("foo = 1\n", {}, False),
    ('language = "sv"\n\nlog_level = \n', {}, False),
    (INIT, {"OMBUD_SCHEDULER__BATCH_SIZE": "0"}, False),
    (INIT, {"OMBUD_REMINDERS__MAX_PER_DAY": "lots"}, False),
    (INIT, {"OMBUD_TELEGRAM": "{not json"}, False),
    (INIT, {"OMBUD_DATABASE_URL": "foo://bar"}, False),
    (INIT, {"OMBUD_SCHEDULAR__BATCH_SIZE": "100"}, False),
    (INIT, {"OMBUD_SCHEDULER__BATCH_SIZ": "100"}, False),
    (INIT, {"OMBUD_CACHE_DIR__X": "1"}, False),
    (INIT, {"OMBUD_TELEGRAM__TOKEN_FILE": "{missing}"}, False),
    (INIT, {"OMBUD_LANGUAGE": "de"}, False),
]


@pytest.mark.parametrize(("text", "env", "quick"), CASES)
def test_the_quick_read_gives_the_full_values_or_leaves_the_config_to_the_full_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, env: dict[str, str], quick: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "ombud.toml"
    target.write_text(text, encoding="utf-8")
    secret = tmp_path / "secret"
    secret.write_text("sqlite:///from-a-file.db\n", encoding="utf-8")
    files = {"{secret}": str(secret), "{missing}": str(tmp_path / "absent")}
    environ = {name: files.get(value, value) for name, value in env.items()}
    read = quick_settings(target, environ)
    try:
        full = load_settings(target, environ)
    except ConfigError:
        assert read is None
        return
    if quick:
        assert read is not None
    if read is not None:
        assert read == quick_of(full)


def test_without_a_file_the_environment_alone_is_read_as_the_full_load_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {"OMBUD_DATABASE_URL": "sqlite:///here.db", "OMBUD_SYSTEM_CONFIG": str(tmp_path)}
    read = quick_settings(None, environ)
    assert read is not None
    assert read == quick_of(load_settings(None, environ))
    assert read.database_url == f"sqlite:///{tmp_path / 'here.db'}"


def test_the_quick_read_loads_no_pydantic(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from config.quick import quick_settings\n"
        "assert quick_settings(Path(sys.argv[1]), {}) is not None\n"
        "print(sorted(m for m in sys.modules if m.startswith('pydantic')))\n"
    )
    target = tmp_path / "ombud.toml"
    target.write_text(INIT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
