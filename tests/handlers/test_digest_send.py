"""Sending digests: once per board and week, at the local moment, across daylight saving."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, time

import pytest
from sqlmodel import Session, col, select

from bot.core.clock import FrozenClock
from bot.core.i18n import Translator
from bot.core.model import Platform
from bot.core.reporting import BoardInfo, IsoWeek, TargetProgress
from handlers.digest import due_week, preview_digest, run_due_digests
from storage.engine import Database
from storage.reporting import SqlReportingStore
from storage.tables import BoardRow, DigestRow
from tests.reports.fakes import RecordingTransport
from tests.reports.seed import Union, build_union


def _board(zone: str, weekday: int = 0, at: time = time(8, 0)) -> BoardInfo:
    return BoardInfo(1, "b", "Board", 1, "sv", zone, weekday, at)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize("zone", ["Europe/Oslo", "Europe/Stockholm"])
@pytest.mark.parametrize(
    ("before", "moment", "week"),
    [
        # Monday 08:00 local is 07:00 UTC in winter and 06:00 UTC in summer.
        (utc(2025, 3, 24, 6, 59), utc(2025, 3, 24, 7, 0), 13),  # before the last Sunday of March
        (utc(2025, 3, 31, 5, 59), utc(2025, 3, 31, 6, 0), 14),  # after it
        (utc(2025, 10, 20, 5, 59), utc(2025, 10, 20, 6, 0), 43),  # before the last Sunday of Oct.
        (utc(2025, 10, 27, 6, 59), utc(2025, 10, 27, 7, 0), 44),  # after it
    ],
)
def test_monday_eight_oclock_local_across_daylight_saving(
    zone: str, before: datetime, moment: datetime, week: int
) -> None:
    board = _board(zone)
    assert due_week(board, before) is None
    assert due_week(board, moment) == IsoWeek(2025, week)


def test_a_board_digest_on_another_weekday_waits_for_it() -> None:
    board = _board("Europe/Stockholm", weekday=4, at=time(15, 30))  # Friday 15:30
    assert due_week(board, utc(2025, 3, 21, 14, 29)) is None
    assert due_week(board, utc(2025, 3, 21, 14, 30)) == IsoWeek(2025, 12)


def test_an_unknown_time_zone_sends_nothing() -> None:
    assert due_week(_board("Mars/Olympus"), utc(2025, 3, 24, 12)) is None


@pytest.fixture
def union(db: Database) -> Union:
    return db.run_sync(build_union)


def _set_board(db: Database, **values: object) -> None:
    def apply(session: Session) -> None:
        board = session.exec(select(BoardRow)).first()
        assert board is not None
        for name, value in values.items():
            setattr(board, name, value)
        session.add(board)

    db.run_sync(apply)


def _digest_rows(db: Database) -> list[tuple[str, str]]:
    return db.run_sync(
        lambda s: [
            (r.iso_week, r.state) for r in s.exec(select(DigestRow).order_by(col(DigestRow.id)))
        ]
    )


async def test_a_digest_goes_out_once_at_its_moment(db: Database, union: Union) -> None:
    store, console = SqlReportingStore(db), RecordingTransport()
    transports = {Platform.CONSOLE: console}
    clock = FrozenClock(utc(2025, 3, 17, 6, 59))  # 07:59 in Stockholm
    assert await run_due_digests(store, transports, clock) == 0
    clock.set(utc(2025, 3, 17, 7, 0))
    assert await run_due_digests(store, transports, clock) == 1
    assert await run_due_digests(store, transports, clock) == 0
    clock.set(utc(2025, 3, 20, 12, 0))
    assert await run_due_digests(store, transports, clock) == 0
    assert console.chats() == ["board"]
    assert console.sent[0][1].title == "Rapport för vecka 11"
    assert ("2025-W12", "sent") in _digest_rows(db)


async def test_members_get_it_by_dm_with_the_chart(db: Database, union: Union) -> None:
    _set_board(db, digest_to_members=True)
    store, console = SqlReportingStore(db), RecordingTransport()
    charts: list[Sequence[TargetProgress]] = []

    def chart(tr: Translator, progress: Sequence[TargetProgress]) -> bytes:
        charts.append(progress)
        return b"\x89PNG"

    clock = FrozenClock(utc(2025, 3, 17, 7, 0))
    assert await run_due_digests(store, {Platform.CONSOLE: console}, clock, chart) == 1
    assert console.chats() == ["board", f"dm{union['dag']}"]
    assert [(to.chat_id, data) for to, data, _f, _c in console.files] == [
        ("board", b"\x89PNG"),
        (f"dm{union['dag']}", b"\x89PNG"),
    ]
    assert [p.label for p in charts[0]] == ["Träffar", "Värvning"]


async def test_a_failed_send_does_not_send_again(db: Database, union: Union) -> None:
    store = SqlReportingStore(db)
    console = RecordingTransport(failing_chats={"board"})
    clock = FrozenClock(utc(2025, 3, 17, 7, 0))
    assert await run_due_digests(store, {Platform.CONSOLE: console}, clock) == 1
    console.failing_chats.clear()
    assert await run_due_digests(store, {Platform.CONSOLE: console}, clock) == 0
    assert console.sent == []
    assert ("2025-W12", "undelivered") in _digest_rows(db)


async def test_a_platform_without_a_transport_is_skipped(db: Database, union: Union) -> None:
    store = SqlReportingStore(db)
    telegram = RecordingTransport(kind=Platform.TELEGRAM)
    clock = FrozenClock(utc(2025, 3, 17, 7, 0))
    assert await run_due_digests(store, {Platform.TELEGRAM: telegram}, clock) == 1
    assert telegram.sent == []


async def test_two_workers_on_one_database_send_it_once(db: Database, union: Union) -> None:
    other = Database(db.url)
    try:
        first, second = RecordingTransport(), RecordingTransport()
        clock = FrozenClock(utc(2025, 3, 17, 7, 0))
        counts = await asyncio.gather(
            run_due_digests(SqlReportingStore(db), {Platform.CONSOLE: first}, clock),
            run_due_digests(SqlReportingStore(other), {Platform.CONSOLE: second}, clock),
        )
        assert sorted(counts) == [0, 1]
        assert len(first.sent) + len(second.sent) == 1
    finally:
        other.dispose()


async def test_preview_writes_no_digest_row(db: Database, union: Union) -> None:
    store = SqlReportingStore(db)
    clock = FrozenClock(utc(2025, 3, 19, 12, 0))
    message = await preview_digest(store, "styrelsen", clock, locale="nb")
    assert message.title == "Rapport for uke 11"
    assert _digest_rows(db) == []
