"""Chat platforms as registered names: the three Ombud ships, and any an adapter adds."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar

# A platform's name: what the chat_identity and person_handle rows store (at most 16 long).
PLATFORM_NAME = re.compile(r"^[a-z][a-z0-9]{1,15}$")


class _PlatformRegistry(type):
    """Iterating `Platform` lists the registered platforms, as iterating an enum would."""

    _known: dict[str, Platform]

    def __iter__(cls) -> Iterator[Platform]:
        return iter(list(cls._known.values()))

    def __len__(cls) -> int:
        return len(cls._known)

    @property
    def __members__(cls) -> Mapping[str, Platform]:
        return MappingProxyType({p.upper(): p for p in cls._known.values()})


class Platform(str, metaclass=_PlatformRegistry):
    """A chat platform by its registered name, so a new platform needs no edit here.

    An adapter registers its name once (`MATRIX = Platform.register("matrix")`);
    `Platform("slack")` then returns the one registered instance (so `is` compares as it
    would for an enum member) and raises ValueError for a name nobody registered.
    """

    __slots__ = ()
    _known: ClassVar[dict[str, Platform]] = {}
    CONSOLE: ClassVar[Platform]
    TELEGRAM: ClassVar[Platform]
    SLACK: ClassVar[Platform]

    def __new__(cls, name: str) -> Platform:
        found = cls._known.get(str(name))
        if found is None:
            raise ValueError(f"{name!r} is not a registered platform")
        return found

    @classmethod
    def register(cls, name: str) -> Platform:
        """The platform of this name, registered now if it was not yet."""
        if not PLATFORM_NAME.match(name):
            raise ValueError(f"{name!r} is not a platform name (a-z and 0-9, at most 16)")
        if name not in cls._known:
            cls._known[name] = str.__new__(cls, name)
        return cls._known[name]

    @property
    def value(self) -> str:
        return str(self)

    @property
    def name(self) -> str:
        return self.upper()

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"Platform({str.__repr__(self)})"


Platform.CONSOLE = Platform.register("console")
Platform.TELEGRAM = Platform.register("telegram")
Platform.SLACK = Platform.register("slack")
