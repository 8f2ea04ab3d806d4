"""The ConversationStore contract, people's part: events, identities, locales, invites, away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.conversation import (
    ChatAccount,
    InviteOutcome,
    InvitePurpose,
    InviteResult,
    NewInvite,
)
from bot.core.errors import NotFoundError
from bot.core.model import Platform
from tests.contracts.conftest import Backend
from tests.fakes.world import World

NOW = datetime(2025, 3, 4, 9, 0, tzinfo=UTC)
TG = Platform.TELEGRAM


def test_an_event_is_new_once_per_bot_and_content(backend: Backend) -> None:
    def mark(bot: str, fingerprint: str) -> bool:
        return backend.tx(
            lambda tx: tx.mark_processed(TG, "e1", bot=bot, fingerprint=fingerprint, at=NOW)
        )

    assert mark("a", "f1") is True
    assert mark("a", "f1") is False  # a redelivery
    assert mark("b", "f1") is True  # another bot's event with the same id
    assert mark("a", "f2") is True  # the id reused with other content
    assert mark("a", "f2") is False


def test_identity_is_found_by_platform_account(backend: Backend, world: World) -> None:
    steward = backend.tx(lambda tx: tx.find_identity(TG, "", "1001"))
    member = backend.tx(lambda tx: tx.find_identity(TG, "", "1003"))
    assert steward is not None
    assert (steward.person.id, steward.person.key, steward.is_board_member) == (
        world.steward_id,
        "anna",
        False,
    )
    assert member is not None
    assert member.is_board_member is True
    assert backend.tx(lambda tx: tx.find_identity(TG, "", "9999")) is None
    assert backend.tx(lambda tx: tx.find_identity(Platform.SLACK, "", "1001")) is None


def test_an_inactive_person_has_no_identity(backend: Backend) -> None:
    gone = backend.seed(lambda seed: seed.person("gone", "Gone", active=False))
    backend.seed(lambda seed: seed.identity(gone, "telegram", "2001", "2001"))
    assert backend.tx(lambda tx: tx.find_identity(TG, "", "2001")) is None


def test_a_chosen_locale_stays_chosen(backend: Backend, world: World) -> None:
    backend.tx(lambda tx: tx.set_locale(world.steward_id, "nb", chosen=True))
    backend.tx(lambda tx: tx.set_locale(world.steward_id, "nn", chosen=False))
    identity = backend.tx(lambda tx: tx.find_identity(TG, "", "1001"))
    assert identity is not None
    assert (identity.person.locale, identity.locale_chosen) == ("nn", True)
    with pytest.raises(NotFoundError):
        backend.tx(lambda tx: tx.set_locale(10_000, "sv", chosen=True))


def _invite(purpose: InvitePurpose, key: str, expires: datetime) -> NewInvite:
    return NewInvite(f"hash-{key}", purpose, key, TG, NOW, expires)


def test_invites_are_redeemed_once_where_they_belong(backend: Backend, world: World) -> None:
    backend.tx(
        lambda tx: tx.add_invite(_invite(InvitePurpose.PERSON, "bo", NOW + timedelta(days=1)))
    )
    backend.tx(
        lambda tx: tx.add_invite(_invite(InvitePurpose.BOARD, "styrelsen", NOW + timedelta(days=1)))
    )
    backend.tx(lambda tx: tx.add_invite(_invite(InvitePurpose.PERSON, "anna", NOW)))

    def redeem(code: str, purpose: InvitePurpose, platform: Platform = TG) -> InviteResult:
        return backend.tx(lambda tx: tx.redeem_invite(code, purpose, platform, NOW))

    assert redeem("hash-nope", InvitePurpose.PERSON).outcome is InviteOutcome.UNKNOWN
    assert redeem("hash-anna", InvitePurpose.PERSON).outcome is InviteOutcome.EXPIRED
    assert (
        redeem("hash-bo", InvitePurpose.PERSON, Platform.SLACK).outcome
        is InviteOutcome.WRONG_PLATFORM
    )
    assert redeem("hash-bo", InvitePurpose.BOARD).outcome is InviteOutcome.WRONG_PURPOSE
    linked = backend.tx(lambda tx: tx.redeem_invite("hash-bo", InvitePurpose.PERSON, TG, NOW))
    assert (linked.outcome, linked.person_id, linked.board_id) == (
        InviteOutcome.LINKED,
        world.other_id,
        None,
    )
    assert redeem("hash-bo", InvitePurpose.PERSON).outcome is InviteOutcome.USED
    board = backend.tx(lambda tx: tx.redeem_invite("hash-styrelsen", InvitePurpose.BOARD, TG, NOW))
    assert (board.board_id, board.board_name) == (world.board_id, "Styrelsen")
    with pytest.raises(NotFoundError):
        backend.tx(lambda tx: tx.add_invite(_invite(InvitePurpose.PERSON, "nobody", NOW)))
    with pytest.raises(NotFoundError):
        backend.tx(lambda tx: tx.add_invite(_invite(InvitePurpose.BOARD, "nobody", NOW)))


def test_linking_an_account_moves_it_to_the_person(backend: Backend, world: World) -> None:
    account = ChatAccount(TG, "", "1001", "1001", "anna_tg")
    backend.tx(lambda tx: tx.link_identity(world.other_id, account, NOW))
    identity = backend.tx(lambda tx: tx.find_identity(TG, "", "1001"))
    assert identity is not None
    assert identity.person.id == world.other_id
    console = ChatAccount(Platform.CONSOLE, "", "local")
    person = backend.tx(lambda tx: tx.ensure_identity("cecilia", console, NOW))
    assert person.id == world.board_member_id
    found = backend.tx(lambda tx: tx.find_identity(Platform.CONSOLE, "", "local"))
    assert found is not None
    assert found.person.id == world.board_member_id
    with pytest.raises(NotFoundError):
        backend.tx(lambda tx: tx.ensure_identity("nobody", console, NOW))
    group = ChatAccount(TG, "", "1003", "-100")
    backend.tx(lambda tx: tx.link_board(world.board_id, group, NOW))
    backend.tx(lambda tx: tx.link_board(world.board_id, group, NOW))  # twice is fine


def test_away_is_set_and_ended(backend: Backend, world: World) -> None:
    assert backend.tx(lambda tx: tx.end_away(world.steward_id, NOW)) is False
    backend.tx(lambda tx: tx.set_away(world.steward_id, NOW + timedelta(days=7), NOW))
    backend.tx(lambda tx: tx.set_away(world.steward_id, None, NOW + timedelta(hours=1)))  # moved
    assert backend.tx(lambda tx: tx.end_away(world.steward_id, NOW + timedelta(days=8))) is True
    assert backend.tx(lambda tx: tx.end_away(world.steward_id, NOW + timedelta(days=9))) is False
