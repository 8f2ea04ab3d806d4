"""Commands in a direct chat: /plan, /rapport, /hjalp, /sprak, the home view, a Slack form."""

from __future__ import annotations

import pytest

from bot.core.clock import FrozenClock
from bot.core.messages import Capabilities, FormErrors, Reply, Sender, Toast
from bot.core.model import Choice, Platform
from handlers.answers import report_form
from handlers.router import Router
from handlers.tokens import FormToken, ReportToken, encode
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.seeding import FakeSeeder
from tests.handlers.conftest import MEETING, Chat, World, telegram_sender


def week_rows(
    store: FakeConversationStore, world: World, person_id: int | None = None
) -> list[tuple[str, str]]:
    """(occurrence, state) of the recruitment week's check-ins, of one person or all."""
    return [
        (c.occurrence, c.state)
        for c in store.tables.checkins.values()
        if c.plan_item_id == world.week_item_id and person_id in (None, c.person_id)
    ]


def replies(chat: Chat) -> list[Reply]:
    return [e for e in chat.effects if isinstance(e, Reply)]


async def test_plan_lists_open_items_with_due_dates(chat: Chat, world: World) -> None:
    await chat.steward_commands("plan")
    (reply,) = replies(chat)
    titles = [s.title for s in reply.message.sections]
    assert titles == ["8.2 Digitala träffar för ombud", "8.3 Värvningsvecka"]
    assert chat.bot_said("2 öppna punkter")
    assert chat.bot_said("måndag 3 mars")


