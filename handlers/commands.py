"""Commands a person can give: plan, report, help, language, and the Slack home view."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date

from bot.core.command_words import JOIN_WORDS, LINK_WORDS
from bot.core.conversation import CheckinView, OpenCheckin, PlanProgress, Turn
from bot.core.i18n import N_, SUPPORTED_LOCALES, Translator, translator
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


def run_command(turn: Turn, name: str) -> list[Effect]:
    """A command from a linked person in a direct chat (start/link are the router's)."""
    if name == "plan":
        return [Reply(plan_message(turn))]
    if name == "report":
        return [Reply(report_menu(turn))]
    if name == "language":
        return [Reply(language_menu(turn.tr))]
    if name == "start":
        return [Reply(greeting(turn.tr, turn.identity, turn.sender.command_prefix))]
    if name == "link":
        text = turn.tr.gettext("Use this code in the board's group or channel, not here.")
        return [Reply(OutgoingMessage(text))]
    return [Reply(help_message(turn.tr, turn.sender.command_prefix))]


def help_message(tr: Translator, cmd: str = SLASH) -> OutgoingMessage:
    """The commands as this person types them: `cmd` is how a command starts there."""
    return OutgoingMessage(
        title=tr.gettext("What I can do"),
        text=tr.gettext(
            "I remind you about the items in your union's activity plan and take your "
            "answers: tap a button, then answer a few short questions.\n"
            "{cmd}plan: your open items and when they are due\n"
            "{cmd}rapport: report on an item now\n"
            "{cmd}sprak: change language\n"
            "{cmd}ledig DATE: you are away until that day; {cmd}tillbaka when you are back\n"
            "{cmd}hjalp: this help",
            cmd=cmd,
        ),
    )


def not_understood(tr: Translator, cmd: str = SLASH) -> OutgoingMessage:
    return OutgoingMessage(
        tr.gettext(
            "I did not understand that. Write {cmd}hjalp to see what I can do.",
            cmd=cmd,
        )
    )


def _status(tr: Translator, entry: OpenCheckin, timezone: str) -> str:
    when = tr.datetime_local(entry.due_at, timezone)
    if entry.state is CheckinState.SCHEDULED:
        return tr.gettext("I will ask you {when}", when=when)
    if entry.state is CheckinState.SNOOZED:
        return tr.gettext("You asked me to ask again later")
    return tr.gettext("Waiting for your answer since {when}", when=when)


def open_sections(turn: Turn) -> tuple[Section, ...]:
    entries = turn.tx.open_checkins(turn.person.id)
    return tuple(
        Section(f"{e.item_key} {e.item_title}", (_status(turn.tr, e, turn.person.timezone),))
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


def _report_buttons(turn: Turn) -> tuple[Button, ...]:
    buttons = []
    for item in turn.tx.reportable_items(turn.person.id):
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
    today = local_today(turn).isoformat()
    choices = turn.tx.report_occurrences(turn.person.id, token.plan_item_id)
    if token.checkin_id is None:
        checkin = turn.tx.report_checkin(
            turn.person.id, token.plan_item_id, turn.now, local_today(turn)
        )
    else:
        chosen = [c for c in choices if c.id == token.checkin_id]
        if not chosen:
            log.warning("report occurrence not allowed: checkin=%s", token.checkin_id)
            return [Toast(turn.tr.gettext(NOT_YOURS))]
        checkin = chosen[0]
    begun = [c for c in choices if c.id != checkin.id and c.occurrence <= today]
    others = begun[:OTHER_OCCURRENCES]
    message = _report_request(turn, checkin, others)
    return [Toast(turn.tr.gettext("Report")), Reply(message)]


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


def handle_language(turn: Turn, token: LanguageToken) -> list[Effect]:
    turn.tx.set_locale(turn.person.id, token.locale, chosen=True)
    tr = translator(token.locale)
    text = tr.gettext("From now on I will write in English.")
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
