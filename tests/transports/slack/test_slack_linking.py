"""Roster people linked to Slack by user id or e-mail, over real HTTP against the fake Slack,
then reminded without any code."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.app import Service, extra_jobs
from bot.core.clock import FrozenClock
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from config.settings import Settings
from handlers.linking import link_directory
from handlers.scheduling import dispatch, materialise
from storage.engine import Database
from storage.linking import SqlLinkStore
from storage.scheduling import SqlSchedulingStore
from storage.tables import ChatIdentityRow, PersonHandleRow, PersonRow
from tests.scheduler.seed import World, add_item, add_person, event_on, person_owner, seed_world
from tests.transports.slack.conftest import FakeTime
from tests.transports.slack.fake_slack import FakeSlack

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)


def set_roster(db: Database, person_id: int, **fields: str | None) -> None:
    """What a roster import stores: slack_user_id and slack_email as handles, email on the row."""

    def write(session: Session) -> None:
        row = session.get(PersonRow, person_id)
        assert row is not None
        for name, value in fields.items():
            if name.startswith("slack_") and value is not None:
                kind = name.removeprefix("slack_")
                session.add(
                    PersonHandleRow(person_id=person_id, platform="slack", kind=kind, value=value)
                )
            else:
                setattr(row, name, value)
        session.add(row)

    db.run_sync(write)


def slack_links(db: Database) -> dict[int, tuple[str, str | None]]:
    def read(session: Session) -> dict[int, tuple[str, str | None]]:
        rows = session.exec(select(ChatIdentityRow).where(ChatIdentityRow.platform == "slack"))
        return {row.person_id: (row.user_id, row.chat_id) for row in rows}

    return db.run_sync(read)


@pytest.fixture
async def slack(fake_slack: FakeSlack, fake_time: FakeTime) -> AsyncIterator[SlackTransport]:
    fake_slack.only_known_users = True
    fake_slack.rules.monotonic = fake_time.monotonic
    pacer = SlackPacer(monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    transport = SlackTransport(
        "xoxb-test-token", signing_secret="s", mode="http", base_url=fake_slack.base_url,
        pacer=pacer,
    )  # fmt: skip
    await transport.open()
    yield transport
    await transport.stop()


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return seed_world(sqlite_db)


async def test_roster_ids_and_emails_link_people_and_the_unknown_are_named(
    sqlite_db: Database,
    world: World,
    slack: SlackTransport,
    *,
    fake_slack: FakeSlack,
    fake_time: FakeTime,
    caplog: pytest.LogCaptureFixture,
) -> None:
    fake_slack.add_user("U0BO", email="bo@example.org")
    anna, bo, cia = world.people["anna"], world.people["bo"], world.people["cia"]
    set_roster(sqlite_db, anna, slack_user_id="U1")  # U1 is in the fake's workspace
    set_roster(sqlite_db, bo, email="bo@example.org")
    set_roster(sqlite_db, cia, slack_email="cia@elsewhere.example")
    store = SqlLinkStore(sqlite_db)

    report = await link_directory(store, slack, FrozenClock(NOW), sleep=fake_time.sleep)

    assert slack_links(sqlite_db) == {anna: ("U1", "DU1"), bo: ("U0BO", "DU0BO")}
    assert (report.by_user_id, report.by_email, report.not_found) == (1, 1, [cia])
    [lookup_bo, lookup_cia] = fake_slack.calls_to("users.lookupByEmail")
    assert (lookup_bo.args["email"], lookup_cia.args["email"]) == (
        "bo@example.org",
        "cia@elsewhere.example",
    )
    [warning] = [r for r in caplog.records if "not found" in r.getMessage()]
    assert f"person={cia}" in warning.getMessage()
    assert "elsewhere" not in caplog.text  # ids in the log, never the address

    # The next pass (a re-imported roster gave cia a Slack id) links only what is new.
    set_roster(sqlite_db, cia, slack_user_id="U2")
    again = await link_directory(store, slack, FrozenClock(NOW), sleep=fake_time.sleep)
    assert (again.by_user_id, again.by_email, again.not_found) == (1, 0, [])
    assert slack_links(sqlite_db)[cia] == ("U2", "DU2")
    assert len(fake_slack.calls_to("conversations.open")) == 3


async def test_a_roster_id_slack_does_not_know_is_named_and_not_linked(
    sqlite_db: Database, world: World, slack: SlackTransport, fake_time: FakeTime
) -> None:
    set_roster(sqlite_db, world.people["anna"], slack_user_id="U404")
    report = await link_directory(
        SqlLinkStore(sqlite_db), slack, FrozenClock(NOW), sleep=fake_time.sleep
    )
    assert report.not_found == [world.people["anna"]]
    assert slack_links(sqlite_db) == {}


async def test_an_account_linked_to_someone_else_is_not_taken_over(
    sqlite_db: Database, world: World, slack: SlackTransport, fake_time: FakeTime
) -> None:
    # A handle belongs to one person, so the second claim on U1 comes by U1's e-mail.
    set_roster(sqlite_db, world.people["anna"], slack_user_id="U1")
    set_roster(sqlite_db, world.people["bo"], slack_email="anna@example.org")
    report = await link_directory(
        SqlLinkStore(sqlite_db), slack, FrozenClock(NOW), sleep=fake_time.sleep
    )
    assert report.taken == [world.people["bo"]]
    assert slack_links(sqlite_db) == {world.people["anna"]: ("U1", "DU1")}


async def test_a_large_roster_is_linked_within_tier_3_without_a_429(
    sqlite_db: Database, world: World, slack: SlackTransport, fake_slack: FakeSlack,
    fake_time: FakeTime,
) -> None:  # fmt: skip
    fake_slack.rules.limit("conversations.open", 50)
    for n in range(120):
        person = add_person(sqlite_db, world, f"p{n}", units=["sek"])
        set_roster(sqlite_db, person, slack_user_id=f"UP{n:03d}")
        fake_slack.add_user(f"UP{n:03d}")
    report = await link_directory(
        SqlLinkStore(sqlite_db), slack, FrozenClock(NOW), sleep=fake_time.sleep
    )
    assert report.by_user_id == 120
    assert fake_slack.rules.refused == []
    assert len(slack_links(sqlite_db)) == 120


async def test_a_steward_with_a_slack_id_in_the_roster_is_reminded_without_any_code(
    sqlite_db: Database, world: World, slack: SlackTransport, *, fake_slack: FakeSlack,
    fake_time: FakeTime, clock: FrozenClock,
) -> None:  # fmt: skip
    set_roster(sqlite_db, world.people["anna"], slack_user_id="U1")
    add_item(sqlite_db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    await link_directory(SqlLinkStore(sqlite_db), slack, clock, sleep=fake_time.sleep)
    store = SqlSchedulingStore(sqlite_db)
    await materialise(store, clock, 30)
    transports: dict[Platform, Transport] = {Platform.SLACK: slack}
    report = await dispatch(store, transports, clock, owner="test")
    assert report.sent == 1
    [reminder] = fake_slack.calls_to("chat.postMessage")
    assert reminder.args["channel"] == "DU1"


class OpensADirectChat:
    """A platform that opens the DM on the first send, as Slack's transport does."""

    platform = Platform.SLACK

    async def open(self) -> None: ...

    async def start(self, handler: object, record_taps: object = None) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        return MessageRef(Platform.SLACK, "D" + (to.user_id or ""), "1741.1", to.workspace)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None: ...

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        raise NotImplementedError


