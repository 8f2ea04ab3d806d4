"""Config typos are refused with file, line and a guess, in the CLI language; env blamed by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from config.settings import load_settings


def problems(tmp_path: Path, text: str, env: dict[str, str] | None = None) -> list[str]:
    target = tmp_path / "ombud.toml"
    target.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(target, env or {})
    return info.value.problems


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        (
            "[reminders]\nmax_per_dy = 3\n",
            2,
            "[reminders] max_per_dy: unknown setting; did you mean max_per_day?",
        ),
        (
            "# a comment\n[telegram]\nmode = 'polling'\nbot_usernme = 'x'\n",
            4,
            "[telegram] bot_usernme: unknown setting; did you mean bot_username?",
        ),
        (
            "[scheduler]\n\ndispatch_intervall_seconds = 30\n",
            3,
            "[scheduler] dispatch_intervall_seconds: unknown setting; "
            "did you mean dispatch_interval_seconds?",
        ),
        (
            'databse_url = "sqlite:///x.db"\n',
            1,
            "databse_url: unknown setting; did you mean database_url?",
        ),
        (
            "[Telegram]\nmode = 'polling'\n",
            1,
            "[Telegram]: unknown section; did you mean [telegram]?",
        ),
        ("[sheduler]\n", 1, "[sheduler]: unknown section; did you mean [scheduler]?"),
        (
            "[reminders]\nMax_Per_Day = 3\n",
            2,
            "[reminders] Max_Per_Day: unknown setting; did you mean max_per_day?",
        ),
    ],
)
def test_typo_is_refused_with_line_and_guess(
    tmp_path: Path, text: str, line: int, expected: str
) -> None:
    found = problems(tmp_path, text)
    assert found == [f"{tmp_path / 'ombud.toml'}:{line}: {expected}"]


def test_token_in_a_capitalised_section_is_never_read(tmp_path: Path) -> None:
    found = problems(tmp_path, '[Telegram]\ntoken = "123:secret"\n')
    assert len(found) == 1
    assert "[Telegram]" in found[0]
    assert "123:secret" not in found[0]


def test_secret_in_its_section_names_the_variable_and_line(tmp_path: Path) -> None:
    found = problems(tmp_path, 'language = "en"\n[telegram]\ntoken = "123:secret"\n')
    assert found == [
        f"{tmp_path / 'ombud.toml'}:3: [telegram] token: secrets do not belong in the config "
        "file; set OMBUD_TELEGRAM__TOKEN or OMBUD_TELEGRAM__TOKEN_FILE in the environment instead"
    ]


def test_values_are_explained_without_pydantic_english(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        '[scheduler]\nbatch_size = "many"\nlease_seconds = 1\n[slack]\nmode = "sockets"\n',
    )
    path = tmp_path / "ombud.toml"
    assert sorted(found) == [
        f"{path}:2: [scheduler] batch_size: a whole number is needed",
        f"{path}:3: [scheduler] lease_seconds: must be at least 10",
        f"{path}:5: [slack] mode: use one of socket, http",
    ]


def test_messages_follow_the_file_language(tmp_path: Path) -> None:
    found = problems(tmp_path, 'language = "sv"\n[reminders]\nmax_per_dy = 3\nquiet_end = "8"\n')
    path = tmp_path / "ombud.toml"
    assert found == [
        f"{path}:3: [reminders] max_per_dy: okänd inställning; menade du max_per_day?",
        f"{path}:4: [reminders] quiet_end: använd 24-timmarsformatet TT:MM, till exempel 09:00",
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "ukjent seksjon; mente du [slack]?"),
        ("nn", "ukjend seksjon; meinte du [slack]?"),
        ("en", "unknown section; did you mean [slack]?"),
    ],
)
def test_cli_language_variable_chooses_the_message_language(
    tmp_path: Path, language: str, expected: str
) -> None:
    found = problems(tmp_path, "[Slack]\n", {"OMBUD_LANGUAGE": language})
    assert found == [f"{tmp_path / 'ombud.toml'}:1: [Slack]: {expected}"]


def test_bad_environment_variable_is_named_not_the_file(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        "[scheduler]\nbatch_size = 10\n",
        {"OMBUD_SCHEDULER__BATCH_SIZE": "0", "OMBUD_REMINDERS__MAX_PER_DAY": "lots"},
    )
    assert sorted(found) == [
        "environment variable OMBUD_REMINDERS__MAX_PER_DAY: a whole number is needed",
        "environment variable OMBUD_SCHEDULER__BATCH_SIZE: must be at least 1",
    ]


def test_malformed_section_variable_is_named(tmp_path: Path) -> None:
    found = problems(tmp_path, "", {"OMBUD_TELEGRAM": "{not json"})
    assert len(found) == 1
    assert found[0].startswith("environment variable OMBUD_TELEGRAM: cannot be read")


def test_broken_toml_points_at_its_line(tmp_path: Path) -> None:
    found = problems(tmp_path, 'language = "sv"\n\nlog_level = \n')
    assert found == [
        f"{tmp_path / 'ombud.toml'}:3: det här är inte giltig TOML; "
        "kontrollera citattecken, hakparenteser och = på raden"
    ]


def test_setting_written_as_section_and_section_as_setting(tmp_path: Path) -> None:
    found = problems(tmp_path, 'telegram = "on"\n[language]\n')
    path = tmp_path / "ombud.toml"
    assert found == [
        f"{path}:1: telegram: this is a section; write [telegram] with its settings below it",
        f"{path}:2: [language]: this is a setting, not a section; write it as language = …",
    ]


@pytest.mark.parametrize("url", ["foo://bar", "mysql://root@localhost/ombud", "ombud.db", ""])
def test_a_database_url_ombud_cannot_open_is_refused(tmp_path: Path, url: str) -> None:
    found = problems(tmp_path, f'language = "en"\ndatabase_url = "{url}"\n')
    assert found == [
        f"{tmp_path / 'ombud.toml'}:2: database_url: "
        "use sqlite:///FILE or postgresql://USER@HOST/DATABASE"
    ]


def test_a_database_url_variable_ombud_cannot_open_is_named(tmp_path: Path) -> None:
    found = problems(tmp_path, "", {"OMBUD_DATABASE_URL": "foo://bar", "OMBUD_LANGUAGE": "sv"})
    assert found == [
        "miljövariabeln OMBUD_DATABASE_URL: "
        "använd sqlite:///FIL eller postgresql://ANVÄNDARE@VÄRD/DATABAS"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///ombud.db",
        "sqlite:////var/lib/ombud/ombud.db",
        "postgres://ombud@localhost/ombud",
        "postgresql://ombud:pw@127.0.0.1:5432/ombud",
        "postgresql+psycopg://ombud@localhost/ombud",
    ],
)
def test_database_urls_ombud_opens_pass(tmp_path: Path, url: str) -> None:
    target = tmp_path / "ombud.toml"
    target.write_text(f'database_url = "{url}"\n', encoding="utf-8")
    scheme = url.partition(":")[0]
    assert load_settings(target, {}).database_url.partition(":")[0] == scheme


def test_a_variable_for_an_unknown_section_is_refused(tmp_path: Path) -> None:
    # OMBUD_SCHEDULER__BATCH_SIZ is refused as an unknown setting; a misspelt section must not
    # be quietly ignored either.
    found = problems(tmp_path, "", {"OMBUD_SCHEDULAR__BATCH_SIZE": "100"})
    assert found == [
        "environment variable OMBUD_SCHEDULAR__BATCH_SIZE: unknown section; "
        "did you mean [scheduler]?"
    ]
