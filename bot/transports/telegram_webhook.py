"""The webhook endpoint Telegram posts updates to, answered only once an update is safe.

python-telegram-bot's own webhook server answers 200 as soon as an update is queued, so an
update still queued when the process stops is gone: Telegram never sends it again. Here an
update is answered only once it cannot be lost:

- with an inbox (`receive`), once its receipt is written to the database: the answer goes
  at once, and for a tap it carries the answerCallbackQuery itself (Telegram lets a webhook
  response make one Bot API call), so the spinner stops without a call of our own; the
  handler runs afterwards, and a restart handles what a stop or a crash left;
- without one, once the handler's transaction is over (a tap's spinner is stopped at once
  by a call of its own regardless).

Either way Telegram delivers again whatever was not answered with 200; the record of
handled update ids makes that redelivery harmless when the work had in fact been stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from telegram import Bot, Update

from bot.transports.inbound_queue import PoolClosed

log = logging.getLogger("bot.transports.telegram")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's connections to the webhook at once (setWebhook allows 1-100). Each waits for
# its update's receipt (or, without an inbox, its handling), so a burst of taps needs many.
MAX_CONNECTIONS = 100
# Connections waiting to be accepted. aiohttp's default (128) is less than a burst opens
# at once: the kernel drops the rest's SYNs, and each is retried only a second later.
BACKLOG = 1024


class WebhookServer:
    """An aiohttp server on `listen:port` that takes Telegram's POSTs at `/path`."""

    def __init__(
        self,
        *,
        listen: str,
        port: int,
        path: str,
        secret: str,
        bot: Callable[[], Bot | None],
        process: Callable[[Update, bool], Awaitable[None]],
        answer: Callable[[Bot, str], None],
        receive: Callable[[dict[str, Any], str], Awaitable[None]] | None = None,
    ) -> None:
        self._listen, self._port, self._path = listen, port, "/" + path.strip("/")
        self._secret = secret.encode()
        self._bot = bot
        self._process = process
        self._answer = answer
        self._receive = receive
        self._runner: web.AppRunner | None = None
        self._answering = 0  # POSTs taken and not yet answered
        self._quiet = asyncio.Event()
        self._quiet.set()

    async def answered(self, within: float) -> None:
        """Wait (at most `within` seconds) until no POST is being answered.

        With an inbox the answer waits only for the receipt, so the updates' handling,
        which shares the process with the webhook, holds back until a burst is answered:
        the answers are what a person waits for. Without one, a POST waits for its
        handling, which must then not wait for it.
        """
        if self._answering:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), within)

    async def start(self) -> None:
        app = web.Application(client_max_size=1 << 20)
        app.router.add_post(self._path, self._on_post)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, self._listen, self._port, backlog=BACKLOG).start()
        self._runner = runner

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _on_post(self, request: web.Request) -> web.Response:
        self._answering += 1
        self._quiet.clear()
        try:
            return await self._take(request)
        finally:
            self._answering -= 1
            if not self._answering:
                self._quiet.set()

    async def _take(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("telegram webhook refused: wrong or missing secret")
            return web.Response(status=403)
        bot = self._bot()
        if bot is None:
            return web.Response(status=503)  # stopping: Telegram tries again later
        body = await request.read()
        try:
            data: Any = json.loads(body)
        except ValueError:
            data = None
        if self._receive is not None:
            return await self._received(data, body)
        # A tap's spinner stops first: its answer leaves before the update is even built.
        query_id = tap_id(data)
        if query_id is not None:
            self._answer(bot, query_id)
        try:
            update = Update.de_json(data, bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            log.warning("telegram webhook: a body that is not an update")
            return web.Response(status=400)
        try:
            await self._process(update, query_id is not None)
        except PoolClosed:
            return web.Response(status=503)  # not taken: Telegram delivers it again
        return web.Response(status=200)

    async def _received(self, data: Any, body: bytes) -> web.Response:
        """Answer once the receipt is written; a tap's answer rides in the response."""
        assert self._receive is not None
        if not (isinstance(data, dict) and type(data.get("update_id")) is int):
            log.warning("telegram webhook: a body that is not an update")
            return web.Response(status=400)
        try:
            payload = body.decode("utf-8")
        except UnicodeDecodeError:  # JSON in another encoding: keep it as UTF-8
            payload = json.dumps(data, ensure_ascii=False)
        try:
            await self._receive(data, payload)
        except PoolClosed:
            return web.Response(status=503)
        except Exception as exc:  # not written: Telegram must deliver it again
            log.warning(
                "telegram update %s: receipt not written: %s", data["update_id"], type(exc).__name__
            )
            return web.Response(status=503)
        query_id = tap_id(data)
        if query_id is None:
            return web.Response(status=200)
        return web.json_response({"method": "answerCallbackQuery", "callback_query_id": query_id})


def tap_id(data: Any) -> str | None:
    """The callback query id of an update that is a button tap, read from the raw JSON."""
    if not isinstance(data, dict):
        return None
    query = data.get("callback_query")
    if not isinstance(query, dict):
        return None
    query_id = query.get("id")
    return query_id if isinstance(query_id, str) and query_id else None
