"""What the administrator sees of Slack's limits: a rate-limited send is postponed, not
failed, in `ombud tick`; a channel Ombud was removed from is named in a warning."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from bot.commands.tick import TickResult, summary
from bot.core.clock import FrozenClock
from bot.core.errors import DeliveryError
from bot.core.i18n import translator
from bot.core.messages import ChatAddress, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import Transport
from bot.transports.slack_limits import SlackPacer
from handlers.scheduling import DispatchReport, dispatch, materialise
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from tests.reports.fakes import RecordingTransport
from tests.scheduler.seed import add_identity, add_item, event_on, person_owner, seed_world
from tests.transports.slack.conftest import make_transport
from tests.transports.slack.fake_slack import FakeSlack


async def test_a_rate_limited_send_counts_as_postponed_not_failed(
    sqlite_db: Database, clock: FrozenClock
) -> None:
    world = seed_world(sqlite_db)
    add_identity(sqlite_db, world.people["anna"], Platform.SLACK, "U1")
    add_item(sqlite_db, world, "8.1", event_on(date(2025, 3, 2)), [person_owner("anna")])
    store = SqlSchedulingStore(sqlite_db)
    await materialise(store, clock, 30)
    slack = RecordingTransport(Platform.SLACK)
    slack.failures.append(DeliveryError(DeliveryFailure.RATE_LIMITED, "ratelimited", 30))
    transports: dict[Platform, Transport] = {Platform.SLACK: slack}
    report = await dispatch(store, transports, clock, owner="test")
    assert (report.postponed, report.failed) == (1, 0)


def test_tick_names_the_postponed_apart_from_the_failed() -> None:
    report = DispatchReport(claimed=5, sent=2, postponed=3)
    line = summary(translator("sv"), TickResult(0, report))
    assert "Misslyckade: 0." in line
    assert "bad om det: 3." in line


async def test_a_digest_to_a_channel_ombud_left_is_warned_about_by_channel_id(
    fake_slack: FakeSlack, pacer: SlackPacer, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.rules.add_channel("C0BOARD", member=False)
    transport = make_transport(fake_slack, pacer)
    board = ChatAddress(Platform.SLACK, "C0BOARD", "T0UNION")
    with caplog.at_level(logging.WARNING), pytest.raises(DeliveryError) as caught:
        await transport.send(board, OutgoingMessage("Veckorapport", title="Vecka 10"))
    assert caught.value.code == "not_in_channel"
    [warning] = [r for r in caplog.records if "not in channel" in r.getMessage()]
    assert warning.levelno == logging.WARNING
    assert "C0BOARD" in warning.getMessage()
    assert "Veckorapport" not in caplog.text
