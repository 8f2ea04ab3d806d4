"""The console transport: a chat in a terminal, for trying Ombud and for tests.

Lines in become neutral events: "/cmd args" is a command, a number picks a button of the
newest message (when it has buttons), anything else is text (a number beyond the buttons says
how many there are, so the handlers can tell the person). Messages out are printed under their
own number (the one an edit names) with their buttons numbered from 1, a tap's toast in
brackets; a toast whose text a message of the same event prints anyway (a confirmation that
is also the reply, a note the edited reminder shows) is not printed a second time.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import TextIO

from bot.core.i18n import DEFAULT_LOCALE, translator
from bot.core.messages import (
    Button,
    Capabilities,
    ChatAddress,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    Effect,
    Form,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    Reply,
    Sender,
    SendTo,
    TextReceived,
)
from bot.core.model import Platform
from bot.core.ports import InboundHandler, TapRecorder
from bot.transports.effects import carry_out, no_forms

MAX_LINE_CHARS = 100_000
# A terminal prints each button on its own line and has no forms (their questions follow).
CAPABILITIES = Capabilities(forms=False, buttons_per_row=1)


def printed_lines(message: OutgoingMessage) -> list[str]:
    """A message as the terminal prints it, line by line."""
    lines: list[str] = []
    if message.title:
        lines.append(f"== {message.title} ==")
    if message.text:
        lines.append(message.text)
    for section in message.sections:
        lines.append(f"-- {section.title}")
        lines.extend(f"   {line}" for line in section.lines)
    if message.context:
        lines.append(f"({message.context})")
    lines.extend(f"  [{number}] {b.label}" for number, b in enumerate(message.buttons, start=1))
    return lines


def shown_text(effects: Sequence[Effect]) -> frozenset[str]:
    """Every line the messages among one event's effects print, without the indentation."""
    shown: set[str] = set()
    for effect in effects:
        if isinstance(effect, Reply | SendTo | EditMessage):
            for printed in printed_lines(effect.message):
                shown.add(printed.strip())
                shown.update(line.strip() for line in printed.splitlines())
    return frozenset(shown)


def _ascii_command(word: str) -> str:
    folded = word.lower().translate(str.maketrans("åäöøæ", "aaooa"))
    return "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch in "_-"))


