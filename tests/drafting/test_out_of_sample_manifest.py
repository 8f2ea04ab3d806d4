"""The out-of-sample manifest and its expectations agree, and the bench prints every batch.

These tests read only bench/out_of_sample (the manifest and the hand-made expectations); they
never read a page's text and never run the drafter, so a held-out batch stays held out.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bench.draft_quality import BATCHES

OUT_OF_SAMPLE = Path(__file__).resolve().parents[2] / "bench" / "out_of_sample"
KINDS = {"numbered", "bulleted", "prose", "calendar", "news"}
WHEN_FORMS = {"date", "dates", "window", "by", "every", "continuous"}
WINDOW_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "spring", "summer", "autumn", "q1", "q2", "q3", "q4",
}  # fmt: skip


def _sources() -> dict[str, dict[str, Any]]:
    return tomllib.loads((OUT_OF_SAMPLE / "sources.toml").read_text("utf-8"))


def _expectation(name: str) -> dict[str, Any]:
    path = OUT_OF_SAMPLE / "expectations" / f"{name}.json"
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


def _number(name: str) -> int:
    """A page's id number: two digits up to 99, three from 100 on."""
    found = re.match(r"oos(\d+)_", name)
    assert found, name
    return int(found.group(1))


def _period_years(period: str) -> set[int]:
    first, _, last = period.partition("-")
    return set(range(int(first), int(last or first) + 1))


def _days(when: dict[str, Any]) -> list[str]:
    days: list[str] = []
    for form in ("date", "by"):
        if form in when:
            days.append(when[form])
    for form in ("dates", "window"):
        if isinstance(when.get(form), dict):
            days += [when[form]["from"], when[form]["to"]]
    return days


def test_every_page_has_one_expectation_and_every_expectation_a_page() -> None:
    named = set(_sources())
    written = {path.stem for path in (OUT_OF_SAMPLE / "expectations").glob("*.json")}
    assert named == written


def test_every_manifest_entry_names_its_page_and_text() -> None:
    sources = _sources()
    addresses = [source["source"] for source in sources.values()]
    assert len(addresses) == len(set(addresses)), "a page is listed twice"
    for name, source in sources.items():
        assert re.fullmatch(r"oos\d{2,3}_[a-z0-9_]+", name), name
        assert source["source"].startswith(("http://", "https://")), name
        assert source["title"], name
        assert source["organisation"], name
        assert source["kind"] in KINDS, name
        assert isinstance(source["retrieved"], date), name
        assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), name


def test_the_bench_prints_every_batch_and_each_expectation_says_its_batch() -> None:
    for name, source in _sources().items():
        batch = source.get("batch", 1)
        assert batch in BATCHES, f"{name}: batch {batch} would be measured nowhere"
        assert _expectation(name).get("batch", 1) == batch, name
        assert _expectation(name)["kind"] == source["kind"], name


# The batches still held out: those whose status does not say they were tuned on. When every
# batch has been tuned on, this list is empty and the test below has nothing to check.
HELD_OUT = [batch for batch, title in BATCHES.items() if batch >= 3 and "no longer" not in title]


@pytest.mark.parametrize("batch", HELD_OUT)
def test_the_held_out_batches_are_titled_as_held_out(batch: int) -> None:
    assert "held out" in BATCHES[batch]
    assert "no longer held out" not in BATCHES[batch]
    assert "annotated before the drafter ran on it" in BATCHES[batch]


