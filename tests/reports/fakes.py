"""A recording fake transport for digest and summary tests."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from bot.core.ports import InboundHandler


@dataclass
class RecordingTransport:
    """Keeps every message and file it was asked to send; can be told to fail for a chat."""

    kind: Platform = Platform.CONSOLE
    sent: list[tuple[ChatAddress, OutgoingMessage]] = field(default_factory=list)
    files: list[tuple[ChatAddress, bytes, str, str]] = field(default_factory=list)
    failing_chats: set[str] = field(default_factory=set)

    @property
    def platform(self) -> Platform:
        return self.kind

    async def open(self) -> None:
        return None

    async def start(self, handler: InboundHandler) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        if to.chat_id in self.failing_chats:
            raise DeliveryError(DeliveryFailure.UNREACHABLE, "blocked")
        self.sent.append((to, message))
        return MessageRef(self.kind, to.chat_id, str(len(self.sent)))

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        return None

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        self.files.append((to, data, filename, caption))
        return MessageRef(self.kind, to.chat_id, f"f{len(self.files)}")

    def chats(self) -> list[str]:
        return [to.chat_id for to, _message in self.sent]
