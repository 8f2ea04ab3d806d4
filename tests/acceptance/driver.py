"""The simulated year: the real jobs on a virtual clock, and the people reacting to them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.core.clock import FrozenClock
from bot.core.conversation import ChatAccount, ConversationTx
from bot.core.model import Choice, PlanSpec, Platform
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
from handlers.tokens import ChoiceToken, InvalidToken, ReportToken, decode, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.people import import_roster
from storage.plans import import_plan
from storage.privacy.erase import erase_person
from storage.reporting import SqlReportingStore
from storage.scheduling import SqlSchedulingStore
from tests.acceptance import texts
from tests.acceptance.files import plan_yaml, roster_yaml
from tests.acceptance.platforms import (
    Actor,
    ConsoleActor,
    Counting,
    RacingMemory,
    ScenarioBotApi,
    ScenarioSlack,
    SlackActor,
    TelegramActor,
)
from tests.acceptance.script import (
    NO_WORD,
    YES_WORD,
    Answer,
    Answered,
    Asked,
    DigestCopy,
    Log,
    Snoozed,
    answer_for,
    behaviour,
    corrects,
)
from tests.acceptance.texts import Bubble
from tests.acceptance.world import (
    BLOCKED_FROM,
    BLOCKER,
    BY_ITEM,
    BY_KEY,
    ERASED,
    ERASED_AT,
    ITEMS,
    METRIC_LABELS,
    PEOPLE,
    SIDES,
    TEAM_ID,
    YEAR,
    Person,
    side_of,
)
from tests.transports.slack.conftest import FakeTime
from tests.transports.slack.signed import SlackRequests
from tests.transports.telegram.conftest import NoWaitPacer, SleepRecorder
from tests.transports.telegram.fake_bot_api import TOKEN

_NUMBERED = re.compile(r"^(\d+)\. (.+)$")
_BUTTON_NUMBER = re.compile(r"^(\d+): ")
START = datetime(YEAR, 1, 1, 5, 0, tzinfo=UTC)
END = datetime(YEAR, 12, 31, 18, 0, tzinfo=UTC)
WORK_TICKS = (8, 14)  # UTC hours on weekdays: just after the 09:00 local sends, and later
WEEKEND_TICKS = (12,)
Q_METRIC = "{label}: how many? Answer with a whole number, or write skip."
Q_TIMES = "How many times did it happen? Answer with a whole number, or write skip."
Q_COMMENT = "{prompt} Write a few words, or write skip."
Q_BLOCKER = "What got in the way? A few words help the board. Or write skip."
Q_HELP = "Do you want someone from the board to contact you about it? Answer yes or no."
Q_DATE = "Is there a new date? Write it like 15 March or 15.3, or answer no."
WHEN = "When: {when}"
FOLLOWUP_TITLE = "A reminder: we have not had your report yet"
NOTICE_TITLE = "Coming up"
DIGEST_TITLE = "Weekly digest {week}"
QUIET_DIGEST = "{title}: a quiet week, nothing reported and nothing due."


def ticks() -> list[datetime]:
    moments, day = [], START.date()
    while day <= END.date():
        hours = WORK_TICKS if day.weekday() < 5 else WEEKEND_TICKS
        moments += [datetime(day.year, day.month, day.day, h, 7, tzinfo=UTC) for h in hours]
        day += timedelta(days=1)
    return moments


@dataclass
class Case:
    """One report request as the person follows it: where its buttons are, what is planned."""

    person: str
    item: str
    occurrence: int
    handle: int
    ref: str
    behaviour: str
    asks: int = 0
    snoozed: bool = False
    done: bool = False


@dataclass(order=True)
class Action:
    at: datetime
    seq: int
    run: Callable[[], Awaitable[None]] = field(compare=False)


class Year:
    """Everything of one run: database, transports, people, the clock and the log."""

    def __init__(self, db: Database, api: ScenarioBotApi, slack: ScenarioSlack, tmp: Path) -> None:
        self.db, self.api, self.slack, self.tmp = db, api, slack, tmp
        self.clock = FrozenClock(START)
        self.log = Log()
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
        self.actors: dict[str, Actor] = {}
        self.cases: dict[tuple[str, str, int], Case] = {}
        self.actions: list[Action] = []
        self.seq = itertools.count()
        self.acting = False
        self.inbox: list[tuple[str, Bubble]] = []
        self.racing: list[tuple[TelegramActor, Case, tuple[int, int]]] = []
        self.digest_buffer: dict[str, list[str]] = {}

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
        policy = scheduling_policy(Settings(database_url="sqlite://"))
        dispatch, materialise = scheduling_jobs(
            SqlSchedulingStore(self.db), self.transports, self.clock, policy, owner="acceptance"
        )
        reports = SqlReportingStore(self.db)
        last_day: date | None = None
        for moment in ticks():
            self.clock.set(moment)
            self._life_events(moment)
            await self._run_actions(moment)
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

    async def _run_actions(self, moment: datetime) -> None:
        while True:
            due = sorted(a for a in self.actions if a.at <= moment)
            if not due:
                return
            for action in due:
                self.actions.remove(action)
                self.acting = True
                try:
                    await action.run()
                finally:
                    self.acting = False

    def later(self, delay: timedelta, run: Callable[[], Awaitable[None]]) -> None:
        self.actions.append(Action(self.clock.now() + delay, next(self.seq), run))

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
        if self.acting:
            return
        self.acting = True
        try:
            await self._arrived(chat_id, bubble, inline=True)
        finally:
            self.acting = False

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

    def _race(self, person: Person, bubble: Bubble) -> bool:
        """A Telegram steward who taps Yes the moment the request arrives."""
        asks = self._asks(person, bubble)
        if len(asks) != 1 or texts.matches(person.locale, FOLLOWUP_TITLE, bubble.text):
            return False
        handle, item = asks[0]
        occurrence = self._occurrence_of(person, item, handle)
        if (person.key, item, occurrence) in self.cases or behaviour(
            person, item, occurrence
        ) != "instant":
            return False
        case = self._open_case(person, item, occurrence, handle, bubble, followup=False)
        actor = self.actors[person.key]
        assert isinstance(actor, TelegramActor)
        mark = actor.mark()
        actor.push_tap(encode(ChoiceToken(handle, Choice.YES)), bubble.chat_ref)
        self._log_answer(case, self._answer(case, "yes"), "instant")
        self.racing.append((actor, case, mark))
        return True

    async def _arrived(self, key: str, bubble: Bubble, inline: bool) -> None:
        person = BY_KEY[key]
        if person.board is not None:
            self.digest_buffer.setdefault(key, []).append(bubble.text)
            return
        if not bubble.buttons:
            if texts.matches(person.locale, NOTICE_TITLE, bubble.text):
                for item in ITEMS:
                    if item.title(side_of(person)) in bubble.text:
                        self.log.notices.append((self.clock.now(), key, item.key))
            return
        followup = texts.matches(person.locale, FOLLOWUP_TITLE, bubble.text)
        for handle, item_key in self._asks(person, bubble):
            await self._ask(person, item_key, handle, bubble, followup, inline)

    def _asks(self, person: Person, bubble: Bubble) -> list[tuple[int, str]]:
        """(check-in, item) for every Yes button, matched by the title shown with it.

        A gathered message numbers its items ("2. Title") and their buttons ("2: Yes");
        a message about one item shows its title and plain buttons.
        """
        by_title = {item.title(side_of(person)): item.key for item in ITEMS}
        numbered: dict[int, str] = {}
        for line in bubble.text.splitlines():
            hit = _NUMBERED.match(line.strip())
            if hit and hit.group(2) in by_title:
                numbered[int(hit.group(1))] = by_title[hit.group(2)]
        single = [key for title, key in by_title.items() if title in bubble.text]
        found = []
        for label, token in bubble.buttons:
            try:
                decoded = decode(token)
            except InvalidToken:
                continue
            if not isinstance(decoded, ChoiceToken) or decoded.choice is not Choice.YES:
                continue
            number = _BUTTON_NUMBER.match(label)
            if number is not None and int(number.group(1)) in numbered:
                found.append((decoded.checkin_id, numbered[int(number.group(1))]))
            elif number is None and len(single) == 1:
                found.append((decoded.checkin_id, single[0]))
        return found

    def _occurrence(self, person: Person, item_key: str) -> int:
        today = self.clock.now().astimezone(person.zone).date()
        item = BY_ITEM[item_key]
        index = -1
        for n, (_start, end) in enumerate(item.occurrences):
            if end + timedelta(days=item.ask_after) <= today:
                index = n
        return index

    def _open_case(  # noqa: PLR0917 - the request as it arrived, in one call
        self,
        person: Person,
        item: str,
        occurrence: int,
        handle: int,
        bubble: Bubble,
        followup: bool,
    ) -> Case:
        key = (person.key, item, occurrence)
        answered = self.log.latest(*key, until=self.clock.now()) is not None
        self.log.asked.append(
            Asked(self.clock.now(), person.key, item, occurrence, handle, followup, answered)
        )
        case = self.cases.get(key)
        if case is None:
            case = Case(
                person.key,
                item,
                occurrence,
                handle,
                bubble.chat_ref,
                behaviour(person, item, occurrence),
            )
            self.cases[key] = case
        case.asks += 1
        return case

    def _occurrence_of(self, person: Person, item: str, handle: int) -> int:
        """The occurrence a request is about: known by its buttons, else the latest one due.

        A request held back (noise budget, holidays) can arrive after the next one is due;
        it then belongs to the earliest occurrence nobody has asked about yet.
        """
        for case in self.cases.values():
            if (case.person, case.item, case.handle) == (person.key, item, handle):
                return case.occurrence
        latest = self._occurrence(person, item)
        for n in range(latest + 1):
            if (person.key, item, n) not in self.cases:
                return n
        return latest

    async def _ask(  # noqa: PLR0917 - the request as it arrived, in one call
        self, person: Person, item: str, handle: int, bubble: Bubble, followup: bool, inline: bool
    ) -> None:
        occurrence = self._occurrence_of(person, item, handle)
        first = (person.key, item, occurrence) not in self.cases
        case = self._open_case(person, item, occurrence, handle, bubble, followup)
        if case.done:
            return
        if case.handle != handle:
            self.log.problems.append(
                f"{person.key} {item} #{occurrence}: asked about a second check-in "
                f"({handle}, first {case.handle})"
            )
            return
        ref = bubble.chat_ref
        if case.snoozed:
            self._snooze_returned(person, case, ref)
            return
        if not first:
            if case.behaviour == "stale":
                self.later(
                    timedelta(hours=2), lambda: self._tap(case, "yes", case.ref, "stale-button")
                )
            return
        await self._first_ask(person, case, ref, inline)

    async def _first_ask(self, person: Person, case: Case, ref: str, inline: bool) -> None:
        local = self.clock.now().astimezone(person.zone)
        match case.behaviour:
            case "instant" if inline:
                await self._tap(case, "yes", ref, "instant")
            case "instant" | "late":
                self.later(timedelta(days=1), lambda: self._tap(case, "yes", ref, "tap"))
            case "late_no":
                self.later(timedelta(days=2), lambda: self._tap(case, "no", ref, "tap"))
            case "no_help" | "no_plain":
                self.later(timedelta(hours=3), lambda: self._tap(case, "no", ref, "tap"))
            case "later" if local.weekday() == 4:
                self.later(timedelta(hours=1), lambda: self._later(case, ref))
            case "later":
                self.later(timedelta(days=1), lambda: self._tap(case, "yes", ref, "tap"))

    def _snooze_returned(self, person: Person, case: Case, ref: str) -> None:
        local = self.clock.now().astimezone(person.zone)
        if local.weekday() >= 5:
            self.log.problems.append(
                f"{person.key} {case.item} #{case.occurrence}: 'Later' on a Friday came back on "
                f"a {local:%A} ({local:%Y-%m-%d})"
            )
        case.snoozed = False
        self.later(timedelta(hours=1), lambda: self._tap(case, "yes", ref, "tap"))

    # --- what people do -----------------------------------------------------------------

    def _answer(self, case: Case, choice: str, revision: int = 0) -> Answer:
        person = BY_KEY[case.person]
        asked = self.clock.now().astimezone(person.zone).date()
        answer = answer_for(person, case.item, case.occurrence, choice, asked, revision)
        if case.behaviour in ("no_help", "no_plain") and choice == "no" and revision == 0:
            answer = Answer(
                "no", {}, None, answer.blocker, case.behaviour == "no_help", answer.new_date
            )
        return answer

    def _log_answer(self, case: Case, answer: Answer, how: str, correction: bool = False) -> None:
        case.done = True
        self.log.answered.append(
            Answered(
                self.clock.now(), case.person, case.item, case.occurrence, answer, how, correction
            )
        )
        person = BY_KEY[case.person]
        if not correction and corrects(person, case.item, case.occurrence):
            self.later(timedelta(days=8), lambda: self._correct(case))

    def _gone(self, person: str) -> bool:
        """Erased, or blocked the bot: such a person does nothing more in the chat."""
        if person == ERASED and self.log.erased_at is not None:
            return True
        return person == BLOCKER and self.clock.now().date() >= BLOCKED_FROM

    async def _tap(self, case: Case, choice: str, ref: str, how: str) -> None:
        if self._gone(case.person):
            return
        actor = self.actors[case.person]
        token = encode(ChoiceToken(case.handle, Choice.YES if choice == "yes" else Choice.NO))
        answer = self._answer(case, choice)
        self._log_answer(case, answer, how)
        bubbles = await actor.tap(token, ref)
        await self._converse(actor, case, bubbles, answer)

    async def _later(self, case: Case, ref: str) -> None:
        if self._gone(case.person):
            return
        actor = self.actors[case.person]
        case.snoozed = True
        self.log.snoozed.append(Snoozed(self.clock.now(), case.person, case.item, case.occurrence))
        await actor.tap(encode(ChoiceToken(case.handle, Choice.LATER)), ref)

    async def _correct(self, case: Case) -> None:
        if self._gone(case.person):
            return
        person = BY_KEY[case.person]
        previous = self.log.latest(case.person, case.item, case.occurrence, self.clock.now())
        assert previous is not None
        choice = "no" if previous.answer.choice == "yes" else "yes"
        answer = self._answer(case, choice, revision=1)
        actor = self.actors[case.person]
        once = len(BY_ITEM[case.item].occurrences) == 1
        if once and person.platform != "slack":
            menu = await actor.say("/rapport")
            token = _report_token(menu, case.item)
            if token is None:
                self.log.problems.append(
                    f"{case.person} {case.item}: /rapport had no button for it"
                )
                return
            asked = await actor.tap(token, _last_ref(menu))
            self._check_when(person, case, asked)
            tap = _choice_token(asked, choice)
            if tap is None:
                self.log.problems.append(f"{case.person} {case.item}: /rapport offered no {choice}")
                return
            self._log_answer(case, answer, "rapport", correction=True)
            bubbles = await actor.tap(tap, _last_ref(asked))
        else:
            self._log_answer(case, answer, "old-button", correction=True)
            token = encode(ChoiceToken(case.handle, Choice.YES if choice == "yes" else Choice.NO))
            bubbles = await actor.tap(token, case.ref)
        await self._converse(actor, case, bubbles, answer)

    def _check_when(self, person: Person, case: Case, bubbles: list[Bubble]) -> None:
        """/rapport shows the occurrence it is about: its last day, spans in order."""
        end = BY_ITEM[case.item].occurrences[case.occurrence][1]
        for bubble in bubbles:
            for line in bubble.text.splitlines():
                if not texts.matches(person.locale, WHEN, line):
                    continue
                shown = texts.dates_in(person.locale, line, YEAR)
                if end not in shown or shown != sorted(shown):
                    self.log.problems.append(
                        f"{case.person} {case.item}: /rapport shows '{line}' for the occurrence "
                        f"ending {end}"
                    )
                return

    async def _converse(
        self, actor: Actor, case: Case, bubbles: list[Bubble], answer: Answer
    ) -> None:
        """Answer the bot's follow-up questions (or its Slack form) as the script says."""
        person = BY_KEY[case.person]
        if isinstance(actor, SlackActor):
            if actor.last_form is not None:
                await actor.submit(_form_values(actor.last_form, person, answer))
            return
        for _round in range(8):
            question = next((b for b in reversed(bubbles) if _kind(person, b) is not None), None)
            if question is None:
                return
            kind = _kind(person, question)
            assert kind is not None
            bubbles = await actor.say(_reply(kind, person, answer))