@pytest.mark.parametrize("batch", [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
def test_batches_tuned_on_say_so(batch: int) -> None:
    assert "no longer held out" in BATCHES[batch]


@pytest.mark.parametrize("batch", [4, 5, 6, 7, 8, 9])
def test_a_held_out_batch_covers_the_kinds_the_issue_asks_for(batch: int) -> None:
    chosen = {name: s for name, s in _sources().items() if s.get("batch", 1) == batch}
    kinds = [
        "calendar/news" if source["kind"] in {"calendar", "news"} else source["kind"]
        for source in chosen.values()
    ]
    assert len(chosen) >= 12
    assert {kind: kinds.count(kind) >= 2 for kind in set(kinds)} == {
        "numbered": True, "bulleted": True, "prose": True, "calendar/news": True,
    }  # fmt: skip
    with_commitments = [name for name in chosen if _expectation(name)["items"]]
    assert len(with_commitments) >= 10


def test_from_batch_five_on_every_page_names_the_query_that_re_creates_its_text() -> None:
    later = {name: s for name, s in _sources().items() if s.get("batch", 1) >= 5}
    assert later, "no page of batch 5 or later in the manifest"
    for name, source in later.items():
        assert isinstance(source.get("search"), str), f"{name}: no search query"
        assert source["search"].strip(), f"{name}: empty search query"
        assert len(source["search"]) <= 400, f"{name}: only the first 400 characters are sent"


def test_the_ids_continue_and_no_id_is_used_twice() -> None:
    numbers = [_number(name) for name in _sources()]
    assert len(numbers) == len(set(numbers)), "two pages share an id number"
    batch_five = sorted(_number(name) for name, s in _sources().items() if s.get("batch", 1) == 5)
    earlier = [_number(name) for name, s in _sources().items() if s.get("batch", 1) < 5]
    assert batch_five[0] == 48
    assert batch_five[0] > max(earlier)


@pytest.mark.parametrize(
    ("batch", "first"),
    [(6, 61), (7, 75), (8, 90), (9, 103), (10, 115), (14, 151), (15, 163), (16, 175)],
)
def test_a_later_batch_starts_after_every_earlier_id(batch: int, first: int) -> None:
    sources = _sources()
    chosen = sorted(_number(name) for name, s in sources.items() if s.get("batch", 1) == batch)
    earlier = [_number(name) for name, s in sources.items() if s.get("batch", 1) < batch]
    assert chosen, f"no page of batch {batch} in the manifest"
    assert chosen[0] == first
    assert chosen[0] > max(earlier)


def _site(address: str) -> str:
    host = address.split("/")[2].lower()
    return host.removeprefix("www.")


@pytest.mark.parametrize("batch", [6, 7, 8, 9, 10, 14, 15, 16])
def test_a_later_batch_reuses_no_site_of_an_earlier_batch(batch: int) -> None:
    sources = _sources()
    earlier = {_site(s["source"]) for s in sources.values() if s.get("batch", 1) < batch}
    chosen = {name: _site(s["source"]) for name, s in sources.items() if s.get("batch", 1) == batch}
    assert {name: host for name, host in chosen.items() if host in earlier} == {}


@pytest.mark.parametrize("batch", [7, 8, 9, 10, 14, 15, 16])
def test_a_later_batch_names_no_organisation_of_an_earlier_batch(batch: int) -> None:
    sources = _sources()
    earlier = {s["organisation"] for s in sources.values() if s.get("batch", 1) < batch}
    chosen = {name: s["organisation"] for name, s in sources.items() if s.get("batch", 1) == batch}
    assert {name: who for name, who in chosen.items() if who in earlier} == {}


@pytest.mark.parametrize("name", sorted(_sources()))
def test_each_expectation_is_well_formed(name: str) -> None:
    expectation = _expectation(name)
    assert expectation["note"].strip()
    assert expectation["language"] in {"sv", "nb", "nn"}
    if expectation.get("not_a_plan"):
        assert expectation["items"] == []
    years = _period_years(expectation["period"])
    for item in expectation["items"]:
        assert item["keywords"], item
        assert all(keyword == keyword.lower() for keyword in item["keywords"]), item
        when = item["when"]
        if when is None:
            continue
        assert set(when) <= WHEN_FORMS | {"months"}, item
        if isinstance(when.get("window"), str):
            assert when["window"] in WINDOW_NAMES, item
        for day in _days(when):
            assert date.fromisoformat(day).year in years, f"{name}: {day} outside the period"
