"""Commands a person can give: plan, report, help, language, and the Slack home view."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from bot.core.command_words import JOIN_WORDS, LINK_WORDS, fold_word
from bot.core.conversation import CheckinView, OpenCheckin, PlanProgress, ReportableItem, Turn
from bot.core.i18n import N_, SUPPORTED_LOCALES, Translator, negotiate_locale, translator
from bot.core.messages import (
    Button,
    Effect,
    OutgoingMessage,
    Reply,
    Section,
    Toast,
)
from bot.core.model import CheckinState
from handlers.checkins import NOT_YOURS, local_today
from handlers.onboarding import SLASH, greeting
from handlers.reminders import (
    CHOICE_LABELS,
    ReminderItem,
    compose_reminder,
    weekly_schedule,
    when_text,
)
from handlers.tokens import LanguageToken, ReportToken, encode

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {"sv": "Svenska", "nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
# What `/sprak NAME` takes besides a code or tag ("nb", "nb-NO", "no"): each language's
# name in Swedish, Bokmål, Nynorsk and English, folded as command words are ("bokmål" is
# "bokmal"). "Norsk" alone is Bokmål, as the tag "no" is.
LANGUAGE_WORDS: dict[str, str] = {
    **dict.fromkeys(("svenska", "svensk", "swedish"), "sv"),
    **dict.fromkeys(
        (
            "bokmal",
            "norsk bokmal",
            "norskt bokmal",
            "norska bokmal",
            "norwegian bokmal",
            "bokmaal",
            "norsk",
            "norska",
            "norwegian",
        ),
        "nb",
    ),
    **dict.fromkeys(
        ("nynorsk", "nynorska", "norsk nynorsk", "norwegian nynorsk", "norska nynorsk"), "nn"
    ),
    **dict.fromkeys(("english", "engelska", "engelsk"), "en"),
}
MAX_BUTTON_LABEL = 60
OTHER_OCCURRENCES = 4  # earlier occurrences offered in /rapport; older ones are rarely corrected

# Spellings people use, folded to ASCII by the transports or by parsing.command_word.
ALIASES = {
    "plan": "plan",
    "planen": "plan",
    "rapport": "report",
    "report": "report",
    "rapportera": "report",
    "rapporter": "report",
    "hjalp": "help",
    "hjelp": "help",
    "help": "help",
    "sprak": "language",
    "language": "language",
    **dict.fromkeys(JOIN_WORDS, "start"),
    **dict.fromkeys(LINK_WORDS, "link"),
}
# The word each language is told to type for these two (all spellings above are accepted).
JOIN_WORD = N_("command word: join")
LINK_WORD = N_("command word: link")


def canonical(command: str) -> str | None:
    return ALIASES.get(command.strip().lower())


def run_command(turn: Turn, name: str, args: str = "") -> list[Effect]:
    """A command from a linked person in a direct chat (start/link are the router's).

    `args`: what followed the command word: /rapport's item code, /sprak's language.
    """
    if name == "plan":
        return [Reply(plan_message(turn))]
    if name == "report":
        return report_command(turn, args)
    if name == "language":
        return language_command(turn, args)
    if name == "start":
        return [Reply(greeting(turn.tr, turn.identity, turn.sender.command_prefix))]
    if name == "link":
        text = turn.tr.gettext("Use this code in the board's group or channel, not here.")
        return [Reply(OutgoingMessage(text))]
    items = turn.tx.reportable_items(turn.person.id)
    code = items[0].spec.key if items else None
    return [Reply(help_message(turn.tr, turn.sender.command_prefix, code))]


def help_message(tr: Translator, cmd: str = SLASH, code: str | None = None) -> OutgoingMessage:
    """The commands as this person types them: `cmd` is how a command starts there.

    `code`: one of the person's own item codes, for the example of /rapport; without one
    the example names no code, since plans write theirs in their own way ("3.1", "B4").
    """
    if code:
        report = tr.gettext(
            "{cmd}rapport: report on an item now, or {cmd}rapport {code} for item {code}",
            cmd=cmd,
            code=code,
        )
    else:
        report = tr.gettext(
            "{cmd}rapport: report on an item now, or {cmd}rapport CODE for the item with that code",
            cmd=cmd,
        )
    return OutgoingMessage(
        title=tr.gettext("What I can do"),
        text=tr.gettext(
            "I remind you about the items in your union's activity plan and take your "
            "answers: tap a button, then answer a few short questions.\n"
            "{cmd}plan: your open items and when they are due\n"
            "{report}\n"
            "{cmd}sprak: change language\n"
            "{cmd}ledig DATE: you are away up to and including that day; {cmd}tillbaka when "
            "you are back\n"
            "{cmd}hjalp: this help",
            cmd=cmd,
            report=report,
        ),
    )


def not_understood(tr: Translator, cmd: str = SLASH) -> OutgoingMessage:
    return OutgoingMessage(
        tr.gettext(
            "I did not understand that. Write {cmd}hjalp to see what I can do.",
            cmd=cmd,
        )
    )


def outside_menu(tr: Translator, typed: str, count: int) -> str:
    """A number typed to answer a menu of `count` numbered buttons, but none of them."""
    shown = _shown_argument(typed)
    if count == 1:
        text = tr.gettext("The menu has no number {number}: write 1 to choose.", number=shown)
    else:
        text = tr.gettext(
            "The menu has no number {number}: write a number from 1 to {last}.",
            number=shown,
            last=tr.number(count),
        )
    return text


def _status(tr: Translator, entry: OpenCheckin, timezone: str) -> str:
    when = tr.datetime_local(entry.due_at, timezone)
    if entry.state is CheckinState.SCHEDULED:
        return tr.gettext("I will ask you {when}", when=when)
    if entry.state is CheckinState.SNOOZED:
        return tr.gettext("You asked me to ask again later")
    return tr.gettext("Waiting for your answer since {when}", when=when)


def _when(tr: Translator, checkin: CheckinView | None) -> tuple[str, ...]:
    """The occurrence's date, as the reminder gives it: one item can be open for several."""
    if checkin is None:
        return ()
    when = when_text(tr, *_occurrence_span(checkin), weekly_schedule(checkin.item))
    return (tr.gettext("When: {when}", when=when),)


def open_sections(turn: Turn) -> tuple[Section, ...]:
    tr, timezone = turn.tr, turn.person.timezone
    entries = turn.tx.open_checkins(turn.person.id)
    checkins = turn.tx.get_checkins([e.checkin_id for e in entries])
    return tuple(
        Section(
            f"{e.item_key} {e.item_title}",
            (*_when(tr, checkins.get(e.checkin_id)), _status(tr, e, timezone)),
        )
        for e in entries
    )


def plan_message(turn: Turn) -> OutgoingMessage:
    tr = turn.tr
    sections = open_sections(turn)
    if not sections:
        text = tr.gettext(
            "Nothing is open for you right now. Write {cmd}rapport to report at any time.",
            cmd=turn.sender.command_prefix,
        )
        return OutgoingMessage(text=text, title=tr.gettext("Your plan"))
    text = tr.ngettext("You have {n} open item.", "You have {n} open items.", len(sections))
    return OutgoingMessage(text=text, title=tr.gettext("Your plan"), sections=sections)


def _report_buttons(
    turn: Turn, items: Sequence[ReportableItem] | None = None
) -> tuple[Button, ...]:
    buttons = []
    for item in turn.tx.reportable_items(turn.person.id) if items is None else items:
        label = f"{item.spec.key} {item.spec.title}"
        if len(label) > MAX_BUTTON_LABEL:
            label = label[: MAX_BUTTON_LABEL - 1] + "…"
        buttons.append(Button(label, encode(ReportToken(item.plan_item_id))))
    return tuple(buttons)


def report_menu(turn: Turn) -> OutgoingMessage:
    buttons = _report_buttons(turn)
    if not buttons:
        return OutgoingMessage(turn.tr.gettext("You have no plan items to report on."))
    return OutgoingMessage(turn.tr.gettext("Which item do you want to report on?"), buttons=buttons)


def report_command(turn: Turn, args: str) -> list[Effect]:
    """/rapport: the menu of items; /rapport 3.1: straight to that item's report request.

    The argument is an item's code (its id in the plan) or the start of its title. One
    item found: its report request, as tapping it in the menu gives. Several: a menu of
    just those. None: the whole menu, with a word on what was not found.
    """
    wanted = " ".join(args.split())
    if not wanted:
        return [Reply(report_menu(turn))]
    items = turn.tx.reportable_items(turn.person.id)
    found = items_named(items, wanted)
    tr = turn.tr
    if len(found) == 1:
        return [Reply(_report_request_on(turn, found[0].plan_item_id))]
    shown = _shown_argument(wanted)
    if found:
        text = tr.gettext(
            "Several of your items match “{code}”. Which one do you mean?", code=shown
        )
        return [Reply(OutgoingMessage(text, buttons=_report_buttons(turn, found)))]
    if not items:
        return [Reply(report_menu(turn))]
    text = tr.gettext("You have no item “{code}”. Which item do you want to report on?", code=shown)
    return [Reply(OutgoingMessage(text, buttons=_report_buttons(turn, items)))]


SHOWN_ARGUMENT = 40  # what a not-found reply quotes of the typed argument


def _shown_argument(text: str) -> str:
    return text if len(text) <= SHOWN_ARGUMENT else text[: SHOWN_ARGUMENT - 1] + "…"


def items_named(items: Sequence[ReportableItem], wanted: str) -> list[ReportableItem]:
    """The items an argument of /rapport names, by the first rule that finds any.

    1. its code, the whole argument or its first word ("3.1", "3.1 Värvningsvecka");
    2. the start of its title, without regard to case ("värvning");
    3. an area's code: the items whose code begins with it and a dot ("3": 3.1, 3.2).
    """
    said = _folded(wanted)
    first = said.split(" ", 1)[0]
    named = [(_folded(i.spec.key), _folded(i.spec.title), i) for i in items]
    for found in (
        [i for key, _title, i in named if key == said],
        [i for key, _title, i in named if key == first],
        [i for _key, title, i in named if title.startswith(said)],
        [i for key, _title, i in named if key.startswith(said + ".")],
    ):
        if found:
            return found
    return []


def _folded(text: str) -> str:
    """Case, spacing and a closing full stop left aside: "3.1." and "3.1" are one code."""
    return " ".join(text.casefold().split()).rstrip(".")


def handle_report_tap(turn: Turn, token: ReportToken) -> list[Effect]:
    """A tap in /rapport: ask Yes/No on the occurrence the report is about.

    By default that is the latest occurrence that has begun, answered or not, so a second
    report on it is a correction of that same check-in; buttons offer the other occurrences.
    """
    allowed = {r.plan_item_id for r in turn.tx.reportable_items(turn.person.id)}
    if token.plan_item_id not in allowed:
        log.warning(
            "report token not allowed: item=%s person=%s", token.plan_item_id, turn.person.id
        )
        return [Toast(turn.tr.gettext("This button is not for you, or it is no longer valid."))]
    choices = turn.tx.report_occurrences(turn.person.id, token.plan_item_id)
    chosen = None
    if token.checkin_id is not None:
        chosen = next((c for c in choices if c.id == token.checkin_id), None)
        if chosen is None:
            log.warning("report occurrence not allowed: checkin=%s", token.checkin_id)
            return [Toast(turn.tr.gettext(NOT_YOURS))]
    message = _report_request_on(turn, token.plan_item_id, choices, chosen)
    return [Toast(turn.tr.gettext("Report")), Reply(message)]


def _report_request_on(
    turn: Turn,
    plan_item_id: int,
    choices: Sequence[CheckinView] | None = None,
    chosen: CheckinView | None = None,
) -> OutgoingMessage:
    """The report request on one of the person's items: on the occurrence `chosen`, or by
    default on the latest that has begun; `choices` are its occurrences, read before a
    check-in for today may be made."""
    if choices is None:
        choices = turn.tx.report_occurrences(turn.person.id, plan_item_id)
    checkin = chosen
    if checkin is None:
        checkin = turn.tx.report_checkin(turn.person.id, plan_item_id, turn.now, local_today(turn))
    today = local_today(turn).isoformat()
    begun = [c for c in choices if c.id != checkin.id and c.occurrence <= today]
    return _report_request(turn, checkin, begun[:OTHER_OCCURRENCES])


def _occurrence_span(checkin: CheckinView) -> tuple[date, date]:
    start = date.fromisoformat(checkin.occurrence)
    return start, max(checkin.occurrence_end or start, start)


def _report_request(turn: Turn, checkin: CheckinView, others: list[CheckinView]) -> OutgoingMessage:
    """The Yes/No request for one occurrence, its current answer, and the other occurrences."""
    tr = turn.tr
    start, end = _occurrence_span(checkin)
    item = ReminderItem(
        checkin_id=checkin.id,
        title=f"{checkin.item.key} {checkin.item.title}",
        area=checkin.area_title,
        start=start,
        end=end,
        weekly=weekly_schedule(checkin.item),
    )
    message = compose_reminder(tr, [item], False)
    answer = turn.tx.current_answer(checkin.id)
    text = message.text
    if answer is not None:
        label = next(tr.gettext(lb) for c, lb, _s in CHOICE_LABELS if c is answer.choice)
        text += "\n" + tr.gettext(
            "You have already answered {answer}. A new answer replaces it.", answer=label
        )
    buttons = list(message.buttons)
    for other in others:
        span = when_text(tr, *_occurrence_span(other), weekly_schedule(other.item))
        token = encode(ReportToken(checkin.plan_item_id, other.id))
        buttons.append(Button(tr.gettext("Another time: {when}", when=span), token))
    return replace(message, text=text, buttons=tuple(buttons))


def language_menu(tr: Translator) -> OutgoingMessage:
    buttons = tuple(
        Button(LANGUAGE_NAMES[code], encode(LanguageToken(code))) for code in SUPPORTED_LOCALES
    )
    return OutgoingMessage(tr.gettext("Which language should I write in?"), buttons=buttons)


def language_named(wanted: str) -> str | None:
    """The supported locale an argument of /sprak names, by code, tag or name, or None.

    "nb", "NB-no", "no", "bokmål", "Norsk bokmål", "nynorsk", "svenska", "English": case,
    spacing, accents and a closing full stop are left aside.
    """
    words = [fold_word(word) for word in wanted.strip().rstrip(".!").split()]
    said = " ".join(word for word in words if word)
    if not said:
        return None
    if said in LANGUAGE_WORDS:
        return LANGUAGE_WORDS[said]
    tag = wanted.strip().rstrip(".!")
    if " " not in tag and len(tag.replace("_", "-").split("-")[0]) in (2, 3):
        return negotiate_locale(tag, default="") or None
    return None


def language_command(turn: Turn, args: str) -> list[Effect]:
    """/sprak: the menu; /sprak nb or /sprak English: that language at once, confirmed.

    An argument that names no language the bot writes says which ones it does, over the menu.
    """
    wanted = " ".join(args.split())
    if not wanted:
        return [Reply(language_menu(turn.tr))]
    locale = language_named(wanted)
    if locale is not None:
        return [Reply(OutgoingMessage(_switch_language(turn, locale)))]
    tr = turn.tr
    known = tr.format_list([f"{LANGUAGE_NAMES[code]} ({code})" for code in SUPPORTED_LOCALES])
    text = tr.gettext(
        "I cannot write in “{language}”; I write in {languages}.",
        language=_shown_argument(wanted),
        languages=known,
    )
    menu = language_menu(tr)
    return [Reply(replace(menu, text=f"{text}\n{menu.text}"))]


def _switch_language(turn: Turn, locale: str) -> str:
    """Store the person's choice; the confirmation, in the language chosen."""
    turn.tx.set_locale(turn.person.id, locale, chosen=True)
    return translator(locale).gettext("From now on I will write in English.")


def handle_language(turn: Turn, token: LanguageToken) -> list[Effect]:
    """A tap in the language menu. The toast is the tap's acknowledgement (a pop-up on
    Telegram); a platform where it would stay as a line leaves it out, the reply says it."""
    text = _switch_language(turn, token.locale)
    return [Toast(text), Reply(OutgoingMessage(text))]


def _progress_section(tr: Translator, progress: PlanProgress) -> Section:
    return Section(
        progress.plan_title,
        (
            tr.gettext("Done: {count}", count=tr.number(progress.done)),
            tr.gettext("Not done: {count}", count=tr.number(progress.not_done)),
            tr.gettext("No answer yet: {count}", count=tr.number(progress.no_answer)),
        ),
    )


def home_message(turn: Turn) -> OutgoingMessage:
    """The Slack App Home: open items, report buttons and, for boards, the plan at a glance."""
    tr = turn.tr
    sections = list(open_sections(turn))
    buttons = _report_buttons(turn)
    # The title is the one header: an empty plan is said in the text, not as a second one.
    lines = [] if sections else [tr.gettext("Nothing is open for you right now.")]
    if buttons:
        lines.append(tr.gettext("Tap an item to report on it."))
    elif not sections:
        lines.append(tr.gettext("You have no plan items to report on."))
    if turn.identity.is_board_member:
        sections.extend(_progress_section(tr, p) for p in turn.tx.board_progress(turn.person.id))
    return OutgoingMessage(
        title=tr.gettext("Your plan"),
        text="\n".join(lines),
        sections=tuple(sections),
        buttons=buttons,
    )
