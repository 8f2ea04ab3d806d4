"""A people-only roster as CSV: one person a line, lists separated by semicolons."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from bot.core.i18n import N_
from bot.core.model import PersonSpec
from bot.core.plans import Roster
from bot.planfile.checks import PersonChecks
from bot.planfile.fields import MSG_NEED_DATE, parse_hhmm
from bot.planfile.parts import KEY_PATTERN
from bot.planfile.problems import Problems
from bot.planfile.roster_handles import handle_fields, is_handle_field, read_handle

COLUMNS = (
    "id",
    "name",
    "email",
    "locale",
    "timezone",
    "units",
    "roles",
    "slack_user_id",
    "slack_email",
    "telegram_username",
    "reminder_time",
    "away_until",
)
REQUIRED = ("id", "name")

MSG_NO_HEADER = N_("The first line must name the columns, for example: id,name,locale,units.")
MSG_MISSING_COLUMN = N_("The column “{name}” is missing from the first line.")
MSG_CELL_REQUIRED = N_("This column must not be empty.")
MSG_CELL_BAD_KEY = N_(
    "“{value}” cannot be used as an id: use letters, digits, dots, dashes or underscores."
)
MSG_CELL_BAD_TIME = N_("Write a time of day as hours:minutes, for example 09:00.")
MSG_EXTRA_CELLS = N_("This line has more cells than there are columns.")
MSG_CSV_BROKEN = N_("The file cannot be read as CSV: {reason}")
MSG_DUPLICATE_ID = N_("The id “{value}” is already used on line {other}.")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def parse_roster_csv(text: str, filename: str, locale: str, timezone: str) -> Roster:
    """People from CSV; a problem names the line and the column."""
    problems = Problems(filename)
    dialect = _dialect(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if not any(header):
        problems.add(1, None, MSG_NO_HEADER)
        problems.raise_if_any()
    reader.fieldnames = header
    for name in header:
        if name and name not in COLUMNS and not is_handle_field(name):
            problems.unknown_field(1, name, name, COLUMNS)
    for name in REQUIRED:
        if name not in header:
            problems.add(1, name, MSG_MISSING_COLUMN, name=name)
    problems.raise_if_any()
    people = _read_rows(reader, problems, _Defaults(locale, timezone, tuple(handle_fields(header))))
    problems.raise_if_any()
    return Roster(people=tuple(people), source=filename)


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma by default; a semicolon file (as spreadsheets in Sweden and Norway save) too."""
    first = text.splitlines()[0] if text.strip() else ""
    return _Semicolon() if first.count(";") > first.count(",") else csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


@dataclass(frozen=True)
class _Defaults:
    locale: str
    timezone: str
    handle_columns: tuple[str, ...]  # slack_user_id, telegram_username, matrix_user_id ...


def _read_rows(
    reader: csv.DictReader[str], problems: Problems, defaults: _Defaults
) -> list[PersonSpec]:
    people: list[PersonSpec] = []
    seen: dict[str, int] = {}
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            person = _person(row, start, problems, defaults)
            if person is None:
                continue
            if person.key in seen:
                problems.add(
                    start, "id", MSG_DUPLICATE_ID, value=person.key, other=seen[person.key]
                )
                continue
            seen[person.key] = start
            people.append(person)
    except csv.Error as exc:
        problems.add(reader.line_num, None, MSG_CSV_BROKEN, reason=str(exc))
    return people


def _person(
    row: dict[str | None, str | list[str] | None],
    line: int,
    problems: Problems,
    defaults: _Defaults,
) -> PersonSpec | None:
    checks = PersonChecks(problems)
    locale, timezone = defaults.locale, defaults.timezone
    if row.get(None):
        problems.add(line, None, MSG_EXTRA_CELLS)
    names = dict.fromkeys((*COLUMNS, *defaults.handle_columns))
    cell = {name: str(row.get(name) or "").strip() for name in names}
    before = len(problems.found)
    for name in REQUIRED:
        if not cell[name]:
            problems.add(line, name, MSG_CELL_REQUIRED)
    if cell["id"] and not KEY_PATTERN.match(cell["id"]):
        problems.add(line, "id", MSG_CELL_BAD_KEY, value=cell["id"])
    chosen_locale = checks.locale(cell["locale"], line, "locale") if cell["locale"] else locale
    chosen_zone = (
        checks.timezone(cell["timezone"], line, "timezone") if cell["timezone"] else timezone
    )
    roles = checks.roles(_split(cell["roles"]), line, "roles")
    reminder = parse_hhmm(cell["reminder_time"]) if cell["reminder_time"] else None
    if cell["reminder_time"] and reminder is None:
        problems.add(line, "reminder_time", MSG_CELL_BAD_TIME)
    away_until = _date(cell["away_until"], line, problems)
    found = [read_handle(n, cell[n], checks, line, n) for n in defaults.handle_columns]
    handles = tuple(handle for handle in found if handle is not None)
    if len(problems.found) > before or not (chosen_locale and chosen_zone and roles):
        return None
    return PersonSpec(
        cell["id"],
        cell["name"],
        chosen_locale,
        chosen_zone,
        roles,
        tuple(dict.fromkeys(_split(cell["units"]))),
        cell["email"] or None,
        handles,
        reminder,
        line=line,
        locale_explicit=bool(cell["locale"]),
        away_until=away_until,
    )


def _date(text: str, line: int, problems: Problems) -> date | None:
    """An optional ISO date cell (away_until); a bad one is named on its line."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(line, "away_until", MSG_NEED_DATE)
        return None
