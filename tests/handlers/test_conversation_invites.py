"""Invites: a steward links an account with a code; a board links its group with a code."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest

from bot.core.clock import FrozenClock
from bot.core.messages import Reply, Sender
from bot.core.model import Platform
from handlers.onboarding import create_board_invite, create_person_invite
from handlers.router import Router
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.records import IdentityRecord, PersonRecord
from tests.handlers.conftest import Chat, World, telegram_sender


def new_person(store: FakeConversationStore, key: str = "dag") -> None:
    tables = store.tables
    person = PersonRecord(tables.new_id(), key, "Dag", timezone="Europe/Oslo")
    tables.people[person.id] = person


def person_by_key(store: FakeConversationStore, key: str) -> PersonRecord:
    (person,) = [p for p in store.tables.people.values() if p.key == key]
    return person


def invite(
    store: FakeConversationStore,
    clock: FrozenClock,
    key: str = "dag",
    platform: Platform = Platform.TELEGRAM,
) -> str:
    return store.run_sync(lambda tx: create_person_invite(tx, key, platform, clock.now(), 14))


def identities(store: FakeConversationStore, user_id: str) -> list[IdentityRecord]:
    return [i for i in store.tables.identities if i.user_id == user_id]


async def test_valid_invite_links_and_greets_in_the_guessed_language(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    new_person(fake_store)
    code = invite(fake_store, clock)
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,64}", code)
    dag = Chat(router, telegram_sender("2001", language_code="nb-NO", username="dag"))
    await dag.steward_commands("start", code)
    assert dag.bot_said("Velkommen, Dag!")
    assert dag.bot_said("Styret ser dem")  # the privacy notice
    (row,) = identities(fake_store, "2001")
    assert (row.platform, row.chat_id, row.username) == ("telegram", "2001", "dag")
    person = person_by_key(fake_store, "dag")
    assert (person.locale, person.locale_chosen) == ("nb", False)
    await dag.steward_commands("plan")
    assert dag.bot_said("ingenting åpent")


async def test_greeting_names_items_and_how_often(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    tables = fake_store.tables
    tables.identities = [i for i in tables.identities if i.user_id != "1001"]  # unlink Anna
    code = invite(fake_store, clock, key="anna")
    anna = Chat(router, telegram_sender("3001"))
    await anna.steward_commands("start", code)
    assert anna.bot_said("2 punkter i verksamhetsplanen")
    assert anna.bot_said("8.2 Digitala träffar för ombud: varje kvartal")
    assert anna.bot_said("8.3 Värvningsvecka: en gång, efter 2 mars 2025")


async def test_chosen_language_is_not_overridden(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    new_person(fake_store)

    person = person_by_key(fake_store, "dag")
    person.locale, person.locale_chosen = "nn", True
    dag = Chat(router, telegram_sender("2001", language_code="en"))
    await dag.steward_says("start " + invite(fake_store, clock))
    assert dag.bot_said("Velkomen, Dag!")


async def test_reused_invite_is_refused(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    new_person(fake_store)
    code = invite(fake_store, clock)
    await Chat(router, telegram_sender("2001")).steward_commands("start", code)
    thief = Chat(router, telegram_sender("6666"))
    await thief.steward_commands("start", code)
    assert thief.bot_said("redan använts")
    assert identities(fake_store, "6666") == []


async def test_expired_invite_is_refused(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    new_person(fake_store)
    code = invite(fake_store, clock)
    clock.advance(timedelta(days=14, seconds=1))
    dag = Chat(router, telegram_sender("2001"))
    await dag.steward_commands("join", code)
    assert dag.bot_said("gått ut")
    assert identities(fake_store, "2001") == []


@pytest.mark.parametrize("code", ["wrong-code-123456789", "x" * 64, "<b>", "' OR 1=1 --"])
async def test_wrong_code_is_refused(
    router: Router, world: World, fake_store: FakeConversationStore, code: str
) -> None:
    dag = Chat(router, telegram_sender("2001"))
    await dag.steward_commands("start", code)
    assert dag.bot_said("känner jag inte igen")
    assert identities(fake_store, "2001") == []


async def test_invite_for_another_platform_is_refused(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    new_person(fake_store)
    code = invite(fake_store, clock, platform=Platform.SLACK)
    dag = Chat(router, telegram_sender("2001"))
    await dag.steward_commands("start", code)
    assert dag.bot_said("annan chattjänst")
    assert identities(fake_store, "2001") == []


async def test_only_the_hash_is_stored(
    fake_store: FakeConversationStore, world: World, clock: FrozenClock
) -> None:
    new_person(fake_store)
    code = invite(fake_store, clock)
    (row,) = fake_store.tables.invites.values()
    assert row.code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert code not in repr(row)
    assert row.expires_at - row.created_at == timedelta(days=14)


async def test_unknown_person_key_raises(
    fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    from bot.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        invite(fake_store, clock, key="nobody")


def board_code(store: FakeConversationStore, clock: FrozenClock) -> str:
    return store.run_sync(
        lambda tx: create_board_invite(tx, "styrelsen", Platform.TELEGRAM, clock.now(), 14)
    )


def destinations(store: FakeConversationStore) -> list[tuple[str, str]]:
    return [(d.platform, d.chat_id) for d in store.tables.board_chats]


async def test_board_code_in_a_group_links_the_group(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    code = board_code(fake_store, clock)
    group = Chat(router, Sender(Platform.TELEGRAM, "1003", "-100777", is_group=True))
    await group.steward_commands("koppla", code)
    assert group.bot_said("Styrelsen får sin veckorapport")
    assert destinations(fake_store) == [("telegram", "-100777")]
    await group.steward_commands("koppla", code)
    assert group.bot_said("redan använts")
    assert destinations(fake_store) == [("telegram", "-100777")]


async def test_board_code_in_a_direct_chat_is_not_used(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    code = board_code(fake_store, clock)
    stranger = Chat(router, telegram_sender("7777"))
    await stranger.steward_commands("start", code)
    assert stranger.bot_said("styrelsens grupp")
    group = Chat(router, Sender(Platform.TELEGRAM, "7777", "-1", is_group=True))
    await group.steward_commands("start", code)  # Telegram's startgroup link sends /start
    assert destinations(fake_store) == [("telegram", "-1")]


async def test_person_code_in_a_group_is_burnt_and_the_person_told_privately(
    router: Router, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    new_person(fake_store)
    code = invite(fake_store, clock)
    group = Chat(router, Sender(Platform.TELEGRAM, "2001", "-5", is_group=True))
    [told] = await group.steward_commands("koppla", code)
    assert isinstance(told, Reply)
    assert told.ephemeral
    assert group.bot_said("spärrat")
    assert group.bot_said("ny kod")
    assert destinations(fake_store) == []
    # Others in the group saw it: nobody, not even its owner, can link with it now.
    for user in ("2002", "2001"):
        dag = Chat(router, telegram_sender(user))
        await dag.steward_commands("start", code)
        assert dag.bot_said("redan använts")
        assert not dag.bot_said("Välkommen")
