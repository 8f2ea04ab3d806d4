"""The settings schema: `ombud.toml`, overridden by OMBUD_* variables; secrets never from TOML."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from bot.core.errors import ConfigError
from bot.core.i18n import SUPPORTED_LOCALES, Translator
from config import checks
from config.locate import config_path, message_language, raw_language
from config.quick import LOADER_VARIABLES, relative_sqlite

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# The databases and drivers Ombud ships with; anything else would fail later in SQLAlchemy.
_DATABASE_URL = re.compile(r"^(sqlite(\+pysqlite)?|postgres|postgresql(\+psycopg)?)://")
SECRET_FIELDS: dict[str, tuple[str, ...]] = {
    "telegram": ("token", "webhook_secret"),
    "slack": ("bot_token", "app_token", "signing_secret"),
}


def _check_hhmm(value: str) -> str:
    if not _HHMM.match(value):
        raise PydanticCustomError("ombud_hhmm", "use 24-hour HH:MM, for example 09:00")
    return value


class Section(BaseModel):
    """A [section] of ombud.toml: a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class TelegramSettings(Section):
    token: SecretStr | None = None
    mode: Literal["polling", "webhook"] = "polling"
    base_url: str | None = None  # a self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot
    bot_username: str | None = None  # for invite links; looked up with getMe when empty
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None


class SlackSettings(Section):
    bot_token: SecretStr | None = None
    app_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    mode: Literal["socket", "http"] = "socket"
    base_url: str | None = None  # Web API base, e.g. http://127.0.0.1:9000/api/
    team_id: str | None = None  # the one workspace served; learned from auth.test when empty
    http_host: str = "127.0.0.1"
    http_port: int = 3000


class SchedulerSettings(Section):
    # A tick passes again at once while passes fill their batch; the interval is the wait
    # when nothing is due. The platform's rate, not the batch, sets a wave's pace.
    dispatch_interval_seconds: int = Field(default=5, ge=1, le=3600)
    materialise_interval_seconds: int = Field(default=600, ge=10, le=86400)
    catch_up_hours: int = Field(default=12, ge=0, le=24 * 14)
    lease_seconds: int = Field(default=120, ge=10, le=3600)
    batch_size: int = Field(default=500, ge=1, le=10_000)
    sends_in_flight: int = Field(default=8, ge=1, le=64)
    horizon_days: int = Field(default=60, ge=1, le=400)
    reports_interval_seconds: int = Field(default=300, ge=10, le=86400)


class ReminderSettings(Section):
    default_time: str = "09:00"
    quiet_start: str = "20:00"
    quiet_end: str = "08:00"
    max_per_day: int = Field(default=3, ge=1, le=50)
    max_per_week: int = Field(default=10, ge=1, le=200)

    _hhmm = field_validator("default_time", "quiet_start", "quiet_end")(_check_hhmm)


class RetentionSettings(BaseModel):
    """How long personal text and delivery records are kept (see docs/privacy.md for why)."""

    free_text_months: int = Field(default=12, ge=1, le=120)  # after the plan's period ends
    delivery_months: int = Field(default=3, ge=1, le=60)
    prune_interval_hours: int = Field(default=24, ge=1, le=24 * 7)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="OMBUD_", env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    database_url: str = "sqlite:///ombud.db"
    language: str = "en"  # the command line's language
    default_timezone: str = "Europe/Stockholm"
    default_locale: str = "sv"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    invite_days: int = Field(default=14, ge=1, le=365)
    telegram: TelegramSettings = TelegramSettings()
    slack: SlackSettings = SlackSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    reminders: ReminderSettings = ReminderSettings()
    retention: RetentionSettings = RetentionSettings()

    @field_validator("language", "default_locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise PydanticCustomError(
                "ombud_locale", "unsupported language", {"expected": ", ".join(SUPPORTED_LOCALES)}
            )
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not _DATABASE_URL.match(value):
            raise PydanticCustomError("ombud_database_url", "not a database Ombud can open")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise PydanticCustomError("ombud_timezone", "unknown time zone") from None
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # init carries the TOML file's values (passed by load_settings); env wins over it.
        return (env_settings, init_settings)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram.token is not None

    @property
    def slack_enabled(self) -> bool:
        return self.slack.bot_token is not None


def _read_secret_files(environ: dict[str, str], report: checks.Report) -> dict[str, str]:
    """OMBUD_SLACK__BOT_TOKEN_FILE=/run/secrets/x reads the token from that file."""
    found: dict[str, str] = {}
    for name, value in environ.items():
        if name.startswith("OMBUD_") and name.endswith("_FILE"):
            try:
                found[name[: -len("_FILE")]] = Path(value).read_text(encoding="utf-8").strip()
            except OSError as exc:
                why = report.tr.os_reason(exc)
                reason = report.tr.gettext(checks.MSG_SECRET_FILE, path=value, reason=why)
                report.plain(checks.MSG_ENV, name=name, reason=reason)
    return found


def _read_toml(path: Path, report: checks.Report) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = report.tr.os_reason(exc) if isinstance(exc, OSError) else type(exc).__name__
        report.problems.append(f"{path}: {report.tr.gettext(checks.MSG_CANNOT_READ, reason=why)}")
        return None
    report.lines = checks.scan_lines(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = checks.toml_line(str(exc))
        where = f"{path}:{line}" if line else str(path)
        report.problems.append(f"{where}: {report.tr.gettext(checks.MSG_NOT_TOML)}")
        return None


def _validate(values: dict[str, Any], env: dict[str, str], report: checks.Report) -> Settings:
    """Build the settings with exactly `env` as the environment pydantic-settings sees."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update({k: v for k, v in env.items() if k not in LOADER_VARIABLES})
        for name in [k for k in os.environ if k.startswith("OMBUD_") and k.endswith("_FILE")]:
            del os.environ[name]
        settings = Settings(**values)
        if not report.problems:
            return settings
    except ValidationError as exc:
        checks.report_validation(report, list(exc.errors()), env)
    except SettingsError as exc:
        # A malformed OMBUD_* variable is rejected before validation; the message names its field.
        match = re.search(r'field "([^"]+)"', str(exc))
        name = f"OMBUD_{match.group(1).upper()}" if match else "OMBUD_*"
        report.plain(checks.MSG_ENV, name=name, reason=report.tr.gettext(checks.MSG_ENV_UNREADABLE))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    raise ConfigError(report.problems)


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Load once at start-up. Every problem is reported, one line each, as a ConfigError."""
    env = dict(os.environ if environ is None else environ)
    cfg = config_path(path, env)
    tr = Translator(message_language(raw_language(cfg), env))
    report = checks.Report(tr, cfg)
    values = (_read_toml(cfg, report) if cfg is not None else {}) or {}
    values = checks.check_structure(report, values, Settings, SECRET_FIELDS)
    checks.check_env_sections(report, env, Settings)
    secrets = _read_secret_files(env, report)
    settings = _validate(values, {**env, **secrets}, report)
    base = cfg.parent if cfg is not None else Path.cwd()
    return settings.model_copy(
        update={"database_url": relative_sqlite(settings.database_url, base)}
    )
