"""One SQLite file under load: dispatch, a storm of taps, and an administrator importing."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner

from bot.cli import app
from bot.core.clock import FrozenClock
from bot.core.messages import ChoiceSelected, Effect, Sender, Toast
from bot.core.model import Choice, Platform
from bot.core.ports import Transport
from bot.planfile.roster import parse_roster_yaml
from bot.services.database import run_import
from bot.transports.memory import MemoryTransport
from handlers.router import Router
from handlers.scheduling import dispatch
from handlers.tokens import ChoiceToken, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.migrate import upgrade
from storage.people import import_roster
from storage.scheduling import SqlSchedulingStore
from storage.tables import AnswerRow, CheckinRow, PersonRow
from tests.handlers.test_scheduling_race import NOW, seed_stewards

STEWARDS = 300
IMPORTS = 5


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "shared.db"
    db = Database(f"sqlite:///{file}")
    upgrade(db)
    seed_stewards(db, STEWARDS, NOW)
    db.dispose()
    return file


def opened(path: Path) -> Database:
    """Its own engine and connections, as another process would have."""
    return Database(f"sqlite:///{path}")


def roster_yaml(version: int, people: int = 150) -> str:
    """A roster whose every person changes name with each version, so each import writes."""
    lines = ["units:", "  - {id: imp, name: Import, kind: sektion}", "people:"]
    lines += [
        f"  - {{id: imp{n:03d}, name: Person {n} v{version}, units: [imp]}}" for n in range(people)
    ]
    return "\n".join(lines) + "\n"


def import_version(admin: Database, version: int) -> int:
    """`ombud people import` without the command line: the service function it runs."""
    roster = parse_roster_yaml(roster_yaml(version), "roster.yaml")
    now = datetime.now(UTC)
    result = run_import(admin, lambda s: import_roster(s, roster, actor="admin", now=now), False)
    return result.counts.get("people", 0)


def dispatch_all(db: Database, transport: Transport) -> int:
    """The service's dispatch passes until nothing is due; returns how many were sent."""

    async def passes() -> int:
        store, clock = SqlSchedulingStore(db), FrozenClock(NOW)
        mapping: dict[Platform, Transport] = {transport.platform: transport}
        sent = 0
        while (report := await dispatch(store, mapping, clock, owner="svc")).claimed:
            sent += report.sent
        return sent

    return asyncio.run(passes())


def together(*work: Callable[[], object]) -> list[object]:
    """Run each callable in its own thread, all released at once; re-raise the first error."""
    start = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = work[n]()
        except BaseException as exc:  # handed to the test below
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(work))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def test_an_import_during_a_dispatch_succeeds_and_so_does_the_dispatch(path: Path) -> None:
    service, admin = opened(path), opened(path)

    def imports() -> list[int]:
        return [import_version(admin, version) for version in range(IMPORTS)]

    transport = MemoryTransport(Platform.TELEGRAM)
    sent, imported = together(lambda: dispatch_all(service, transport), imports)
    assert sent == STEWARDS
    assert imported == [150] * IMPORTS
    names = admin.run_sync(
        lambda s: {p.name for p in s.exec(select(PersonRow).where(col(PersonRow.key) == "imp000"))}
    )
    assert names == {f"Person 0 v{IMPORTS - 1}"}
    service.dispose()
    admin.dispose()


def test_a_tap_storm_during_a_dispatch_stores_every_tap(path: Path) -> None:
    service, stewards = opened(path), opened(path)
    rows = stewards.run_sync(
        lambda s: list(s.exec(select(CheckinRow).order_by(col(CheckinRow.id))))
    )
    taps = [
        ChoiceSelected(
            Sender(Platform.TELEGRAM, user_id=f"u{n}", chat_id=f"dm-u{n}"),
            encode(ChoiceToken(row.id or 0, Choice.YES)),
            f"tap-{n}",
        )
        for n, row in enumerate(rows)
    ]

    def storm() -> list[list[Effect]]:
        router = Router(SqlConversationStore(stewards), FrozenClock(NOW))

        async def all_taps() -> list[list[Effect]]:
            return list(await asyncio.gather(*(router.handle(tap) for tap in taps)))

        return asyncio.run(all_taps())

    transport = MemoryTransport(Platform.TELEGRAM)
    _sent, answered = together(lambda: dispatch_all(service, transport), storm)
    assert isinstance(answered, list)
    toasts = [e.text for effects in answered for e in effects if isinstance(e, Toast)]
    assert len(toasts) == STEWARDS
    # "Registrerat: Ja" for every tap, never "something went wrong".
    assert [t for t in toasts if not t.startswith("Registrerat:")] == []
    answers = stewards.run_sync(lambda s: len(s.exec(select(AnswerRow)).all()))
    states = stewards.run_sync(lambda s: {r.state for r in s.exec(select(CheckinRow))})
    assert (answers, states) == (STEWARDS, {"answered"})
    service.dispose()
    stewards.dispose()


HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def test_a_command_that_cannot_get_the_database_says_so_in_one_line(
    path: Path, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(roster_yaml(0, people=3), encoding="utf-8")
    holder = subprocess.Popen(  # another process holds the write lock
        [sys.executable, "-c", HOLD_LOCK, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        env = {
            "OMBUD_DATABASE_URL": f"sqlite:///{path}?timeout=0.2",
            "OMBUD_LANGUAGE": "en",
            "OMBUD_CONFIG": "",
        }
        result = CliRunner().invoke(app, ["people", "import", str(roster)], env=env)
    finally:
        holder.communicate("")
    assert result.exit_code != 0
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "another program is writing to the database" in lines[0]
    assert "Traceback" not in result.output
