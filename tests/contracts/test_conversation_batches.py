"""The ConversationStore contract, the burst's part: what many taps read and write at once
answers as one tap's reads and writes would, on the fake and on SQL (SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

from bot.core.conversation import AnswerView, CheckinView, ConversationTx, Identity, NewEvent
from bot.core.model import CheckinState, Choice, Platform
from tests.contracts.conftest import Backend
from tests.fakes.world import World

NOW = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
TG = Platform.TELEGRAM


def identity_of(account: tuple[str, str], tx: ConversationTx) -> Identity | None:
    return tx.find_identity(TG, account[0], account[1])


def checkin_of(checkin_id: int, tx: ConversationTx) -> CheckinView | None:
    return tx.get_checkin(checkin_id)


def answer_of(checkin_id: int, tx: ConversationTx) -> AnswerView | None:
    return tx.current_answer(checkin_id)


def test_many_accounts_are_found_as_each_one_would_be(backend: Backend, world: World) -> None:
    gone = backend.seed(lambda seed: seed.person("gone", "Gone", active=False))
    backend.seed(lambda seed: seed.identity(gone, "telegram", "2001", "2001"))
    asked = [
        ("", "1001"),
        ("", "1003"),
        ("", "9999"),
        ("", "2001"),
        ("other", "1002"),
        ("", "1001"),
    ]

    found = backend.tx(lambda tx: tx.find_identities(TG, asked))
    one_by_one = {account: backend.tx(partial(identity_of, account)) for account in asked}

    assert set(found) == {("", "1001"), ("", "1003")}
    assert found == {a: i for a, i in one_by_one.items() if i is not None}
    assert found[("", "1001")].person.id == world.steward_id
    assert found[("", "1003")].is_board_member is True
    assert backend.tx(lambda tx: tx.find_identities(Platform.SLACK, [("", "1001")])) == {}
    assert backend.tx(lambda tx: tx.find_identities(TG, [])) == {}


def test_many_checkins_are_read_as_each_one_would_be(backend: Backend, world: World) -> None:
    ids = [world.meeting_checkin_id, world.other_checkin_id, 10_000]

    found = backend.tx(lambda tx: tx.get_checkins(ids))

    assert set(found) == {world.meeting_checkin_id, world.other_checkin_id}
    for checkin_id, view in found.items():
        assert view == backend.tx(partial(checkin_of, checkin_id))
    assert backend.tx(lambda tx: tx.get_checkins([])) == {}


def test_answered_checkins_are_those_with_any_revision(backend: Backend, world: World) -> None:
    def answer(checkin_id: int, choice: Choice) -> None:
        def run(tx: ConversationTx) -> None:
            checkin = tx.get_checkin(checkin_id)
            assert checkin is not None
            tx.record_answer(checkin, choice, TG, NOW)

        backend.tx(run)

    ids = [world.meeting_checkin_id, world.week_checkin_id, world.other_checkin_id]
    assert backend.tx(lambda tx: tx.answered_checkins(ids)) == set()
    answer(world.meeting_checkin_id, Choice.NO)
    answer(world.meeting_checkin_id, Choice.YES)
    answer(world.other_checkin_id, Choice.YES)

    assert backend.tx(lambda tx: tx.answered_checkins(ids)) == {
        world.meeting_checkin_id,
        world.other_checkin_id,
    }


def test_new_events_are_marked_and_known_ones_left_to_be_judged(backend: Backend) -> None:
    backend.tx(lambda tx: tx.mark_processed(TG, "e1", bot="a", fingerprint="f1", at=NOW))
    backend.tx(lambda tx: tx.mark_processed(TG, "e2", bot="a", fingerprint="f2", at=NOW))
    events = [
        NewEvent("a", "e1", "f1"),  # a redelivery
        NewEvent("a", "e2", "other"),  # the id reused with other content
        NewEvent("a", "e3", "f3"),
        NewEvent("b", "e1", "f1"),  # another bot's event with the same id
    ]

    marked = backend.tx(lambda tx: tx.mark_new_events(TG, events, NOW))

    assert marked == {"e3", "e1"}  # e1 of bot b; bot a's e1 and e2 were known
    # Marked as mark_processed would have: seen again, each is a redelivery.
    assert (
        backend.tx(lambda tx: tx.mark_processed(TG, "e3", bot="a", fingerprint="f3", at=NOW))
        is False
    )
    assert (
        backend.tx(lambda tx: tx.mark_processed(TG, "e1", bot="b", fingerprint="f1", at=NOW))
        is False
    )
    # The known ones were left as they were: e2 still holds its first content.
    assert (
        backend.tx(lambda tx: tx.mark_processed(TG, "e2", bot="a", fingerprint="f2", at=NOW))
        is False
    )
    assert backend.tx(lambda tx: tx.mark_new_events(TG, [], NOW)) == set()


def test_many_answers_are_recorded_as_each_one_would_be(backend: Backend, world: World) -> None:
    later = NOW + timedelta(minutes=5)

    def first(tx: ConversationTx) -> None:
        checkin = tx.get_checkin(world.week_checkin_id)
        assert checkin is not None
        tx.record_answer(checkin, Choice.NO, TG, NOW)

    backend.tx(first)

    def many(tx: ConversationTx) -> list[tuple[int, int, Choice]]:
        views = tx.get_checkins(
            [world.meeting_checkin_id, world.week_checkin_id, world.other_checkin_id]
        )
        order = [
            (views[world.other_checkin_id], Choice.YES),
            (views[world.week_checkin_id], Choice.YES),  # a second revision
            (views[world.meeting_checkin_id], Choice.NOT_RELEVANT),
        ]
        stored = tx.record_answers(order, TG, later)
        return [(a.checkin_id, a.revision, a.choice) for a in stored]

    assert backend.tx(many) == [
        (world.other_checkin_id, 1, Choice.YES),
        (world.week_checkin_id, 2, Choice.YES),
        (world.meeting_checkin_id, 1, Choice.NOT_RELEVANT),
    ]
    for checkin_id, choice, revision in (
        (world.other_checkin_id, Choice.YES, 1),
        (world.week_checkin_id, Choice.YES, 2),
        (world.meeting_checkin_id, Choice.NOT_RELEVANT, 1),
    ):
        current = backend.tx(partial(answer_of, checkin_id))
        assert current is not None
        assert (current.choice, current.revision) == (choice, revision)
        view = backend.tx(partial(checkin_of, checkin_id))
        assert view is not None
        assert view.state is CheckinState.ANSWERED
    assert backend.tx(lambda tx: tx.record_answers([], TG, later)) == []
