"""The conversation store on SQLite and PostgreSQL: events once, answer history, invites."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest
from sqlmodel import col, select

from bot.core.conversation import (
    AnswerUpdate,
    ChatAccount,
    ConversationState,
    ConversationTx,
    InviteOutcome,
    InvitePurpose,
    NewInvite,
)
from bot.core.errors import NotFoundError
from bot.core.model import CheckinState, Choice, Platform
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import AnswerRow, ChatIdentityRow
from tests.handlers.conftest import World, seed_world

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def seeded(db: Database) -> World:
    return seed_world(db)


def _mark(tx: ConversationTx, platform: Platform, event_id: str) -> bool:
    return tx.mark_processed(platform, event_id, bot="T1", fingerprint="f", at=NOW)


async def test_an_event_is_processed_once(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    first = await store.run(lambda tx: _mark(tx, Platform.SLACK, "Ev1"))
    again = await store.run(lambda tx: _mark(tx, Platform.SLACK, "Ev1"))
    other_platform = await store.run(lambda tx: _mark(tx, Platform.TELEGRAM, "Ev1"))
    assert (first, again, other_platform) == (True, False, True)


async def test_a_failed_transaction_forgets_the_event(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)

    def fail_after_marking(tx: ConversationTx) -> None:
        _mark(tx, Platform.TELEGRAM, "u-1")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await store.run(fail_after_marking)
    assert await store.run(lambda tx: _mark(tx, Platform.TELEGRAM, "u-1"))


def test_identity_lookup(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    anna = store.run_sync(lambda tx: tx.find_identity(Platform.TELEGRAM, "", "1001"))
    cecilia = store.run_sync(lambda tx: tx.find_identity(Platform.TELEGRAM, "", "1003"))
    nobody = store.run_sync(lambda tx: tx.find_identity(Platform.SLACK, "", "1001"))
    assert anna is not None
    assert cecilia is not None
    assert (anna.person.key, anna.is_board_member) == ("anna", False)
    assert (cecilia.person.key, cecilia.is_board_member) == ("cecilia", True)
    assert nobody is None


def test_answers_keep_their_history(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)

    def answer_twice(tx: ConversationTx) -> None:
        checkin = tx.get_checkin(seeded.meeting_checkin_id)
        assert checkin is not None
        first = tx.record_answer(checkin, Choice.YES, Platform.TELEGRAM, NOW)
        tx.update_answer(first.id, AnswerUpdate(numbers={"participants": 4}, comment="<!channel>"))
        tx.update_answer(first.id, AnswerUpdate(numbers={"new_members": 1}))
        tx.record_answer(checkin, Choice.NO, Platform.SLACK, NOW + timedelta(minutes=1))

    store.run_sync(answer_twice)
    rows = db.run_sync(lambda s: list(s.exec(select(AnswerRow).order_by(col(AnswerRow.revision)))))
    assert [(r.revision, r.choice, r.current, r.via) for r in rows] == [
        (1, "yes", False, "telegram"),
        (2, "no", True, "slack"),
    ]
    assert rows[0].numbers == {"participants": 4, "new_members": 1}
    assert rows[0].comment == "<!channel>"
    checkin = store.run_sync(lambda tx: tx.get_checkin(seeded.meeting_checkin_id))
    assert checkin is not None
    assert checkin.state is CheckinState.ANSWERED


def test_conversation_state_round_trips(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    state = ConversationState(
        seeded.steward_id, seeded.week_checkin_id, None, "blocker", ("help", "new_date"),
        Platform.TELEGRAM,
    )  # fmt: skip
    store.run_sync(lambda tx: tx.save_conversation(state, NOW))
    assert store.run_sync(lambda tx: tx.get_conversation(seeded.steward_id)) == state
    store.run_sync(lambda tx: tx.clear_conversation(seeded.steward_id))
    assert store.run_sync(lambda tx: tx.get_conversation(seeded.steward_id)) is None


def test_open_checkins_and_items(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    open_now = store.run_sync(lambda tx: tx.open_checkins(seeded.steward_id))
    assert [o.item_key for o in open_now] == ["8.2", "8.3"]
    items = store.run_sync(lambda tx: tx.reportable_items(seeded.other_id))
    assert [i.spec.key for i in items] == ["8.2"]  # Bo has a check-in for 8.2 only


def test_report_checkin_reuses_answered_and_creates_only_when_never_asked(
    db: Database, seeded: World
) -> None:
    store = SqlConversationStore(db)
    today = date(2025, 3, 3)
    found = store.run_sync(
        lambda tx: tx.report_checkin(seeded.steward_id, seeded.week_item_id, NOW, today)
    )
    assert found.id == seeded.week_checkin_id

    def close(tx: ConversationTx) -> None:
        checkin = tx.get_checkin(seeded.week_checkin_id)
        assert checkin is not None
        tx.record_answer(checkin, Choice.YES, Platform.TELEGRAM, NOW)

    store.run_sync(close)
    again = store.run_sync(
        lambda tx: tx.report_checkin(seeded.steward_id, seeded.week_item_id, NOW, today)
    )
    # An answered occurrence is corrected, never doubled by a new one.
    assert (again.id, again.state) == (seeded.week_checkin_id, CheckinState.ANSWERED)
    made = store.run_sync(
        lambda tx: tx.report_checkin(seeded.other_id, seeded.week_item_id, NOW, today)
    )
    assert (made.occurrence, made.state, made.prompt) == (
        "2025-03-03",
        CheckinState.AWAITING,
        "ask",
    )


def test_invites_are_single_use_and_checked(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    invite = NewInvite(
        "ab" * 32, InvitePurpose.PERSON, "bo", Platform.TELEGRAM, NOW, NOW + timedelta(days=1)
    )
    store.run_sync(lambda tx: tx.add_invite(invite))

    def redeem(purpose: InvitePurpose, at: datetime) -> InviteOutcome:
        result = store.run_sync(
            lambda tx: tx.redeem_invite("ab" * 32, purpose, Platform.TELEGRAM, at)
        )
        return result.outcome

    assert redeem(InvitePurpose.BOARD, NOW) is InviteOutcome.WRONG_PURPOSE
    assert redeem(InvitePurpose.PERSON, NOW + timedelta(days=2)) is InviteOutcome.EXPIRED
    assert redeem(InvitePurpose.PERSON, NOW) is InviteOutcome.LINKED
    assert redeem(InvitePurpose.PERSON, NOW) is InviteOutcome.USED
    assert (
        store.run_sync(
            lambda tx: tx.redeem_invite("cd" * 32, InvitePurpose.PERSON, Platform.TELEGRAM, NOW)
        ).outcome
        is InviteOutcome.UNKNOWN
    )


def _add_invite(tx: ConversationTx, invite: NewInvite) -> None:
    tx.add_invite(invite)


def test_invite_for_an_unknown_key(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    for purpose in InvitePurpose:
        invite = NewInvite("ef" * 32, purpose, "nobody", Platform.SLACK, NOW, NOW)
        with pytest.raises(NotFoundError):
            store.run_sync(partial(_add_invite, invite=invite))


def test_link_identity_moves_an_account(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    account = ChatAccount(Platform.TELEGRAM, "", "1001", "1001", "anna_new")
    store.run_sync(lambda tx: tx.link_identity(seeded.other_id, account, NOW))
    rows = db.run_sync(
        lambda s: list(s.exec(select(ChatIdentityRow).where(ChatIdentityRow.user_id == "1001")))
    )
    assert [(r.person_id, r.username) for r in rows] == [(seeded.other_id, "anna_new")]


def test_ensure_identity_for_the_console(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)
    account = ChatAccount(Platform.CONSOLE, "", "anna", "anna")
    person = store.run_sync(lambda tx: tx.ensure_identity("anna", account, NOW))
    again = store.run_sync(lambda tx: tx.ensure_identity("anna", account, NOW))
    assert person == again
    assert store.run_sync(lambda tx: tx.find_identity(Platform.CONSOLE, "", "anna")) is not None
    with pytest.raises(NotFoundError):
        store.run_sync(lambda tx: tx.ensure_identity("nobody", account, NOW))


def test_board_progress_counts(db: Database, seeded: World) -> None:
    store = SqlConversationStore(db)

    def answer(tx: ConversationTx) -> None:
        checkin = tx.get_checkin(seeded.week_checkin_id)
        assert checkin is not None
        tx.record_answer(checkin, Choice.NO, Platform.TELEGRAM, NOW)

    store.run_sync(answer)
    (progress,) = store.run_sync(lambda tx: tx.board_progress(seeded.board_member_id))
    assert (progress.done, progress.not_done, progress.no_answer) == (0, 1, 1)
    assert store.run_sync(lambda tx: tx.board_progress(seeded.steward_id)) == []