def _account(person: Person) -> ChatAccount:
    if person.platform == "console":
        return ChatAccount(Platform.CONSOLE, "", person.key, person.key)
    if person.platform == "telegram":
        tid = str(person.telegram_id)
        return ChatAccount(Platform.TELEGRAM, "", tid, tid)
    return ChatAccount(Platform.SLACK, TEAM_ID, person.slack_id, None)


def _kind(person: Person, bubble: Bubble) -> str | None:
    lang = person.locale
    text = bubble.text
    for kind, msgid in (
        ("blocker", Q_BLOCKER),
        ("help", Q_HELP),
        ("new_date", Q_DATE),
        ("comment", Q_COMMENT),
    ):
        if texts.matches(lang, msgid, text):
            return kind
    if texts.matches(lang, Q_TIMES, text):
        return "metric:times"
    if texts.matches(lang, Q_METRIC, text):
        for key, labels in METRIC_LABELS.items():
            if any(f"{label}:" in text for label in labels):
                return "metric:" + key
        return "metric:times"
    return None


def _reply(kind: str, person: Person, answer: Answer) -> str:
    if kind.startswith("metric:"):
        value = answer.numbers.get(kind.removeprefix("metric:"))
        return str(value) if value is not None else "skip"
    if kind == "comment":
        return answer.comment or "skip"
    if kind == "blocker":
        return answer.blocker or "skip"
    if kind == "help":
        return YES_WORD[person.locale] if answer.help else NO_WORD[person.locale]
    if answer.new_date is None:
        return NO_WORD[person.locale]
    return f"{answer.new_date.day}.{answer.new_date.month}"