async def test_the_dm_channel_a_send_opened_is_stored_for_the_next_pass(
    sqlite_db: Database, world: World, clock: FrozenClock
) -> None:
    def link(session: Session) -> None:
        session.add(ChatIdentityRow(person_id=world.people["anna"], platform="slack", user_id="U1"))

    sqlite_db.run_sync(link)
    add_item(sqlite_db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    store = SqlSchedulingStore(sqlite_db)
    await materialise(store, clock, 30)
    transports: dict[Platform, Transport] = {Platform.SLACK: OpensADirectChat()}
    assert (await dispatch(store, transports, clock, owner="test")).sent == 1
    [destination] = (await store.destinations([world.people["anna"]], (Platform.SLACK,))).values()
    assert (destination.address.chat_id, destination.address.user_id) == ("DU1", "U1")


async def test_the_service_links_slack_people_at_start_and_on_every_reports_pass(
    sqlite_db: Database, world: World, slack: SlackTransport, tmp_path: Path
) -> None:
    set_roster(sqlite_db, world.people["anna"], slack_user_id="U1")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}")
    service = Service(settings, sqlite_db, {Platform.SLACK: slack}, FrozenClock(NOW))
    jobs = {job_id: (job, seconds) for job_id, job, seconds in extra_jobs(service)}
    job, seconds = jobs["links_slack"]
    assert seconds == settings.scheduler.reports_interval_seconds
    await job()  # the scheduler runs every job once at start-up, then on its interval
    assert slack_links(sqlite_db) == {world.people["anna"]: ("U1", "DU1")}
