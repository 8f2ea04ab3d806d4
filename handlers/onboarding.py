"""Invites: single-use codes that link a chat account to a person or a group to a board.

A code is 16 random bytes in URL-safe base64 (22 characters, 128 bits), which fits
Telegram's start parameter ([A-Za-z0-9_-], at most 64). Only its sha256 is stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.core.conversation import (
    ChatAccount,
    ConversationTx,
    Identity,
    InviteOutcome,
    InvitePurpose,
    NewInvite,
    ReportableItem,
)
from bot.core.i18n import N_, Translator, negotiate_locale, translator
from bot.core.messages import OutgoingMessage, Reply, Section, Sender
from bot.core.model import Frequency, ItemSpec, Person, Platform, ScheduleKind

log = logging.getLogger(__name__)

CODE_BYTES = 16
# How a command starts where the person is (Sender.command_prefix).
SLASH = "/"
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

_OUTCOME_TEXT = {
    InviteOutcome.UNKNOWN: N_(
        "I do not recognise that code. Check that you copied all of it, "
        "or ask your board or administrator for a new invite."
    ),
    InviteOutcome.USED: N_(
        "That invite has already been used. Ask your board or administrator for a new one."
    ),
    InviteOutcome.EXPIRED: N_(
        "That invite has expired. Ask your board or administrator for a new one."
    ),
    InviteOutcome.WRONG_PLATFORM: N_(
        "That invite is for another chat service. Open it where it was meant to be used."
    ),
}

_BURNT_TEXT = N_(
    "That code was personal, and others in this chat may have seen it, so I have cancelled "
    "it: it can no longer link anyone. Ask your board or administrator for a new code and "
    "send it to me in a direct message."
)

_FREQUENCY_TEXT = {
    Frequency.WEEKLY: N_("every week"),
    Frequency.MONTHLY: N_("every month"),
    Frequency.QUARTERLY: N_("every quarter"),
    Frequency.YEARLY: N_("once a year"),
}


def hash_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def looks_like_code(text: str) -> bool:
    return bool(_CODE_SHAPE.match(text.strip()))


def _create(
    tx: ConversationTx,
    *,
    purpose: InvitePurpose,
    key: str,
    platform: Platform,
    now: datetime,
    days: int,
) -> str:
    code = secrets.token_urlsafe(CODE_BYTES)
    expires = now + timedelta(days=days)
    tx.add_invite(NewInvite(hash_code(code), purpose, key, platform, now, expires))
    return code


def create_person_invite(
    tx: ConversationTx, person_key: str, platform: Platform, now: datetime, days: int
) -> str:
    """A new single-use code for a person; raises NotFoundError for an unknown key."""
    return _create(
        tx, purpose=InvitePurpose.PERSON, key=person_key, platform=platform, now=now, days=days
    )


def create_board_invite(
    tx: ConversationTx, board_key: str, platform: Platform, now: datetime, days: int
) -> str:
    """A new single-use code that links a group or channel to a board."""
    return _create(
        tx, purpose=InvitePurpose.BOARD, key=board_key, platform=platform, now=now, days=days
    )


def how_to_get_invite(tr: Translator, cmd: str = SLASH) -> OutgoingMessage:
    return OutgoingMessage(
        tr.gettext(
            "Hello! I do not know this account yet. I help union representatives report "
            "on their activity plan. To start, ask your board or administrator for an "
            "invite link or code, then send it to me with {cmd}start CODE.",
            cmd=cmd,
        )
    )


def sender_translator(sender: Sender, default_locale: str) -> Translator:
    return translator(negotiate_locale(sender.language_code, default_locale))


def redeem_person_code(
    tx: ConversationTx, sender: Sender, code: str, now: datetime, default_locale: str
) -> list[Reply]:
    """/start CODE in a direct chat from an account not linked yet."""
    tr = sender_translator(sender, default_locale)
    if sender.is_group:
        return []
    result = tx.redeem_invite(hash_code(code), InvitePurpose.PERSON, sender.platform, now)
    if result.outcome is InviteOutcome.WRONG_PURPOSE:
        text = tr.gettext("That code links a group to a board. Use it in the board's group.")
        return [Reply(OutgoingMessage(text))]
    if result.outcome is not InviteOutcome.LINKED or result.person_id is None:
        log.info("invite refused: outcome=%s platform=%s", result.outcome, sender.platform.value)
        return [Reply(OutgoingMessage(tr.gettext(_OUTCOME_TEXT[result.outcome])))]
    tx.link_identity(result.person_id, ChatAccount.of(sender), now)
    person = _guess_locale(tx, tx.person(result.person_id), sender)
    log.info("identity linked: person=%s platform=%s", person.id, sender.platform.value)
    items = tx.reportable_items(person.id)
    return [Reply(welcome(translator(person.locale), person, items, sender.command_prefix))]


def _guess_locale(tx: ConversationTx, person: Person, sender: Sender) -> Person:
    identity = tx.find_identity(sender.platform, sender.workspace, sender.user_id)
    if identity is None or identity.locale_chosen or not sender.language_code:
        return person
    guessed = negotiate_locale(sender.language_code, person.locale)
    if guessed != person.locale:
        tx.set_locale(person.id, guessed, chosen=False)
    return tx.person(person.id)


def redeem_board_code(
    tx: ConversationTx, sender: Sender, code: str, now: datetime, default_locale: str
) -> list[Reply]:
    """/koppla CODE in a group or channel: the board's digests will go there."""
    tr = sender_translator(sender, default_locale)
    result = tx.redeem_invite(hash_code(code), InvitePurpose.BOARD, sender.platform, now)
    if result.outcome is InviteOutcome.WRONG_PURPOSE:
        # A personal code seen in a group may have been read by others: use it up unlinked.
        tx.redeem_invite(hash_code(code), InvitePurpose.PERSON, sender.platform, now)
        log.warning("personal invite burnt: seen in a group platform=%s", sender.platform.value)
        return [Reply(OutgoingMessage(tr.gettext(_BURNT_TEXT)), ephemeral=True)]
    if result.outcome is not InviteOutcome.LINKED or result.board_id is None:
        log.info("board code refused: outcome=%s", result.outcome)
        return [Reply(OutgoingMessage(tr.gettext(_OUTCOME_TEXT[result.outcome])), ephemeral=True)]
    tx.link_board(result.board_id, ChatAccount.of(sender), now)
    log.info("board linked: board=%s platform=%s", result.board_id, sender.platform.value)
    text = tr.gettext(
        "Done! {board} will get its weekly digest in this chat.", board=result.board_name or ""
    )
    return [Reply(OutgoingMessage(text))]


