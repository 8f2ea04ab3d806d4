"""Item specs survive the trip to JSON and back unchanged."""

from __future__ import annotations

import json
from datetime import date, time

from bot.core.model import (
    Frequency,
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    Role,
    Schedule,
    ScheduleKind,
    Target,
    TargetKind,
)
from bot.core.specjson import item_from_json, item_to_json


def test_item_round_trip() -> None:
    item = ItemSpec(
        key="8.2",
        title="Två digitala träffar",
        description="",
        schedule=Schedule(
            ScheduleKind.RECURRING,
            start=date(2025, 3, 1),
            end=date(2025, 11, 30),
            every=Frequency.MONTHLY,
            months=(3, 4, 5),
            remind_days_before=(14, 2),
            ask_days_after=2,
            send_time=time(9, 30),
        ),
        owners=(
            Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="nord", include_subunits=True),
            Owner(OwnerKind.PERSON, person="anna"),
        ),
        metrics=(Metric("participants", "Antal deltagare"),),
        comment_prompt="Hur gick det?",
        target=Target(TargetKind.SUM, 80, metric="new_members", scope="ort", unit="percent"),
        review="Datum ej bekräftat",
    )
    stored = json.loads(json.dumps(item_to_json(item)))
    assert item_from_json(item.key, item.title, item.description, stored) == item
