"""A chat platform's unusable settings are told in the CLI language, naming what to set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

LOG_RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ [A-Z]+ ")


def run(tmp_path: Path, language: str, telegram: str, env: dict[str, str]) -> tuple[int, list[str]]:
    config = tmp_path / "ombud.toml"
    config.write_text(
        f'database_url = "sqlite:///ombud.db"\nlanguage = "{language}"\n[telegram]\n{telegram}',
        encoding="utf-8",
    )
    created = CliRunner().invoke(app, ["--config", str(config), "db", "upgrade"], env=env)
    assert created.exit_code == 0, created.output  # `run` creates no database itself
    result = CliRunner().invoke(app, ["--config", str(config), "run"], env=env)
    # The service may log before it builds the platforms.
    said = [line for line in result.stderr.splitlines() if not LOG_RECORD.match(line)]
    return result.exit_code, said


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", "telegram.token: ange OMBUD_TELEGRAM__TOKEN eller OMBUD_TELEGRAM__TOKEN_FILE"),
        ("nb", "telegram.token: angi OMBUD_TELEGRAM__TOKEN eller OMBUD_TELEGRAM__TOKEN_FILE"),
        ("en", "telegram.token: set OMBUD_TELEGRAM__TOKEN or OMBUD_TELEGRAM__TOKEN_FILE"),
    ],
)
def test_an_empty_token_names_the_variable_in_the_cli_language(
    tmp_path: Path, language: str, expected: str
) -> None:
    # An environment file copied from deploy/ombud.env.example leaves OMBUD_TELEGRAM__TOKEN=
    code, err = run(tmp_path, language, "", {"OMBUD_TELEGRAM__TOKEN": ""})
    assert code == 2
    assert err == [expected]


def test_webhook_mode_without_its_address_is_told_in_the_cli_language(tmp_path: Path) -> None:
    code, err = run(
        tmp_path,
        "nn",
        'mode = "webhook"\n',
        {"OMBUD_TELEGRAM__TOKEN": "123:abc", "OMBUD_TELEGRAM__WEBHOOK_SECRET": "s3cret-value"},
    )
    assert code == 2
    assert err == ["telegram.webhook_url: webhook-modus treng den offentlege https-adressa"]
