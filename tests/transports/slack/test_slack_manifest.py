"""The app manifest asks for what the transport uses, and no more than it needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MANIFEST = Path(__file__).resolve().parents[3] / "config" / "slack-manifest.yaml"


def load() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_scopes_cover_every_web_api_method_used() -> None:
    scopes = set(load()["oauth_config"]["scopes"]["bot"])
    needed = {"chat:write", "im:write", "im:history", "users:read", "users:read.email"}
    needed |= {"channels:read", "groups:read"}  # conversations.info before a board link
    assert needed | {"commands", "files:write"} <= scopes
    assert not {"channels:history", "groups:history", "admin"} & scopes


def test_the_ombud_command_home_tab_events_and_socket_mode() -> None:
    manifest = load()
    features, settings = manifest["features"], manifest["settings"]
    assert manifest["display_information"]["name"] == "Ombud"
    assert [c["command"] for c in features["slash_commands"]] == ["/ombud"]
    assert features["app_home"]["home_tab_enabled"] is True
    assert features["app_home"]["messages_tab_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "message.im"}
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
