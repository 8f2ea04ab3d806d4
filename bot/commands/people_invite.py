"""`ombud people invite` and `ombud boards invite`: single-use codes to link chat accounts."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.commands.people import people_app
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:
    from bot.core.model import Platform
    from bot.services.database import Database
    from config.settings import Settings

boards_app = typer.Typer(help=N_("Boards and where their digests go."), no_args_is_help=True)


@dataclass(frozen=True)
class _Request:
    platform: Platform
    now: datetime
    board: bool


class InvitePlatform(StrEnum):
    TELEGRAM = "telegram"
    SLACK = "slack"


@dataclass(frozen=True)
class BotName:
    """The Telegram bot's username for links, or why there is none."""

    username: str | None
    lookup_failed: str | None = None  # the platform's error code when getMe failed


def telegram_link(bot_username: str, code: str, group: bool = False) -> str:
    parameter = "startgroup" if group else "start"
    return f"https://t.me/{bot_username.lstrip('@')}?{parameter}={code}"


def write_qr(link: str, path: Path) -> None:
    import qrcode

    image = qrcode.make(link)
    buffer = io.BytesIO()
    image.save(buffer)
    from bot.core.files import write_private

    write_private(path, buffer.getvalue())


def telegram_bot_name(current: Settings) -> BotName:
    """The configured username; else, with a token, Telegram's answer to one getMe.

    Raises ConfigError when the Telegram settings cannot be used at all.
    """
    if current.telegram.bot_username:
        return BotName(current.telegram.bot_username)
    if current.telegram.token is None:
        return BotName(None)
    # Imported here, as in build_transports: other commands need not load the Telegram SDK.
    import asyncio

    from bot import app as composition
    from bot.core.errors import DeliveryError
    from bot.core.model import Platform
    from bot.transports.telegram import TelegramTransport

    transport = composition.build_transports(current).get(Platform.TELEGRAM)
    if not isinstance(transport, TelegramTransport):
        return BotName(None)
    try:
        return BotName(asyncio.run(transport.bot_username()))
    except DeliveryError as exc:
        return BotName(None, exc.code or exc.failure.value)


def _instructions(
    tr: Translator, bot: BotName, platform: InvitePlatform, code: str, group: bool
) -> tuple[list[str], str | None]:
    """Lines to print, and the link (Telegram with a known bot name) for a QR code."""
    if platform is InvitePlatform.TELEGRAM and bot.username:
        link = telegram_link(bot.username, code, group)
        return [tr.gettext("Invite link: {link}", link=link)], link
    if platform is InvitePlatform.TELEGRAM and bot.lookup_failed:
        hint = tr.gettext(
            "Could not ask Telegram for the bot's name ({reason}), so there is no link. "
            "Set telegram.bot_username in the config; until then, send the bot: /start {code}",
            reason=bot.lookup_failed,
            code=code,
        )
        return [hint], None
    if platform is InvitePlatform.TELEGRAM:
        hint = tr.gettext(
            "Set telegram.bot_username in the config to get a link; until then, "
            "send the bot: /start {code}",
            code=code,
        )
        return [hint], None
    from handlers.commands import JOIN_WORD, LINK_WORD

    command = tr.gettext(LINK_WORD if group else JOIN_WORD)
    return [
        tr.gettext("In Slack, write: /ombud {command} {code}", command=command, code=code)
    ], None


def _finish(
    tr: Translator, current: Settings, platform: InvitePlatform, code: str, *, group: bool,
    qr: Path | None, bot: BotName,
) -> None:  # fmt: skip
    typer.echo(tr.gettext("Code: {code}", code=code))
    lines, link = _instructions(tr, bot, platform, code, group)
    for line in lines:
        typer.echo(line)
    typer.echo(
        tr.ngettext(
            "It can be used once and expires after {n} day.",
            "It can be used once and expires after {n} days.",
            current.invite_days,
        )
    )
    if qr is not None:
        try:
            write_qr(link or code, qr)
        except OSError as exc:
            common.fail([f"{qr}: {tr.os_reason(exc)}"])
        typer.echo(tr.gettext("Wrote the QR code to {path}.", path=str(qr)))


PlatformOption = Annotated[
    InvitePlatform, typer.Option("--platform", help=N_("Where the invite will be used."))
]
QrOption = Annotated[
    Path | None, typer.Option("--qr", help=N_("Also write the link as a QR code (PNG)."))
]


def invite(
    ctx: typer.Context,
    person: Annotated[str, typer.Argument(help=N_("The person's key in the roster."))],
    platform: PlatformOption = InvitePlatform.TELEGRAM,
    qr: QrOption = None,
) -> None:
    """Create a single-use invite that links a chat account to a person."""
    _invite(ctx, person, platform, qr, board=False)


def board_invite(
    ctx: typer.Context,
    board: Annotated[str, typer.Argument(help=N_("The board's key in the roster."))],
    platform: PlatformOption = InvitePlatform.TELEGRAM,
    qr: QrOption = None,
) -> None:
    """Create a single-use code that links a group or channel to a board."""
    _invite(ctx, board, platform, qr, board=True)


def _invite(
    ctx: typer.Context, key: str, platform: InvitePlatform, qr: Path | None, *, board: bool
) -> None:
    from bot.core.clock import SystemClock
    from bot.core.model import Platform

    current = common.settings(ctx)
    tr = common.translator(current)
    with common.user_errors(tr):
        # Settled before a code is made, so an unusable config wastes no code.
        bot = telegram_bot_name(current) if platform is InvitePlatform.TELEGRAM else BotName(None)
        with common.database(current) as db:
            request = _Request(Platform(platform.value), SystemClock().now(), board=board)
            code = _create(tr, db, key, current, request)
    _finish(tr, current, platform, code, group=board, qr=qr, bot=bot)


def _create(tr: Translator, db: Database, key: str, current: Settings, invite: _Request) -> str:
    from bot.core.errors import NotFoundError
    from bot.services.conversation import create_invite

    platform, now, board = invite.platform, invite.now, invite.board
    try:
        return create_invite(db, key, platform, now, days=current.invite_days, board=board)
    except NotFoundError:
        if board:
            common.fail([tr.gettext("No board with the key {key}.", key=key)])
        common.no_such_person(tr, key)


def register(app: typer.Typer) -> None:
    people_app.command(
        "invite", help=N_("Create a single-use invite that links a chat account to a person.")
    )(invite)
    boards_app.command(
        "invite", help=N_("Create a single-use code that links a group or channel to a board.")
    )(board_invite)
    app.add_typer(boards_app, name="boards")
