"""Checks a roster shares between YAML and CSV: locales, time zones, roles, the unit tree."""

from __future__ import annotations

import re
from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.i18n import N_, SUPPORTED_LOCALES, negotiate_locale
from bot.core.model import Role, UnitSpec
from bot.planfile.problems import Problems

MSG_BAD_LOCALE = N_("“{value}” is not a language Ombud speaks; use one of: {choices}.")
MSG_BAD_TIMEZONE = N_("“{value}” is not a known time zone; write it like Europe/Stockholm.")
MSG_BAD_ROLE = N_("“{value}” is not a role; use one of: {choices}.")
MSG_BAD_TELEGRAM = N_("“{value}” is not a Telegram username (5 to 32 letters, digits or _).")
MSG_UNIT_CYCLE = N_("The unit “{value}” ends up as its own parent: {chain}.")

_TELEGRAM = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")
_ROLES = tuple(role.value for role in Role)


class PersonChecks:
    """Value checks that record a problem and return None for a bad value."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems

    def locale(self, text: str, line: int | None, field: str) -> str | None:
        locale = negotiate_locale(text, default="")
        if locale not in SUPPORTED_LOCALES:
            choices = ", ".join(SUPPORTED_LOCALES)
            self.problems.add(line, field, MSG_BAD_LOCALE, value=text, choices=choices)
            return None
        return locale

    def timezone(self, text: str, line: int | None, field: str) -> str | None:
        try:
            ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            self.problems.add(line, field, MSG_BAD_TIMEZONE, value=text)
            return None
        return text

    def roles(self, texts: Iterable[str], line: int | None, field: str) -> frozenset[Role] | None:
        """Roles as written; none written means a steward."""
        found: set[Role] = set()
        bad = False
        for text in (t.strip().lower() for t in texts):
            if not text:
                continue
            if text in _ROLES:
                found.add(Role(text))
            else:
                bad = True
                self.problems.add(line, field, MSG_BAD_ROLE, value=text, choices=", ".join(_ROLES))
        if bad:
            return None
        return frozenset(found) or frozenset({Role.STEWARD})

    def telegram_username(self, text: str | None) -> str | None:
        """Without the @; a bad one was reported by `check_telegram`."""
        return text.lstrip("@") if text else None

    def check_telegram(self, text: str | None, line: int | None, field: str) -> bool:
        if text and not _TELEGRAM.match(text.lstrip("@")):
            self.problems.add(line, field, MSG_BAD_TELEGRAM, value=text)
            return False
        return True


def find_unit_cycles(units: Iterable[UnitSpec], problems: Problems) -> None:
    """Report each unit whose parent chain returns to itself."""
    parents = {unit.key: unit.parent for unit in units}
    lines = {unit.key: unit.line for unit in units}
    reported: set[str] = set()
    for start in parents:
        chain = [start]
        current = parents.get(start)
        while current is not None and current in parents and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if current == start and start not in reported:
            reported.update(chain)
            problems.add(
                lines[start],
                "units.parent",
                MSG_UNIT_CYCLE,
                value=start,
                chain=" → ".join([*chain, start]),
            )
