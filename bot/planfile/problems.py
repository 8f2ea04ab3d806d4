"""Collecting every problem in an input file, so the reader sees them all at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from bot.core.errors import InputFileError, Problem
from bot.core.i18n import N_

MSG_UNKNOWN_FIELD = N_("Unknown field “{name}”. Did you mean “{suggestion}”?")
MSG_UNKNOWN_FIELD_NO_HINT = N_("Unknown field “{name}”. Allowed here: {allowed}.")


class Problems:
    """The problems found in one file, in the order they were found."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, line: int | None, field: str | None, msgid: str, **params: Any) -> None:
        self.found.append(Problem(self.file, line, field, msgid, params))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        if self.found:
            raise InputFileError(sorted(self.found, key=_position))

    def unknown_field(self, line: int, path: str, name: str, allowed: Iterable[str]) -> None:
        """Name the nearest allowed field, or list them all when nothing is close."""
        choices = sorted(allowed)
        close = difflib.get_close_matches(name.lower(), choices, n=1, cutoff=0.6)
        if close:
            self.add(line, path, MSG_UNKNOWN_FIELD, name=name, suggestion=close[0])
        else:
            self.add(line, path, MSG_UNKNOWN_FIELD_NO_HINT, name=name, allowed=", ".join(choices))


def _position(problem: Problem) -> tuple[int, str]:
    return (problem.line or 0, problem.field or "")


def join_path(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def index_path(parent: str, index: int) -> str:
    """Field paths count from 1, as a board member counts items in a list."""
    return f"{parent}[{index + 1}]"
