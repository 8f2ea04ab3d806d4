"""The oracle: what the boards should read and what the year should add up to.

It reads only the script's log (who did what, when) and the plan's documented rules
(docs/plan-format.md, and the digest's definitions: a period is the seven local days before
the digest's Monday; done / not done count check-ins whose latest answer falls in the
period; no answer counts requests made in the four weeks up to the period's end that still
have no answer; only a yes to "shall someone contact you" is a request for help).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tests.acceptance.script import Answered, DigestCopy, Log
from tests.acceptance.world import (
    BLOCKED_FROM,
    BLOCKER,
    BY_ITEM,
    BY_KEY,
    ERASED,
    ERASED_AT,
    ITEMS,
    SIDES,
    STEWARDS,
    Side,
    owners_of,
    side_of,
)

ERASED_NAME = "—"  # docs/privacy.md: kept numbers move to an anonymous person
LOOKBACK = timedelta(weeks=4)


@dataclass
class DigestFacts:
    """What one board's digest says, in numbers and names."""

    week: int | None = None
    areas: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    not_answered: dict[str, int] = field(default_factory=dict)
    needs_help: set[str] = field(default_factory=set)
    unreachable: set[str] = field(default_factory=set)
    targets: dict[str, int] = field(default_factory=dict)  # item title -> progress figure
    quiet: bool = False  # "a quiet week": such a digest shows no targets
    coming_up: list[date] = field(default_factory=list)  # the dates "coming up" names
    period_end: date | None = None  # the digest's Monday: nothing before it is coming up


def side_named(board: str) -> Side:
    return next(s for s in SIDES if s.board_unit == board)


def _period(side: Side, at: datetime) -> tuple[datetime, datetime]:
    zone = BY_KEY[next(p.key for p in STEWARDS if side_of(p) is side)].zone
    local = at.astimezone(zone).date()
    monday = local - timedelta(days=local.weekday())
    end = datetime(monday.year, monday.month, monday.day, tzinfo=zone)
    return end - timedelta(days=7), end


def expected_digest(log: Log, copy: DigestCopy) -> DigestFacts:
    side = side_named(copy.board)
    start, end = _period(side, copy.at)
    facts = DigestFacts(week=start.isocalendar().week, period_end=end.date())
    counts = {area: [0, 0, 0] for area in side.areas}
    latest = _latest_answers(log, copy.at)
    for (person, item, _occ), entry in latest.items():
        if side_of(BY_KEY[person]) is not side or not start <= entry.at < end:
            continue
        area = side.areas[BY_ITEM[item].area]
        counts[area][0 if entry.answer.choice == "yes" else 1] += 1
        if entry.answer.choice == "no" and entry.answer.help:
            facts.needs_help.add(_name(person, copy.at))
    owed: Counter[str] = Counter()
    for person, item, occurrence, asked_at in _first_asks(log):
        if side_of(BY_KEY[person]) is not side or not end - LOOKBACK <= asked_at < end:
            continue
        if (person, item, occurrence) in latest or asked_at > copy.at:
            continue
        if person == ERASED and log.erased_at is not None and log.erased_at <= copy.at:
            continue  # erasure archives what was still open
        counts[side.areas[BY_ITEM[item].area]][2] += 1
        owed[BY_KEY[person].name] += 1
    facts.areas = {area: (c[0], c[1], c[2]) for area, c in counts.items()}
    facts.targets = progress(side, {k: v for k, v in latest.items() if v.at < end})
    facts.not_answered = dict(owed)
    blocker = BY_KEY[BLOCKER]
    if side_of(blocker) is side and log.first_refusal is not None and log.first_refusal < copy.at:
        facts.unreachable.add(blocker.name)
    return facts


