"""Linking roster people to a platform's accounts: the records and the ports it needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.core.conversation import ChatAccount
from bot.core.model import Platform


@dataclass(frozen=True)
class LinkCandidate:
    """A roster person without a linked account on the platform."""

    person_id: int
    user_id: str | None  # the roster's user id handle on the platform (slack_user_id)
    email: str | None  # the address to look the account up by (e-mail handle, else email)


@dataclass(frozen=True)
class UnopenedIdentity:
    """A linked account whose direct-message channel is not stored yet."""

    identity_id: int
    user_id: str


@runtime_checkable
class Directory(Protocol):
    """What a platform can tell about its people (Slack: users.lookupByEmail, conversations)."""

    @property
    def platform(self) -> Platform: ...

    @property
    def team_id(self) -> str | None: ...

    async def lookup_user_by_email(self, email: str) -> str | None: ...

    async def open_direct(self, user_id: str) -> str: ...


class LinkStore(Protocol):
    async def link_candidates(self, platform: Platform) -> list[LinkCandidate]: ...

    async def unopened_identities(self, platform: Platform) -> list[UnopenedIdentity]: ...

    async def link_account(self, person_id: int, account: ChatAccount, at: datetime) -> bool:
        """Link; False (and nothing written) when the account is already someone else's."""
        ...

    async def store_chat(self, identity_id: int, chat_id: str) -> None: ...
