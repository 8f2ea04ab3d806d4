"""A whole conversation through Slack: reminder → tap → modal → stored answer (real SQLite)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.messages import Button, ButtonStyle, ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import (
    Choice,
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    Platform,
    Schedule,
    ScheduleKind,
)
from bot.core.specjson import item_to_json
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from handlers.router import Router
from handlers.tokens import ChoiceToken, LanguageToken, ReportToken, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import (
    AnswerRow,
    AreaRow,
    ChatIdentityRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)
from tests.transports.slack.conftest import make_transport
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests

ITEM = ItemSpec(
    key="8.2",
    title="Arbetsplatsträffar",
    schedule=Schedule(ScheduleKind.DEADLINE, end=date(2025, 6, 30)),
    owners=(Owner(OwnerKind.PERSON, person="anna"),),
    metrics=(Metric("participants", "Deltagare"),),
)


@dataclass
class Union:
    """Two linked stewards, each with one open check-in on item 8.2."""

    anna_checkin: int
    bo_checkin: int


def _person(session: Session, key: str, unit_id: int, slack_user: str) -> int:
    person = PersonRow(key=key, name=key.title(), locale="sv", timezone="Europe/Stockholm")
    session.add(person)
    session.flush()
    assert person.id is not None
    session.add(PersonUnitRow(person_id=person.id, unit_id=unit_id))
    session.add(
        ChatIdentityRow(
            person_id=person.id, platform="slack", workspace="T0UNION", user_id=slack_user
        )
    )
    return person.id


def _seed(session: Session) -> Union:
    unit = UnitRow(key="klubb", name="Klubben", kind="klubb")
    session.add(unit)
    session.flush()
    assert unit.id is not None
    plan = PlanRow(
        key="vp25",
        unit_id=unit.id,
        title="Verksamhetsplan 2025",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        language="sv",
    )
    session.add(plan)
    session.flush()
    assert plan.id is not None
    area = AreaRow(plan_id=plan.id, key="org", title="Organisering")
    session.add(area)
    session.flush()
    assert area.id is not None
    item = PlanItemRow(
        plan_id=plan.id, area_id=area.id, key=ITEM.key, title=ITEM.title, spec=item_to_json(ITEM)
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    checkins = []
    for key, slack_user in (("anna", "U1"), ("bo", "U2")):
        person_id = _person(session, key, unit.id, slack_user)
        checkin = CheckinRow(
            plan_item_id=item.id,
            person_id=person_id,
            occurrence="2025-03-01",
            prompt="ask",
            state="awaiting",
            due_at=datetime(2025, 3, 3, 8, 0, tzinfo=UTC),
        )
        session.add(checkin)
        session.flush()
        assert checkin.id is not None
        checkins.append(checkin.id)
    return Union(*checkins)


@pytest.fixture
def union(sqlite_db: Database) -> Union:
    return sqlite_db.run_sync(_seed)


@pytest.fixture
async def live_bot(
    fake_slack: FakeSlack, pacer: SlackPacer, sqlite_db: Database, clock: FrozenClock
) -> AsyncIterator[SlackTransport]:
    router = Router(SqlConversationStore(sqlite_db), clock)
    transport = make_transport(fake_slack, pacer)
    await transport.start(router.handle)
    yield transport
    await transport.stop()


def answers(db: Database, checkin_id: int) -> list[AnswerRow]:
    def query(session: Session) -> list[AnswerRow]:
        rows = session.exec(select(AnswerRow).where(AnswerRow.checkin_id == checkin_id))
        return list(rows)

    return db.run_sync(query)


async def send_reminder(bot: SlackTransport, user: str, checkin_id: int) -> MessageRef:
    buttons = (
        Button("Ja", encode(ChoiceToken(checkin_id, Choice.YES)), ButtonStyle.PRIMARY),
        Button("Nej", encode(ChoiceToken(checkin_id, Choice.NO)), ButtonStyle.DANGER),
    )
    reminder = OutgoingMessage("Har ni haft arbetsplatsträff?", title=ITEM.title, buttons=buttons)
    return await bot.send(ChatAddress(Platform.SLACK, "", "T0UNION", user_id=user), reminder)


def button_value(call_args: dict[str, Any], label: str) -> str:
    for block in call_args["blocks"]:
        for element in block.get("elements", []):
            if element.get("type") == "button" and element["text"]["text"] == label:
                return str(element["value"])
    raise AssertionError(f"no button {label}")


async def test_yes_then_numbers_and_a_comment_in_the_modal_are_stored(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    ref = await send_reminder(live_bot, "U1", union.anna_checkin)
    [reminder] = fake_slack.calls_to("chat.postMessage")
    yes = button_value(reminder.args, "Ja")

    tap = slack.block_action(yes, user="U1", channel=ref.chat_id, ts=ref.message_id)
    assert (await slack.interaction(tap)).status == 200
    [update] = await fake_slack.wait_for("chat.update")
    assert update.args["ts"] == ref.message_id
    [opened] = await fake_slack.wait_for("views.open")
    assert opened.args["trigger_id"] == tap["trigger_id"]
    view = opened.args["view"]
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds == {"participants": "number_input", "comment": "plain_text_input"}

    comment = "Bra träff <!channel> @here " + "x" * 100
    values = {
        "participants": {"type": "number_input", "value": "14"},
        "comment": {"type": "plain_text_input", "value": comment},
    }
    await slack.interaction(slack.view_submission(view["callback_id"], values, user="U1"))
    await fake_slack.wait_for("chat.postMessage", count=2)  # reminder, thanks: no chat question

    [answer] = answers(sqlite_db, union.anna_checkin)
    assert answer.choice == Choice.YES.value
    assert answer.numbers == {"participants": 14}
    assert answer.comment == comment
    assert answer.via == Platform.SLACK.value
    thanks = fake_slack.calls_to("chat.postMessage")[-1]
    assert thanks.args["channel"] == "DU1"


async def test_no_then_what_stopped_it_and_a_new_date_are_stored(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    ref = await send_reminder(live_bot, "U2", union.bo_checkin)
    no = button_value(fake_slack.calls_to("chat.postMessage")[0].args, "Nej")
    await slack.interaction(
        slack.block_action(no, user="U2", channel=ref.chat_id, ts=ref.message_id)
    )
    [opened] = await fake_slack.wait_for("views.open")
    view = opened.args["view"]
    assert {b["block_id"] for b in view["blocks"]} >= {"blocker", "new_date"}
    values = {
        "blocker": {"type": "plain_text_input", "value": "Ingen lokal"},
        "new_date": {"type": "datepicker", "selected_date": "2025-04-15"},
    }
    await slack.interaction(slack.view_submission(view["callback_id"], values, user="U2"))
    await fake_slack.wait_for("chat.postMessage", count=2)
    [answer] = answers(sqlite_db, union.bo_checkin)
    assert answer.choice == Choice.NO.value
    assert answer.blocker == "Ingen lokal"
    assert answer.new_date == date(2025, 4, 15)


async def test_someone_elses_checkin_and_a_double_tap_change_nothing(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    annas_yes = encode(ChoiceToken(union.anna_checkin, Choice.YES))
    await slack.interaction(slack.block_action(annas_yes, user="U2", channel="DU2"))
    [refused] = await fake_slack.wait_for("chat.postEphemeral")
    assert refused.args["user"] == "U2"
    assert answers(sqlite_db, union.anna_checkin) == []

    await slack.interaction(slack.block_action(annas_yes, user="U1"))
    await fake_slack.wait_for("views.open")
    await slack.interaction(slack.block_action(annas_yes, user="U1"))
    # The refusal and "already recorded"; the first Yes is confirmed in its redrawn reminder.
    await fake_slack.wait_for("chat.postEphemeral", count=2)
    assert len(fake_slack.calls_to("chat.update")) == 1
    assert len(answers(sqlite_db, union.anna_checkin)) == 1
    assert len(fake_slack.calls_to("views.open")) == 1


def block_texts(call_args: dict[str, Any]) -> str:
    """Everything a posted or updated message's blocks say, as one text."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(call_args.get("blocks", []))
    return "\n".join(found)


