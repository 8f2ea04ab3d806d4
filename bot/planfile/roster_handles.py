"""A person's chat handles in a roster: every field named PLATFORM_KIND is one handle."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.model import Handle, HandleKind
from bot.planfile.checks import PersonChecks

# slack_user_id, slack_email, telegram_username (the documented fields) and the same pattern
# for any other platform (matrix_user_id), so a new platform needs no new roster field.
HANDLE_FIELD = re.compile(
    r"^(?P<platform>[a-z][a-z0-9]{1,15})_(?P<kind>" + "|".join(k.value for k in HandleKind) + ")$"
)


def is_handle_field(name: str) -> bool:
    return HANDLE_FIELD.match(name) is not None


def handle_fields(names: Iterable[str]) -> list[str]:
    """The names that give handles, in the order written."""
    return [name for name in names if is_handle_field(name)]


def read_handle(
    name: str, text: str | None, checks: PersonChecks, line: int | None, field: str
) -> Handle | None:
    """The handle a field gives; None when empty, or bad (the problem is recorded)."""
    found = HANDLE_FIELD.match(name)
    if found is None or not text:
        return None
    platform, kind = found["platform"], HandleKind(found["kind"])
    if (platform, kind) == ("telegram", HandleKind.USERNAME):
        if not checks.check_telegram(text, line, field):
            return None
        text = checks.telegram_username(text)
    return Handle(platform, kind, text) if text else None
