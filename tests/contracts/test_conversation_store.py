"""The ConversationStore contract: the fake and SQL (SQLite, PostgreSQL) answer alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.core.conversation import (
    AnswerUpdate,
    ConversationState,
    ConversationTx,
)
from bot.core.errors import NotFoundError
from bot.core.messages import MessageRef
from bot.core.model import CheckinState, Choice, Platform
from tests.contracts.conftest import Backend
from tests.fakes.world import DUE, World

NOW = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
TG = Platform.TELEGRAM


class Boom(Exception):
    """Raised inside a transaction to see it undone."""


def test_answers_are_revisions_and_the_checkin_is_answered(backend: Backend, world: World) -> None:
    def answer(choice: Choice, at: datetime) -> int:
        def run(tx: ConversationTx) -> int:
            checkin = tx.get_checkin(world.meeting_checkin_id)
            assert checkin is not None
            return tx.record_answer(checkin, choice, TG, at).revision

        return backend.tx(run)

    assert answer(Choice.NO, NOW) == 1
    assert answer(Choice.YES, NOW + timedelta(minutes=1)) == 2
    current = backend.tx(lambda tx: tx.current_answer(world.meeting_checkin_id))
    assert current is not None
    assert (current.choice, current.revision) == (Choice.YES, 2)
    checkin = backend.tx(lambda tx: tx.get_checkin(world.meeting_checkin_id))
    assert checkin is not None
    assert checkin.state is CheckinState.ANSWERED
    assert backend.tx(lambda tx: tx.current_answer(world.week_checkin_id)) is None


def test_an_update_sets_only_what_it_names(backend: Backend, world: World) -> None:
    def run(tx: ConversationTx) -> int:
        checkin = tx.get_checkin(world.meeting_checkin_id)
        assert checkin is not None
        return tx.record_answer(checkin, Choice.YES, TG, NOW).id

    answer_id = backend.tx(run)
    backend.tx(lambda tx: tx.update_answer(answer_id, AnswerUpdate(numbers={"participants": 12})))
    backend.tx(lambda tx: tx.update_answer(answer_id, AnswerUpdate(numbers={"new_members": 2})))
    final = backend.tx(lambda tx: tx.update_answer(answer_id, AnswerUpdate(comment="Bra")))
    assert dict(final.numbers) == {"participants": 12, "new_members": 2}
    assert (final.comment, final.blocker, final.needs_help, final.new_date) == (
        "Bra",
        None,
        False,
        None,
    )
    with pytest.raises(NotFoundError):
        backend.tx(lambda tx: tx.update_answer(10_000, AnswerUpdate(comment="x")))


def test_a_checkin_view_carries_its_item(backend: Backend, world: World) -> None:
    view = backend.tx(lambda tx: tx.get_checkin(world.meeting_checkin_id))
    assert view is not None
    assert (view.person_id, view.plan_item_id, view.prompt) == (
        world.steward_id,
        world.meeting_item_id,
        "ask",
    )
    assert (view.occurrence, view.occurrence_end, view.due_at) == (
        "2025-03-01",
        date(2025, 3, 2),
        DUE,
    )
    assert (view.item.key, view.area_title, view.item_archived) == ("8.2", "Organisering", False)
    assert [m.key for m in view.item.metrics] == ["participants", "new_members"]
    assert backend.tx(lambda tx: tx.get_checkin(10_000)) is None


def test_snooze_and_archived_items(backend: Backend, world: World) -> None:
    until = NOW + timedelta(days=2)
    backend.tx(lambda tx: tx.snooze(world.week_checkin_id, until, NOW))
    view = backend.tx(lambda tx: tx.get_checkin(world.week_checkin_id))
    assert view is not None
    assert view.state is CheckinState.SNOOZED
    with pytest.raises(NotFoundError):
        backend.tx(lambda tx: tx.snooze(10_000, until, NOW))
    backend.seed(lambda seed: seed.archive_item(world.meeting_item_id, NOW))
    archived = backend.tx(lambda tx: tx.get_checkin(world.meeting_checkin_id))
    assert archived is not None
    assert archived.item_archived is True
    open_ids = [c.checkin_id for c in backend.tx(lambda tx: tx.open_checkins(world.steward_id))]
    assert open_ids == [world.week_checkin_id]  # snoozed is open; an archived item's is not


def test_open_checkins_in_due_order(backend: Backend, world: World) -> None:
    earlier = backend.seed(
        lambda seed: seed.checkin(
            world.week_item_id, world.steward_id, DUE - timedelta(days=1), occurrence="2025-02-01"
        )
    )
    backend.seed(
        lambda seed: seed.checkin(
            world.week_item_id, world.steward_id, DUE, occurrence="2025-01-01", state="answered"
        )
    )
    found = backend.tx(lambda tx: tx.open_checkins(world.steward_id))
    assert [c.checkin_id for c in found] == [
        earlier,
        world.meeting_checkin_id,
        world.week_checkin_id,
    ]
    assert (found[1].item_key, found[1].item_title) == ("8.2", "Digitala träffar för ombud")


def test_the_conversation_state_is_kept_and_cleared(backend: Backend, world: World) -> None:
    state = ConversationState(
        world.steward_id, world.meeting_checkin_id, None, "comment", ("blocker",), TG
    )
    assert backend.tx(lambda tx: tx.get_conversation(world.steward_id)) is None
    backend.tx(lambda tx: tx.save_conversation(state, NOW))
    assert backend.tx(lambda tx: tx.get_conversation(world.steward_id)) == state
    later = ConversationState(world.steward_id, world.meeting_checkin_id, None, "blocker")
    backend.tx(lambda tx: tx.save_conversation(later, NOW))
    assert backend.tx(lambda tx: tx.get_conversation(world.steward_id)) == later
    backend.tx(lambda tx: tx.clear_conversation(world.steward_id))
    backend.tx(lambda tx: tx.clear_conversation(world.steward_id))  # twice is fine
    assert backend.tx(lambda tx: tx.get_conversation(world.steward_id)) is None


def test_a_message_shows_only_the_persons_checkins_in_sent_order(
    backend: Backend, world: World
) -> None:
    ref = MessageRef(TG, "1001", "m1")
    backend.seed(lambda seed: seed.sent(world.week_checkin_id, ref, NOW))
    backend.seed(lambda seed: seed.sent(world.meeting_checkin_id, ref, NOW))
    backend.seed(lambda seed: seed.sent(world.other_checkin_id, ref, NOW))  # forged: Bo's
    sent = backend.tx(lambda tx: tx.checkins_in_message(world.steward_id, ref))
    assert [s.checkin.id for s in sent] == [world.week_checkin_id, world.meeting_checkin_id]
    assert all(s.first_sent_at == NOW and not s.followup and s.answer is None for s in sent)
    other = MessageRef(TG, "1001", "m2")
    assert backend.tx(lambda tx: tx.checkins_in_message(world.steward_id, other)) == []


def test_report_occurrences_and_the_report_checkin(backend: Backend, world: World) -> None:
    later = backend.seed(
        lambda seed: seed.checkin(
            world.meeting_item_id, world.steward_id, DUE, occurrence="2025-06-01"
        )
    )
    found = backend.tx(lambda tx: tx.report_occurrences(world.steward_id, world.meeting_item_id))
    assert [c.id for c in found] == [later, world.meeting_checkin_id]  # newest first
    today = date(2025, 3, 4)
    chosen = backend.tx(
        lambda tx: tx.report_checkin(world.steward_id, world.meeting_item_id, NOW, today)
    )
    assert chosen.id == world.meeting_checkin_id  # the latest begun, not the future one
    adhoc = backend.tx(lambda tx: tx.report_checkin(world.other_id, world.week_item_id, NOW, today))
    assert (adhoc.occurrence, adhoc.state, adhoc.due_at) == (
        "2025-03-04",
        CheckinState.AWAITING,
        NOW,
    )
    again = backend.tx(lambda tx: tx.report_checkin(world.other_id, world.week_item_id, NOW, today))
    assert again.id == adhoc.id


def test_an_ad_hoc_report_outside_the_plans_year_lands_on_its_nearest_day(
    backend: Backend, world: World
) -> None:
    member = world.board_member_id  # no report requests of her own
    late = date(2026, 11, 30)  # the plan is 2025's
    early = date(2024, 6, 1)

    after = backend.tx(lambda tx: tx.report_checkin(member, world.week_item_id, NOW, late))
    before = backend.tx(lambda tx: tx.report_checkin(member, world.meeting_item_id, NOW, early))
    inside = backend.tx(
        lambda tx: tx.report_checkin(world.other_id, world.week_item_id, NOW, date(2025, 3, 4))
    )

    assert (after.occurrence, before.occurrence, inside.occurrence) == (
        "2025-12-31",
        "2025-01-01",
        "2025-03-04",
    )


def test_reportable_items_and_board_progress(backend: Backend, world: World) -> None:
    items = backend.tx(lambda tx: tx.reportable_items(world.steward_id))
    assert [i.spec.key for i in items] == ["8.2", "8.3"]  # owned by key
    asked = backend.tx(lambda tx: tx.reportable_items(world.other_id))
    assert [i.spec.key for i in asked] == ["8.2"]  # asked about it
    assert backend.tx(lambda tx: tx.reportable_items(world.board_member_id)) == []

    def answer(tx: ConversationTx) -> None:
        checkin = tx.get_checkin(world.meeting_checkin_id)
        assert checkin is not None
        tx.record_answer(checkin, Choice.YES, TG, NOW)

    backend.tx(answer)
    (progress,) = backend.tx(lambda tx: tx.board_progress(world.board_member_id))
    assert (progress.plan_title, progress.done, progress.not_done, progress.no_answer) == (
        "Verksamhetsplan 2025",
        1,
        0,
        1,
    )
    assert backend.tx(lambda tx: tx.board_progress(world.steward_id)) == []


def test_a_transaction_that_raises_leaves_nothing(backend: Backend, world: World) -> None:
    def half(tx: ConversationTx) -> None:
        checkin = tx.get_checkin(world.meeting_checkin_id)
        assert checkin is not None
        tx.record_answer(checkin, Choice.YES, TG, NOW)
        tx.set_locale(world.steward_id, "nb", chosen=True)
        raise Boom

    with pytest.raises(Boom):
        backend.tx(half)
    assert backend.tx(lambda tx: tx.current_answer(world.meeting_checkin_id)) is None
    view = backend.tx(lambda tx: tx.get_checkin(world.meeting_checkin_id))
    assert view is not None
    assert view.state is CheckinState.AWAITING
    identity = backend.tx(lambda tx: tx.find_identity(TG, "", "1001"))
    assert identity is not None
    assert identity.person.locale == "sv"
