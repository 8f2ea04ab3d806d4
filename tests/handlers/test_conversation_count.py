"""A count target on an item asked once: after Yes the steward says how many times.

"Medlemsmöte fyra gånger under året" is one yearly check-in with `count: 4`: the number
the steward gives counts, a Yes without one counts 1. On an item asked many times each
occurrence answered Yes counts 1, and nobody is asked how many.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, select

from bot.core.messages import Capabilities, OpenForm, Sender
from bot.core.model import (
    Choice,
    Frequency,
    ItemSpec,
    Owner,
    OwnerKind,
    Platform,
    Schedule,
    ScheduleKind,
    Target,
    TargetKind,
)
from bot.core.reporting import TargetProgress
from handlers.progress import progress_of
from handlers.router import Router
from storage.engine import Database
from storage.reporting import load_units, target_facts
from storage.reporting.units import plan_items
from storage.tables import AreaRow, ChatIdentityRow, CheckinRow, PlanRow
from tests.handlers.conftest import Chat, World
from tests.support.seed import insert_item, insert_row

ANNA = (Owner(OwnerKind.PERSON, person="anna"),)
MEETINGS = ItemSpec(
    key="3.1",
    title="Medlemsmöte fyra gånger under året",
    schedule=Schedule(ScheduleKind.RECURRING, every=Frequency.YEARLY),
    owners=ANNA,
    target=Target(TargetKind.COUNT, 4, label="Medlemsmöten"),
)
MONTHLY = ItemSpec(
    key="3.2",
    title="Arbetsplatsbesök",
    schedule=Schedule(ScheduleKind.RECURRING, every=Frequency.MONTHLY),
    owners=ANNA,
    target=Target(TargetKind.COUNT, 4, label="Besök"),
)


def add_item(db: Database, world: World, spec: ItemSpec, occurrences: list[str]) -> list[int]:
    """The item in the world's plan, with Anna's check-ins for these occurrences."""

    def build(session: Session) -> list[int]:
        plan = session.exec(select(PlanRow)).one()
        area = session.exec(select(AreaRow)).one()
        assert plan.id is not None
        assert area.id is not None
        item_id = insert_item(session, plan.id, area.id, spec, position=5)
        due = datetime(2025, 3, 3, 8, tzinfo=UTC)
        return [
            insert_row(
                session,
                CheckinRow(
                    plan_item_id=item_id,
                    person_id=world.steward_id,
                    occurrence=occurrence,
                    prompt="ask",
                    state="awaiting",
                    due_at=due,
                    occurrence_end=date.fromisoformat(occurrence),
                ),
            )
            for occurrence in occurrences
        ]

    return db.run_sync(build)


def progress(db: Database, label: str) -> TargetProgress:
    def read(session: Session) -> list[TargetProgress]:
        plan = session.exec(select(PlanRow)).one()
        assert plan.id is not None
        items = plan_items(session, [plan.id])
        units = load_units(session)
        facts = target_facts(session, items, {u.id for u in units}, None)
        return progress_of(facts, units)

    (found,) = [p for p in db.run_sync(read) if p.label == label]
    return found


async def test_asked_once_the_steward_says_how_many_times(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    (checkin,) = add_item(sqlite_db, world, MEETINGS, ["2025-01-01"])
    chat.gets_reminder(checkin, "Medlemsmöte")
    await chat.steward_taps(Choice.YES)
    assert chat.bot_said("Hur många gånger")
    await chat.steward_says("tre")
    assert chat.bot_said("heltal")
    await chat.steward_says("3")
    await chat.steward_says("skip")
    assert chat.bot_said("sparad")
    found = progress(sqlite_db, "Medlemsmöten")
    assert (found.achieved, found.goal) == (3, 4)


async def test_a_yes_without_a_number_counts_once(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    (checkin,) = add_item(sqlite_db, world, MEETINGS, ["2025-01-01"])
    chat.gets_reminder(checkin, "Medlemsmöte")
    await chat.steward_taps(Choice.YES)
    await chat.steward_says("skip")
    await chat.steward_says("skip")
    assert progress(sqlite_db, "Medlemsmöten").achieved == 1


async def test_a_correction_of_the_number_replaces_it(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    (checkin,) = add_item(sqlite_db, world, MEETINGS, ["2025-01-01"])
    chat.gets_reminder(checkin, "Medlemsmöte")
    await chat.steward_taps(Choice.YES)
    await chat.steward_says("2")
    await chat.steward_says("skip")
    await chat.steward_taps(Choice.YES)  # later, through the old reminder
    await chat.steward_says("4")
    await chat.steward_says("skip")
    found = progress(sqlite_db, "Medlemsmöten")
    assert (found.achieved, found.goal) == (4, 4)


async def test_a_recurring_item_counts_occurrences_and_asks_no_number(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    january, february, march = add_item(
        sqlite_db, world, MONTHLY, ["2025-01-01", "2025-02-01", "2025-03-01"]
    )
    for checkin in (january, february, march):
        chat.gets_reminder(checkin, "Arbetsplatsbesök")
        await chat.steward_taps(Choice.YES)
        assert not chat.bot_said("Hur många gånger")
        await chat.steward_says("skip")
    chat.gets_reminder(february, "Arbetsplatsbesök")
    await chat.steward_taps(Choice.NO)  # February is corrected to a No
    assert progress(sqlite_db, "Besök").achieved == 2


async def test_the_slack_form_asks_how_many_times_too(
    router: Router, world: World, sqlite_db: Database
) -> None:
    (checkin,) = add_item(sqlite_db, world, MEETINGS, ["2025-01-01"])

    def link(session: Session) -> None:
        session.add(
            ChatIdentityRow(
                person_id=world.steward_id, platform="slack", workspace="T1", user_id="U1"
            )
        )

    sqlite_db.run_sync(link)
    chat = Chat(
        router,
        Sender(Platform.SLACK, "U1", "D1", workspace="T1", capabilities=Capabilities(forms=True)),
    )
    chat.gets_reminder(checkin, "Medlemsmöte")
    effects = await chat.steward_taps(Choice.YES)
    (form,) = [e for e in effects if isinstance(e, OpenForm)]
    assert form.form.fields[0].label == "Hur många gånger blev det av?"
    await chat.steward_submits(form.form.token, {form.form.fields[0].key: "4"})
    found = progress(sqlite_db, "Medlemsmöten")
    assert (found.achieved, found.goal) == (4, 4)
