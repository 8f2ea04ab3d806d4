"""The second reading is scored against the first exactly as a draft is: item by item, by keywords.

The pages and readings here are made up for the test; the counts each test expects are worked out
by hand from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.reader_agreement import SECOND, Tally, as_plan

FIRST: dict[str, Any] = {
    "items": [
        {"keywords": ["höstmötet"], "when": {"date": "2025-10-20"}, "target": None},
        {"keywords": ["motioner", "senast"], "when": {"by": "2025-09-15"}, "target": None},
        {"keywords": ["studiecirkel"], "when": None, "target": {"count": 2}},
    ]
}


def _reading(*items: tuple[str, dict[str, Any] | None], not_a_plan: bool = False) -> Any:
    return {
        "not_a_plan": not_a_plan,
        "items": [{"text": text, "when": when, "target": None} for text, when in items],
    }


def test_matched_items_and_their_dates_are_counted_as_a_drafts_would_be() -> None:
    reading = _reading(
        ("Höstmötet hålls den 20 oktober.", {"date": "2025-10-20"}),
        ("Motioner ska vara inne senast den 15 september.", {"by": "2025-09-16"}),
        ("Styrelsen träffas varje månad.", {"every": "monthly"}),
    )
    tally = Tally()
    tally.add("page", as_plan(reading), FIRST)
    # Two of three expected items are read; the monthly meeting is one the first reading lacks.
    assert tally.cells["items"] == [2, 1, 1]
    # Both matched items carry a date, one of them the wrong day: one right, one wrong.
    assert tally.cells["dates"] == [1, 1, 1]
    assert tally.cells["recurrences"] == [0, 1, 0]
    # The study circles' count of 2 was not read, since the item was not.
    assert tally.cells["targets"] == [0, 0, 1]
    assert tally.non_plan_disagreements == []


def test_a_page_both_readers_call_no_plan_counts_nothing() -> None:
    tally = Tally()
    tally.add("page", as_plan(_reading(not_a_plan=True)), {"not_a_plan": True, "items": []})
    assert tally.cells["items"] == [0, 0, 0]
    assert tally.non_plan_disagreements == []


def test_items_read_on_a_page_the_first_reading_calls_no_plan_are_all_extra() -> None:
    tally = Tally()
    reading = _reading(("Årsmötet hålls i mars.", {"window": "march"}), ("Fest i maj.", None))
    tally.add("page", as_plan(reading), {"not_a_plan": True, "items": []})
    assert tally.cells["items"] == [0, 2, 0]
    assert tally.non_plan_disagreements == ["page"]


def test_a_page_the_second_reader_calls_no_plan_misses_every_item() -> None:
    tally = Tally()
    tally.add("page", as_plan(_reading(not_a_plan=True)), FIRST)
    assert tally.cells["items"] == [0, 0, 3]
    assert tally.non_plan_disagreements == ["page"]


READINGS = sorted(SECOND.glob("*.json"))


@pytest.mark.parametrize("path", READINGS, ids=[path.stem for path in READINGS])
def test_each_second_reading_is_well_formed(path: Path) -> None:
    reading = json.loads(path.read_text("utf-8"))
    assert reading["name"] == path.stem
    assert reading["note"].strip()
    expectation = SECOND.parent / "expectations" / path.name
    assert expectation.is_file(), "a second reading of a page the manifest does not name"
    if reading["not_a_plan"]:
        assert reading["items"] == []
    for item in reading["items"]:
        assert item["text"].strip()
        assert set(item) == {"text", "when", "target"}