class ConsoleTransport:
    """One person's chat in a terminal: prints messages, turns typed lines into events."""

    def __init__(self, person_key: str | None, out: TextIO, *, language_code: str | None = None):
        self.person_key = person_key or "console"
        self.out = out
        self.language_code = language_code
        self._handler: InboundHandler | None = None
        self._message_ids = itertools.count(1)
        self._event_ids = itertools.count(1)
        # Each session is its own "bot": its event ids never meet an earlier session's.
        self.session = f"console-{uuid.uuid4().hex[:12]}"
        self._buttons: tuple[Button, ...] = ()
        self._last_ref: MessageRef | None = None

    @property
    def platform(self) -> Platform:
        return Platform.CONSOLE

    @property
    def sender(self) -> Sender:
        key = self.person_key
        return Sender(
            Platform.CONSOLE,
            user_id=key,
            chat_id=key,
            language_code=self.language_code,
            bot=self.session,
            capabilities=CAPABILITIES,
        )

    def address(self) -> ChatAddress:
        return self.sender.address()

    async def open(self) -> None:
        """A terminal needs no sign-in."""

    async def start(self, handler: InboundHandler, record_taps: TapRecorder | None = None) -> None:
        self._handler = handler

    async def stop(self) -> None:
        self._handler = None

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _render(self, message: OutgoingMessage) -> None:
        for line in printed_lines(message):
            self._print(line)

    def _remember(self, message: OutgoingMessage, ref: MessageRef) -> None:
        # Only the newest message's buttons can be picked, so a number typed as an
        # answer is not mistaken for a tap on an old message.
        self._buttons = message.buttons
        self._last_ref = ref

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        ref = MessageRef(Platform.CONSOLE, to.chat_id, str(next(self._message_ids)))
        tr = translator(self.language_code or DEFAULT_LOCALE)
        self._print("")
        # The number an edit names later: "(message 3 now reads:)" points back here.
        self._print(tr.gettext("(message {number})", number=ref.message_id))
        self._render(message)
        self._remember(message, ref)
        return ref

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        tr = translator(self.language_code or DEFAULT_LOCALE)
        self._print(tr.gettext("(message {number} now reads:)", number=ref.message_id))
        self._render(message)
        if self._last_ref == ref:
            self._buttons = message.buttons

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        ref = MessageRef(Platform.CONSOLE, to.chat_id, str(next(self._message_ids)))
        tr = translator(self.language_code or DEFAULT_LOCALE)
        size = len(data)
        line = tr.ngettext(
            "[file: {name}, {n} byte]", "[file: {name}, {n} bytes]", size, name=filename
        )
        self._print(f"{line} {caption}")
        return ref

    def toast(self, text: str) -> None:
        self._print(f"[{text}]")

    def event_for(self, line: str) -> InboundEvent | None:
        """A typed line as a neutral event; None for an empty line."""
        text = line.rstrip("\r\n")[:MAX_LINE_CHARS]
        if not text.strip():
            return None
        event_id = f"{self.session}-{next(self._event_ids)}"
        stripped = text.strip()
        if stripped.startswith("/") and len(stripped) > 1:
            word, _, args = stripped[1:].partition(" ")
            return CommandReceived(self.sender, _ascii_command(word), args.strip(), event_id)
        if stripped.isdigit() and self._buttons and 1 <= int(stripped) <= len(self._buttons):
            button = self._buttons[int(stripped) - 1]
            return ChoiceSelected(self.sender, button.token, event_id, self._last_ref)
        return TextReceived(self.sender, text, event_id, numbered_buttons=len(self._buttons))

    async def apply(self, effects: Sequence[Effect]) -> None:
        """Carry out a handler's effects in the terminal; forms are skipped (questions follow)."""
        await carry_out(effects, _ConsoleClient(self, shown_text(effects)))


class _ConsoleClient:
    """The executor's client: the terminal has one chat, no forms, and prints its toasts.

    On a phone a toast flashes over the chat and is gone; in a terminal it stays as a line,
    so a toast that repeats a line the same event's messages print is left out.
    """

    name = "console"

    def __init__(self, console: ConsoleTransport, shown: frozenset[str] = frozenset()) -> None:
        self._console = console
        self._shown = shown

    @property
    def where(self) -> str:
        return self._console.person_key

    async def reply(self, message: OutgoingMessage, *, ephemeral: bool) -> None:
        await self._console.send(self._console.address(), message)

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> None:
        await self._console.send(to, message)

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self._console.edit(ref, message)

    async def acknowledge(self, toast: str | None) -> None:
        if toast and toast.strip() not in self._shown:
            self._console.toast(toast)

    async def open_form(self, form: Form, prefill: Mapping[str, str]) -> None:
        raise no_forms()


async def _lines_of(source: AsyncIterator[str] | TextIO) -> AsyncIterator[str]:
    if isinstance(source, AsyncIterator):
        async for line in source:
            yield line
        return
    while True:
        line = await asyncio.to_thread(source.readline)
        if not line:
            return
        yield line


async def run_console(
    transport: ConsoleTransport,
    handler: InboundHandler,
    lines: AsyncIterator[str] | TextIO,
    *,
    before_read: Callable[[], Awaitable[None]] | None = None,
    prompt: str = "> ",
) -> None:
    """Read lines until the end of input, route each through the handler, show the effects."""
    await transport.start(handler)
    source = _lines_of(lines)
    try:
        while True:
            if before_read is not None:
                await before_read()
            transport.out.write(prompt)
            transport.out.flush()
            try:
                line = await anext(source)
            except StopAsyncIteration:
                transport.out.write("\n")
                return
            event = transport.event_for(line)
            if event is not None:
                await transport.apply(await handler(event))
    finally:
        await transport.stop()
