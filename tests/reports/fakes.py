"""The memory transport under the keyword names the digest and summary tests use."""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.model import Platform
from bot.transports.memory import MemoryTransport


class RecordingTransport(MemoryTransport):
    """A memory transport for `kind`; chats in `failing_chats` refuse as unreachable."""

    def __init__(
        self, kind: Platform = Platform.CONSOLE, failing_chats: Iterable[str] = ()
    ) -> None:
        super().__init__(kind)
        self.failing_chats.update(failing_chats)
