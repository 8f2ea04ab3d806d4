"""The composition root: builds everything from settings; owns start-up and shut-down."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.clock import SystemClock
from bot.core.i18n import Translator
from bot.core.model import Platform
from bot.core.ports import Clock, Transport
from bot.reports.chart import render_progress_chart
from bot.scheduler.jobs import Job, build_scheduler, scheduling_jobs, scheduling_policy, worker_name
from config.settings import Settings, load_settings
from handlers.digest import run_due_digests
from handlers.router import Router
from handlers.summaries import run_due_summaries
from storage.conversation import SqlConversationStore
from storage.conversation.identities import prune_processed_events
from storage.engine import Database
from storage.migrate import upgrade
from storage.reporting import SqlReportingStore
from storage.scheduling import SqlSchedulingStore

log = logging.getLogger(__name__)


def load(config: Path | None = None) -> Settings:
    """Settings, loaded once. Raises ConfigError with one line per problem."""
    return load_settings(config)


def open_database(settings: Settings) -> Database:
    return Database(settings.database_url)


def cli_translator(settings: Settings) -> Translator:
    return Translator(settings.language)


def configure_logging(settings: Settings) -> None:
    """Ids and counts only reach the log; see the privacy notes in the README."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Third-party HTTP clients log request bodies at DEBUG; keep them quiet.
    for noisy in ("httpx", "httpcore", "telegram", "slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(
            max(logging.WARNING, logging.getLevelName(settings.log_level))
        )


def build_transports(settings: Settings) -> dict[Platform, Transport]:
    """The configured chat platforms, not yet started."""
    transports: dict[Platform, Transport] = {}
    tg = settings.telegram
    if tg.token is not None:
        from bot.transports.telegram import TelegramTransport

        transports[Platform.TELEGRAM] = TelegramTransport(
            tg.token.get_secret_value(),
            mode=tg.mode,
            base_url=tg.base_url,
            bot_username=tg.bot_username,
            webhook_url=tg.webhook_url,
            webhook_listen=tg.webhook_listen,
            webhook_port=tg.webhook_port,
            webhook_secret=tg.webhook_secret.get_secret_value() if tg.webhook_secret else None,
            default_locale=settings.default_locale,
        )
    sl = settings.slack
    if sl.bot_token is not None:
        from bot.transports.slack import SlackTransport

        transports[Platform.SLACK] = SlackTransport(
            sl.bot_token.get_secret_value(),
            app_token=sl.app_token.get_secret_value() if sl.app_token else None,
            signing_secret=sl.signing_secret.get_secret_value() if sl.signing_secret else None,
            mode=sl.mode,
            base_url=sl.base_url,
            team_id=sl.team_id,
            host=sl.http_host,
            port=sl.http_port,
        )
    return transports


@dataclass
class Service:
    """Everything `ombud run` keeps alive on one event loop."""

    settings: Settings
    db: Database
    transports: dict[Platform, Transport]
    clock: Clock = field(default_factory=SystemClock)

    def router(self) -> Router:
        return Router(
            SqlConversationStore(self.db), self.clock, default_locale=self.settings.default_locale
        )

    def jobs(self) -> tuple[Job, Job, Sequence[tuple[str, Job, int]]]:
        policy = scheduling_policy(self.settings)
        store = SqlSchedulingStore(self.db)
        tick, materialise = scheduling_jobs(
            store, self.transports, self.clock, policy, owner=worker_name()
        )
        return tick, materialise, extra_jobs(self)

    async def run(self, stop: asyncio.Event) -> None:
        router = self.router()
        started: list[Transport] = []
        scheduler = None
        try:
            for transport in self.transports.values():
                await transport.start(router.handle)
                started.append(transport)
                log.info("transport %s started", transport.platform.value)
            tick, materialise, extra = self.jobs()
            scheduler = build_scheduler(
                tick=tick,
                materialise=materialise,
                extra_jobs=extra,
                settings=self.settings.scheduler,
            )
            scheduler.start()
            log.info("scheduler started")
            await stop.wait()
        finally:
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            for transport in reversed(started):
                await transport.stop()
            log.info("stopped")


DIGEST_JOB_ID = "digests"
SUMMARY_JOB_ID = "summaries"
PRUNE_EVENTS_JOB_ID = "prune_processed_events"
PRUNE_EVENTS_INTERVAL_SECONDS = 6 * 3600


def extra_jobs(service: Service) -> list[tuple[str, Job, int]]:
    """Jobs beyond dispatch and materialise: digests, item summaries, forgetting old event ids."""
    store = SqlReportingStore(service.db)
    interval = service.settings.scheduler.reports_interval_seconds

    async def digests() -> None:
        await run_due_digests(store, service.transports, service.clock, render_progress_chart)

    async def summaries() -> None:
        await run_due_summaries(store, service.transports, service.clock)

    async def prune_events() -> None:
        now = service.clock.now()
        removed = await service.db.run(lambda s: prune_processed_events(s, now))
        log.info("forgot %d handled-event ids", removed)

    return [
        (DIGEST_JOB_ID, digests, interval),
        (SUMMARY_JOB_ID, summaries, interval),
        (PRUNE_EVENTS_JOB_ID, prune_events, PRUNE_EVENTS_INTERVAL_SECONDS),
    ]


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT or SIGTERM (or until `stop` is set)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    db = open_database(settings)
    try:
        await asyncio.to_thread(upgrade, db)
        await Service(settings, db, build_transports(settings)).run(stop)
    finally:
        db.dispose()
