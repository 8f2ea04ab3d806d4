"""What the people of the scenario do with what reaches them, as their script says."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.core.clock import FrozenClock
from bot.core.model import Choice
from handlers.tokens import ChoiceToken, encode
from tests.acceptance import texts
from tests.acceptance.conversation import (
    FOLLOWUP_TITLE,
    NOTICE_TITLE,
    WHEN,
    asks_in,
    choice_token,
    form_values,
    kind_of,
    last_ref,
    reply_for,
    report_token,
)
from tests.acceptance.platforms import Actor, SlackActor, TelegramActor
from tests.acceptance.script import (
    Answer,
    Answered,
    Asked,
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
    ITEMS,
    YEAR,
    Person,
    side_of,
)


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


class People:
    """The people's side of the year: their open requests, their plans, their reactions."""

    def __init__(self, clock: FrozenClock) -> None:
        self.clock = clock
        self.log = Log()
        self.actors: dict[str, Actor] = {}
        self.cases: dict[tuple[str, str, int], Case] = {}
        self.actions: list[Action] = []
        self.seq = itertools.count()
        self.acting = False
        self.racing: list[tuple[TelegramActor, Case, tuple[int, int]]] = []
        self.digest_buffer: dict[str, list[str]] = {}

    def later(self, delay: timedelta, run: Callable[[], Awaitable[None]]) -> None:
        self.actions.append(Action(self.clock.now() + delay, next(self.seq), run))

    async def run_actions(self, moment: datetime) -> None:
        """Everything people planned to do by now, in the order they planned it."""
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

    def _race(self, person: Person, bubble: Bubble) -> bool:
        """A Telegram steward who taps Yes the moment the request arrives."""
        asks = asks_in(person, bubble)
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
        for handle, item_key in asks_in(person, bubble):
            await self._ask(person, item_key, handle, bubble, followup, inline)

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
            token = report_token(menu, case.item)
            if token is None:
                self.log.problems.append(
                    f"{case.person} {case.item}: /rapport had no button for it"
                )
                return
            asked = await actor.tap(token, last_ref(menu))
            self._check_when(person, case, asked)
            tap = choice_token(asked, choice)
            if tap is None:
                self.log.problems.append(f"{case.person} {case.item}: /rapport offered no {choice}")
                return
            self._log_answer(case, answer, "rapport", correction=True)
            bubbles = await actor.tap(tap, last_ref(asked))
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
                await actor.submit(form_values(actor.last_form, person, answer))
            return
        for _round in range(8):
            question = next((b for b in reversed(bubbles) if kind_of(person, b) is not None), None)
            if question is None:
                return
            kind = kind_of(person, question)
            assert kind is not None
            bubbles = await actor.say(reply_for(kind, person, answer))
