"""A steward changes an answer to another one: told in the chat what no longer counts.

Each story is lived as a steward lives it: the reminder, an answer and its details, the
change of answer under the same reminder, then what the chat said and what the year's
figures count. The expected figures come from the story's own record of what the steward
last reported, never from the database the handlers wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.core.conversation import AnswerView, CheckinView
from bot.core.counting import TIMES_KEY
from bot.core.i18n import translator
from bot.core.messages import Capabilities, OpenForm, Reply, Sender
from bot.core.model import CheckinState, Choice, Platform
from bot.core.reporting import ItemReport
from handlers.answers import QUOTE_LIMIT, lapsed_details
from handlers.router import Router
from handlers.tokens import FormToken, encode
from storage.engine import Database
from storage.reporting import annual_data
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.records import AnswerRecord
from tests.fakes.seeding import FakeSeeder
from tests.handlers.conftest import MEETING, Chat, World

YES, NO, NOT_RELEVANT = Choice.YES, Choice.NO, Choice.NOT_RELEVANT
LABELS = {m.key: m.label for m in MEETING.metrics}
YEAR_END = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)


@dataclass
class Said:
    """What the steward last reported on the meeting: the answer and its details."""

    choice: Choice
    numbers: dict[str, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


def expected_figures(said: Said) -> tuple[int, int, int, dict[str, int], list[str]]:
    """The meeting's line in the year's figures, for one steward's last report."""
    sums = dict.fromkeys(LABELS.values(), 0)
    if said.choice is YES:
        for key, value in said.numbers.items():
            sums[LABELS[key]] += value
    return (
        int(said.choice is YES),
        int(said.choice is NO),
        int(said.choice is NOT_RELEVANT),
        sums,
        said.comments,
    )


def year_figures(db: Database) -> tuple[int, int, int, dict[str, int], list[str]]:
    """What the year-end report counts for the meeting."""
    data = db.run_sync(lambda session: annual_data(session, "vp-2025", YEAR_END))
    items: list[ItemReport] = [i for area in data.areas for i in area.items if i.key == "8.2"]
    (item,) = items
    texts = [c.blocker or c.text for c in item.comments]
    return item.done, item.not_done, item.not_relevant, dict(item.sums), texts


def chat_lines(chat: Chat) -> list[str]:
    """Every line the chat showed after the last event, replies only (toasts fade)."""
    return [
        line
        for effect in chat.effects
        if isinstance(effect, Reply)
        for line in effect.message.text.splitlines()
    ]


async def reports_yes(chat: Chat, world: World, *said: str, saved: str = "sparad") -> None:
    """The meeting's reminder, Yes, then the three questions answered with `said`."""
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    for text in said:
        await chat.steward_says(text)
    assert chat.bot_said(saved)


