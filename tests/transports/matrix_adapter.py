"""A made-up chat platform for tests, its whole adapter in this one file: registering the
platform's name and implementing the Transport and Directory ports is all a platform takes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import InboundHandler

MATRIX = Platform.register("matrix")


class Posted(NamedTuple):
    room: str
    message: OutgoingMessage


class MatrixAdapter:
    """Rooms in memory: a direct room opens per known user; every post is kept in order."""

    def __init__(self, users_by_email: Mapping[str, str], known: set[str]) -> None:
        self.users_by_email = dict(users_by_email)
        self.known = known | set(users_by_email.values())
        self.posted: list[Posted] = []
        self._handler: InboundHandler | None = None

    @property
    def platform(self) -> Platform:
        return MATRIX

    @property
    def team_id(self) -> str | None:
        return None

    async def lookup_user_by_email(self, email: str) -> str | None:
        return self.users_by_email.get(email)

    async def open_direct(self, user_id: str) -> str:
        if user_id not in self.known:
            raise DeliveryError(DeliveryFailure.UNREACHABLE, code="M_NOT_FOUND")
        return f"!dm-{user_id}"

    async def open(self) -> None: ...

    async def start(self, handler: InboundHandler) -> None:
        self._handler = handler

    async def stop(self) -> None:
        self._handler = None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self.posted.append(Posted(to.chat_id, message))
        return MessageRef(MATRIX, to.chat_id, f"$event{len(self.posted)}")

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        self.posted.append(Posted(ref.chat_id, message))

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        raise DeliveryError(DeliveryFailure.PERMANENT, code="M_UNSUPPORTED")
