"""The composition root: builds everything from settings; owns start-up and shut-down."""

from __future__ import annotations

import itertools
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.clock import SystemClock
from bot.core.errors import DeliveryError, UserFacingError
from bot.core.files import make_sqlite_private
from bot.core.heap import settle_started_heap
from bot.core.i18n import N_, Translator
from bot.core.platforms import Platform
from config.settings import Settings, load_settings

# Each command imports only what it uses: the database, the scheduler, the chat SDKs and the
# report libraries are imported inside the functions that need them, not here.
if TYPE_CHECKING:
    import asyncio  # the service's functions import it where they run: a command needs none

    from sqlalchemy.exc import OperationalError

    from bot.core.linking import Directory
    from bot.core.ports import BudgetLedger, Clock, Transport, UpdateInbox
    from bot.scheduler.jobs import Job
    from handlers.router import Router
    from storage.engine import Database
    from storage.workers import WorkerIdentity

log = logging.getLogger(__name__)
MSG_NO_DATABASE = N_("Cannot open the database {database}: {reason}")
MSG_DATABASE_MISSING = N_(
    "The database {database} does not exist. Create it with `ombud db upgrade`, "
    "or write a new config file and database with `ombud init`."
)
MSG_DATABASE_EMPTY = N_(
    "The database {database} has no Ombud tables yet; create them with `ombud db upgrade`."
)
MSG_DATABASE_BEHIND = N_(
    "The database {database} is at schema {revision} and this version needs {head}; "
    "run `ombud db upgrade` first."
)


def load(config: Path | None = None) -> Settings:
    """Settings, loaded once. Raises ConfigError with one line per problem."""
    return load_settings(config)


def open_database(settings: Settings) -> Database:
    """The engine; a SQLite file and its WAL and SHM files are made owner-only first."""
    from storage.engine import Database

    path = sqlite_path(settings.database_url)
    if path is not None and path.parent.is_dir():
        try:
            make_sqlite_private(path)
        except PermissionError:
            log.warning("database file mode not changed: permission denied")
    return Database(settings.database_url)


def safe_url(url: str) -> str:
    """The database URL with any password hidden, fit for a message."""
    from sqlalchemy.engine import make_url

    from storage.engine import normalise_url

    return make_url(normalise_url(url)).render_as_string(hide_password=True)


def libpq_url(url: str) -> str:
    """A PostgreSQL URL as pg_dump and psql take it: no driver name, no password."""
    from sqlalchemy.engine import make_url

    from storage.engine import normalise_url

    parsed = make_url(normalise_url(url)).set(drivername="postgresql")
    return parsed._replace(password=None).render_as_string(hide_password=False)  # set() keeps it


def schema_versions(settings: Settings) -> tuple[str | None, str | None]:
    """The database's schema revision and the one this version needs, without upgrading."""
    from sqlalchemy.exc import OperationalError

    from storage.engine import Database
    from storage.migrate_alembic import current_revision, head_revision

    db = Database(settings.database_url)
    try:
        return current_revision(db), head_revision()
    except OperationalError as exc:
        raise unavailable(db, exc) from None
    finally:
        db.dispose()


def unavailable(db: Database, exc: OperationalError) -> DatabaseUnavailable:
    where = db.engine.url.render_as_string(hide_password=True)
    first = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
    return DatabaseUnavailable(MSG_NO_DATABASE, database=where, reason=first)


def backup_sqlite(database: Path, target: Path) -> int:
    """A consistent copy of a live SQLite database; see storage.backup."""
    from storage.backup import backup

    return backup(database, target)


def restore_sqlite(backup_file: Path, database: Path) -> None:
    from storage.backup import restore

    restore(backup_file, database)


def service_lock(database: Path) -> Path | None:
    """The worker lock file a running `ombud run` holds beside this SQLite file, if any."""
    from storage.workers import held_lock

    return held_lock(database)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for PostgreSQL, in-memory and URI databases."""
    from sqlalchemy.engine import make_url

    from storage.engine import normalise_url

    parsed = make_url(normalise_url(url))
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    return None if name.startswith("file:") else Path(name)


class DatabaseUnavailable(UserFacingError):
    """The database cannot be reached or opened: one line for the operator, no traceback."""


class DatabaseNotReady(UserFacingError):
    """The database is missing or not at this version's schema: `ombud db upgrade` first."""


