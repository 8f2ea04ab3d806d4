"""Target progress: counts of occurrences, sums of a metric, per unit of a kind, directions."""

from __future__ import annotations

import pytest

from bot.core.i18n import Translator
from bot.core.model import Target, TargetKind
from bot.core.reporting import TargetFacts, UnitNode
from handlers.progress import format_progress, scope_units, target_progress

# avdelning 1 > sektion 2 > orter 3..9; klubb 10 under ort 3; klubb 11 under klubb 10
UNITS = (
    UnitNode(1, "avdelning", None),
    UnitNode(2, "sektion", 1),
    *(UnitNode(i, "ort", 2) for i in range(3, 10)),
    UnitNode(10, "klubb", 3),
    UnitNode(11, "klubb", 10),
)


def facts(target: Target, **values: object) -> TargetFacts:
    defaults: dict[str, object] = {"occurrences_done": 0, "metric_sum": 0}
    defaults.update(values)
    return TargetFacts(1, "8.3", "Värvningsvecka", target, **defaults)  # type: ignore[arg-type]


def test_every_unit_finds_its_nearest_unit_of_the_kind() -> None:
    owner = scope_units(UNITS, "ort")
    assert owner[11] == 3  # two levels below ort 3
    assert owner[3] == 3
    assert 2 not in owner  # the sektion is above every ort


def test_a_cycle_in_the_unit_tree_does_not_hang() -> None:
    looped = (UnitNode(1, "klubb", 2), UnitNode(2, "klubb", 1))
    assert scope_units(looped, "ort") == {}


def test_four_of_seven_locations() -> None:
    target = Target(TargetKind.COUNT, 1, scope="ort", label="Värvningsaktivitet")
    done = {11: frozenset({"2025-11-03"}), 4: frozenset({"a"}), 5: frozenset({"b"}), 6: {"c"}}
    progress = target_progress(facts(target, unit_occurrences=done), UNITS)
    assert (progress.units_reached, progress.units_total) == (4, 7)
    assert format_progress(Translator("sv"), progress) == "Värvningsaktivitet: 4 av 7 orter"
    assert format_progress(Translator("nb"), progress) == "Värvningsaktivitet: 4 av 7 steder"


def test_per_unit_sums_add_sub_units_to_their_location() -> None:
    target = Target(TargetKind.SUM, 10, metric="new_members", scope="ort", label="Nya")
    sums = {10: 6, 11: 5, 4: 9, 2: 100}  # the sektion's own answers belong to no ort
    progress = target_progress(facts(target, metric_sum=120, unit_sums=sums), UNITS)
    assert (progress.units_reached, progress.units_total) == (1, 7)
    assert progress.achieved == 120


def test_a_count_target_counts_occurrences() -> None:
    progress = target_progress(facts(Target(TargetKind.COUNT, 4), occurrences_done=3), UNITS)
    assert (progress.achieved, progress.goal, progress.reached) == (3, 4, False)
    assert format_progress(Translator("sv"), progress) == "Värvningsvecka: 3 av 4"
    assert progress.fraction == pytest.approx(0.75)


def test_a_reached_sum_is_marked() -> None:
    target = Target(TargetKind.SUM, 80, metric="new_members", label="Nya medlemmar")
    progress = target_progress(facts(target, metric_sum=1234), UNITS)
    assert format_progress(Translator("sv"), progress) == "Nya medlemmar: 1\xa0234 av 80 ✓"


def test_a_direction_shows_the_sum_without_of_n() -> None:
    target = Target(TargetKind.SUM, None, metric="new_members", label="Fler medlemmar")
    progress = target_progress(facts(target, metric_sum=57), UNITS)
    assert format_progress(Translator("en"), progress) == "Fler medlemmar: 57"
    assert progress.fraction is None


def test_an_unknown_unit_kind_is_named_as_written() -> None:
    target = Target(TargetKind.COUNT, 1, scope="region", label="Möten")
    progress = target_progress(facts(target), UNITS)
    assert format_progress(Translator("en"), progress) == "Möten: 0 of 0 region"


def test_a_percentage_target_reads_as_a_share_of_its_target() -> None:
    """`unit: percent`: the stewards report the share itself; the newest figure is the result."""
    target = Target(TargetKind.SUM, 80, metric="share", label="Andel", unit="percent")
    progress = target_progress(facts(target, metric_sum=57 + 62, latest=62), UNITS)
    assert format_progress(Translator("nb"), progress) == "Andel: 62\u202f% av 80\u202f%"
    assert progress.fraction == 62 / 80
    assert not progress.reached
    reached = target_progress(facts(target, latest=85), UNITS)
    assert format_progress(Translator("en"), reached) == "Andel: 85% of 80% ✓"


def test_a_percentage_target_nobody_reported_on_shows_no_zero() -> None:
    target = Target(TargetKind.SUM, 80, metric="share", label="Andel", unit="percent")
    progress = target_progress(facts(target), UNITS)
    assert format_progress(Translator("nb"), progress) == (
        "Andel: ingenting rapportert ennå (mål 80\u202f%)"
    )
    assert progress.fraction is None
