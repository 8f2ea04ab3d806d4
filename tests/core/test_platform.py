"""Platforms are registered names: the built-in three, and any an adapter registers."""

from __future__ import annotations

import copy
import json

import pytest

from bot.core.model import Platform


def test_the_built_in_platforms_behave_as_the_enum_did() -> None:
    assert Platform("slack") is Platform.SLACK
    assert Platform.TELEGRAM == "telegram"
    assert Platform.CONSOLE.value == "console"
    assert f"{Platform.SLACK}" == "slack"
    assert json.dumps({"via": Platform.SLACK}) == '{"via": "slack"}'
    assert {"console", "telegram", "slack"} <= {p.value for p in Platform}
    assert Platform.SLACK in Platform.__members__.values()
    assert copy.deepcopy(Platform.SLACK) is Platform.SLACK


def test_an_adapter_registers_a_name_once_and_gets_the_same_platform_back() -> None:
    first = Platform.register("teams")
    assert Platform.register("teams") is first
    assert Platform("teams") is first
    assert first in list(Platform)


@pytest.mark.parametrize("name", ["", "x", "Slack", "has space", "matrix.org", "a" * 17])
def test_a_name_a_row_could_not_hold_is_refused(name: str) -> None:
    with pytest.raises(ValueError, match="platform name"):
        Platform.register(name)


def test_an_unregistered_name_is_not_a_platform() -> None:
    with pytest.raises(ValueError, match="not a registered platform"):
        Platform("icq")
