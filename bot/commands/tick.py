"""`ombud tick`: one materialise and dispatch pass, now or at a given instant."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import common
from bot.core.i18n import N_, Translator

if TYPE_CHECKING:  # imported where used, to keep start-up light
    from bot.core.model import Platform
    from bot.core.ports import Clock, Transport
    from bot.core.scheduling import SchedulingStore
    from config.quick import QuickSettings
    from config.settings import Settings
    from handlers.scheduling import DispatchReport

log = logging.getLogger(__name__)
MSG_NOTHING_DELIVERED = N_("Nothing could be delivered; `ombud status` shows the reasons.")


@dataclass(frozen=True)
class TickResult:
    materialised: int
    dispatch: DispatchReport
    # Platforms that could not be opened, with the platform's error code: nothing went there.
    unopened: Mapping[Platform, str] = field(default_factory=dict)
    # Never-sent check-ins more than catch_up_hours late that no claim takes (their person
    # is reached on no configured platform), marked missed by this pass.
    stale: int = 0
    # With no chat platform configured: the check-ins due after the pass, none of them sent.
    undeliverable: int = 0


async def open_for_sending(
    transports: Mapping[Platform, Transport],
) -> tuple[dict[Platform, Transport], dict[Platform, str]]:
    """Open each transport send-only; one that fails is left out of this pass, with its code."""
    from bot.core.errors import DeliveryError

    opened: dict[Platform, Transport] = {}
    unopened: dict[Platform, str] = {}
    for platform, transport in transports.items():
        try:
            await transport.open()
        except DeliveryError as exc:
            unopened[platform] = exc.code or exc.failure.value
            log.warning("tick: %s not opened: %s", platform.value, unopened[platform])
            continue
        opened[platform] = transport
    return opened, unopened


async def tick_once(
    store: SchedulingStore,
    clock: Clock,
    settings: Settings,
    transports: Mapping[Platform, Transport],
) -> TickResult:
    """Open the transports for sending, materialise, dispatch once, and close them again."""
    from bot.scheduler.jobs import scheduling_policy, worker_name
    from handlers.scheduling import dispatch, materialise

    policy = scheduling_policy(settings)
    try:
        opened, unopened = await open_for_sending(transports)
        created = await materialise(store, clock, policy.horizon_days, policy=policy)
        report = await dispatch(
            store,
            opened,
            clock,
            owner=worker_name(),
            policy=policy,
            in_flight=settings.scheduler.sends_in_flight,
        )
        return TickResult(created, report, unopened)
    finally:
        for transport in transports.values():
            await transport.stop()


def run_tick(
    settings: Settings, at: datetime | None, transports: Mapping[Platform, Transport]
) -> TickResult:
    """Materialise, then dispatch once, against the configured database.

    A pass whose materialise added nothing while nothing it reads changed leaves
    the idle marker that lets the next ticks skip loading all this (see storage/idle.py).
    """
    import asyncio
    from dataclasses import replace

    from bot.core.clock import FrozenClock, SystemClock
    from bot.services.scheduling import (
        close_stale,
        due_now,
        materialise_fingerprint,
        record_idle_marker,
        scheduling_store,
    )

    clock: Clock = FrozenClock(at) if at is not None else SystemClock()
    with common.database(settings) as db:
        store = scheduling_store(db)
        stale = close_stale(db, clock.now(), settings.scheduler.catch_up_hours)
        before = materialise_fingerprint(settings)
        result, through = asyncio.run(
            tick_and_look_ahead(store, clock, settings, transports, marker=before is not None)
        )
        # The instant after the pass: the marker holds for ticks from then on (storage/idle.py).
        finished = clock.now()
        if (
            before is not None
            and through is not None
            and materialise_fingerprint(settings) == before
        ):
            record_idle_marker(settings, before, through, finished)
        undeliverable = due_now(db, finished) if not transports else 0
        return replace(result, stale=stale, undeliverable=undeliverable)


async def tick_and_look_ahead(
    store: SchedulingStore,
    clock: Clock,
    settings: Settings,
    transports: Mapping[Platform, Transport],
    *,
    marker: bool,
) -> tuple[TickResult, datetime | None]:
    """One tick; then, if it added no check-in, until when a later materialise adds none."""
    from bot.scheduler.jobs import scheduling_policy
    from handlers.scheduling.lookahead import complete_through

    started = clock.now()
    result = await tick_once(store, clock, settings, transports)
    if not marker or result.materialised:
        return result, None
    policy = scheduling_policy(settings)
    upper = started + timedelta(days=policy.horizon_days)
    return result, await complete_through(store, policy, upper)


def summary(tr: Translator, result: TickResult) -> str:
    report = result.dispatch
    return summary_of(
        tr,
        materialised=result.materialised,
        sent=report.sent,
        missed=report.missed + result.stale,
        deferred=report.deferred,
        postponed=report.postponed,
        failed=report.failed,
    )


def summary_of(
    tr: Translator, *, materialised: int = 0, sent: int = 0, missed: int = 0,
    deferred: int = 0, postponed: int = 0, failed: int = 0,
) -> str:  # fmt: skip
    """The tick's one line of counts; all zero for a pass that had nothing to do."""
    return tr.gettext(
        "New check-ins: {materialised}. Sent: {sent}. Missed: {missed}. "
        "Deferred: {deferred}. Postponed at the platform's request: {postponed}. "
        "Failed: {failed}.",
        materialised=tr.number(materialised),
        sent=tr.number(sent),
        missed=tr.number(missed),
        deferred=tr.number(deferred),
        postponed=tr.number(postponed),
        failed=tr.number(failed),
    )


