"""The console transport: typed lines become events, effects are printed, numbers pick buttons."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Sequence

from sqlmodel import select

from bot.core.clock import FrozenClock
from bot.core.messages import (
    Button,
    ChatAddress,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    Effect,
    InboundEvent,
    OpenForm,
    OutgoingMessage,
    Reply,
    Section,
    TextReceived,
    Toast,
)
from bot.core.model import Platform
from bot.transports.console import ConsoleTransport, run_console
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import AnswerRow
from tests.handlers.conftest import seed_world

QUESTION = OutgoingMessage(
    text="Did it happen?",
    title="Time to report",
    sections=(Section("8.2 Meetings", ("When: week 10",)),),
    buttons=(Button("Yes", "c:1:y"), Button("No", "c:1:n")),
)


async def lines(*typed: str) -> AsyncIterator[str]:
    for line in typed:
        yield line + "\n"


def console() -> tuple[ConsoleTransport, io.StringIO]:
    out = io.StringIO()
    return ConsoleTransport("anna", out), out


async def test_send_prints_title_text_sections_and_numbered_buttons() -> None:
    transport, out = console()
    ref = await transport.send(ChatAddress(Platform.CONSOLE, "anna"), QUESTION)
    printed = out.getvalue()
    assert "== Time to report ==" in printed
    assert "-- 8.2 Meetings" in printed
    assert "[1] Yes" in printed
    assert "[2] No" in printed
    assert (ref.platform, ref.chat_id) == (Platform.CONSOLE, "anna")


async def test_lines_become_events() -> None:
    transport, _ = console()
    await transport.send(transport.address(), QUESTION)
    tap = transport.event_for("2")
    assert isinstance(tap, ChoiceSelected)
    assert tap.token == "c:1:n"
    assert tap.message is not None
    command = transport.event_for("/Språk  nb ")
    assert isinstance(command, CommandReceived)
    assert (command.command, command.args) == ("sprak", "nb")
    text = transport.event_for("12 deltagare")
    assert isinstance(text, TextReceived)
    assert text.sender.user_id == "anna"
    assert transport.event_for("   ") is None
    assert isinstance(transport.event_for("3"), TextReceived)  # no third button: a number
    ids = {e.event_id for e in (tap, command, text)}
    assert len(ids) == 3


async def test_numbers_are_text_without_buttons() -> None:
    transport, _ = console()
    assert isinstance(transport.event_for("1"), TextReceived)
    await transport.send(transport.address(), QUESTION)
    assert isinstance(transport.event_for("1"), ChoiceSelected)
    await transport.send(transport.address(), OutgoingMessage("How many?"))
    assert isinstance(transport.event_for("1"), TextReceived)  # only the newest message counts


async def test_huge_line_is_cut_before_it_reaches_the_handler() -> None:
    transport, _ = console()
    event = transport.event_for("x" * 300_000)
    assert isinstance(event, TextReceived)
    assert len(event.text) == 100_000


async def test_effects_are_printed_and_forms_skipped() -> None:
    transport, out = console()
    ref = await transport.send(transport.address(), QUESTION)
    effects: list[Effect] = [
        EditMessage(ref, OutgoingMessage("Your answer: Yes")),
        Toast("Recorded"),
        OpenForm(form=None),  # type: ignore[arg-type]
        Reply(OutgoingMessage("How many?")),
    ]
    await transport.apply(effects)
    printed = out.getvalue()
    assert "Your answer: Yes" in printed
    assert "[Recorded]" in printed
    assert "How many?" in printed
    assert isinstance(transport.event_for("1"), TextReceived)  # the edit removed the buttons


async def test_run_console_stops_at_end_of_input() -> None:
    transport, out = console()
    seen: list[InboundEvent] = []
    ticks: list[int] = []

    async def handler(event: InboundEvent) -> Sequence[Effect]:
        seen.append(event)
        return [Reply(OutgoingMessage(f"got {type(event).__name__}"))]

    async def tick() -> None:
        ticks.append(1)

    await run_console(transport, handler, lines("hej", "", "/plan"), before_read=tick)
    assert [type(e) for e in seen] == [TextReceived, CommandReceived]
    assert len(ticks) == 4  # before each read, including the one that meets the end
    assert "got CommandReceived" in out.getvalue()


async def test_run_console_reads_a_text_stream() -> None:
    transport, out = console()

    async def handler(event: InboundEvent) -> Sequence[Effect]:
        return [Toast("ok")]

    await run_console(transport, handler, io.StringIO("one\ntwo\n"))
    assert out.getvalue().count("[ok]") == 2


async def test_a_whole_report_through_the_console(sqlite_db: Database, clock: FrozenClock) -> None:
    world = seed_world(sqlite_db)
    store = SqlConversationStore(sqlite_db)
    from bot.core.conversation import ChatAccount

    store.run_sync(
        lambda tx: tx.ensure_identity(
            "anna", ChatAccount(Platform.CONSOLE, "", "anna", "anna"), clock.now()
        )
    )
    router = Router(store, clock)
    transport, out = console()
    await run_console(transport, router.handle, lines("/rapport", "2", "1", "Bra vecka"))
    printed = out.getvalue()
    assert "[1] 8.2 Digitala träffar för ombud" in printed
    answers = sqlite_db.run_sync(lambda s: list(s.exec(select(AnswerRow))))
    assert [(a.checkin_id, a.choice, a.comment) for a in answers] == [
        (world.week_checkin_id, "yes", "Bra vecka")
    ]


async def test_a_file_is_announced_in_the_persons_language() -> None:
    for language, expected in (
        ("sv", "[fil: veckan.png, 1 234 byte] Veckan"),
        ("nn", "[fil: veckan.png, 1 234 byte] Veckan"),
        ("en", "[file: veckan.png, 1,234 bytes] Veckan"),
    ):
        out = io.StringIO()
        transport = ConsoleTransport("anna", out, language_code=language)
        await transport.send_file(transport.address(), b"x" * 1234, "veckan.png", "Veckan")
        assert out.getvalue().replace("\xa0", " ").replace("\u202f", " ") == expected + "\n"


def linked(db: Database, clock: FrozenClock) -> Router:
    """The router over the test union, with a console account linked to anna (sv)."""
    from bot.core.conversation import ChatAccount

    seed_world(db)
    store = SqlConversationStore(db)
    account = ChatAccount(Platform.CONSOLE, "", "anna", "anna")
    store.run_sync(lambda tx: tx.ensure_identity("anna", account, clock.now()))
    return Router(store, clock)


async def test_a_language_change_is_confirmed_once(sqlite_db: Database, clock: FrozenClock) -> None:
    router = linked(sqlite_db, clock)
    transport, out = console()
    await run_console(transport, router.handle, lines("/språk", "2"))
    printed = out.getvalue()
    # The menu lists bokmål second; its confirmation is printed as a message, once.
    assert printed.count("Fra nå av skriver jeg på bokmål.") == 1
    assert "\nFra nå av skriver jeg på bokmål.\n" in printed


async def test_a_toast_the_edited_message_shows_is_printed_once(
    sqlite_db: Database, clock: FrozenClock
) -> None:
    router = linked(sqlite_db, clock)
    transport, out = console()
    # Item 8.3, then Later: asked again the next morning, Tuesday 4 March, at 09:00.
    await run_console(transport, router.handle, lines("/rapport", "2", "3"))
    printed = out.getvalue()
    later = [line for line in printed.splitlines() if "tisdag 4 mars" in line]
    assert len(later) == 1, printed
    assert not later[0].startswith(("[", "> ["))  # shown by the edited reminder, not a toast
    assert "[Rapport]" in printed  # the tap's other toast, with a different message, stays


async def test_a_toast_is_dropped_only_when_a_message_of_the_same_event_prints_it() -> None:
    transport, out = console()
    ref = await transport.send(transport.address(), QUESTION)
    out.truncate(0)
    out.seek(0)
    await transport.apply([Toast("Saved"), EditMessage(ref, OutgoingMessage("Saved"))])
    await transport.apply([Toast("Later"), Reply(OutgoingMessage("Later today?"))])
    await transport.apply([Toast("Time to report"), Reply(QUESTION)])
    await transport.apply([Toast("Recorded")])
    printed = out.getvalue()
    assert printed.count("Saved") == 1
    assert "[Saved]" not in printed
    assert "[Later]" in printed
    assert "Later today?" in printed
    assert "[Time to report]" in printed  # a title is printed framed, not as the toast's line
    assert "[Recorded]" in printed


async def test_a_number_beyond_the_menu_says_which_numbers_it_has(
    sqlite_db: Database, clock: FrozenClock
) -> None:
    router = linked(sqlite_db, clock)
    transport, out = console()
    await run_console(transport, router.handle, lines("/språk", "9", "2", "9"))
    printed = out.getvalue().splitlines()
    # The language menu has four numbers; 9 is none of them, and the menu still answers 2.
    assert "> [Menyn har inget nummer 9: skriv ett nummer från 1 till 4.]" in printed
    assert "Fra nå av skriver jeg på bokmål." in printed, "\n".join(printed)
    # Once the menu is answered no menu waits, so a 9 is simply not understood (in bokmål).
    assert printed[-2] == "Det forsto jeg ikke. Skriv /hjelp for å se hva jeg kan gjøre.", printed


async def test_a_typed_number_tells_how_many_buttons_it_could_have_tapped() -> None:
    transport, _out = console()
    assert transport.event_for("9") == TextReceived(
        transport.sender, "9", f"{transport.session}-1", numbered_buttons=0
    )
    await transport.send(transport.address(), QUESTION)
    event = transport.event_for("9")
    assert isinstance(event, TextReceived)
    assert event.numbered_buttons == 2


async def test_an_edit_names_a_number_the_terminal_showed_with_the_message() -> None:
    out = io.StringIO()
    transport = ConsoleTransport("anna", out, language_code="nb")
    await transport.send(transport.address(), OutgoingMessage("Hei"))
    ref = await transport.send(transport.address(), QUESTION)
    await transport.send(transport.address(), OutgoingMessage("Noe annet"))
    await transport.edit(ref, OutgoingMessage("Lagret"))
    printed = out.getvalue().splitlines()
    # The second message is shown under its number, and the edit names that one.
    edit_line = printed.index("(melding 2 lyder nå:)")
    shown = printed.index("(melding 2)")
    assert printed[shown + 1] == "== Time to report =="
    assert shown < edit_line
    assert printed.count("(melding 1)") == 1
    assert printed.count("(melding 3)") == 1
