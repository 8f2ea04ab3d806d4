"""The simulated year: the real jobs on a virtual clock, and the people reacting to them."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.core.clock import FrozenClock
from bot.core.conversation import ChatAccount, ConversationTx
from bot.core.model import PlanSpec, Platform
from bot.core.ports import Transport
from bot.planfile import load_plan, load_roster
from bot.scheduler.jobs import scheduling_jobs, scheduling_policy
from bot.transports.slack import SlackTransport
from bot.transports.slack_limits import SlackPacer
from bot.transports.telegram import TelegramTransport
from config.settings import Settings
from handlers.digest import run_due_digests
from handlers.router import Router
from handlers.summaries import run_due_summaries
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.people import import_roster
from storage.plans import import_plan
from storage.privacy.erase import erase_person
from storage.reporting import SqlReportingStore
from storage.scheduling import SqlSchedulingStore
from tests.acceptance import texts
from tests.acceptance.conversation import DIGEST_TITLE
from tests.acceptance.files import plan_yaml, roster_yaml
from tests.acceptance.people import People
from tests.acceptance.platforms import (
    ConsoleActor,
    Counting,
    RacingMemory,
    ScenarioBotApi,
    ScenarioSlack,
    SlackActor,
    TelegramActor,
)
from tests.acceptance.script import (
    DigestCopy,
)
from tests.acceptance.texts import Bubble
from tests.acceptance.world import (
    BLOCKED_FROM,
    BLOCKER,
    BY_KEY,
    ERASED,
    ERASED_AT,
    PEOPLE,
    SIDES,
    TEAM_ID,
    YEAR,
    Person,
)
from tests.transports.slack.conftest import FakeTime
from tests.transports.slack.signed import SlackRequests
from tests.transports.telegram.conftest import NoWaitPacer, SleepRecorder
from tests.transports.telegram.fake_bot_api import TOKEN

START = datetime(YEAR, 1, 1, 5, 0, tzinfo=UTC)
END = datetime(YEAR, 12, 31, 18, 0, tzinfo=UTC)
WORK_TICKS = (8, 14)  # UTC hours on weekdays: just after the 09:00 local sends, and later
WEEKEND_TICKS = (12,)


def ticks() -> list[datetime]:
    moments, day = [], START.date()
    while day <= END.date():
        hours = WORK_TICKS if day.weekday() < 5 else WEEKEND_TICKS
        moments += [datetime(day.year, day.month, day.day, h, 7, tzinfo=UTC) for h in hours]
        day += timedelta(days=1)
    return moments


class Year(People):
    """Everything of one run: database, transports, people, the clock and the log."""

    def __init__(self, db: Database, api: ScenarioBotApi, slack: ScenarioSlack, tmp: Path) -> None:
        self.db, self.api, self.slack, self.tmp = db, api, slack, tmp
        super().__init__(FrozenClock(START))
        self.router = Counting(
            Router(SqlConversationStore(db), self.clock, default_locale="sv").handle
        )
        self.memory = RacingMemory()
        self.telegram = TelegramTransport(
            TOKEN,
            base_url=api.base_url,
            poll_timeout=1.0,
            request_timeout=10.0,
            pacer=NoWaitPacer(),
            sleep=SleepRecorder(),
        )
        fake_time = FakeTime()
        self.slack_bot = SlackTransport(
            "xoxb-test-token",
            signing_secret="8f742231b10e8888abcd99yyyzzz85a5",
            mode="http",
            base_url=slack.base_url,
            host="127.0.0.1",
            port=0,
            pacer=SlackPacer(monotonic=fake_time.monotonic, sleep=fake_time.sleep),
        )
        self.transports: dict[Platform, Transport] = {
            Platform.CONSOLE: self.memory,
            Platform.TELEGRAM: self.telegram,
            Platform.SLACK: self.slack_bot,
        }
        self.inbox: list[tuple[str, Bubble]] = []
        self.reacting: set[str] = set()  # console chats whose person is reacting inline

    # --- setting up ---------------------------------------------------------------------

    def import_files(self) -> None:
        roster = self.tmp / "roster.yaml"
        roster.write_text(roster_yaml(), encoding="utf-8")
        loaded = load_roster(roster)
        self.db.run_sync(lambda s: import_roster(s, loaded, actor="acceptance", now=START))
        for side in SIDES:
            path = self.tmp / f"{side.plan_key}.yaml"
            path.write_text(plan_yaml(side), encoding="utf-8")
            self._import_plan(load_plan(path))
        store = SqlConversationStore(self.db)
        for person in PEOPLE:
            account = _account(person)

            def link(tx: ConversationTx, key: str = person.key, a: ChatAccount = account) -> None:
                tx.ensure_identity(key, a, START)

            store.run_sync(link)
            self.slack.add_user(person.slack_id, locale="sv-SE")

    def _import_plan(self, spec: PlanSpec) -> None:
        self.db.run_sync(lambda s: import_plan(s, spec, actor="acceptance", now=START))

    async def start(self) -> None:
        self.import_files()
        for transport in self.transports.values():
            await transport.start(self.router)
        assert self.slack_bot.bound_port is not None
        requests = SlackRequests(self.slack_bot.bound_port)
        ids = itertools.count(1)
        for person in PEOPLE:
            if person.platform == "console":
                self.actors[person.key] = ConsoleActor(person, self.memory, ids)
            elif person.platform == "telegram":
                self.actors[person.key] = TelegramActor(person, self.api, self.router)
            else:
                self.actors[person.key] = SlackActor(person, self.slack, requests, self.router)
        # The service never offers the console; here it runs beside the real platforms, so
        # the console must not stand in for someone whose own platform stopped working.
        self.memory.failing_chats = {p.key for p in PEOPLE if p.platform != "console"}
        self.memory.on_send = self._console_sent
        self.api.on_send = self._telegram_sent
        self.slack.on_post = self._slack_sent

    async def stop(self) -> None:
        for transport in self.transports.values():
            await transport.stop()

    # --- the year -----------------------------------------------------------------------

    async def run(self) -> None:
        settings = Settings(database_url="sqlite://")
        # The service's defaults, several sends in flight: each person reacts to their own
        # messages, while others' keep arriving (see `_console_sent`).
        dispatch, materialise = scheduling_jobs(
            SqlSchedulingStore(self.db),
            self.transports,
            self.clock,
            scheduling_policy(settings),
            owner="acceptance",
            in_flight=settings.scheduler.sends_in_flight,
        )
        reports = SqlReportingStore(self.db)
        last_day: date | None = None
        for moment in ticks():
            self.clock.set(moment)
            self._life_events(moment)
            await self.run_actions(moment)
            if moment.date() != last_day:
                await materialise()
                last_day = moment.date()
            # The digest's moment (08:00 local) comes before the day's sends (09:00 local).
            await run_due_digests(reports, self.transports, self.clock)
            await self._after_sends(digests=True)
            await dispatch()
            await self._after_sends()
            await run_due_summaries(reports, self.transports, self.clock)
            await self._after_sends()

    def _life_events(self, moment: datetime) -> None:
        if self.log.erased_at is None and moment >= ERASED_AT:
            self.db.run_sync(lambda s: erase_person(s, ERASED, actor="acceptance", now=moment))
            self.log.erased_at = moment
        if moment.date() >= BLOCKED_FROM:
            self.api.blocked.add(BY_KEY[BLOCKER].telegram_id)

    async def _after_sends(self, digests: bool = False) -> None:
        await self.router.settle()
        racing, self.racing = self.racing, []
        for actor, case, mark in racing:
            self.acting = True
            try:
                await actor._answered(mark)
                await self._converse(
                    actor, case, actor.bubbles_since(mark), self._answer(case, "yes")
                )
            finally:
                self.acting = False
        inbox, self.inbox = self.inbox, []
        for key, bubble in inbox:
            await self._arrived(key, bubble, inline=False)
        if digests:
            for key, parts in self.digest_buffer.items():
                person = BY_KEY[key]
                text = "\n".join(parts)
                if texts.matches(person.locale, DIGEST_TITLE, text):
                    self.log.digests.append(
                        DigestCopy(self.clock.now(), person.board or "", key, person.locale, text)
                    )
        self.digest_buffer = {}
        if self.api.refused and self.log.first_refusal is None:
            self.log.first_refusal = self.clock.now()

    # --- what reaches people ------------------------------------------------------------

    async def _console_sent(self, chat_id: str, bubble: Bubble) -> None:
        # A person reacting inline gets their answers as effects; what reaches their chat
        # meanwhile is part of that reaction. Other people's messages, sent alongside, are
        # theirs to react to: the mark is per person, not for the whole year.
        if self.acting or chat_id in self.reacting:
            return
        self.reacting.add(chat_id)
        try:
            await self._arrived(chat_id, bubble, inline=True)
        finally:
            self.reacting.discard(chat_id)

    def _telegram_sent(self, chat: int, bubble: Bubble) -> None:
        if self.acting:
            return
        person = next(p for p in PEOPLE if p.platform == "telegram" and p.telegram_id == chat)
        if person.board is None and self._race(person, bubble):
            return
        self.inbox.append((person.key, bubble))

    def _slack_sent(self, channel: str, bubble: Bubble) -> None:
        if self.acting:
            return
        person = next(p for p in PEOPLE if p.platform == "slack" and "D" + p.slack_id == channel)
        self.inbox.append((person.key, bubble))


def _account(person: Person) -> ChatAccount:
    if person.platform == "console":
        return ChatAccount(Platform.CONSOLE, "", person.key, person.key)
    if person.platform == "telegram":
        tid = str(person.telegram_id)
        return ChatAccount(Platform.TELEGRAM, "", tid, tid)
    return ChatAccount(Platform.SLACK, TEAM_ID, person.slack_id, None)