def is_in_memory(url: str) -> bool:
    """A SQLite database in memory: made for one process and gone with it."""
    from sqlalchemy.engine import make_url

    from storage.engine import normalise_url

    parsed = make_url(normalise_url(url))
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def require_existing(settings: Settings) -> None:
    """A SQLite file that is missing is refused before anything opens (and so creates) it.

    A missing folder is left to the connection, which says it cannot open the file.
    """
    path = sqlite_path(settings.database_url)
    if path is not None and path.parent.is_dir() and not path.exists():
        raise DatabaseNotReady(MSG_DATABASE_MISSING, database=safe_url(settings.database_url))


def require_current(db: Database) -> None:
    """The database must be at the current schema; it is never created or upgraded here."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    from storage.engine import DatabaseBusyError, is_sqlite_locked
    from storage.revisions import head_revisions
    from storage.schema_check import is_current

    if is_current(db):
        return  # the usual case
    try:  # read without Alembic, which would log and take its time to load
        with db.engine.connect() as connection:
            found: list[str] = []
            if inspect(connection).has_table("alembic_version"):
                rows = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
                found = sorted(str(row[0]) for row in rows)
    except OperationalError as exc:
        if db.is_sqlite and is_sqlite_locked(exc):
            raise DatabaseBusyError(db.busy_timeout_s) from exc
        raise unavailable(db, exc) from None
    where = db.engine.url.render_as_string(hide_password=True)
    if not found:
        raise DatabaseNotReady(MSG_DATABASE_EMPTY, database=where)
    head = ", ".join(sorted(head_revisions())) or "–"
    raise DatabaseNotReady(
        MSG_DATABASE_BEHIND, database=where, revision=", ".join(found), head=head
    )


def upgrade_checked(db: Database) -> None:
    """Bring the database to the schema; a server that is down or a bad path is one clear line."""
    from sqlalchemy.exc import OperationalError

    from storage.engine import DatabaseBusyError, is_sqlite_locked
    from storage.schema_check import is_current

    try:
        if is_current(db):
            return  # the usual case: no need to load Alembic and its migrations
        from storage.migrate import upgrade

        upgrade(db)
    except OperationalError as exc:
        if db.is_sqlite and is_sqlite_locked(exc):
            raise DatabaseBusyError(db.busy_timeout_s) from exc  # busy, not unreachable
        raise unavailable(db, exc) from None


def cli_translator(settings: Settings) -> Translator:
    return Translator(settings.language)


def configure_logging(settings: Settings) -> None:
    """Ids and reasons only reach the log; see bot.logs and the privacy notes in the README."""
    from bot import logs

    logs.configure(settings.log_level)


def configured_platforms(settings: Settings) -> list[Platform]:
    """The platforms `build_transports` builds, known without loading their SDKs."""
    found = [Platform.TELEGRAM] if settings.telegram.token is not None else []
    return found + ([Platform.SLACK] if settings.slack.bot_token is not None else [])


def shared_ledger(db: Database) -> BudgetLedger | None:
    """The platform budgets shared through the database, on PostgreSQL: there several
    workers, and a tick beside them, may send for one bot. A SQLite file has one service."""
    if not db.is_postgres:
        return None
    from storage.budget import SqlBudgetLedger

    return SqlBudgetLedger(db)


@contextmanager
def tick_ledger(settings: Settings) -> Iterator[BudgetLedger | None]:
    """For `ombud tick`: the shared budgets (see shared_ledger) on an engine of its own,
    so a tick beside a running service keeps the bot within one rate with it. Nothing is
    opened on SQLite (an engine connects only when used, and none is used there)."""
    from storage.engine import Database

    db = Database(settings.database_url)
    try:
        yield shared_ledger(db)
    finally:
        db.dispose()


def build_transports(
    settings: Settings, ledger: BudgetLedger | None = None, inbox: UpdateInbox | None = None
) -> dict[Platform, Transport]:
    """The configured chat platforms, not yet started.

    With a `ledger` (see shared_ledger) a Telegram bot's calls and a Slack workspace's posts
    and tiered methods are paced on budgets shared by every worker of the database; without
    one, on this process's own. With an `inbox` (the service) Telegram's webhook answers
    once an update's receipt is written there, a tap's answer in the response itself.
    """
    transports: dict[Platform, Transport] = {}
    tg = settings.telegram
    if tg.token is not None:
        from bot.transports.telegram import TelegramTransport
        from bot.transports.telegram_limits import shared_pacer

        token = tg.token.get_secret_value()
        transports[Platform.TELEGRAM] = TelegramTransport(
            token,
            pacer=shared_pacer(ledger, token) if ledger is not None else None,
            mode=tg.mode,
            base_url=tg.base_url,
            bot_username=tg.bot_username,
            webhook_url=tg.webhook_url,
            webhook_listen=tg.webhook_listen,
            webhook_port=tg.webhook_port,
            webhook_secret=tg.webhook_secret.get_secret_value() if tg.webhook_secret else None,
            default_locale=settings.default_locale,
            inbox=inbox,
        )
    sl = settings.slack
    if sl.bot_token is not None:
        from bot.transports.slack import SlackTransport
        from bot.transports.slack_limits import shared_slack_pacer

        bot_token = sl.bot_token.get_secret_value()
        shared = shared_slack_pacer(ledger, sl.team_id, bot_token) if ledger is not None else None
        transports[Platform.SLACK] = SlackTransport(
            bot_token,
            pacer=shared,
            app_token=sl.app_token.get_secret_value() if sl.app_token else None,
            signing_secret=sl.signing_secret.get_secret_value() if sl.signing_secret else None,
            mode=sl.mode,
            base_url=sl.base_url,
            team_id=sl.team_id,
            host=sl.http_host,
            port=sl.http_port,
        )
    return transports


# Seconds between attempts to reach a platform that is down at start-up; the last repeats.
START_RETRY_DELAYS: tuple[float, ...] = (1, 2, 5, 10, 30, 60, 120, 300)
Pause = Callable[[float, "asyncio.Event"], Awaitable[bool]]


async def wait_or_stop(seconds: float, stop: asyncio.Event) -> bool:
    """Wait `seconds` unless stopped first; True when the service is stopping."""
    import asyncio

    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        return False
    return True


@dataclass
class Service:
    """Everything `ombud run` keeps alive on one event loop."""

    settings: Settings
    db: Database
    transports: dict[Platform, Transport]
    clock: Clock = field(default_factory=SystemClock)
    retry_delays: Sequence[float] = START_RETRY_DELAYS
    pause: Pause = wait_or_stop
    # The transports that are up; the jobs read it live, so a late platform joins in.
    live: dict[Platform, Transport] = field(default_factory=dict)
    # The lease owner: a name that survives a restart (see storage.workers), taken in run().
    owner: str = ""
    _dispatching: set[asyncio.Task[None]] = field(default_factory=set)

    def router(self) -> Router:
        from handlers.router import Router
        from storage.conversation import SqlConversationStore

        return Router(
            SqlConversationStore(self.db), self.clock, default_locale=self.settings.default_locale
        )

    def jobs(
        self, stopping: asyncio.Event | None = None
    ) -> tuple[Job, Job, Sequence[tuple[str, Job, int]]]:
        from bot.scheduler.jobs import scheduling_jobs, scheduling_policy, worker_name
        from storage.scheduling import SqlSchedulingStore

        policy = scheduling_policy(self.settings)
        store = SqlSchedulingStore(self.db)
        tick, materialise = scheduling_jobs(
            store,
            self.live,
            self.clock,
            policy,
            owner=self.owner or worker_name(),
            in_flight=self.settings.scheduler.sends_in_flight,
            stopping=stopping,
        )

        async def tracked_tick() -> None:
            import asyncio

            task = asyncio.current_task()
            if task is not None:
                self._dispatching.add(task)
            try:
                await tick()
            finally:
                if task is not None:
                    self._dispatching.discard(task)

        return tracked_tick, materialise, extra_jobs(self)

    def claim_identity(self) -> WorkerIdentity:
        """This worker's lasting name; a restart on this host takes the same one."""
        from storage.workers import claim_identity

        return claim_identity(self.db, socket.gethostname(), sqlite_path(self.db.url))

    async def release_leases(self, why: str) -> None:
        """Give back every lease held under this worker's name (none is being sent)."""
        from storage.workers import SqlWorkerLeases

        try:
            released = await SqlWorkerLeases(self.db).release(self.owner)
        except Exception as exc:  # the leases then run out by themselves
            log.warning("leases not released %s: %s", why, type(exc).__name__)
            return
        log.info("worker %s released %d lease(s) %s", self.owner, released, why)

    async def finish_dispatch(self) -> None:
        """Let a running dispatch pass finish its sends in flight (it starts no more once
        stopping); past the grace period it is cancelled, recording what it sent."""
        import asyncio

        running = set(self._dispatching)
        if not running:
            return
        _done, pending = await asyncio.wait(running, timeout=STOP_GRACE_SECONDS)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def start_when_reachable(
        self, transport: Transport, router: Router, stop: asyncio.Event
    ) -> None:
        """Start one platform, retrying with backoff while it cannot be reached."""
        platform = transport.platform.value
        for attempt in itertools.count():
            try:
                await transport.start(router.handle, record_taps=router.record_taps)
            except DeliveryError as exc:
                delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
                reason = exc.code or exc.failure.value
                log.warning(
                    "%s not reachable (%s); trying again in %.0f s", platform, reason, delay
                )
                if await self.pause(delay, stop):
                    return
                continue
            self.live[transport.platform] = transport
            log.info("transport %s started after %d attempt(s)", platform, attempt + 1)
            settle_started_heap()  # before the first burst of updates comes in
            return

    async def run(self, stop: asyncio.Event) -> None:
        import asyncio

        identity = None
        if not self.owner:
            identity = await asyncio.to_thread(self.claim_identity)
            self.owner = identity.name
        if identity is None or identity.lasting:
            # A lease under this name was left by an earlier run of this worker, now gone.
            await self.release_leases("from an earlier run")
        router = self.router()
        starting = [
            asyncio.create_task(self.start_when_reachable(t, router, stop))
            for t in self.transports.values()
        ]
        scheduler = None
        try:
            from bot.scheduler.jobs import build_scheduler

            tick, materialise, extra = self.jobs(stop)
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
            for task in starting:
                task.cancel()
            await asyncio.gather(*starting, return_exceptions=True)
            stop.set()  # a pass still running hands back what it has not sent
            if scheduler is not None:
                scheduler.shutdown(wait=False)
            await self.finish_dispatch()
            await self.release_leases("on stopping")
            for transport in reversed(list(self.live.values())):
                await transport.stop()
            self.live.clear()
            if identity is not None:
                await asyncio.to_thread(identity.close)
            log.info("stopped")


