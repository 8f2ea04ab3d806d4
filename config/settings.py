"""The settings schema: `ombud.toml`, overridden by OMBUD_* variables; secrets never from TOML."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from bot.core.errors import ConfigError
from bot.core.i18n import SUPPORTED_LOCALES

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SECRET_FIELDS: dict[str, tuple[str, ...]] = {
    "telegram": ("token", "webhook_secret"),
    "slack": ("bot_token", "app_token", "signing_secret"),
}


def _check_hhmm(value: str) -> str:
    if not _HHMM.match(value):
        raise ValueError("use 24-hour HH:MM, for example 09:00")
    return value


class TelegramSettings(BaseModel):
    token: SecretStr | None = None
    mode: Literal["polling", "webhook"] = "polling"
    base_url: str | None = None  # a self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot
    bot_username: str | None = None  # for invite links; looked up with getMe when empty
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_secret: SecretStr | None = None


class SlackSettings(BaseModel):
    bot_token: SecretStr | None = None
    app_token: SecretStr | None = None
    signing_secret: SecretStr | None = None
    mode: Literal["socket", "http"] = "socket"
    base_url: str | None = None  # Web API base, e.g. http://127.0.0.1:9000/api/
    team_id: str | None = None  # the one workspace served; learned from auth.test when empty
    http_host: str = "127.0.0.1"
    http_port: int = 3000


class SchedulerSettings(BaseModel):
    dispatch_interval_seconds: int = Field(default=30, ge=1, le=3600)
    materialise_interval_seconds: int = Field(default=600, ge=10, le=86400)
    catch_up_hours: int = Field(default=12, ge=0, le=24 * 14)
    lease_seconds: int = Field(default=120, ge=10, le=3600)
    batch_size: int = Field(default=200, ge=1, le=10_000)
    horizon_days: int = Field(default=60, ge=1, le=400)
    reports_interval_seconds: int = Field(default=300, ge=10, le=86400)


class ReminderSettings(BaseModel):
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
            raise ValueError(f"use one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not a known time zone, e.g. Europe/Stockholm") from None
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


def _read_secret_files(environ: dict[str, str]) -> dict[str, str]:
    """OMBUD_SLACK__BOT_TOKEN_FILE=/run/secrets/x reads the token from that file."""
    found: dict[str, str] = {}
    for name, value in environ.items():
        if name.startswith("OMBUD_") and name.endswith("_FILE"):
            try:
                found[name[: -len("_FILE")]] = Path(value).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    [f"{name}: cannot read the secret file ({exc.strerror})"]
                ) from None
    return found


def _toml_values(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read ({exc.strerror})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: not valid TOML ({exc})"]) from None
    problems = []
    for section, names in SECRET_FIELDS.items():
        for name in names:
            if name in data.get(section, {}):
                env = f"OMBUD_{section.upper()}__{name.upper()}"
                problems.append(
                    f"{path}: [{section}] {name}: secrets do not belong in the config file; "
                    f"set {env} or {env}_FILE instead"
                )
    if problems:
        raise ConfigError(problems)
    return data


def _relative_sqlite(url: str, base: Path) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        return prefix + str((base / url[len(prefix) :]).resolve())
    return url


def config_path(explicit: Path | None, environ: dict[str, str] | None = None) -> Path | None:
    if explicit is not None:
        return explicit
    env = (os.environ if environ is None else environ).get("OMBUD_CONFIG")
    if env:
        return Path(env)
    default = Path("ombud.toml")
    return default if default.is_file() else None


def load_settings(path: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    """Load once at start-up. Every problem is reported, one line each, as a ConfigError."""
    env = dict(os.environ if environ is None else environ)
    cfg = config_path(path, env)
    values = _toml_values(cfg) if cfg is not None else {}
    secrets = _read_secret_files(env)
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update({k: v for k, v in env.items() if k != "OMBUD_CONFIG"})
        os.environ.update(secrets)
        for name in [k for k in os.environ if k.startswith("OMBUD_") and k.endswith("_FILE")]:
            del os.environ[name]
        settings = Settings(**values)
    except ValidationError as exc:
        where = f"{cfg}: " if cfg else ""
        problems = [
            f"{where}{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        ]
        raise ConfigError(problems) from None
    finally:
        os.environ.clear()
        os.environ.update(saved)
    base = cfg.parent if cfg is not None else Path.cwd()
    return settings.model_copy(
        update={"database_url": _relative_sqlite(settings.database_url, base)}
    )
