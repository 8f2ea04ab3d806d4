"""`ombud chat --as PERSON`: talk to the bot in the terminal as one person from the roster."""

from __future__ import annotations

import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from bot.commands import common
from bot.core.i18n import N_

if TYPE_CHECKING:  # the rest is imported where it is used, to keep start-up light
    from bot.core.model import Person
    from bot.core.ports import Clock, Transport
    from bot.services.database import Database
    from bot.transports.console import ConsoleTransport
    from config.settings import Settings

log = logging.getLogger(__name__)
CONSOLE_OWNER = "console-chat"


def scheduling_pass(
    current: Settings, db: Database, clock: Clock, console: ConsoleTransport, person_id: int
) -> Callable[[], Awaitable[None]]:
    """Before each prompt: plan and send what is due for this person."""
    from bot.core.model import Platform
    from bot.scheduler.jobs import scheduling_policy
    from bot.services.scheduling import scheduling_store
    from handlers.scheduling import dispatch, materialise

    store = scheduling_store(db)
    policy = scheduling_policy(current)
    transports: dict[Platform, Transport] = {Platform.CONSOLE: console}

    async def run_once() -> None:
        await materialise(store, clock, policy.horizon_days, policy=policy)
        await dispatch(
            store,
            transports,
            clock,
            owner=CONSOLE_OWNER,
            only_person_ids=frozenset({person_id}),
            policy=policy,
            in_flight=current.scheduler.sends_in_flight,
        )

    return run_once


def link_console(db: Database, person_key: str, at: datetime) -> Person:
    from bot.services import conversation as service

    return service.link_console(db, person_key, at)


async def chat_session(
    current: Settings, db: Database, clock: Clock, person: Person, lines: TextIO
) -> None:
    from bot.services import conversation as service
    from bot.transports.console import ConsoleTransport, run_console
    from handlers.router import Router

    console = ConsoleTransport(person.key, sys.stdout, language_code=person.locale)
    store = service.conversation_store(db)
    router = Router(store, clock, default_locale=current.default_locale)
    scheduled = scheduling_pass(current, db, clock, console, person.id)

    async def before() -> None:
        # The terminal's own lines follow a language chosen in the chat (/sprak).
        chosen = await store.run(lambda tx: tx.person(person.id))
        console.language_code = chosen.locale
        await scheduled()

    await run_console(console, router.handle, lines, before_read=before)


def chat(
    ctx: typer.Context,
    person_key: Annotated[str, typer.Option("--as", help=N_("The person's key in the roster."))],
    at: Annotated[
        str | None,
        typer.Option("--at", help=common.AT_HELP),
    ] = None,
) -> None:
    """Chat with the bot in the terminal as one person. End with Ctrl-D."""
    import asyncio

    from bot.core.clock import FrozenClock, SystemClock
    from bot.core.errors import NotFoundError

    current = common.settings(ctx)
    tr = common.translator(current)
    instant = common.at_option(at, current, tr)
    clock: Clock = SystemClock() if instant is None else FrozenClock(instant)
    with common.user_errors(tr), common.database(current) as db:
        try:
            person = link_console(db, person_key, clock.now())
        except NotFoundError:
            common.no_such_person(tr, person_key)
        try:
            asyncio.run(chat_session(current, db, clock, person, sys.stdin))
        except KeyboardInterrupt:
            typer.echo("")


def register(app: typer.Typer) -> None:
    app.command(
        "chat", help=N_("Chat with the bot in the terminal as one person. End with Ctrl-D.")
    )(chat)