# How long a stop waits for a dispatch pass to finish the sends it has in flight.
STOP_GRACE_SECONDS = 20.0
DIGEST_JOB_ID = "digests"
SUMMARY_JOB_ID = "summaries"
PRUNE_EVENTS_JOB_ID = "prune_processed_events"
PRUNE_EVENTS_INTERVAL_SECONDS = 6 * 3600
WATCH_JOB_ID = "delivery-watch"


def extra_jobs(service: Service) -> list[tuple[str, Job, int]]:
    """Jobs beyond dispatch and materialise: digests, item summaries, the delivery watch,
    forgetting old event ids, retention and linking roster people to a chat directory."""
    from bot.reports.chart_apart import render_progress_chart_apart
    from bot.watch import warn_on_sustained_failures
    from handlers.digest import run_due_digests
    from handlers.summaries import run_due_summaries
    from storage.conversation.identities import prune_processed_events
    from storage.inbox import prune_stale_receipts
    from storage.reporting import SqlReportingStore
    from storage.retention_job import retention_job

    store = SqlReportingStore(service.db)
    interval = service.settings.scheduler.reports_interval_seconds

    async def digests() -> None:
        await run_due_digests(store, service.live, service.clock, render_progress_chart_apart)

    async def summaries() -> None:
        await run_due_summaries(store, service.live, service.clock)

    async def watch() -> None:
        await warn_on_sustained_failures(service.db, service.clock)

    async def prune_events() -> None:
        now = service.clock.now()
        removed = await service.db.run(lambda s: prune_processed_events(s, now))
        stale = await service.db.run(lambda s: prune_stale_receipts(s, now))
        log.info("forgot %d handled-event ids and %d stale receipts", removed, stale)

    jobs: list[tuple[str, Job, int]] = [
        (DIGEST_JOB_ID, digests, interval),
        (SUMMARY_JOB_ID, summaries, interval),
        (WATCH_JOB_ID, watch, interval),
        (PRUNE_EVENTS_JOB_ID, prune_events, PRUNE_EVENTS_INTERVAL_SECONDS),
        retention_job(
            service.db,
            service.clock,
            text_months=service.settings.retention.free_text_months,
            delivery_months=service.settings.retention.delivery_months,
            interval_hours=service.settings.retention.prune_interval_hours,
        ),
    ]
    # Roster people with a platform user id or e-mail are linked at start-up and again on
    # every pass, so a re-imported roster needs no restart.
    from bot.core.linking import Directory

    for platform, transport in service.transports.items():
        if isinstance(transport, Directory):
            jobs.append((f"links_{platform.value}", _links_job(service, transport), interval))
    return jobs


def _links_job(service: Service, directory: Directory) -> Job:
    from handlers.linking import link_directory
    from storage.linking import SqlLinkStore

    store = SqlLinkStore(service.db)

    async def links() -> None:
        await link_directory(store, directory, service.clock)

    return links


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Run until SIGINT or SIGTERM (or until `stop` is set)."""
    import asyncio

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    db = open_database(settings)
    try:
        await asyncio.to_thread(upgrade_checked, db)
        from storage.inbox import SqlUpdateInbox

        transports = build_transports(settings, shared_ledger(db), SqlUpdateInbox(db))
        await Service(settings, db, transports).run(stop)
    finally:
        db.dispose()
