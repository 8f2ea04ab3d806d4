"""Away periods in the chat (/ledig, /borta, /fravær, /away; /tillbaka, /back) and the digest."""

from __future__ import annotations

import logging

from bot.core.away import RosterDigest, back_at
from bot.core.command_words import fold_word
from bot.core.conversation import Turn
from bot.core.i18n import Translator
from bot.core.messages import Effect, OutgoingMessage, Reply, Section
from bot.core.timeplan import local_date
from handlers.parsing import ParseError, normalise, parse_date

log = logging.getLogger(__name__)

NAME_LIMIT = 80
# Command words folded to ASCII (bot.core.command_words.fold_word): "fravær" is "fravaer",
# and "fravar" is how it is typed on a keyboard without æ.
AWAY_WORDS = frozenset({"ledig", "borta", "fravar", "fravaer", "away"})
BACK_WORDS = frozenset({"tillbaka", "tilbake", "back"})
END_WORDS = frozenset({"slut", "slutt", "end", "stop", "av", "off"})
OPEN_ENDED = frozenset(
    {
        "tills vidare",
        "tillsvidare",
        "tv",
        "inntil videre",
        "inntil vidare",
        "til videre",
        "til vidare",
        "until further notice",
        "indefinitely",
    }
)
DATE_PREFIXES = ("till och med ", "t.o.m. ", "tom ", "til og med ", "til og med ", "till ", "til ")
DATE_PREFIXES_EN = ("until ", "till ", "to ", "through ")


def fold(word: str) -> str:
    """'/Fråvær' -> 'fravaer': the same folding whoever typed it and wherever."""
    return fold_word(word)


def away_command(turn: Turn, command: str, args: str) -> list[Effect] | None:
    """The effects of an away or back command; None when the command is another one."""
    word = fold(command)
    if word in AWAY_WORDS:
        return _away(turn, args)
    if word in BACK_WORDS:
        return _back(turn)
    return None


def away_text(turn: Turn, text: str) -> list[Effect] | None:
    """The same words typed as text ("ledig 10.8", "tillbaka"); None for any other text."""
    first, _, rest = text.strip().partition(" ")
    return away_command(turn, first, rest) if first else None


def _away(turn: Turn, args: str) -> list[Effect]:
    tr, person = turn.tr, turn.person
    said = normalise(args)
    if said in END_WORDS:
        return _back(turn)
    if not said:
        return _reply(_usage(tr, turn.sender.command_prefix))
    if said in OPEN_ENDED:
        turn.tx.set_away(person.id, None, turn.now)
        log.info("away: person %s until further notice", person.id)
        return _reply(
            tr.gettext(
                "You are away until further notice: I will not remind you of anything. "
                "Write {cmd}tillbaka when you are back.",
                cmd=turn.sender.command_prefix,
            )
        )
    today = local_date(turn.now, person.timezone)
    try:
        last_day = parse_date(_without_prefix(said), today)
    except ParseError:
        usage = _usage(tr, turn.sender.command_prefix)
        return _reply(tr.gettext("I could not read that date.") + "\n" + usage)
    if last_day < today:
        return _reply(tr.gettext("That day has passed. Give the last day you are away."))
    turn.tx.set_away(person.id, back_at(last_day, person.timezone), turn.now)
    log.info("away: person %s until a date", person.id)
    return _reply(
        tr.gettext(
            "You are away up to and including {date}: I will not remind you of anything "
            "until then. What falls due meanwhile and is still open, I ask about once when "
            "you are back. Write {cmd}tillbaka if you come back earlier.",
            date=tr.weekday_date(last_day),
            cmd=turn.sender.command_prefix,
        )
    )


def _without_prefix(said: str) -> str:
    for prefix in (*DATE_PREFIXES, *DATE_PREFIXES_EN):
        if said.startswith(prefix):
            return said.removeprefix(prefix)
    return said


def _back(turn: Turn) -> list[Effect]:
    tr = turn.tr
    if not turn.tx.end_away(turn.person.id, turn.now):
        return _reply(tr.gettext("You were not marked as away, so nothing changes."))
    log.info("away: person %s back", turn.person.id)
    # What the return puts to the person again is what is open and already due; the rest
    # comes at its own time.
    if not any(e.due_at <= turn.now for e in turn.tx.open_checkins(turn.person.id)):
        return _reply(
            tr.gettext(
                "Welcome back! Nothing that fell due is waiting for your answer, so no "
                "message with open items follows. Write {cmd}plan to see what is coming.",
                cmd=turn.sender.command_prefix,
            )
        )
    return _reply(
        tr.gettext(
            "Welcome back! What fell due while you were away and is still open comes "
            "in one message shortly."
        )
    )


def _usage(tr: Translator, cmd: str) -> str:
    return tr.gettext(
        "Write {cmd}ledig with your last day away, for example {cmd}ledig 10.8 or "
        "{cmd}ledig 10 augusti, or {cmd}ledig tills vidare. Write {cmd}tillbaka when you are "
        "back.",
        cmd=cmd,
    )


def _reply(text: str) -> list[Effect]:
    return [Reply(OutgoingMessage(text))]


# --- the digest ----------------------------------------------------------------------------


def _bounded(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= NAME_LIMIT else flat[: NAME_LIMIT - 1] + "…"


def roster_sections(tr: Translator, roster: RosterDigest) -> list[Section]:
    """Away, uncovered and handed-over lines for the board's digest; none when all is empty."""
    sections = []
    if roster.away:
        lines = tuple(
            tr.gettext("{name}: away until {date}", name=_bounded(p.name), date=tr.date(p.last_day))
            if p.last_day is not None
            else tr.gettext("{name}: away until further notice", name=_bounded(p.name))
            for p in roster.away
        )
        sections.append(Section(tr.gettext("Away"), lines))
    if roster.uncovered:
        lines = tuple(
            tr.gettext(
                "{date}: {title} – everyone who owns it is away ({names})",
                date=tr.date(u.on),
                title=_bounded(u.title),
                names=", ".join(_bounded(n) for n in u.names),
            )
            for u in roster.uncovered
        )
        sections.append(Section(tr.gettext("Uncovered"), lines))
    if roster.handovers:
        lines = tuple(
            tr.gettext(
                "{title}: from {old} to {new}",
                title=_bounded(h.title),
                old=_bounded(h.from_name),
                new=_bounded(h.to_name),
            )
            if h.to_name is not None
            else tr.gettext(
                "{title}: from {old} to the board",
                title=_bounded(h.title),
                old=_bounded(h.from_name),
            )
            for h in roster.handovers
        )
        sections.append(Section(tr.gettext("Handed over"), lines))
    return sections
