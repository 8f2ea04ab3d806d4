"""The error tree: one root, user-facing errors that carry a translatable message."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # an annotation only: the CLI loads this module at start-up
    from bot.core.model import DeliveryFailure


class OmbudError(Exception):
    """Root of every error Ombud raises on purpose."""


class UserFacingError(OmbudError):
    """An error shown to a person in their language: msgid is a gettext message id."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params: dict[str, Any] = params


class ConfigError(OmbudError):
    """The configuration cannot be used; each problem is one line for the operator."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and what is wrong (a gettext msgid)."""

    file: str
    line: int | None
    field: str | None
    msgid: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


class InputFileError(OmbudError):
    """A plan, roster or document could not be read; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in input")
        self.problems = problems


class DeliveryError(OmbudError):
    """A platform refused or failed a send. `code` is the platform's error code, never text."""

    def __init__(
        self, failure: DeliveryFailure, code: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(f"{failure.value}:{code}")
        self.failure = failure
        self.code = code
        self.retry_after = retry_after


class NotFoundError(OmbudError):
    """A thing named by a key or id does not exist."""