def _form_values(
    view: dict[str, object], person: Person, answer: Answer
) -> dict[str, dict[str, object]]:
    values: dict[str, dict[str, object]] = {}
    for block in view.get("blocks", []):  # type: ignore[attr-defined]
        block_id = str(block.get("block_id"))
        kind = block.get("element", {}).get("type")
        if kind == "number_input":
            known = answer.numbers.get(block_id, answer.numbers.get("times"))
            values[block_id] = {"type": kind, "value": str(known) if known is not None else None}
        elif kind == "datepicker":
            chosen = answer.new_date.isoformat() if answer.new_date else None
            values[block_id] = {"type": kind, "selected_date": chosen}
        elif kind == "plain_text_input":
            text = {"comment": answer.comment, "blocker": answer.blocker}.get(block_id)
            if block_id == "needs_help":
                text = YES_WORD[person.locale] if answer.help else NO_WORD[person.locale]
            values[block_id] = {"type": kind, "value": text}
    return values


def _report_token(menu: list[Bubble], item: str) -> str | None:
    for bubble in menu:
        for label, token in bubble.buttons:
            if label.startswith(item + " ") and isinstance(decode(token), ReportToken):
                return token
    return None


def _choice_token(bubbles: list[Bubble], choice: str) -> str | None:
    wanted = Choice.YES if choice == "yes" else Choice.NO
    for bubble in bubbles:
        for _label, token in bubble.buttons:
            decoded = decode(token)
            if isinstance(decoded, ChoiceToken) and decoded.choice is wanted:
                return token
    return None


def _last_ref(bubbles: list[Bubble]) -> str:
    return next((b.chat_ref for b in reversed(bubbles) if b.chat_ref), "")