async def test_a_language_chosen_is_confirmed_once_not_also_as_a_private_line(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    await slack.interaction(slack.block_action(encode(LanguageToken("nb")), user="U1"))
    [confirmed] = await fake_slack.wait_for("chat.postMessage")
    assert "Fra nå av skriver jeg på bokmål." in block_texts(confirmed.args)
    # The tap's acknowledgement goes out before the reply, so it would be here by now.
    assert fake_slack.calls_to("chat.postEphemeral") == []


async def test_later_shows_its_note_in_the_reminder_not_also_as_a_private_line(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    ref = await send_reminder(live_bot, "U1", union.anna_checkin)
    later = encode(ChoiceToken(union.anna_checkin, Choice.LATER))
    await slack.interaction(
        slack.block_action(later, user="U1", channel=ref.chat_id, ts=ref.message_id)
    )
    [update] = await fake_slack.wait_for("chat.update")
    assert update.args["ts"] == ref.message_id
    # Monday 3 March 08:00 UTC: asked again the next morning (sv: "Senare: jag frågar igen").
    assert "Senare: jag frågar igen" in block_texts(update.args)
    assert fake_slack.calls_to("chat.postEphemeral") == []


async def test_a_toast_no_message_of_the_tap_shows_is_still_a_private_line(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    item_id = sqlite_db.run_sync(lambda session: session.exec(select(PlanItemRow.id)).one())
    assert item_id is not None
    # A tap in /rapport's menu: the toast "Rapport", then the item's report request.
    await slack.interaction(slack.block_action(encode(ReportToken(item_id)), user="U1"))
    [request] = await fake_slack.wait_for("chat.postMessage")
    assert "Rapport" not in block_texts(request.args).split("\n")
    [toast] = fake_slack.calls_to("chat.postEphemeral")
    assert (toast.args["user"], toast.args["text"]) == ("U1", "Rapport")


async def test_a_recorded_answer_is_confirmed_in_the_redrawn_reminder_only(
    live_bot: SlackTransport, fake_slack: FakeSlack, sqlite_db: Database, union: Union
) -> None:
    # "Recorded: Yes" would stay in the chat as a private line beside the reminder that now
    # reads "Your answer: Yes" (in sv: "Ditt svar: Ja").
    assert live_bot.bound_port is not None
    slack = SlackRequests(live_bot.bound_port)
    ref = await send_reminder(live_bot, "U1", union.anna_checkin)
    yes = encode(ChoiceToken(union.anna_checkin, Choice.YES))
    await slack.interaction(
        slack.block_action(yes, user="U1", channel=ref.chat_id, ts=ref.message_id)
    )
    [update] = await fake_slack.wait_for("chat.update")
    assert "Ditt svar: Ja" in block_texts(update.args)
    assert fake_slack.calls_to("chat.postEphemeral") == []
