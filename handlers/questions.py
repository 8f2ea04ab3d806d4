"""The questions asked after a tap, in one registry: prompt, reading, answer update, form field.

Each question type says after which tap it is asked, for which items, what it asks in the
chat, what its form field is called, how a typed answer is read and which part of the
answer it sets. The chat asks the questions one at a time (the conversation row keeps the
step's name, so a restart loses nothing); a transport that can open forms asks them all in
one form. Both read every answer through the same `read_answer`:

- a count is a whole number (`handlers.parsing.parse_count`);
- a yes/no takes the yes and no words of every language;
- a date is today or later; "no" ("nej", "ikke"...) means there is no new date;
- a text is kept as written up to `max_comment_chars`. The one rule for an over-long text,
  in the chat and in a form alike: the first `max_comment_chars` characters are kept and the
  person is told so. A form field also declares the limit, so a platform that enforces a
  field's length stops the text while it is being typed.

A blank answer or a skip word leaves the answer as it is, in the chat and in a form.
Adding a question type is one more `QuestionType` in `REGISTRY`; its place is its order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from bot.core.conversation import AnswerUpdate, CheckinView
from bot.core.counting import TIMES_KEY
from bot.core.i18n import N_, Translator
from bot.core.messages import FieldKind, FormField
from bot.core.model import Choice, ItemSpec
from handlers.parsing import (
    NO_DATE_WORDS,
    ParseError,
    is_skip,
    normalise,
    parse_count,
    parse_date,
    parse_yes_no,
)

T = TypeVar("T")
AnswerValue = int | str | bool | date
# The step left behind by a saved form: a chat answer typed after it is thanked, not misread.
FORM_SAVED = "form_saved"
DEFAULT_COMMENT_PROMPT = N_("Anything the board should know?")


class AnswerKind(StrEnum):
    """How an answer is typed and read; it also decides the form field and the Skip button."""

    COUNT = "count"
    TEXT = "text"
    YES_NO = "yes_no"
    DATE = "date"


@dataclass(frozen=True)
class Subject:
    """What decides which questions are asked: the plan item, and whether it counts times."""

    item: ItemSpec
    counts_times: bool = False

    @classmethod
    def of(cls, checkin: CheckinView) -> Subject:
        return cls(checkin.item, checkin.counts_times)


Words = Callable[[Translator, Subject, str], str]  # (tr, subject, key) -> a text to show
Store = Callable[[str, AnswerValue], AnswerUpdate]  # (key, value read) -> what changes
Keys = Callable[[Subject], tuple[str, ...]]  # ("",): asked once; a family: one key each


def once(subject: Subject) -> tuple[str, ...]:
    return ("",)


def fixed(msgid: str) -> Words:
    """The same translated text for every item."""
    return lambda tr, subject, key: tr.gettext(msgid)


@dataclass(frozen=True)
class QuestionType:
    """One kind of question; `name` is its step name (a family's steps are `name:key`)."""

    name: str
    after: Choice
    kind: AnswerKind
    prompt: Words  # the question in the chat
    label: Words  # the question as a form field's label
    store: Store
    keys: Keys = once
    field_key: str | None = None  # the form field of a single question; default: `name`

    def ask(self, key: str = "") -> Ask:
        if key:
            return Ask(f"{self.name}:{key}", key, key, self)
        return Ask(self.name, self.field_key or self.name, "", self)


@dataclass(frozen=True)
class Ask:
    """One question as asked about one item: its step name, its form field and its type."""

    step: str
    field: str
    key: str  # a family member ("participants"), or "" for a single question
    question: QuestionType

    @property
    def kind(self) -> AnswerKind:
        return self.question.kind

    @property
    def skip_button(self) -> bool:
        # A typed "1" must stay a number on platforms that pick buttons by their number.
        return self.kind is not AnswerKind.COUNT

    def prompt(self, tr: Translator, subject: Subject) -> str:
        return self.question.prompt(tr, subject, self.key)

    def form_field(self, tr: Translator, subject: Subject, text_limit: int | None) -> FormField:
        label = self.question.label(tr, subject, self.key)
        if self.kind is AnswerKind.COUNT:
            return FormField(self.field, label, FieldKind.NUMBER)
        if self.kind is AnswerKind.TEXT:
            return FormField(self.field, label, FieldKind.MULTILINE, max_length=text_limit)
        if self.kind is AnswerKind.YES_NO:
            choices = (("yes", tr.gettext("Yes")), ("no", tr.gettext("No")))
            return FormField(self.field, label, FieldKind.CHOICE, choices=choices)
        return FormField(self.field, label, FieldKind.DATE)


class QuestionRegistry:
    """The question types in the order they are asked."""

    def __init__(self, types: Iterable[QuestionType]) -> None:
        self._types: list[QuestionType] = []
        for question in types:
            self.register(question)

    def register(self, question: QuestionType, *, before: str | None = None) -> None:
        """Add a type, asked just before the type named `before` (or after all others)."""
        names = [t.name for t in self._types]
        if question.name in names or question.name == FORM_SAVED or ":" in question.name:
            raise ValueError(f"question name taken or not allowed: {question.name}")
        self._types.insert(names.index(before) if before else len(names), question)

    def unregister(self, name: str) -> None:
        self._types = [t for t in self._types if t.name != name]

    def asks(self, subject: Subject, after: Choice | None = None) -> tuple[Ask, ...]:
        """What is asked about `subject` after the tap `after` (None: after any), in order."""
        return tuple(
            question.ask(key)
            for question in self._types
            if after is None or question.after is after
            for key in question.keys(subject)
        )

    def find(self, step: str) -> Ask | None:
        """The question a conversation row's step names; None when no type has that name."""
        name, _, key = step.partition(":")
        question = next((t for t in self._types if t.name == name), None)
        return None if question is None else question.ask(key)


@dataclass(frozen=True)
class AnswerContext:
    """What reading an answer needs besides its text: the words, the local day, the limit."""

    tr: Translator
    today: date
    text_limit: int


def read_answer(ask: Ask, text: str, context: AnswerContext) -> tuple[AnswerUpdate, list[str]]:
    """A typed answer as a change to the answer, with notes for the person.

    Raises ParseError when the text is not what was asked; a blank or a skip word changes
    nothing.
    """
    if not text.strip() or is_skip(text):
        return AnswerUpdate(), []
    value, notes = _value(ask.kind, text, context)
    if value is None:
        return AnswerUpdate(), notes
    return ask.question.store(ask.key, value), notes


def _value(
    kind: AnswerKind, text: str, context: AnswerContext
) -> tuple[AnswerValue | None, list[str]]:
    if kind is AnswerKind.COUNT:
        return parse_count(text), []
    if kind is AnswerKind.TEXT:
        return within_limit(context, text.strip())
    if kind is AnswerKind.YES_NO:
        wants = parse_yes_no(text)
        if wants is None:
            raise ParseError("not_yes_no")
        return wants, []
    if normalise(text) in NO_DATE_WORDS:
        return None, []
    value = parse_date(text, context.today)
    if value < context.today:
        raise ParseError("date_in_past")
    return value, []


def within_limit(context: AnswerContext, text: str) -> tuple[str, list[str]]:
    """Text as written, cut at the limit with a note to the person when longer."""
    limit = context.text_limit
    if len(text) <= limit:
        return text, []
    note = context.tr.gettext(
        "Your text was longer than {limit} characters, so I kept the first {limit}.",
        limit=context.tr.number(limit),
    )
    return text[:limit], [note]


def merged_updates(updates: Sequence[AnswerUpdate]) -> AnswerUpdate:
    """Several changes as one; a later one wins where two set the same field."""
    numbers: dict[str, int] = {}
    for update in updates:
        numbers.update(update.numbers)
    return AnswerUpdate(
        numbers=numbers,
        comment=_last(u.comment for u in updates),
        blocker=_last(u.blocker for u in updates),
        needs_help=_last(u.needs_help for u in updates),
        new_date=_last(u.new_date for u in updates),
    )


def _last(values: Iterable[T | None]) -> T | None:
    return next((v for v in reversed(list(values)) if v is not None), None)


# --- the question types ------------------------------------------------------------------


def into_numbers(field: str | None = None) -> Store:
    """A count kept among the answer's numbers: under `field`, or under the family's key."""

    def store(key: str, value: AnswerValue) -> AnswerUpdate:
        assert isinstance(value, int)
        return AnswerUpdate(numbers={field or key: value})

    return store


def _comment(key: str, value: AnswerValue) -> AnswerUpdate:
    return AnswerUpdate(comment=str(value))


def _blocker(key: str, value: AnswerValue) -> AnswerUpdate:
    return AnswerUpdate(blocker=str(value))


def _needs_help(key: str, value: AnswerValue) -> AnswerUpdate:
    return AnswerUpdate(needs_help=bool(value))


def _new_date(key: str, value: AnswerValue) -> AnswerUpdate:
    assert isinstance(value, date)
    return AnswerUpdate(new_date=value)


def _metric_label(tr: Translator, subject: Subject, key: str) -> str:
    return next((m.label for m in subject.item.metrics if m.key == key), key)


def _metric_prompt(tr: Translator, subject: Subject, key: str) -> str:
    # The label is the plan's, in the plan's language: quoted as a name, so a reader in
    # another language reads it as the plan's word, not as half of a sentence.
    label = _metric_label(tr, subject, key)
    return tr.gettext(
        "“{label}”: how many? Answer with a whole number, or write skip.", label=label
    )


def _comment_label(tr: Translator, subject: Subject, key: str) -> str:
    return subject.item.comment_prompt or tr.gettext(DEFAULT_COMMENT_PROMPT)


def _comment_prompt(tr: Translator, subject: Subject, key: str) -> str:
    prompt = _comment_label(tr, subject, key)
    return tr.gettext("{prompt} Write a few words, or write skip.", prompt=prompt)


# Asked once with a count target: the number of times is what the target counts.
TIMES = QuestionType(
    "times", Choice.YES, AnswerKind.COUNT,
    prompt=fixed(N_("How many times did it happen? Answer with a whole number, or write skip.")),
    label=fixed(N_("How many times did it happen?")),
    store=into_numbers(TIMES_KEY),
    keys=lambda subject: ("",) if subject.counts_times else (),
    field_key=TIMES_KEY,
)  # fmt: skip
METRIC = QuestionType(
    "metric", Choice.YES, AnswerKind.COUNT, prompt=_metric_prompt, label=_metric_label,
    store=into_numbers(), keys=lambda subject: tuple(m.key for m in subject.item.metrics),
)  # fmt: skip
COMMENT = QuestionType(
    "comment", Choice.YES, AnswerKind.TEXT, prompt=_comment_prompt, label=_comment_label,
    store=_comment,
)  # fmt: skip
BLOCKER = QuestionType(
    "blocker", Choice.NO, AnswerKind.TEXT,
    prompt=fixed(N_("What got in the way? A few words help the board. Or write skip.")),
    label=fixed(N_("What got in the way?")),
    store=_blocker,
)  # fmt: skip
HELP = QuestionType(
    "help", Choice.NO, AnswerKind.YES_NO,
    prompt=fixed(
        N_("Do you want someone from the board to contact you about it? Answer yes or no.")
    ),
    label=fixed(N_("Should the board contact you?")),
    store=_needs_help,
    field_key="needs_help",
)  # fmt: skip
NEW_DATE = QuestionType(
    "new_date", Choice.NO, AnswerKind.DATE,
    prompt=fixed(N_("Is there a new date? Write it like 15 March or 15.3, or answer no.")),
    label=fixed(N_("New date")),
    store=_new_date,
)  # fmt: skip

REGISTRY = QuestionRegistry((TIMES, METRIC, COMMENT, BLOCKER, HELP, NEW_DATE))
