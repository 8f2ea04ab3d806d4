"""A fake Telegram Bot API on 127.0.0.1: records every call, serves updates, scripts failures."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

BOT_ID = 4242
BOT_USERNAME = "ombud_test_bot"
TOKEN = "4242:TEST-token_for_the_fake_api"
_JSON_FIELDS = frozenset({"reply_markup", "commands", "allowed_updates", "scope", "entities"})
_EPOCH = 1_740_988_800  # 2025-03-03 08:00 UTC


@dataclass
class Call:
    method: str
    params: dict[str, Any]


@dataclass
class Failure:
    status: int
    description: str
    parameters: dict[str, Any] | None = None


_MESSAGE_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"}
)
_EPS = 1e-9


@dataclass
class PlatformLimits:
    """Telegram's limits as the fake enforces them: calls per second per bot (every method
    but getUpdates), one message a second per chat, and a 429 that pauses the whole bot."""

    clock: Callable[[], float]
    per_bot: int = 30
    chat_interval: float = 1.0
    retry_after: int = 1
    too_many: int = 0
    accepted: list[tuple[float, str, str]] = field(default_factory=list)
    _recent: list[float] = field(default_factory=list)
    _last_in_chat: dict[str, float] = field(default_factory=dict)
    _paused_until: float = float("-inf")

    def admit(self, method: str, chat_id: str) -> int | None:
        """None if the call may go through; else the retry_after of its 429."""
        now = self.clock()
        if now < self._paused_until - _EPS:
            return self._refuse(math.ceil(self._paused_until - now))
        self._recent = [t for t in self._recent if t > now - 1.0 + _EPS]
        if len(self._recent) >= self.per_bot:
            self._paused_until = now + self.retry_after
            return self._refuse(self.retry_after)
        last = self._last_in_chat.get(chat_id, float("-inf"))
        if method in _MESSAGE_METHODS and now - last < self.chat_interval - _EPS:
            return self._refuse(math.ceil(self.chat_interval - (now - last)))
        self._recent.append(now)
        if method in _MESSAGE_METHODS:
            self._last_in_chat[chat_id] = now
        self.accepted.append((now, method, chat_id))
        return None

    def _refuse(self, retry_after: int) -> int:
        self.too_many += 1
        return max(retry_after, 1)

    def most_in_one_second(self) -> int:
        """The most accepted calls in any one-second window (half-open)."""
        times = sorted(t for t, _m, _c in self.accepted)
        most, start = 0, 0
        for end, at in enumerate(times):
            while times[start] <= at - 1.0 + _EPS:
                start += 1
            most = max(most, end - start + 1)
        return most


@dataclass
class FakeBotApi:
    """The Bot API's behaviour as far as the transport uses it."""

    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    base_url: str = ""
    closing: bool = False
    limits: PlatformLimits | None = None
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    # --- what tests use ----------------------------------------------------------------

    def push(self, update: dict[str, Any], update_id: int | None = None) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        number = update_id if update_id is not None else next(self._update_ids)
        self.updates.append({"update_id": number, **update})
        self._signal()
        return number

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        parameters: dict[str, Any] | None = None,
        times: int = 1,
    ) -> None:
        self.failures.setdefault(method, []).extend(
            Failure(status, description, parameters) for _ in range(times)
        )

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [call.params for call in self.calls if call.method == method]

    async def wait_for(self, check: Callable[[], bool], within: float = 10.0) -> None:
        """Wait (event-driven, no polling sleep) until `check()` holds after some call."""

        async def until() -> None:
            while not check():
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(until(), within)

    async def wait_calls(self, method: str, count: int = 1) -> list[dict[str, Any]]:
        await self.wait_for(lambda: len(self.calls_to(method)) >= count)
        return self.calls_to(method)

    def webhook_answered(self, body: Any) -> None:
        """A webhook response whose JSON body names a method: Telegram makes that call (its
        result is never known to the bot), so it is recorded as one, made now."""
        if isinstance(body, dict) and isinstance(body.get("method"), str):
            params = {key: value for key, value in body.items() if key != "method"}
            self.calls.append(Call(str(body["method"]), params))
            self._signal()

    def close(self) -> None:
        """End every long poll now, so the server can shut down without waiting."""
        self.closing = True
        self._signal()

    # --- the HTTP side -----------------------------------------------------------------

    def _signal(self) -> None:
        self._changed.set()

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        params = await _read_params(request)
        self.calls.append(Call(method, params))
        self._signal()
        if self.limits is not None and method != "getUpdates":
            wait = self.limits.admit(method, str(params.get("chat_id", "")))
            if wait is not None:
                return _error(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        scripted = self.failures.get(method)
        if scripted:
            failure = scripted.pop(0)
            return _error(failure.status, failure.description, failure.parameters)
        answer = getattr(self, f"_api_{method}", None)
        if answer is None:
            return _error(404, "Not Found: method not found")
        if method == "getUpdates":
            return _ok(await answer(params))
        return _ok(answer(params))

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 5.0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout > 0:
            self._changed.clear()
            try:
                await asyncio.wait_for(self._wait_for_update(), timeout)
            except TimeoutError:
                return []
        return [u for u in self.updates if u["update_id"] >= offset]

    async def _wait_for_update(self) -> None:
        while not self.updates and not self.closing:
            self._changed.clear()
            await self._changed.wait()

    def _api_getMe(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Ombud",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _message(self, params: dict[str, Any], **extra: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        number = int(params.get("message_id") or next(self._message_ids))
        chat_type = "supergroup" if chat_id < 0 else "private"
        return {
            "message_id": number,
            "date": _EPOCH,
            "chat": {"id": chat_id, "type": chat_type},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Ombud"},
            **extra,
        }

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text=params.get("text", ""))

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text=params.get("text", ""))

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, text="")

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        photo = {"file_id": "p1", "file_unique_id": "up1", "width": 10, "height": 10}
        return self._message(params, photo=[photo])

    def _api_sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._message(params, document={"file_id": "d1", "file_unique_id": "ud1"})

    def _api_answerCallbackQuery(self, _params: dict[str, Any]) -> bool:
        return True

    def _api_setMyCommands(self, _params: dict[str, Any]) -> bool:
        return True

    def _api_deleteWebhook(self, _params: dict[str, Any]) -> bool:
        self.webhook = {}
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True


async def post_update(api: FakeBotApi, url: str, update: dict[str, Any], secret: str | None) -> int:
    """Post one update to a webhook as Telegram does, and make the call its response names.

    Returns the status; a dropped connection counts as no answer (0).
    """
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=update, headers=headers) as response,
        ):
            body = await response.read()
            status = response.status
    except aiohttp.ClientError:
        return 0
    if status == 200 and response.content_type == "application/json":
        api.webhook_answered(json.loads(body))
    return status


async def _read_params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        data: dict[str, Any] = await request.json()
        return data
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = {"filename": value.filename, "size": len(value.file.read())}
        elif key in _JSON_FIELDS:
            params[key] = json.loads(value)
        else:
            params[key] = value
    return params


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


async def start_fake(api: FakeBotApi) -> web.AppRunner:
    """Serve `api` on a random port of 127.0.0.1; sets api.base_url (PTB's base_url form)."""
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    api.base_url = f"http://127.0.0.1:{port}/bot"
    return runner
