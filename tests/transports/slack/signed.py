"""Signed requests to the bot in HTTP mode, built the way Slack builds them."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.transports.slack.fake_slack import TEAM_ID

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def signed_headers(
    body: str, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    """Slack's v0 scheme: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


@dataclass
class Answer:
    status: int
    body: str


class SlackRequests:
    """Posts slash commands, interactions and events to the bot's request URL."""

    def __init__(self, port: int, secret: str = SIGNING_SECRET, team_id: str = TEAM_ID) -> None:
        self.url = f"http://127.0.0.1:{port}/slack/events"
        self.secret = secret
        self.team_id = team_id
        self._seq = 0

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    async def post(
        self,
        body: str,
        content_type: str,
        headers: dict[str, str] | None = None,
        signature: dict[str, str] | None = None,
    ) -> Answer:
        all_headers = {
            "Content-Type": content_type,
            **(signature or signed_headers(body, self.secret)),
        }
        all_headers.update(headers or {})
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=body.encode(), headers=all_headers) as response,
        ):
            return Answer(response.status, await response.text())

    async def command(
        self, text: str, user: str = "U1", channel: str = "DU1", response_url: str = "", **kw: Any
    ) -> Answer:
        form = {
            "token": "legacy",
            "team_id": kw.pop("team_id", self.team_id),
            "channel_id": channel,
            "user_id": user,
            "command": kw.pop("command", "/ombud"),
            "text": text,
            "response_url": response_url,
            "trigger_id": f"trig.{self._next()}",
            "api_app_id": "A0OMBUD",
        }
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **kw)

    async def interaction(self, payload: dict[str, Any], **kw: Any) -> Answer:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, "application/x-www-form-urlencoded", **kw)

    def block_action(
        self, value: str, user: str = "U1", channel: str = "DU1", ts: str = "1741.000001"
    ) -> dict[str, Any]:
        n = self._next()
        return {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "union"},
            "user": {"id": user, "team_id": self.team_id},
            "api_app_id": "A0OMBUD",
            "trigger_id": f"trig.action.{n}",
            "container": {"type": "message", "message_ts": ts, "channel_id": channel},
            "channel": {"id": channel},
            "message": {"type": "message", "ts": ts, "text": "reminder"},
            "actions": [
                {
                    "type": "button",
                    "action_id": "ombud-0",
                    "block_id": "actions-0",
                    "value": value,
                    "action_ts": f"1741000{n:03d}.000100",
                }
            ],
        }

    def view_submission(
        self, callback_id: str, values: dict[str, dict[str, Any]], user: str = "U1"
    ) -> dict[str, Any]:
        state = {key: {key: action} for key, action in values.items()}
        return {
            "type": "view_submission",
            "team": {"id": self.team_id, "domain": "union"},
            "user": {"id": user, "team_id": self.team_id},
            "api_app_id": "A0OMBUD",
            "trigger_id": f"trig.view.{self._next()}",
            "view": {
                "id": "V0FORM",
                "type": "modal",
                "callback_id": callback_id,
                "private_metadata": callback_id,
                "hash": f"hash{self._seq}",
                "state": {"values": state},
            },
        }

    async def event(self, event: dict[str, Any], event_id: str = "Ev001", **kw: Any) -> Answer:
        envelope = {
            "token": "legacy",
            "team_id": kw.pop("team_id", self.team_id),
            "api_app_id": "A0OMBUD",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": 1741000000,
        }
        return await self.post(json.dumps(envelope), "application/json", **kw)