def how_often(tr: Translator, spec: ItemSpec) -> str:
    schedule = spec.schedule
    if schedule.every is not None:
        return tr.gettext(_FREQUENCY_TEXT[schedule.every])
    when = schedule.end or schedule.start
    if when is None:
        return tr.gettext("once, at the end of the plan period")
    if schedule.kind is ScheduleKind.DEADLINE:
        return tr.gettext("once, by {date}", date=tr.date(when))
    return tr.gettext("once, after {date}", date=tr.date(when))


def privacy_notice(tr: Translator) -> str:
    return tr.gettext(
        "About your data: I store your answers, numbers and comments together with your "
        "name and chat account. Your board sees them in its reports. You can ask your "
        "board or administrator for a copy of your data, or to have it deleted."
    )


def welcome(
    tr: Translator, person: Person, items: Sequence[ReportableItem], cmd: str = SLASH
) -> OutgoingMessage:
    """The greeting after linking: what will be asked, how often, and the privacy notice."""
    lines = tuple(f"{r.spec.key} {r.spec.title}: {how_often(tr, r.spec)}" for r in items)
    if items:
        intro = tr.ngettext(
            "I will ask you about {n} item in the activity plan:",
            "I will ask you about {n} items in the activity plan:",
            len(items),
        )
    else:
        intro = tr.gettext("You have no items in the activity plan yet.")
    text = "\n\n".join(
        (
            tr.gettext("Welcome, {name}! Your account is now linked.", name=person.name),
            intro,
        )
    )
    sections = (Section(tr.gettext("Your items"), lines),) if lines else ()
    see_help = tr.gettext("Write {cmd}hjalp to see what I can do.", cmd=cmd)
    footer = "\n\n".join((see_help, privacy_notice(tr)))
    return OutgoingMessage(text=text, sections=sections, context=footer)


def greeting(tr: Translator, identity: Identity, cmd: str = SLASH) -> OutgoingMessage:
    text = tr.gettext(
        "Hello {name}! Write {cmd}plan to see your items or {cmd}rapport to report.",
        name=identity.person.name,
        cmd=cmd,
    )
    return OutgoingMessage(text=text, context=privacy_notice(tr))