def tick(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option("--at", help=common.AT_HELP),
    ] = None,
) -> None:
    """Create due check-ins and send what is due, once."""
    quick = common.quick_settings(ctx)
    if quick is not None and quick_idle_tick(quick, at):
        return
    from bot import app as composition

    current = common.settings(ctx)
    tr = common.translator(current)
    instant = common.at_option(at, current, tr)
    if quick is None and idle_tick(current, instant, tr):
        return  # (with quick settings the same question was answered already)
    with common.user_errors(tr), composition.tick_ledger(current) as ledger:
        transports = composition.build_transports(current, ledger)
        result = run_tick(current, instant, transports)
    if not transports:
        typer.echo(tr.gettext("No chat platform is configured, so nothing could be sent."))
    for platform, reason in result.unopened.items():
        typer.echo(unopened_line(tr, platform, reason), err=True)
    typer.echo(summary(tr, result))
    if nothing_delivered(result.dispatch):
        log.warning(
            "tick: nothing delivered: %d failed, %d unreachable",
            result.dispatch.failed,
            result.dispatch.unreachable,
        )
        typer.echo(tr.gettext(MSG_NOTHING_DELIVERED), err=True)
    if result.undeliverable:
        # Cron mails what a failing command prints: with no platform, due reminders wait.
        log.warning("tick: no chat platform, %d check-ins due", result.undeliverable)
        typer.echo(
            tr.gettext(
                "Check-ins due now: {count}; none can be sent until a chat platform "
                "(Telegram or Slack) is configured.",
                count=tr.number(result.undeliverable),
            ),
            err=True,
        )
    if result.unopened or result.undeliverable or nothing_delivered(result.dispatch):
        raise typer.Exit(1)


def idle_tick(current: Settings, instant: datetime | None, tr: Translator) -> bool:
    """Print what a tick with nothing to do prints, when that is certain without the ORM."""
    from bot import app as composition
    from bot.services.scheduling import nothing_due

    if not nothing_due(current, instant):
        return False
    if not composition.configured_platforms(current):
        typer.echo(tr.gettext("No chat platform is configured, so nothing could be sent."))
    typer.echo(summary_of(tr))
    return True


def quick_idle_tick(quick: QuickSettings, at: str | None) -> bool:
    """`idle_tick` on the settings read without pydantic (config/quick.py), which are the
    values the full load gives: the same question, the same answer, the same lines."""
    from bot.services.scheduling import nothing_due_in

    tr = Translator(quick.language)  # as composition.cli_translator makes it
    instant = common.at_option_in(at, quick.default_timezone, tr)
    if not nothing_due_in(quick.database_url, quick.settings_key, quick.horizon_days, instant):
        return False
    if not (quick.telegram_enabled or quick.slack_enabled):
        typer.echo(tr.gettext("No chat platform is configured, so nothing could be sent."))
    typer.echo(summary_of(tr))
    return True


def nothing_delivered(report: DispatchReport) -> bool:
    """Something was to be sent and not one send succeeded: an outage, not a quiet hour."""
    return report.sent == 0 and report.failed > 0  # failed counts the unreachable too


def unopened_line(tr: Translator, platform: Platform, reason: str) -> str:
    return tr.gettext(
        "Could not connect to {platform} ({reason}), so nothing was sent there; "
        "check its token and the network.",
        platform=platform.value.title(),
        reason=reason,
    )


def register(app: typer.Typer) -> None:
    app.command("tick", help=N_("Create due check-ins and send what is due, once."))(tick)
