"""The small union the conversation tests start from, written through any Seeder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.core.model import Frequency, ItemSpec, Metric, Owner, OwnerKind, Schedule, ScheduleKind
from tests.fakes.seeding import Seeder

DUE = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)

MEETING = ItemSpec(
    key="8.2",
    title="Digitala träffar för ombud",
    schedule=Schedule(ScheduleKind.RECURRING, every=Frequency.QUARTERLY),
    owners=(Owner(OwnerKind.PERSON, person="anna"),),
    metrics=(Metric("participants", "Antal deltagare"), Metric("new_members", "Nya medlemmar")),
    comment_prompt="Något styrelsen bör veta?",
)
WEEK = ItemSpec(
    key="8.3",
    title="Värvningsvecka",
    schedule=Schedule(ScheduleKind.EVENT, start=date(2025, 3, 1), end=date(2025, 3, 2)),
    owners=(Owner(OwnerKind.PERSON, person="anna"),),
)


@dataclass
class World:
    """Ids of what build_world wrote."""

    steward_id: int
    other_id: int
    board_member_id: int
    board_id: int
    meeting_item_id: int  # "8.2": a recurring meeting, asks for participants
    week_item_id: int  # "8.3": a recruitment week, no metrics
    meeting_checkin_id: int
    week_checkin_id: int
    other_checkin_id: int


def build_world(seed: Seeder) -> World:
    """A section with two stewards and a board member, a plan of two items, open check-ins."""
    unit_id = seed.unit("demo", "Demosektionen")
    anna = seed.person("anna", "Anna", [unit_id])
    bo = seed.person("bo", "Bo", [unit_id])
    cecilia = seed.person("cecilia", "Cecilia", [unit_id], roles="board")
    board_id = seed.board("styrelsen", unit_id, "Styrelsen", [cecilia])
    for person_id, user in ((anna, "1001"), (bo, "1002"), (cecilia, "1003")):
        seed.identity(person_id, "telegram", user, chat_id=user)
    plan_id = seed.plan("vp-2025", unit_id)
    area_id = seed.area(plan_id, "8", "Organisering")
    meeting, week = (
        seed.item(plan_id, area_id, spec, position) for position, spec in enumerate((MEETING, WEEK))
    )
    return World(
        steward_id=anna,
        other_id=bo,
        board_member_id=cecilia,
        board_id=board_id,
        meeting_item_id=meeting,
        week_item_id=week,
        meeting_checkin_id=seed.checkin(meeting, anna, DUE),
        week_checkin_id=seed.checkin(week, anna, DUE),
        other_checkin_id=seed.checkin(meeting, bo, DUE),
    )
