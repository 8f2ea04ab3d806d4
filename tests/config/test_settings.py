"""Settings load from TOML and the environment, keep secrets out of files, and say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from config.settings import load_settings

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "ombud.example.toml"


def test_example_config_loads(tmp_path: Path) -> None:
    target = tmp_path / "ombud.toml"
    target.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    settings = load_settings(target, {})
    assert settings.database_url == f"sqlite:///{tmp_path / 'ombud.db'}"
    assert settings.language == "sv"
    assert not settings.telegram_enabled
    assert not settings.slack_enabled


def test_environment_overrides_file_and_carries_secrets(tmp_path: Path) -> None:
    target = tmp_path / "ombud.toml"
    target.write_text('language = "sv"\n[scheduler]\ndispatch_interval_seconds = 30\n')
    secret = tmp_path / "token"
    secret.write_text("123:from-file\n")
    settings = load_settings(
        target,
        {
            "OMBUD_LANGUAGE": "nn",
            "OMBUD_SCHEDULER__DISPATCH_INTERVAL_SECONDS": "5",
            "OMBUD_TELEGRAM__TOKEN_FILE": str(secret),
            "OMBUD_SLACK__BOT_TOKEN": "xoxb-env",
        },
    )
    assert settings.language == "nn"
    assert settings.scheduler.dispatch_interval_seconds == 5
    assert settings.telegram.token is not None
    assert settings.telegram.token.get_secret_value() == "123:from-file"
    assert "from-file" not in repr(settings)
    assert settings.slack_enabled


def test_secret_in_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "ombud.toml"
    target.write_text('[slack]\nbot_token = "xoxb-oops"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(target, {})
    assert "OMBUD_SLACK__BOT_TOKEN" in info.value.problems[0]
    assert "xoxb-oops" not in str(info.value)


def test_every_problem_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "ombud.toml"
    target.write_text(
        'language = "de"\ndefault_timezone = "Mars/Olympus"\nfoo = 1\n'
        '[reminders]\ndefault_time = "9 am"\n'
    )
    with pytest.raises(ConfigError) as info:
        load_settings(target, {})
    text = "\n".join(info.value.problems)
    assert len(info.value.problems) == 4
    for line, field in (
        (1, "language"),
        (2, "default_timezone"),
        (3, "foo"),
        (5, "[reminders] default_time"),
    ):
        assert f"{target}:{line}: {field}: " in text


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "ombud.toml"
    target.write_text("language = \n")
    with pytest.raises(ConfigError) as info:
        load_settings(target, {})
    assert str(target) in info.value.problems[0]


def test_missing_secret_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(None, {"OMBUD_TELEGRAM__TOKEN_FILE": str(tmp_path / "nope")})
    assert "OMBUD_TELEGRAM__TOKEN_FILE" in info.value.problems[0]
