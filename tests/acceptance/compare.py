"""Reading the delivered digests and the export, and comparing them with the oracle."""

from __future__ import annotations

import json
import re
from datetime import datetime

from tests.acceptance import texts
from tests.acceptance.oracle import DigestFacts, side_named
from tests.acceptance.script import DigestCopy
from tests.acceptance.world import ITEMS, STEWARDS, side_of

STATUS = (
    "Done: {done} · Not done: {not_done} · Not relevant: {not_relevant} · No answer: {no_answer}"
)
QUIET = "{title}: a quiet week, nothing reported and nothing due."
TITLE = "Weekly digest {week}"
NEEDS_HELP = "Needs help"
UNREACHABLE = "Cannot be reached by the bot"
COMING_UP = "Coming up {date}: {title}"
_DIGITS = re.compile(r"\d+")


def read_digest(copy: DigestCopy) -> DigestFacts:
    side = side_named(copy.board)
    lang = copy.locale
    lines = [line.strip(" \t•-") for line in copy.text.splitlines()]
    facts = DigestFacts(areas=dict.fromkeys(side.areas, (0, 0, 0)))
    title = next((line for line in lines if texts.matches(lang, TITLE, line)), "")
    facts.quiet = texts.matches(lang, QUIET, copy.text)
    week = _DIGITS.findall(title)
    facts.week = int(week[0]) if week else None
    for n, line in enumerate(lines):
        area = next((a for a in side.areas if line.endswith(a)), None)
        if area is None:
            continue
        for later in lines[n + 1 : n + 3]:
            numbers = _numbers_if(lang, STATUS, later)
            if numbers is not None:
                facts.areas[area] = numbers
                break
    names = [p.name for p in STEWARDS if side_of(p) is side]
    for line in lines:
        for name in names:
            hit = re.match(re.escape(name) + r": (\d+)\b", line)
            if hit:
                facts.not_answered[name] = int(hit.group(1))
        help_words = texts.words(lang, NEEDS_HELP)
        if any(line.startswith(w + " – ") for w in help_words):
            facts.needs_help |= {n for n in [*names, "—"] if re.search(_after_dash(n), line)}
    for item in ITEMS:
        title = item.title(side)
        for line in lines:
            if item.target is not None and line.startswith(title + ": "):
                found = _DIGITS.findall(line[len(title) + 2 :].replace("\u00a0", ""))
                facts.targets[title] = int(found[0]) if found else -1
    facts.coming_up = [
        day
        for line in lines
        if texts.matches(lang, COMING_UP, line)
        for day in texts.dates_in(lang, line.split(":")[0], copy.at.year)
    ]
    header = [i for i, line in enumerate(lines) if line in texts.words(lang, UNREACHABLE)]
    if header:
        facts.unreachable = {n for n in names if any(n == line for line in lines[header[0] + 1 :])}
    return facts


def _after_dash(name: str) -> str:
    """' – Name' closed by ':' (a comment), ' ·' (a blocker) or the line's end."""
    return " – " + re.escape(name) + r"(:| ·|$)"


def _numbers_if(lang: str, msgid: str, line: str) -> tuple[int, int, int] | None:
    if not texts.matches(lang, msgid, line):
        return None
    found = [int(x) for x in _DIGITS.findall(line.replace("\u00a0", "").replace(" ", ""))]
    # Done, not done, (not relevant: the year's script answers only Yes or No), no answer.
    return (found[0], found[1], found[3]) if len(found) >= 4 else None


def digest_diffs(copy: DigestCopy, want: DigestFacts, got: DigestFacts) -> list[tuple[str, str]]:
    """(kind, readable line) for every number or name that differs."""
    where = f"{copy.at:%Y-%m-%d} {copy.board} to {copy.member} ({copy.locale})"
    diffs: list[tuple[str, str]] = []
    if want.week != got.week:
        diffs.append(
            ("week", f"{where}: title names week {got.week}, the period is week {want.week}")
        )
    for area, numbers in want.areas.items():
        for label, a, b in zip(
            ("done", "not done", "no answer"), numbers, got.areas[area], strict=True
        ):
            if a != b:
                diffs.append((label, f"{where}: {area}: {label} expected {a}, got {b}"))
    for title, value in {} if got.quiet else want.targets.items():
        if got.targets.get(title, 0) != value:
            diffs.append(("target progress", _pair(where, title, value, got.targets.get(title))))
    past = sorted({d.isoformat() for d in got.coming_up if want.period_end and d < want.period_end})
    if past:
        diffs.append(("coming up in the past", f"{where}: 'coming up' names {past}"))
    if want.not_answered != got.not_answered:
        diffs.append(
            (
                "not answered",
                _pair(where, "not answered", _sorted(want.not_answered), _sorted(got.not_answered)),
            )
        )
    if want.needs_help != got.needs_help:
        diffs.append(
            (
                "needs help",
                _pair(where, "needs help", sorted(want.needs_help), sorted(got.needs_help)),
            )
        )
    if want.unreachable != got.unreachable:
        diffs.append(
            (
                "unreachable",
                _pair(where, "unreachable", sorted(want.unreachable), sorted(got.unreachable)),
            )
        )
    return diffs


def _pair(where: str, label: str, want: object, got: object) -> str:
    return f"{where}: {label} expected {want}, got {got}"


def _sorted(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items())


def export_table(data: bytes) -> tuple[dict[tuple[str, str, str], dict[str, object]], list[str]]:
    """`reports export --format json` keyed like the oracle; doubled keys are reported."""
    rows: dict[tuple[str, str, str], dict[str, object]] = {}
    doubled = []
    for record in json.loads(data):
        key = (str(record["person"]), str(record["item_key"]), str(record["occurrence"]))
        if key in rows:
            doubled.append(f"{key}: two current rows")
        # The export spells the "how many times" number of an item asked once "#times".
        numbers = {k.removeprefix("#"): v for k, v in (record["numbers"] or {}).items()}
        rows[key] = {
            "choice": record["choice"],
            "numbers": numbers,
            "needs_help": bool(record["needs_help"]),
            "new_date": record.get("new_date", "(no new_date field)"),
            "comment": record["comment"] or None,
        }
    return rows, doubled


def row_diffs(
    want: dict[tuple[str, str, str], dict[str, object]],
    got: dict[tuple[str, str, str], dict[str, object]],
) -> list[tuple[str, str]]:
    diffs: list[tuple[str, str]] = []
    for key in sorted(set(want) | set(got)):
        if key not in got:
            diffs.append(("export missing", f"{key}: expected {want[key]}, no row"))
        elif key not in want:
            diffs.append(("export extra", f"{key}: unexpected row {got[key]}"))
        else:
            for field, value in want[key].items():
                if got[key].get(field) != value:
                    diffs.append(
                        (
                            f"export {field}",
                            f"{key}: {field} expected {value!r}, got {got[key].get(field)!r}",
                        )
                    )
    return diffs


def summary(diffs: list[tuple[str, str]], shown: int = 4) -> str:
    """How many of each kind differ, with the first few of each: readable on failure."""
    kinds: dict[str, list[str]] = {}
    for kind, line in diffs:
        kinds.setdefault(kind, []).append(line)
    out = []
    for kind, lines in kinds.items():
        out.append(f"{kind}: {len(lines)} differences")
        out += [f"    {line}" for line in lines[:shown]]
    return "\n".join(out)


__all__ = ["datetime", "digest_diffs", "export_table", "read_digest", "row_diffs", "summary"]
