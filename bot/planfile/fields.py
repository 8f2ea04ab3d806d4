"""Reading typed values out of the YAML tree, recording a problem for each bad one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time

from bot.core.i18n import N_
from bot.planfile.problems import Problems, index_path, join_path
from bot.planfile.yamltree import Map, Node, Scalar, Seq

MSG_NEED_TEXT = N_("Write a single value here, not a list or a group of fields.")
MSG_NEED_MAP = N_("Write the fields of this entry here (name: value on separate lines).")
MSG_NEED_LIST = N_("Write a list here (one line per entry, each starting with “- ”).")
MSG_REQUIRED = N_("This field is required.")
MSG_EMPTY = N_("This field must not be empty.")
MSG_NEED_WHOLE_NUMBER = N_("Write a whole number here, for example 3.")
MSG_TOO_SMALL = N_("The number must be at least {minimum}.")
MSG_TOO_LARGE = N_("The number must be at most {maximum}.")
MSG_NEED_YES_NO = N_("Write true or false here.")
MSG_NEED_DATE = N_("Write a date as year-month-day, for example 2025-03-12.")
MSG_IMPOSSIBLE_DATE = N_("The date {value} does not exist in the calendar.")
MSG_NEED_TIME = N_("Write a time of day as hours:minutes, for example 09:00.")
MSG_TOO_LONG = N_("The text is too long (at most {maximum} characters).")

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_TEXT = 5000


class Fields:
    """Typed readers over one file's problems."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def check_keys(self, node: Map, path: str, allowed: Iterable[str]) -> None:
        names = set(allowed)
        for key in node.values:
            if key not in names:
                self.problems.unknown_field(node.line_of(key), join_path(path, key), key, names)

    def mapping(self, node: Node | None, path: str, line: int) -> Map | None:
        if isinstance(node, Map):
            return node
        self._wrong(node, path, line, MSG_NEED_MAP)
        return None

    def sequence(self, node: Node | None, path: str, line: int) -> list[Node]:
        """A list; a single value counts as a list of one."""
        if isinstance(node, Seq):
            return node.items
        if isinstance(node, Scalar) and node.is_null:
            return []
        if isinstance(node, Scalar):
            return [node]
        self._wrong(node, path, line, MSG_NEED_LIST)
        return []

    def text(self, parent: Map, key: str, path: str, *, required: bool = False) -> str | None:
        node = parent.get(key)
        field = join_path(path, key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            if required:
                self.problems.add(parent.line_of(key), field, MSG_REQUIRED)
            return None
        return self.scalar_text(node, field, required=required)

    def scalar_text(self, node: Node, field: str, *, required: bool = False) -> str | None:
        if not isinstance(node, Scalar):
            self.problems.add(node.line, field, MSG_NEED_TEXT)
            return None
        value = node.text.strip()
        if not value and required:
            self.problems.add(node.line, field, MSG_EMPTY)
            return None
        if len(value) > MAX_TEXT:
            self.problems.add(node.line, field, MSG_TOO_LONG, maximum=MAX_TEXT)
            return None
        return value

    def integer(
        self,
        node: Node,
        field: str,
        *,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        if not isinstance(node, Scalar) or node.quoted or not re.fullmatch(r"-?\d+", node.text):
            self.problems.add(node.line, field, MSG_NEED_WHOLE_NUMBER)
            return None
        value = int(node.text)
        if minimum is not None and value < minimum:
            self.problems.add(node.line, field, MSG_TOO_SMALL, minimum=minimum)
            return None
        if maximum is not None and value > maximum:
            self.problems.add(node.line, field, MSG_TOO_LARGE, maximum=maximum)
            return None
        return value

    def integers(
        self, node: Node, field: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> tuple[int, ...]:
        items = self.sequence(node, field, node.line)
        values = (
            self.integer(item, index_path(field, i), minimum=minimum, maximum=maximum)
            for i, item in enumerate(items)
        )
        return tuple(v for v in values if v is not None)

    def boolean(self, node: Node, field: str) -> bool | None:
        if isinstance(node, Scalar) and node.tag.endswith(":bool"):
            return node.text.lower() in ("true", "yes", "on", "y")
        self.problems.add(node.line, field, MSG_NEED_YES_NO)
        return None

    def date(self, node: Node, field: str) -> date | None:
        """A date as 2025-03-12, quoted or not; 2025-02-30 is named as impossible."""
        if not isinstance(node, Scalar):
            self.problems.add(node.line, field, MSG_NEED_DATE)
            return None
        match = _DATE.match(node.text.strip())
        if not match:
            self.problems.add(node.line, field, MSG_NEED_DATE)
            return None
        year, month, day = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            self.problems.add(node.line, field, MSG_IMPOSSIBLE_DATE, value=node.text.strip())
            return None

    def time_of_day(self, node: Node, field: str) -> time | None:
        match = _HHMM.match(node.text.strip()) if isinstance(node, Scalar) else None
        if not match:
            self.problems.add(node.line, field, MSG_NEED_TIME)
            return None
        return time(int(match.group(1)), int(match.group(2)))

    def _wrong(self, node: Node | None, path: str, line: int, msgid: str) -> None:
        if node is None or (isinstance(node, Scalar) and node.is_null):
            self.problems.add(line, path, MSG_REQUIRED)
        else:
            self.problems.add(node.line, path, msgid)


def parse_hhmm(text: str) -> time | None:
    """'09:00' or '9:00' as a time, None when it is not one (for CSV cells)."""
    match = _HHMM.match(text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def parse_iso_date(text: str) -> date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
