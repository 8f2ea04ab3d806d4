"""The people's side of a conversation: reading requests and questions, writing answers."""

from __future__ import annotations

import re

from bot.core.model import Choice
from handlers.tokens import ChoiceToken, InvalidToken, ReportToken, decode
from tests.acceptance import texts
from tests.acceptance.script import NO_WORD, YES_WORD, Answer
from tests.acceptance.texts import Bubble
from tests.acceptance.world import ITEMS, METRIC_LABELS, Person, side_of

_NUMBERED = re.compile(r"^(\d+)\. (.+)$")
_BUTTON_NUMBER = re.compile(r"^(\d+): ")
Q_METRIC = "“{label}”: how many? Answer with a whole number, or write skip."
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


def asks_in(person: Person, bubble: Bubble) -> list[tuple[int, str]]:
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


def kind_of(person: Person, bubble: Bubble) -> str | None:
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
            # The label is quoted in the question, with each language's closing quote.
            if any(re.search(re.escape(label) + r"[”»\"]?:", text) for label in labels):
                return "metric:" + key
        return "metric:times"
    return None


def reply_for(kind: str, person: Person, answer: Answer) -> str:
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


def form_values(
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
        elif kind == "radio_buttons":  # "should the board contact you?": a tap on a label
            said = YES_WORD[person.locale] if answer.help else NO_WORD[person.locale]
            options = block["element"]["options"]
            picked = [o for o in options if o["text"]["text"].casefold() == said.casefold()]
            assert len(picked) == 1, f"no option reads {said!r}: {options}"
            values[block_id] = {"type": kind, "selected_option": picked[0]}
    return values


def report_token(menu: list[Bubble], item: str) -> str | None:
    for bubble in menu:
        for label, token in bubble.buttons:
            if label.startswith(item + " ") and isinstance(decode(token), ReportToken):
                return token
    return None


def choice_token(bubbles: list[Bubble], choice: str) -> str | None:
    wanted = Choice.YES if choice == "yes" else Choice.NO
    for bubble in bubbles:
        for _label, token in bubble.buttons:
            decoded = decode(token)
            if isinstance(decoded, ChoiceToken) and decoded.choice is wanted:
                return token
    return None


def last_ref(bubbles: list[Bubble]) -> str:
    return next((b.chat_ref for b in reversed(bubbles) if b.chat_ref), "")