async def test_plan_when_nothing_is_open(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    for row in fake_store.tables.checkins.values():
        row.state = "answered"
    await chat.steward_commands("plan")
    assert chat.bot_said("inget öppet")


async def test_rapport_lists_items_and_a_tap_asks_yes_or_no(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    await chat.steward_commands("rapport")
    assert [b.label for b in chat.buttons] == [
        "8.2 Digitala träffar för ombud",
        "8.3 Värvningsvecka",
    ]
    await chat.steward_taps("8.3 Värvningsvecka")
    # The open check-in of the current occurrence is reused, not a new one.
    assert chat.reminder_buttons
    await chat.steward_taps(Choice.YES)
    answers = list(fake_store.tables.answers.values())
    assert [(a.checkin_id, a.choice) for a in answers] == [(world.week_checkin_id, "yes")]


async def test_rapport_after_not_relevant_revises_that_occurrence(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(Choice.NOT_RELEVANT)
    await chat.steward_commands("report")
    await chat.steward_taps("8.3 Värvningsvecka")
    await chat.steward_taps(Choice.YES)

    assert week_rows(fake_store, world, world.steward_id) == [("2025-03-01", "answered")]
    answers = list(fake_store.tables.answers.values())
    assert sorted((a.revision, a.choice, a.current) for a in answers) == [
        (1, "not_relevant", False),
        (2, "yes", True),
    ]


async def test_rapport_on_an_item_never_asked_creates_one_for_today(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    del fake_store.tables.checkins[world.week_checkin_id]
    await chat.steward_commands("rapport")
    await chat.steward_taps("8.3 Värvningsvecka")
    assert chat.bot_said("måndag 3 mars")
    await chat.steward_taps(Choice.YES)

    assert week_rows(fake_store, world) == [("2025-03-03", "answered")]


async def test_report_token_for_an_item_that_is_not_yours(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    checkins = fake_store.tables.checkins
    for checkin_id in [c.id for c in checkins.values() if c.person_id == world.other_id]:
        del checkins[checkin_id]
    bo = Chat(router, telegram_sender("1002"))
    effects = await bo.taps_token(encode(ReportToken(world.week_item_id)))
    assert [type(e) for e in effects] == [Toast]


@pytest.mark.parametrize(("command", "text"), [("hjalp", None), ("help", None), (None, "hjälp")])
async def test_help_by_command_or_word(chat: Chat, command: str | None, text: str | None) -> None:
    if command:
        await chat.steward_commands(command)
    else:
        assert text is not None
        await chat.steward_says(text)
    assert chat.bot_said("/rapport")
    assert chat.bot_said("/sprak")


async def test_unknown_text_gets_a_hint(chat: Chat) -> None:
    await chat.steward_says("vad händer nu?")
    assert chat.bot_said("/hjalp")


async def test_sprak_switches_language(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    await chat.steward_says("språk")
    assert [b.label for b in chat.buttons] == [
        "Svenska",
        "Norsk bokmål",
        "Norsk nynorsk",
        "English",
    ]
    await chat.steward_taps("Norsk nynorsk")
    assert chat.bot_said("nynorsk")
    person = fake_store.tables.people[world.steward_id]
    assert (person.locale, person.locale_chosen) == ("nn", True)
    await chat.steward_commands("hjelp")
    assert chat.bot_said("Eg minner deg")


async def test_home_view_shows_items_and_board_progress(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    anna = Chat(router, telegram_sender("1001"))
    anna.gets_reminder(world.week_checkin_id)
    await anna.steward_taps(Choice.YES)
    await anna.steward_says("skip")
    cecilia = Chat(router, telegram_sender("1003"))
    await cecilia.steward_opens_home()
    (reply,) = replies(cecilia)
    progress = reply.message.sections[-1]
    assert progress.title == "Verksamhetsplan 2025"
    assert progress.lines == ("Genomfört: 1", "Inte genomfört: 0", "Inget svar än: 1")
    await anna.steward_opens_home()
    (own,) = replies(anna)
    assert [s.title for s in own.message.sections] == ["8.2 Digitala träffar för ombud"]
    assert len(own.message.buttons) == 2


def _slack_anna(store: FakeConversationStore, world: World) -> Sender:
    FakeSeeder(store.tables).identity(world.steward_id, "slack", "U1", workspace="T1")
    return Sender(Platform.SLACK, "U1", "D1", workspace="T1", capabilities=Capabilities(forms=True))


async def test_form_stores_everything_at_once(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    chat = Chat(router, _slack_anna(fake_store, world))
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(Choice.YES)
    token = encode(FormToken(world.meeting_checkin_id))
    await chat.steward_submits(token, {"participants": "14", "new_members": "", "comment": "Bra"})
    assert chat.bot_said("sparad")
    (answer,) = fake_store.tables.answers.values()
    assert (answer.numbers, answer.comment) == ({"participants": 14}, "Bra")
    await chat.steward_says("hjälp")  # the text questions are closed by the form
    assert chat.bot_said("/rapport")


async def test_form_with_a_bad_number_stores_nothing(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    chat = Chat(router, _slack_anna(fake_store, world))
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(Choice.YES)
    token = encode(FormToken(world.meeting_checkin_id))
    effects = await chat.steward_submits(
        token, {"participants": "fem", "new_members": "2", "comment": "x" * 600}
    )
    # The form stays open: each problem is named under its own field, nothing else is sent.
    # An over-long comment is no problem to fix: it is cut with a note, as in the chat.
    [errors] = effects
    assert isinstance(errors, FormErrors)
    assert set(errors.errors) == {"participants"}
    assert "heltal" in errors.errors["participants"]
    (answer,) = fake_store.tables.answers.values()
    assert (answer.numbers, answer.comment) == ({}, None)


async def test_form_for_someone_elses_checkin(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    chat = Chat(router, _slack_anna(fake_store, world))
    await chat.steward_submits(encode(FormToken(world.other_checkin_id)), {"participants": "1"})
    assert chat.bot_said("inte din")
    await chat.steward_submits("garbage!", {})
    assert chat.bot_said("inte din")


def test_report_form_fields_follow_the_choice() -> None:
    from bot.core.i18n import translator

    tr = translator("nb")
    yes = report_form(tr, MEETING, 5, Choice.YES)
    no = report_form(tr, MEETING, 5, Choice.NO)
    assert [f.key for f in yes.fields] == ["participants", "new_members", "comment"]
    assert [f.key for f in no.fields] == ["blocker", "needs_help", "new_date"]
    assert yes.token == encode(FormToken(5, Choice.YES))
    assert no.token == encode(FormToken(5, Choice.NO))
    assert no.fields[0].label == "Hva kom i veien?"
