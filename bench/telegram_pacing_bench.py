"""Benchmark: a Telegram fan-out against a fake Bot API enforcing 30/s per bot, 1/s per chat.

    python bench/telegram_pacing_bench.py                       # 400 people, 3 runs each
    python bench/telegram_pacing_bench.py --people 100 --repeat 2 --only second

Sends like the dispatcher does (one message after another; a message the transport hands
back as rate limited goes on a later pass after its retry_after), in real time over HTTP
to the fake on 127.0.0.1, with the transport's own pacer. Two waves: one message per
person, and every fourth person getting a second message in the same pass. Prints the
delivered rate (messages per second of wall time), the 429s the fake answered, the
busiest second seen at the fake, and lost or doubled messages: median [min–max] of the runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.transports.telegram import TelegramTransport
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi, PlatformLimits, start_fake

Message = tuple[int, int]


async def _send_wave(transport: TelegramTransport, wave: list[Message]) -> dict[Message, int]:
    delivered: dict[Message, int] = {}
    pending = list(wave)
    while pending:
        later: list[tuple[float, Message]] = []
        for person, n in pending:
            to = ChatAddress(Platform.TELEGRAM, str(10_000 + person))
            try:
                await transport.send(to, OutgoingMessage(f"reminder {person}.{n}"))
            except DeliveryError as exc:
                if exc.failure is not DeliveryFailure.RATE_LIMITED:
                    raise
                later.append((time.monotonic() + (exc.retry_after or 1.0), (person, n)))
                continue
            delivered[person, n] = delivered.get((person, n), 0) + 1
        if later:
            await asyncio.sleep(max(min(at for at, _m in later) - time.monotonic(), 0.0))
        pending = [msg for _at, msg in later]
    return delivered


async def _one_run(people: int, second: bool) -> dict[str, float]:
    api = FakeBotApi(limits=PlatformLimits(clock=time.monotonic))
    runner = await start_fake(api)
    transport = TelegramTransport(TOKEN, base_url=api.base_url, request_timeout=10.0)
    try:
        await transport.open()
        wave = [(p, n) for p in range(people) for n in range(2 if second and p % 4 == 0 else 1)]
        began = time.monotonic()
        delivered = await _send_wave(transport, wave)
        took = time.monotonic() - began
    finally:
        await transport.stop()
        api.close()
        await runner.cleanup()
    limits = api.limits
    assert limits is not None
    return {
        "messages": len(wave),
        "rate": sum(delivered.values()) / took,
        "too_many": limits.too_many,
        "busiest": limits.most_in_one_second(),
        "lost": len(set(wave) - set(delivered)),
        "doubled": sum(1 for count in delivered.values() if count > 1),
    }


def _stats(values: list[float], fmt: str) -> str:
    med = statistics.median(values)
    return f"{fmt.format(med)} [{fmt.format(min(values))}–{fmt.format(max(values))}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("single", "second"), default=None)
    args = parser.parse_args()
    for label, second in (("single", False), ("second", True)):
        if args.only not in (None, label):
            continue
        runs = [asyncio.run(_one_run(args.people, second)) for _ in range(args.repeat)]
        print(
            f"telegram fan-out {label:6} people={args.people} messages={runs[0]['messages']:.0f} "
            f"n={args.repeat}  delivered/s {_stats([r['rate'] for r in runs], '{:.1f}')}  "
            f"429s {_stats([r['too_many'] for r in runs], '{:.0f}')}  "
            f"busiest second {_stats([r['busiest'] for r in runs], '{:.0f}')}  "
            f"lost {sum(r['lost'] for r in runs):.0f}  "
            f"doubled {sum(r['doubled'] for r in runs):.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
