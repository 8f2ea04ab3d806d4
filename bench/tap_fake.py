"""The fake Bot API of bench/tap_bench.py in a process of its own.

The load generator fires hundreds of POSTs at once; a fake in the same process and event
loop would receive the app's answers only once the generator let it, and count that as the
app's delay. Run by tap_bench.py: prints its base URL as one JSON line, serves until
SIGTERM, then writes when each callback query was first answered (time.monotonic, the
same clock in every process) to `--out`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from tests.transports.telegram.fake_bot_api import FakeBotApi, _read_params, start_fake


@dataclass
class TimedFake(FakeBotApi):
    """The fake Bot API, noting when each callback query was answered."""

    answered_at: dict[str, float] = field(default_factory=dict)

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "answerCallbackQuery":
            at = time.monotonic()
            params = await _read_params(request)
            self.answered_at.setdefault(str(params.get("callback_query_id")), at)
        return await super().handle(request)


async def serve() -> dict[str, float]:
    fake = TimedFake()
    runner = await start_fake(fake)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    print(json.dumps({"base_url": fake.base_url}), flush=True)
    await stop.wait()
    fake.close()
    await runner.cleanup()
    return fake.answered_at


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, type=Path)
    out: Path = parser.parse_args().out
    out.write_text(json.dumps(asyncio.run(serve())))


if __name__ == "__main__":
    main()