def progress(side: Side, latest: dict[tuple[str, str, int], Answered]) -> dict[str, int]:
    """Target progress by docs/plan-format.md ("How a count is counted")."""
    figures: dict[str, int] = {}
    for item in ITEMS:
        if item.target is None:
            continue
        yes = [
            (BY_KEY[person], occ, entry.answer.numbers)
            for (person, key, occ), entry in latest.items()
            if key == item.key and side_of(BY_KEY[person]) is side and entry.answer.choice == "yes"
        ]
        if item.target == "count-recurring":  # each occurrence answered Yes counts once
            figures[item.title(side)] = len({occ for _p, occ, _n in yes})
        elif item.target == "count-once":  # the largest "how many times" counts
            figures[item.title(side)] = max((n.get("times", 1) for _p, _o, n in yes), default=0)
        elif item.target == "per-unit":  # units whose largest number reaches the target
            best: dict[str, int] = {}
            for person, _occ, numbers in yes:
                best[person.unit] = max(best.get(person.unit, 0), numbers.get("times", 1))
            value = item.target_value or 1
            figures[item.title(side)] = sum(1 for n in best.values() if n >= value)
        else:  # a sum, or a direction: the metric summed over the Yes answers
            assert item.metric is not None
            figures[item.title(side)] = sum(n.get(item.metric, 0) for _p, _o, n in yes)
    return figures


def _name(person: str, at: datetime) -> str:
    return ERASED_NAME if person == ERASED and at >= ERASED_AT else BY_KEY[person].name


def _latest_answers(log: Log, until: datetime) -> dict[tuple[str, str, int], Answered]:
    latest: dict[tuple[str, str, int], Answered] = {}
    for entry in log.answered:
        if entry.at <= until:
            latest[(entry.person, entry.item, entry.occurrence)] = entry
    return latest


def _first_asks(log: Log) -> list[tuple[str, str, int, datetime]]:
    seen: dict[tuple[str, str, int], datetime] = {}
    for asked in log.asked:
        seen.setdefault((asked.person, asked.item, asked.occurrence), asked.at)
    return [(*key, at) for key, at in seen.items()]


# --- the year's end ----------------------------------------------------------------------


def expected_export(log: Log, until: datetime) -> dict[tuple[str, str, str], dict[str, object]]:
    """One row per answered check-in: (person, item, occurrence) -> its latest answer."""
    rows: dict[tuple[str, str, str], dict[str, object]] = {}
    for (person, item, occurrence), entry in _latest_answers(log, until).items():
        spec = BY_ITEM[item]
        # a deadline's one occurrence is the plan's period, which starts on 1 January
        start = (
            date(until.year, 1, 1) if spec.when == "deadline" else spec.occurrences[occurrence][0]
        )
        answer = entry.answer
        erased = person == ERASED
        rows[(_name(person, until), item, start.isoformat())] = {
            "choice": answer.choice,
            "numbers": dict(answer.numbers),
            "needs_help": bool(answer.help),
            "new_date": answer.new_date.isoformat() if answer.new_date else None,
            "comment": None if erased else answer.comment,
        }
    return rows


def year_figures(rows: dict[tuple[str, str, str], dict[str, object]]) -> dict[str, object]:
    """Per item and board side: done, not done and the sum of each number."""
    figures: dict[str, object] = {}
    names = {p.name: side_of(p).board_unit for p in STEWARDS}
    for (person, item, _occ), row in sorted(rows.items()):
        side = names.get(person, "erased")
        key = f"{side} {item}"
        entry = figures.setdefault(key, {"done": 0, "not_done": 0})
        assert isinstance(entry, dict)
        entry["done" if row["choice"] == "yes" else "not_done"] += 1
        numbers = row["numbers"]
        assert isinstance(numbers, dict)
        for metric, value in numbers.items():
            entry[metric] = entry.get(metric, 0) + value
    return figures


def expected_asks(until: date) -> set[tuple[str, str, int]]:
    """Every (steward, item, occurrence) the plan asks about, while the steward can be asked."""
    wanted = set()
    for side in SIDES:
        for item in ITEMS:
            for person in owners_of(item, side):
                for n, (_start, end) in enumerate(item.occurrences):
                    ask = end + timedelta(days=item.ask_after)
                    if ask > until:
                        continue
                    if person.key == ERASED and ask >= ERASED_AT.date():
                        continue
                    if person.key == BLOCKER and ask >= BLOCKED_FROM:
                        continue
                    wanted.add((person.key, item.key, n))
    return wanted
