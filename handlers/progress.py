"""Target progress from answers: plan-wide, or per unit of a kind ("4 of 7 locations").

COUNT targets count *occurrences* reported done: an occurrence of an item counts once when at
least one owner gave a current Yes for it, however many owners did. On an item asked once the
times the steward reported count instead (bot/core/counting.py, docs/plan-format.md).
SUM targets add the target's metric over every current Yes answer. A scoped target
(`per: ort`) holds per unit of that kind below the board's unit: a person's answer counts for
the nearest unit of that kind at or above the person's own unit, and the line says how many
such units reached the target. A target without a number (a direction) shows what was
achieved, without "of N".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from bot.core.i18n import Translator
from bot.core.model import TargetKind
from bot.core.reporting import TargetFacts, TargetProgress, UnitNode, units_reached_text


def scope_units(units: Sequence[UnitNode], kind: str) -> dict[int, int]:
    """unit id -> the nearest unit of `kind` at or above it (units outside any are left out)."""
    by_id = {unit.id: unit for unit in units}
    found: dict[int, int] = {}
    for unit in units:
        current: UnitNode | None = unit
        seen: set[int] = set()
        while current is not None and current.id not in seen:
            seen.add(current.id)
            if current.kind == kind:
                found[unit.id] = current.id
                break
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return found


def _units_reached(facts: TargetFacts, units: Sequence[UnitNode], kind: str) -> tuple[int, int]:
    owner = scope_units(units, kind)
    scoped_ids = {unit.id for unit in units if unit.kind == kind}
    goal = facts.target.value
    if facts.target.kind is TargetKind.SUM and facts.target.metric:
        totals: dict[int, int] = defaultdict(int)
        for unit_id, total in facts.unit_sums.items():
            if unit_id in owner:
                totals[owner[unit_id]] += total
        reached = {u for u, total in totals.items() if total >= (goal or 1)}
    elif facts.counts_times:
        # Asked once: the times reported by the unit's members; the largest counts.
        most: dict[int, int] = defaultdict(int)
        for unit_id, times in facts.unit_times.items():
            if unit_id in owner:
                most[owner[unit_id]] = max(most[owner[unit_id]], times)
        reached = {u for u, times in most.items() if times >= (goal or 1)}
    else:
        done: dict[int, set[str]] = defaultdict(set)
        for unit_id, occurrences in facts.unit_occurrences.items():
            if unit_id in owner:
                done[owner[unit_id]] |= occurrences
        reached = {u for u, occurrences in done.items() if len(occurrences) >= (goal or 1)}
    return len(reached & scoped_ids), len(scoped_ids)


def target_progress(facts: TargetFacts, units: Sequence[UnitNode]) -> TargetProgress:
    """How far one target has come, plan-wide or per unit of its scope."""
    target = facts.target
    uses_sum = target.kind is TargetKind.SUM or (target.value is None and target.metric)
    achieved = facts.metric_sum if uses_sum else facts.occurrences_done
    reached, total = (0, 0)
    if target.scope:
        reached, total = _units_reached(facts, units, target.scope)
    # A percentage target states the share to reach ("80 %", docs/plan-format.md); its result
    # is the newest share reported, not a sum of shares, and nothing before anyone reported.
    percent = (target.unit or "").lower() == "percent" and not target.scope
    if percent:
        achieved = facts.latest if facts.latest is not None else 0
    return TargetProgress(
        item_key=facts.item_key,
        label=target.label or facts.title,
        achieved=achieved,
        goal=target.value,
        scope=target.scope,
        units_reached=reached,
        units_total=total,
        percent=percent,
        measured=not percent or facts.latest is not None,
    )


def progress_of(facts: Sequence[TargetFacts], units: Sequence[UnitNode]) -> list[TargetProgress]:
    return [target_progress(one, units) for one in facts]


def format_progress(tr: Translator, progress: TargetProgress) -> str:
    """'Värvningsaktivitet: 4 av 7 orter' / 'Nya medlemmar: 57 av 80' / 'Träffar: 3'."""
    if progress.scope is not None:
        amount = units_reached_text(
            tr, progress.units_reached, progress.units_total, progress.scope
        )
    elif progress.percent and progress.goal is not None:
        goal = tr.percent_of(progress.goal)
        if progress.measured:
            amount = tr.gettext(
                "{achieved} of {goal}", achieved=tr.percent_of(progress.achieved), goal=goal
            )
        else:
            amount = tr.gettext("nothing reported yet (target {goal})", goal=goal)
    elif progress.goal is not None:
        amount = tr.gettext(
            "{achieved} of {goal}",
            achieved=tr.number(progress.achieved),
            goal=tr.number(progress.goal),
        )
    else:
        amount = tr.number(progress.achieved)
    line = tr.gettext("{label}: {amount}", label=progress.label, amount=amount)
    return f"{line} ✓" if progress.reached else line
