"""`ombud init --language`: the command line's language written into the new config."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from config.settings import load_settings

# Every variable that can say a language, or move the config or the database elsewhere.
VARIABLES = (
    "OMBUD_LANGUAGE",
    "OMBUD_CONFIG",
    "OMBUD_DATABASE_URL",
    "LC_ALL",
    "LC_MESSAGES",
    "LANG",
    "LANGUAGE",
)
# Each language's name as init says it, in that language.
NAMES = {"sv": "svenska", "nb": "norsk bokmål", "nn": "nynorsk", "en": "English"}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMBUD_SYSTEM_CONFIG", str(tmp_path / "etc" / "ombud.toml"))
    return tmp_path


def init(*args: str, env: dict[str, str] | None = None, code: int = 0) -> str:
    result = CliRunner().invoke(app, ["init", *args], env=env)
    assert result.exit_code == code, result.output
    return result.output


def written_language(path: Path) -> str:
    """The config's language as the settings read it, with nothing from the environment."""
    return load_settings(path, {}).language


@pytest.mark.parametrize("language", ["sv", "nb", "nn", "en"])
def test_each_language_is_written_and_read_back(folder: Path, language: str) -> None:
    output = init("--language", language)
    assert written_language(folder / "ombud.toml") == language
    assert (folder / "ombud.db").is_file()
    # Said in the language chosen, with the setting that holds it.
    assert NAMES[language] in output
    assert f'language = "{language}"' in output


@pytest.mark.parametrize(
    ("language", "timezone"),
    [
        ("sv", "Europe/Stockholm"),
        ("nb", "Europe/Oslo"),
        ("nn", "Europe/Oslo"),
        ("en", "Europe/Stockholm"),
    ],
)
def test_people_without_a_language_get_the_one_chosen(
    folder: Path, language: str, timezone: str
) -> None:
    # A Norwegian union's stewards whom the roster gives no language must not be asked in
    # Swedish, nor on Stockholm's clock (the same hour, but the setting should say Oslo).
    output = init("--language", language)
    settings = load_settings(folder / "ombud.toml", {})
    assert (settings.default_locale, settings.default_timezone) == (language, timezone)
    assert timezone in output


def test_the_option_beats_the_environment(folder: Path) -> None:
    init("--language", "en", env={"LANG": "nb_NO.UTF-8"})
    assert written_language(folder / "ombud.toml") == "en"


def test_a_wrong_language_is_refused_naming_the_option(folder: Path) -> None:
    output = init("--language", "de", code=2)
    assert "--language" in output
    assert "'de'" in output
    assert not (folder / "ombud.toml").exists()
    assert not (folder / "ombud.db").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "sv"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LANG": "no_NO.UTF-8"}, "nb"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "sv_SE"}, "sv"),
        ({"LANG": "C.UTF-8"}, "sv"),
        ({"LANG": "de_DE.UTF-8"}, "sv"),
        ({"LC_ALL": "nn_NO.UTF-8", "LANG": "en_US.UTF-8"}, "nn"),
        ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "nb_NO.UTF-8"}, "en"),
        # LC_ALL set decides, even to a language Ombud does not speak.
        ({"LC_ALL": "de_DE.UTF-8", "LANG": "nb_NO.UTF-8"}, "sv"),
        ({"OMBUD_LANGUAGE": "nn", "LANG": "nb_NO.UTF-8"}, "nn"),
        ({"OMBUD_LANGUAGE": "en"}, "en"),
    ],
)
def test_the_default_comes_from_the_environment(
    folder: Path, env: dict[str, str], expected: str
) -> None:
    output = init(env=env)
    assert written_language(folder / "ombud.toml") == expected
    assert f'language = "{expected}"' in output


def test_a_wrong_environment_leaves_no_config_behind(folder: Path) -> None:
    init(env={"OMBUD_LANGUAGE": "de"}, code=2)
    assert not (folder / "ombud.toml").exists()
    # Once the variable is put right, init simply runs again.
    init("--language", "nb")
    assert written_language(folder / "ombud.toml") == "nb"


def test_a_wrong_environment_keeps_the_config_it_would_overwrite(folder: Path) -> None:
    config = folder / "ombud.toml"
    config.write_text('language = "nn"\n', encoding="utf-8")
    init("--force", env={"OMBUD_LANGUAGE": "de"}, code=2)
    assert config.read_text(encoding="utf-8") == 'language = "nn"\n'


def test_a_config_elsewhere_is_named_with_the_way_to_find_it(folder: Path) -> None:
    output = init("--path", "union/ombud.toml", "--language", "en")
    assert "ombud --config union/ombud.toml" in output
    assert "OMBUD_CONFIG=union/ombud.toml" in output
    # The usual place needs no such advice: the next command finds it by itself.
    again = init("--path", str(folder / "ombud.toml"), "--language", "en")
    assert "--config" not in again
