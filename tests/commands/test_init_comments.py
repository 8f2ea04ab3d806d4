"""`ombud init` writes ombud.toml's comments in the chosen language and keeps every key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.commands.init_comments import COMMENTS, TRAILING

EXAMPLE = Path(__file__).resolve().parents[2] / "config" / "ombud.example.toml"
# A setting commented out: "# key = value", perhaps with "# explanation" after it.
COMMENTED_SETTING = re.compile(r"^# ?[a-z_]+ = (\S+)(?:\s+# (.*))?$")
# The values init sets for the chosen language; everything else is the example's.
SET_BY_INIT = ("language = ", "default_locale = ", "default_timezone = ")


def example() -> list[str]:
    return EXAMPLE.read_text(encoding="utf-8").split("\n")


def prose_blocks(lines: list[str]) -> list[str]:
    """Runs of comment lines that are not a commented-out setting, without their "# "."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("#") and not COMMENTED_SETTING.match(line):
            blocks[-1].append(line[2:] if line.startswith("# ") else line[1:])
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(block) for block in blocks if block]


def settings(lines: list[str]) -> list[str]:
    """The lines that are not prose, commented-out settings cut before their explanation."""
    out = []
    for line in lines:
        found = COMMENTED_SETTING.match(line)
        if found is not None:
            out.append(line.split(found.group(1))[0] + found.group(1))
        elif not line.startswith("#") and not line.startswith(SET_BY_INIT):
            out.append(line)
    return out


def test_every_comment_of_the_example_is_a_message() -> None:
    lines = example()
    assert sorted(prose_blocks(lines)) == sorted(COMMENTS)
    explanations = [m.group(2) for m in map(COMMENTED_SETTING.match, lines) if m and m.group(2)]
    assert sorted(explanations) == sorted(TRAILING)


def written(tmp_path: Path, language: str) -> list[str]:
    path = tmp_path / language / "ombud.toml"
    result = CliRunner().invoke(app, ["init", "--path", str(path), "--language", language])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("sv", "# Kommandoradens språk: sv, nb, nn eller en."),
        ("nb", "# Språket på kommandolinjen: sv, nb, nn eller en."),
        ("nn", "# Språket på kommandolinja: sv, nb, nn eller en."),
        ("en", "# The language of the command line: sv, nb, nn or en."),
    ],
)
def test_init_writes_the_comments_in_its_language_and_the_same_settings(
    tmp_path: Path, language: str, line: str
) -> None:
    lines = written(tmp_path, language)
    assert line in lines
    assert settings(lines) == settings(example())
    assert f'language = "{language}"' in lines
    english = set(prose_blocks(example()))
    if language == "en":
        assert set(prose_blocks(lines)) == english
    else:
        # Not one comment is left in English (the lines of environment variables aside).
        assert not set(prose_blocks(lines)) & english
        for explanation in TRAILING:
            assert not any(explanation in text for text in lines)
