"""Reading a roster (YAML with units, boards and people, or CSV with people) into a Roster."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import TypeVar

from bot.core.i18n import N_
from bot.core.model import BoardSpec, Handle, PersonSpec, UnitSpec
from bot.core.plans import Roster
from bot.planfile.checks import PersonChecks, find_unit_cycles
from bot.planfile.fields import Fields
from bot.planfile.parts import PartsReader
from bot.planfile.problems import Problems, index_path, join_path
from bot.planfile.reading import read_text
from bot.planfile.roster_csv import parse_roster_csv
from bot.planfile.roster_handles import handle_fields, read_handle
from bot.planfile.yamltree import Map, Node, Scalar, read_tree

ROSTER_FIELDS = ("defaults", "units", "boards", "people")
UNIT_FIELDS = ("id", "name", "kind", "parent")
BOARD_FIELDS = (
    "id",
    "unit",
    "name",
    "members",
    "digest_weekday",
    "digest_time",
    "digest_to_members",
    "timezone",
    "locale",
)
PERSON_FIELDS = (
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
WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "måndag", "mandag", "måndag"),
            ("tuesday", "tisdag", "tirsdag", "tysdag"),
            ("wednesday", "onsdag"),
            ("thursday", "torsdag"),
            ("friday", "fredag"),
            ("saturday", "lördag", "lørdag", "laurdag"),
            ("sunday", "söndag", "søndag", "sundag"),
        ]
    )
    for name in names
}

T = TypeVar("T")

MSG_NOT_A_ROSTER = N_("This does not look like a roster: it needs units, boards or people.")
MSG_DUPLICATE_ID = N_("The id “{value}” is already used on line {other}.")
MSG_BAD_WEEKDAY = N_("Write a weekday (monday to sunday) or a number from 0 (Monday) to 6.")
MSG_BOARD_PER_UNIT = N_("The unit “{value}” already has a board on line {other}.")


@dataclass(frozen=True)
class RosterDefaults:
    locale: str = "sv"
    timezone: str = "Europe/Stockholm"


def load_roster(
    path: Path, *, default_locale: str = "sv", default_timezone: str = "Europe/Stockholm"
) -> Roster:
    """A roster from YAML or CSV (by the file's ending); raises InputFileError."""
    text = read_text(path)
    defaults = RosterDefaults(default_locale, default_timezone)
    if path.suffix.lower() == ".csv":
        return parse_roster_csv(text, str(path), defaults.locale, defaults.timezone)
    return parse_roster_yaml(text, str(path), defaults)


def parse_roster_yaml(text: str, filename: str, defaults: RosterDefaults | None = None) -> Roster:
    problems = Problems(filename)
    root = read_tree(text, problems)
    if not isinstance(root, Map) or not any(k in root.values for k in ROSTER_FIELDS[1:]):
        if not problems:
            problems.add(getattr(root, "line", None), None, MSG_NOT_A_ROSTER)
        problems.raise_if_any()
    assert isinstance(root, Map)
    roster = _RosterReader(problems, defaults or RosterDefaults()).read(root, filename)
    problems.raise_if_any()
    return roster


class _RosterReader:
    def __init__(self, problems: Problems, defaults: RosterDefaults) -> None:
        self.problems = problems
        self.fields = Fields(problems)
        self.parts = PartsReader(self.fields)
        self.defaults = defaults
        self.checks = PersonChecks(problems)

    def read(self, root: Map, filename: str) -> Roster:
        self.fields.check_keys(root, "", ROSTER_FIELDS)
        self._read_defaults(root)
        units = self._entries(root, "units", self._unit)
        boards = self._entries(root, "boards", self._board)
        people = self._entries(root, "people", self._person)
        self._check_unique(units, "units")
        self._check_unique(boards, "boards")
        self._check_unique(people, "people")
        self._check_one_board_per_unit(boards)
        find_unit_cycles(units, self.problems)
        return Roster(tuple(units), tuple(boards), tuple(people), filename)

    def _read_defaults(self, root: Map) -> None:
        node = root.get("defaults")
        if node is None:
            return
        entry = self.fields.mapping(node, "defaults", root.line_of("defaults"))
        if entry is None:
            return
        self.fields.check_keys(entry, "defaults", ("locale", "timezone"))
        locale = self._locale(entry, "defaults") or self.defaults.locale
        timezone = self._timezone(entry, "defaults") or self.defaults.timezone
        self.defaults = RosterDefaults(locale, timezone)

    def _entries(self, root: Map, name: str, read: Callable[[Map, str], T | None]) -> list[T]:
        found: list[T] = []
        if not _given(root, name):
            return found
        for index, node in enumerate(self.fields.sequence(root.get(name), name, root.line)):
            path = index_path(name, index)
            entry = self.fields.mapping(node, path, node.line)
            if entry is not None:
                value = read(entry, path)
                if value is not None:
                    found.append(value)
        return found

    def _unit(self, entry: Map, path: str) -> UnitSpec | None:
        self.fields.check_keys(entry, path, UNIT_FIELDS)
        key = self.parts.key(entry, "id", path)
        name = self.fields.text(entry, "name", path, required=True)
        kind = self.fields.text(entry, "kind", path, required=True)
        parent = self.parts.key(entry, "parent", path) if _given(entry, "parent") else None
        if not (key and name and kind):
            return None
        return UnitSpec(key, name, kind.lower(), parent, line=entry.line)

    def _board(self, entry: Map, path: str) -> BoardSpec | None:
        self.fields.check_keys(entry, path, BOARD_FIELDS)
        unit = self.parts.key(entry, "unit", path)
        key = self.parts.key(entry, "id", path) if _given(entry, "id") else unit
        name = self.fields.text(entry, "name", path, required=True)
        members = self._keys(entry, "members", path)
        weekday = self._weekday(entry, path)
        digest_time = self._time(entry, "digest_time", path) or time(8, 0)
        to_members = False
        if _given(entry, "digest_to_members"):
            field = join_path(path, "digest_to_members")
            to_members = bool(self.fields.boolean(entry.values["digest_to_members"], field))
        timezone = self._timezone(entry, path) or self.defaults.timezone
        locale = self._locale(entry, path) or self.defaults.locale
        if not (key and unit and name):
            return None
        return BoardSpec(
            key,
            unit,
            name,
            members,
            weekday,
            digest_time,
            timezone,
            locale,
            line=entry.line,
            digest_to_members=to_members,
        )

    def _person(self, entry: Map, path: str) -> PersonSpec | None:
        self.fields.check_keys(entry, path, (*PERSON_FIELDS, *handle_fields(entry.values)))
        key = self.parts.key(entry, "id", path)
        name = self.fields.text(entry, "name", path, required=True)
        locale = self._locale(entry, path) or self.defaults.locale
        timezone = self._timezone(entry, path) or self.defaults.timezone
        units = self._keys(entry, "units", path)
        roles = self.checks.roles(
            [self._text_of(n) for n in self._list(entry, "roles", path)],
            entry.line_of("roles"),
            join_path(path, "roles"),
        )
        email = self.fields.text(entry, "email", path)
        handles = self._handles(entry, path)
        reminder = self._time(entry, "reminder_time", path)
        if not (key and name and roles is not None):
            return None
        return PersonSpec(
            key,
            name,
            locale,
            timezone,
            roles,
            units,
            email,
            handles,
            reminder,
            line=entry.line,
            locale_explicit=_given(entry, "locale"),
            away_until=self._date(entry, "away_until", path),
        )

    def _handles(self, entry: Map, path: str) -> tuple[Handle, ...]:
        found = []
        for name in handle_fields(entry.values):
            text = self.fields.text(entry, name, path)
            field = join_path(path, name)
            handle = read_handle(name, text, self.checks, entry.line_of(name), field)
            if handle is not None:
                found.append(handle)
        return tuple(found)

    def _list(self, entry: Map, name: str, path: str) -> list[Node]:
        if not _given(entry, name):
            return []
        return self.fields.sequence(entry.values[name], join_path(path, name), entry.line_of(name))

    def _keys(self, entry: Map, name: str, path: str) -> tuple[str, ...]:
        field = join_path(path, name)
        keys = []
        for index, node in enumerate(self._list(entry, name, path)):
            text = self.fields.scalar_text(node, index_path(field, index), required=True)
            if text:
                keys.append(text)
        return tuple(dict.fromkeys(keys))

    def _text_of(self, node: Node) -> str:
        return node.text.strip() if isinstance(node, Scalar) else ""

    def _locale(self, entry: Map, path: str) -> str | None:
        text = self.fields.text(entry, "locale", path)
        field = join_path(path, "locale")
        return self.checks.locale(text, entry.line_of("locale"), field) if text else None

    def _timezone(self, entry: Map, path: str) -> str | None:
        text = self.fields.text(entry, "timezone", path)
        field = join_path(path, "timezone")
        return self.checks.timezone(text, entry.line_of("timezone"), field) if text else None

    def _time(self, entry: Map, name: str, path: str) -> time | None:
        if not _given(entry, name):
            return None
        return self.fields.time_of_day(entry.values[name], join_path(path, name))

    def _date(self, entry: Map, name: str, path: str) -> date | None:
        if not _given(entry, name):
            return None
        return self.fields.date(entry.values[name], join_path(path, name))

    def _weekday(self, entry: Map, path: str) -> int:
        if not _given(entry, "digest_weekday"):
            return 0
        node = entry.values["digest_weekday"]
        text = self._text_of(node).lower()
        if text.isdigit() and int(text) <= 6:
            return int(text)
        if text in WEEKDAYS:
            return WEEKDAYS[text]
        self.problems.add(node.line, join_path(path, "digest_weekday"), MSG_BAD_WEEKDAY)
        return 0

    def _check_unique(
        self, specs: list[UnitSpec] | list[BoardSpec] | list[PersonSpec], name: str
    ) -> None:
        seen: dict[str, int | None] = {}
        for spec in specs:
            if spec.key in seen:
                self.problems.add(
                    spec.line,
                    join_path(name, "id"),
                    MSG_DUPLICATE_ID,
                    value=spec.key,
                    other=seen[spec.key],
                )
            else:
                seen[spec.key] = spec.line

    def _check_one_board_per_unit(self, boards: list[BoardSpec]) -> None:
        seen: dict[str, int | None] = {}
        for board in boards:
            if board.unit in seen:
                self.problems.add(
                    board.line,
                    "boards.unit",
                    MSG_BOARD_PER_UNIT,
                    value=board.unit,
                    other=seen[board.unit],
                )
            seen.setdefault(board.unit, board.line)


def _given(entry: Map, name: str) -> bool:
    node = entry.get(name)
    return node is not None and not (isinstance(node, Scalar) and node.is_null)
