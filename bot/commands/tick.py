"""`ombud tick`: one materialise and dispatch pass, now or at a given instant."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot import app as composition
from bot.commands import common
from bot.core.clock import FrozenClock, SystemClock
from bot.core.i18n import Translator
from bot.core.model import Platform
from bot.core.ports import Clock, Transport
from bot.scheduler.jobs import scheduling_policy, worker_name
from config.settings import Settings
from handlers.scheduling import DispatchReport, dispatch, materialise
from storage.scheduling import SqlSchedulingStore


@dataclass(frozen=True)
class TickResult:
    materialised: int
    dispatch: DispatchReport


def run_tick(
    settings: Settings, at: datetime | None, transports: Mapping[Platform, Transport]
) -> TickResult:
    """Materialise, then dispatch once, against the configured database."""
    clock: Clock = FrozenClock(at) if at is not None else SystemClock()
    policy = scheduling_policy(settings)

    async def once(store: SqlSchedulingStore) -> TickResult:
        created = await materialise(store, clock, policy.horizon_days, policy=policy)
        report = await dispatch(store, transports, clock, owner=worker_name(), policy=policy)
        return TickResult(created, report)

    with common.database(settings) as db:
        return asyncio.run(once(SqlSchedulingStore(db)))


def parse_at(text: str, timezone: str) -> datetime:
    """An ISO instant; without an offset it is read in the configured default timezone."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=ZoneInfo(timezone))


def configured_transports(settings: Settings) -> dict[Platform, Transport]:
    """The application's transports, or none where the application does not build them yet."""
    build = getattr(composition, "build_transports", None)
    if not callable(build):
        return {}
    built: dict[Platform, Transport] = build(settings)
    return built


def summary(tr: Translator, result: TickResult) -> str:
    report = result.dispatch
    return tr.gettext(
        "New check-ins: {materialised}. Sent: {sent}. Missed: {missed}. "
        "Deferred: {deferred}. Failed: {failed}.",
        materialised=tr.number(result.materialised),
        sent=tr.number(report.sent),
        missed=tr.number(report.missed),
        deferred=tr.number(report.deferred),
        failed=tr.number(report.failed),
    )


def tick(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Run as if it were this ISO time, e.g. 2025-03-03T09:00+01:00."),
    ] = None,
) -> None:
    """Create due check-ins and send what is due, once."""
    current = common.settings(ctx)
    tr = common.translator(current)
    instant = None
    if at is not None:
        try:
            instant = parse_at(at, current.default_timezone)
        except ValueError:
            common.fail(
                [tr.gettext("--at needs an ISO date and time, e.g. 2025-03-03T09:00:00+01:00.")]
            )
    transports = configured_transports(current)
    with common.user_errors(tr):
        result = run_tick(current, instant, transports)
    if not transports:
        typer.echo(tr.gettext("No chat platform is configured, so nothing could be sent."))
    typer.echo(summary(tr, result))


def register(app: typer.Typer) -> None:
    app.command("tick")(tick)