async def test_yes_then_no_says_which_numbers_and_comment_no_longer_count(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    await reports_yes(chat, world, "12", "3", "Bra träff med nya ansikten")
    assert year_figures(sqlite_db) == expected_figures(
        Said(YES, {"participants": 12, "new_members": 3}, ["Bra träff med nya ansikten"])
    )

    await chat.steward_taps(NO)  # the same reminder's No, once the questions are over

    lines = chat_lines(chat)
    assert (
        "Ändrat till Nej. Det du rapporterade med ditt tidigare svar (Ja) räknas inte längre:"
        in lines
    )
    assert "Antal deltagare: 12" in lines
    assert "Nya medlemmar: 3" in lines
    assert "Din kommentar: ”Bra träff med nya ansikten”" in lines
    assert chat.bot_said("Vad kom emellan")  # the No's own questions follow
    assert year_figures(sqlite_db) == expected_figures(Said(NO))

    await chat.steward_says("Lokalen var dubbelbokad")
    await chat.steward_says("nej")
    await chat.steward_says("nej")
    assert year_figures(sqlite_db) == expected_figures(
        Said(NO, comments=["Lokalen var dubbelbokad"])
    )


async def test_yes_then_not_relevant_in_english(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    await chat.steward_commands("sprak")
    await chat.steward_taps("English")
    await reports_yes(chat, world, "12", "skip", "skip", saved="is saved")

    await chat.steward_taps(NOT_RELEVANT)

    lines = chat_lines(chat)
    assert lines[:2] == [
        "Changed to Not relevant. What you reported with your earlier answer (Yes) "
        "no longer counts:",
        "Antal deltagare: 12",  # the label as the plan writes it
    ]
    assert not chat.bot_said("Nya medlemmar")  # skipped, so never reported
    assert chat.bot_said("Noted. Thank you!")
    assert year_figures(sqlite_db) == expected_figures(Said(NOT_RELEVANT))


async def test_no_then_yes_drops_the_obstacle_and_asks_the_numbers_afresh(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(NO)
    await chat.steward_says("Ingen lokal")
    await chat.steward_says("ja")
    await chat.steward_says("15 april")
    assert chat.bot_said("sparad")
    assert year_figures(sqlite_db) == expected_figures(Said(NO, comments=["Ingen lokal"]))

    await chat.steward_taps(YES)

    lines = chat_lines(chat)
    assert (
        "Ändrat till Ja. Det du rapporterade med ditt tidigare svar (Nej) räknas inte längre:"
        in lines
    )
    assert "Det som kom emellan: ”Ingen lokal”" in lines
    assert "Din önskan att någon i styrelsen ska kontakta dig" in lines
    assert "Nytt datum: 15 april 2025" in lines
    assert chat.bot_said("”Antal deltagare”: hur många?")  # the Yes's details asked again
    assert year_figures(sqlite_db) == expected_figures(Said(YES))

    await chat.steward_says("9")
    await chat.steward_says("skip")
    await chat.steward_says("skip")
    assert not chat.bot_said("kontakta dig")  # no help asked for any more
    assert year_figures(sqlite_db) == expected_figures(Said(YES, {"participants": 9}))


async def test_yes_no_yes_keeps_nothing_of_the_first_yes(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    await reports_yes(chat, world, "12", "3", "Bra träff")
    await chat.steward_taps(NO)
    for _step in range(3):
        await chat.steward_says("skip")

    await chat.steward_taps(YES)

    # The No had no details, so nothing lapses now; the 12 are not brought back either.
    assert not chat.bot_said("räknas inte längre")
    assert chat.bot_said("”Antal deltagare”: hur många?")
    for _step in range(3):
        await chat.steward_says("skip")
    assert year_figures(sqlite_db) == expected_figures(Said(YES))


async def test_a_change_from_an_answer_without_details_says_nothing_more(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    for _step in range(3):
        await chat.steward_says("skip")
    await chat.steward_taps(NO)
    assert chat.bot_said("Vad kom emellan")
    assert not chat.bot_said("räknas inte längre")


async def test_the_same_answer_again_keeps_its_details_and_says_none_lapse(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    await reports_yes(chat, world, "12", "3", "skip")
    await chat.steward_taps(YES)  # to correct the numbers: they are kept until replaced
    assert not chat.bot_said("räknas inte längre")
    await chat.steward_says("14")
    await chat.steward_says("skip")
    await chat.steward_says("skip")
    assert year_figures(sqlite_db) == expected_figures(
        Said(YES, {"participants": 14, "new_members": 3})
    )


async def test_a_typed_no_after_yes_is_not_a_change_of_answer(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    """A typed "nej" answers only a reminder still waiting; a given answer stays as it is."""
    await reports_yes(chat, world, "12", "skip", "skip")
    await chat.steward_says("nej")
    assert not chat.bot_said("räknas inte längre")
    assert year_figures(sqlite_db) == expected_figures(Said(YES, {"participants": 12}))


MEETING_VIEW = CheckinView(
    id=1, person_id=1, plan_item_id=1, state=CheckinState.ANSWERED, prompt="ask",
    occurrence="2025-03-01", occurrence_end=None, due_at=YEAR_END, item=MEETING,
    item_archived=False,
)  # fmt: skip


def test_the_lapsed_details_read_in_every_language() -> None:
    """The same earlier answer told in nb, nn and en, each in its own words and quotes."""
    answer = AnswerView(
        id=1, checkin_id=1, revision=1, choice=NO, blocker="Sjuk", needs_help=True,
        new_date=date(2025, 4, 15),
    )  # fmt: skip
    told = {
        locale: lapsed_details(translator(locale), MEETING_VIEW, answer)
        for locale in ("nb", "nn", "en")
    }
    assert told["nb"] == [
        "Det som kom i veien: «Sjuk»",
        "Ønsket ditt om at noen fra styret skal kontakte deg",
        "Ny dato: 15. april 2025",
    ]
    assert told["nn"] == [
        "Det som kom i vegen: «Sjuk»",
        "Ønsket ditt om at nokon frå styret skal kontakte deg",
        "Ny dato: 15. april 2025",
    ]
    assert told["en"] == [
        "What got in the way: “Sjuk”",
        "Your wish that someone from the board contact you",
        "New date: 15 April 2025",
    ]


def test_the_lapsed_numbers_follow_the_plan_and_a_long_comment_is_cut() -> None:
    """Numbers in the plan's order, a times count and a number of a metric since removed
    under their own names, and a long comment quoted up to its limit."""
    comment = "ord " * 40
    answer = AnswerView(
        id=1, checkin_id=1, revision=1, choice=YES,
        numbers={"old_metric": 2, "new_members": 3, TIMES_KEY: 4, "participants": 1000},
        comment=comment,
    )  # fmt: skip
    lines = lapsed_details(translator("en"), MEETING_VIEW, answer)
    assert lines[:4] == [
        "Times it happened: 4",
        "Antal deltagare: 1,000",
        "Nya medlemmar: 3",
        "old_metric: 2",
    ]
    quoted = lines[4].removeprefix("Your comment: “").removesuffix("”")
    assert len(quoted) == QUOTE_LIMIT
    assert quoted.endswith("…")
    assert comment.startswith(quoted[:-1])


def slack_anna(router: Router, store: FakeConversationStore, world: World) -> Chat:
    """Anna on Slack, where a Yes or a No opens a form of its questions."""
    FakeSeeder(store.tables).identity(world.steward_id, "slack", "U1", workspace="T1")
    sender = Sender(
        Platform.SLACK, "U1", "D1", workspace="T1", capabilities=Capabilities(forms=True)
    )
    return Chat(router, sender)


def opened_form(chat: Chat) -> str:
    (form,) = [e for e in chat.effects if isinstance(e, OpenForm)]
    return form.form.token


def current_of(store: FakeConversationStore, checkin_id: int) -> AnswerRecord:
    (answer,) = [
        a for a in store.tables.answers.values() if a.checkin_id == checkin_id and a.current
    ]
    return answer


async def test_a_yes_form_left_open_saves_nothing_on_the_no_that_replaced_it(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    chat = slack_anna(router, fake_store, world)
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    yes_form = opened_form(chat)
    await chat.steward_taps(NO)  # the answer changed while the Yes's form stays open
    no_form = opened_form(chat)

    await chat.steward_submits(yes_form, {"participants": "12", "comment": "Bra"})

    assert chat.bot_said("Formuläret gällde svaret Ja, och ditt svar är nu Nej")
    answer = current_of(fake_store, world.meeting_checkin_id)
    assert (answer.choice, answer.numbers, answer.comment) == ("no", {}, None)

    await chat.steward_submits(no_form, {"blocker": "Sjuk", "needs_help": "no"})
    assert chat.bot_said("sparad")
    answer = current_of(fake_store, world.meeting_checkin_id)
    assert (answer.choice, answer.numbers, answer.blocker) == ("no", {}, "Sjuk")


async def test_a_no_form_left_open_asks_no_help_on_the_yes_that_replaced_it(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    chat = slack_anna(router, fake_store, world)
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(NO)
    no_form = opened_form(chat)
    await chat.steward_taps(YES)

    await chat.steward_submits(no_form, {"blocker": "Sjuk", "needs_help": "yes"})

    assert chat.bot_said("inget i det sparades")
    answer = current_of(fake_store, world.meeting_checkin_id)
    assert (answer.choice, answer.blocker, answer.needs_help) == ("yes", None, False)


async def test_an_older_form_without_its_answer_stores_only_the_answers_own_details(
    router: Router, world: World, fake_store: FakeConversationStore
) -> None:
    """A form opened before forms named their answer: only the current answer's fields."""
    chat = slack_anna(router, fake_store, world)
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(NO)
    legacy = encode(FormToken(world.meeting_checkin_id))
    await chat.steward_submits(legacy, {"participants": "12", "blocker": "Sjuk"})
    answer = current_of(fake_store, world.meeting_checkin_id)
    assert (answer.choice, answer.numbers, answer.blocker) == ("no", {}, "Sjuk")
