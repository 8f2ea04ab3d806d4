"""The Bot API client on aiohttp: bodies as PTB's httpx client sent them, PTB's errors."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.transports.telegram_http import AiohttpRequest

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECRET_PATH = "/bot4242:SECRET-token/sendDocument"


async def serve(handler: Handler) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def client() -> AsyncIterator[AiohttpRequest]:
    request = AiohttpRequest(4, timeout=0.5)
    await request.initialize()
    yield request
    await request.shutdown()


def params(**values: object) -> RequestData:
    return RequestData([RequestParameter(name, value, []) for name, value in values.items()])


async def test_parameters_go_as_a_form_and_the_answer_comes_back(client: AiohttpRequest) -> None:
    seen: dict[str, str] = {}

    async def handler(request: web.Request) -> web.Response:
        seen.update({k: str(v) for k, v in (await request.post()).items()})
        seen["content_type"] = request.content_type
        return web.Response(status=200, body=b'{"ok":true,"result":true}')

    runner, base = await serve(handler)
    try:
        status, body = await client.do_request(
            f"{base}/bot1:t/answerCallbackQuery", "POST", params(callback_query_id="q7")
        )
    finally:
        await runner.cleanup()
    assert (status, body) == (200, b'{"ok":true,"result":true}')
    assert seen == {
        "callback_query_id": "q7",
        "content_type": "application/x-www-form-urlencoded",
    }


async def test_an_error_status_is_handed_back_for_ptb_to_read(client: AiohttpRequest) -> None:
    async def handler(_request: web.Request) -> web.Response:
        return web.Response(status=429, body=b'{"ok":false,"error_code":429}')

    runner, base = await serve(handler)
    try:
        status, _body = await client.do_request(f"{base}/bot1:t/sendMessage", "POST", params())
    finally:
        await runner.cleanup()
    assert status == 429


async def test_a_file_goes_as_multipart_with_its_name(client: AiohttpRequest) -> None:
    from telegram import InputFile

    seen: dict[str, object] = {}

    async def handler(request: web.Request) -> web.Response:
        form = await request.post()
        document = form["document"]
        assert isinstance(document, web.FileField)
        seen.update(chat_id=form["chat_id"], name=document.filename, data=document.file.read())
        return web.Response(status=200, body=b"{}")

    runner, base = await serve(handler)
    data = RequestData(
        [
            RequestParameter("chat_id", "55", []),
            RequestParameter.from_input("document", InputFile(b"a,b\n1,2\n", filename="r.csv")),
        ]
    )
    try:
        status, _body = await client.do_request(f"{base}{SECRET_PATH}", "POST", data)
    finally:
        await runner.cleanup()
    assert status == 200
    assert seen == {"chat_id": "55", "name": "r.csv", "data": b"a,b\n1,2\n"}


async def test_a_slow_answer_is_ptbs_timed_out(client: AiohttpRequest) -> None:
    async def handler(_request: web.Request) -> web.Response:
        await asyncio.sleep(2.0)
        return web.Response(status=200, body=b"{}")

    runner, base = await serve(handler)
    try:
        with pytest.raises(TimedOut):
            await client.do_request(f"{base}/bot1:t/getMe", "POST", params())
    finally:
        await runner.cleanup()


async def test_no_server_is_a_network_error_that_does_not_quote_the_url(
    client: AiohttpRequest,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NetworkError) as caught:
        await client.do_request(f"http://127.0.0.1:{port}{SECRET_PATH}", "POST", params())
    assert "SECRET" not in str(caught.value)
    assert not isinstance(caught.value, TimedOut)


async def test_a_request_not_initialized_refuses() -> None:
    with pytest.raises(RuntimeError):
        await AiohttpRequest(1, timeout=1.0).do_request("http://127.0.0.1:9/x", "POST")
