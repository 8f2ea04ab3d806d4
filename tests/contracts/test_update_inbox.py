"""The UpdateInbox contract on the in-memory fake, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.model import Platform
from bot.core.ports import Receipt, UpdateInbox
from storage.engine import Database
from storage.inbox import SqlUpdateInbox
from storage.migrate import upgrade
from tests.conftest import _postgres_db
from tests.fakes.inbox import FakeUpdateInbox

AT = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
TG = Platform.TELEGRAM


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def inbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[UpdateInbox]:
    if request.param == "fake":
        yield FakeUpdateInbox()
    elif request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
        upgrade(db)
        yield SqlUpdateInbox(db)
        db.dispose()
    else:
        for db in _postgres_db():
            yield SqlUpdateInbox(db)


def receipt(update_id: int) -> Receipt:
    return Receipt(str(update_id), f'{{"update_id": {update_id}, "message": {{"text": "å"}}}}')


async def test_receipts_are_kept_in_the_order_received_until_done(inbox: UpdateInbox) -> None:
    assert await inbox.receive(TG, "42", [receipt(7), receipt(3)], AT) == {"7", "3"}
    assert await inbox.receive(TG, "42", [receipt(5)], AT) == {"5"}

    assert await inbox.pending(TG, "42") == [receipt(7), receipt(3), receipt(5)]
    await inbox.done(TG, "42", ["3", "7"])
    assert await inbox.pending(TG, "42") == [receipt(5)]


async def test_an_update_received_again_before_it_is_done_is_not_new(inbox: UpdateInbox) -> None:
    await inbox.receive(TG, "42", [receipt(1)], AT)

    assert await inbox.receive(TG, "42", [receipt(1), receipt(2)], AT) == {"2"}
    assert await inbox.pending(TG, "42") == [receipt(1), receipt(2)]
    await inbox.done(TG, "42", ["1"])
    assert await inbox.receive(TG, "42", [receipt(1)], AT) == {"1"}  # done: new again


async def test_bots_and_platforms_are_apart(inbox: UpdateInbox) -> None:
    await inbox.receive(TG, "42", [receipt(1)], AT)
    await inbox.receive(TG, "43", [receipt(1)], AT)
    await inbox.receive(Platform.SLACK, "42", [receipt(1)], AT)

    await inbox.done(TG, "42", ["1"])
    assert await inbox.pending(TG, "42") == []
    assert await inbox.pending(TG, "43") == [receipt(1)]
    assert await inbox.pending(Platform.SLACK, "42") == [receipt(1)]
    await inbox.done(TG, "43", [])  # nothing to forget: no error
