"""Writes that arrive together are written together; a failed write fails only its group."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bot.transports.grouped import GroupedWriter


async def test_items_that_arrive_while_a_write_is_under_way_go_in_the_next_write() -> None:
    groups: list[list[int]] = []
    release = asyncio.Event()

    async def write(items: Sequence[int]) -> list[int]:
        groups.append(list(items))
        if len(groups) == 1:
            await release.wait()
        return [item * 10 for item in items]

    writer: GroupedWriter[int, int] = GroupedWriter(write, name="test")
    first = asyncio.create_task(writer.add(1))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    rest = [asyncio.create_task(writer.add(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    assert writer.busy
    release.set()

    assert await first == 10
    assert [await task for task in rest] == [20, 30, 40]
    assert groups == [[1], [2, 3, 4]]
    await writer.quiet(1.0)
    assert not writer.busy


async def test_a_failed_write_fails_every_item_of_its_group_and_the_next_write_goes_on() -> None:
    calls = 0

    async def write(items: Sequence[str]) -> list[None]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("gone")
        return [None for _ in items]

    writer: GroupedWriter[str, None] = GroupedWriter(write, name="test")
    together = [asyncio.create_task(writer.add(x)) for x in ("a", "b")]
    for task in together:
        with pytest.raises(ConnectionError):
            await task
    await writer.add("c")
    await writer.flush()
