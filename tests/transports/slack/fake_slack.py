"""A fake Slack Web API on 127.0.0.1: records every call, can be scripted to fail, and keeps
the rules Slack documents that Ombud depends on (see fake_slack_rules)."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.transports.slack.fake_slack_rules import Monotonic, SlackRules

TEAM_ID = "T0UNION"
BOT_USER_ID = "U0BOT"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str = ""
    at: float = 0.0  # on the rules' clock, so a test or bench can measure delays


@dataclass
class Scripted:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeUser:
    user_id: str
    locale: str = "sv-SE"
    email: str | None = None


class FakeSlack:
    """Answers like Slack for the methods Ombud uses; `script` makes the next answer a failure."""

    def __init__(self, team_id: str = TEAM_ID, monotonic: Monotonic | None = None) -> None:
        self.team_id = team_id
        self.rules = SlackRules(monotonic)
        self.calls: list[Call] = []
        self.users: dict[str, FakeUser] = {}
        self.only_known_users = False  # conversations.open refuses users not in `users`
        self.uploads: dict[str, bytes] = {}
        self._scripts: dict[str, deque[Scripted]] = {}
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._socket: web.WebSocketResponse | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def add_user(self, user_id: str, locale: str = "sv-SE", email: str | None = None) -> None:
        self.users[user_id] = FakeUser(user_id, locale, email)

    def script(
        self,
        method: str,
        status: int = 200,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """The next call of `method` gets this answer instead of the normal one."""
        self._scripts.setdefault(method, deque()).append(Scripted(status, body, headers or {}))

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, within: float = 5.0) -> list[Call]:
        """Wait (on a condition, not a sleep) until `method` was called `count` times."""

        async def enough() -> list[Call]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
            return self.calls_to(method)

        return await asyncio.wait_for(enough(), within)

    async def wait_for_calls(self, count: int, within: float = 5.0) -> None:
        """Wait (on a condition) until `count` calls of any method were made."""

        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.calls) >= count)

        await asyncio.wait_for(enough(), within)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{name}", self._response_url)
        app.router.add_get("/socket", self._socket_mode)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        await self._record(Call(method, args, token, self.rules.monotonic()))
        refused = self.rules.check(method, args)
        if refused is not None:
            status, body, headers = refused
            return web.json_response(body, status=status, headers=headers)
        queue = self._scripts.get(method)
        if queue:
            scripted = queue.popleft()
            if isinstance(scripted.body, dict):
                return web.json_response(
                    scripted.body, status=scripted.status, headers=scripted.headers
                )
            return web.Response(
                text=str(scripted.body or "error"), status=scripted.status, headers=scripted.headers
            )
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = f"1741000000.{next(self._ts):06d}"
        match method:
            case "auth.test":
                return {"ok": True, "team_id": self.team_id, "user_id": BOT_USER_ID, "bot_id": "B0"}
            case "chat.postMessage" | "chat.update":
                return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts") or ts}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}
            case "conversations.open":
                user_id = str(args.get("users", ""))
                if self.only_known_users and user_id not in self.users:
                    return {"ok": False, "error": "user_not_found"}
                return {"ok": True, "channel": {"id": "D" + user_id}}
            case "conversations.info":
                channel = str(args.get("channel", ""))
                if not self.rules.knows(channel):
                    return {"ok": False, "error": "channel_not_found"}
                member = self.rules.is_member(channel)
                return {"ok": True, "channel": {"id": channel, "is_member": member}}
            case "views.open" | "views.publish":
                return {"ok": True, "view": {"id": "V" + ts.replace(".", "")}}
            case "users.info":
                user = self.users.get(str(args.get("user")))
                if user is None:
                    return {"ok": False, "error": "user_not_found"}
                return {"ok": True, "user": {"id": user.user_id, "locale": user.locale}}
            case "users.lookupByEmail":
                found = [u for u in self.users.values() if u.email == args.get("email")]
                if not found:
                    return {"ok": False, "error": "users_not_found"}
                return {"ok": True, "user": {"id": found[0].user_id}}
            case "apps.connections.open":
                return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
            case "files.getUploadURLExternal":
                file_id = f"F{next(self._ts)}"
                url = f"http://127.0.0.1:{self.port}/upload/{file_id}"
                return {"ok": True, "upload_url": url, "file_id": file_id}
            case "files.completeUploadExternal":
                return {"ok": True, "files": [{"id": f["id"]} for f in _files(args)]}
        return {"ok": False, "error": "unknown_method"}

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        await self._record(Call("upload", {"file_id": request.match_info["file_id"]}))
        return web.Response(text="OK - 1")

    async def push(self, envelope: dict[str, Any]) -> None:
        """Send one Socket Mode envelope to the connected app."""
        assert self._socket is not None, "no Socket Mode connection"
        await self._socket.send_json(envelope)

    async def drop_socket(self) -> None:
        """Close the Socket Mode connection from Slack's side, as Slack does now and then."""
        socket, self._socket = self._socket, None
        if socket is not None:
            await socket.close()
            await self._record(Call("socket.dropped", {}))

    async def _socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        await self._record(Call("socket.connect", {}))
        await socket.send_json({"type": "hello", "num_connections": 1})
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                await self._record(Call("socket.ack", json.loads(message.data)))
        return socket

    async def _response_url(self, request: web.Request) -> web.Response:
        body = await request.json()
        # Slack shows a response_url message to the channel only when asked: ephemeral is the
        # default.
        body.setdefault("response_type", "ephemeral")
        await self._record(Call("response_url", {"name": request.match_info["name"], **body}))
        return web.Response(text="ok")


def _files(args: dict[str, Any]) -> list[dict[str, Any]]:
    files = args.get("files", "[]")
    parsed = json.loads(files) if isinstance(files, str) else files
    return list(parsed)


async def _arguments(request: web.Request) -> dict[str, Any]:
    """Slack clients send query strings, forms or JSON; gather them in one mapping."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    elif request.can_read_body:
        form = await request.post()
        args.update({key: value for key, value in form.items() if isinstance(value, str)})
    for key in ("blocks", "view"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args
