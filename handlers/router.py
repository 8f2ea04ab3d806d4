"""The one entry point for inbound chat events: identity, idempotency, then the handler."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.conversation import ConversationStore, ConversationTx, Turn
from bot.core.i18n import translator
from bot.core.messages import (
    ChoiceSelected,
    CommandReceived,
    Effect,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    OutgoingMessage,
    Reply,
    TextReceived,
    Toast,
    Unsupported,
)
from bot.core.ports import Clock
from handlers import answers, away, commands, onboarding
from handlers.idempotency import first_time
from handlers.parsing import command_word
from handlers.tokens import (
    ChoiceToken,
    FormToken,
    InvalidToken,
    LanguageToken,
    ReportToken,
    SkipToken,
    StepToken,
    decode,
)

log = logging.getLogger(__name__)

GROUP_COMMANDS = frozenset({"link", "start"})


class Router:
    """Turns one neutral event into effects, in one database transaction; never raises."""

    def __init__(
        self,
        store: ConversationStore,
        clock: Clock,
        *,
        default_locale: str = "sv",
        max_comment_chars: int = 4000,
    ) -> None:
        self.store = store
        self.clock = clock
        self.default_locale = default_locale
        self.max_comment_chars = max_comment_chars

    async def handle(self, event: InboundEvent) -> list[Effect]:
        now = self.clock.now()
        try:
            return await self.store.run(lambda tx: self._handle(tx, event, now))
        except Exception as exc:
            # The message of a database error can quote the person's text: log its type
            # and where it happened, never its text.
            log.error(
                "event failed: kind=%s platform=%s event=%s user=%s error=%s\n%s",
                type(event).__name__,
                event.sender.platform.value,
                event.event_id,
                event.sender.user_id,
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            return self._apology(event)

    async def record_taps(self, taps: Sequence[ChoiceSelected]) -> dict[str, int]:
        """Record the first answers of a burst of taps in one transaction, on receipt.

        Returns event id -> answer id for the taps recorded; the rest are handled the
        ordinary way. Each tap is then still handed to `handle`, with `recorded` set, for
        what follows. Never raises: on any error nothing is recorded here.
        """
        if not taps:
            return {}
        now = self.clock.now()
        try:
            return await self.store.run(lambda tx: answers.record_on_receipt(tx, taps, now))
        except Exception as exc:
            log.error(
                "taps not recorded on receipt: taps=%d error=%s", len(taps), type(exc).__name__
            )
            return {}

    def _apology(self, event: InboundEvent) -> list[Effect]:
        tr = onboarding.sender_translator(event.sender, self.default_locale)
        text = tr.gettext("Sorry, something went wrong on my side. Please try again in a while.")
        if isinstance(event, ChoiceSelected):
            return [Toast(text)]
        return [Reply(OutgoingMessage(text))]

    def _handle(self, tx: ConversationTx, event: InboundEvent, now: datetime) -> list[Effect]:
        sender = event.sender
        if sender.is_group:
            return self._group(tx, event, now)
        identity = tx.find_identity(sender.platform, sender.workspace, sender.user_id)
        if identity is None:
            return self._stranger(tx, event, now)
        if not first_time(tx, shown_once(event), now):
            return []
        tr = translator(identity.person.locale)
        turn = Turn(tx, identity, sender, tr, now, self.max_comment_chars)
        return self._dispatch(turn, event)

    def _group(self, tx: ConversationTx, event: InboundEvent, now: datetime) -> list[Effect]:
        """In groups the bot answers only its own commands with a code, never reports."""
        if not isinstance(event, CommandReceived):
            return []
        name = commands.canonical(event.command)
        if name is not None and name not in GROUP_COMMANDS:
            # Personal commands are answered only in private, so no report shows in a group.
            tr = onboarding.sender_translator(event.sender, self.default_locale)
            text = tr.gettext(
                "I answer that only in a private chat, so nothing you report shows here. "
                "Write to me directly."
            )
            return [Reply(OutgoingMessage(text), ephemeral=True)]
        if name not in GROUP_COMMANDS or not event.args.strip():
            return []
        if not first_time(tx, event, now):
            return []
        code = event.args.strip().split()[0]
        return list(onboarding.redeem_board_code(tx, event.sender, code, now, self.default_locale))

    def _stranger(self, tx: ConversationTx, event: InboundEvent, now: datetime) -> list[Effect]:
        """An account nobody linked: only an invite code does anything; nothing is stored."""
        tr = onboarding.sender_translator(event.sender, self.default_locale)
        if isinstance(event, CommandReceived) and commands.canonical(event.command) == "link":
            text = tr.gettext("Use this code in the board's group or channel, not here.")
            return [Reply(OutgoingMessage(text))]
        code = invite_code(event)
        if code is not None:
            if not first_time(tx, event, now):
                return []
            return list(
                onboarding.redeem_person_code(tx, event.sender, code, now, self.default_locale)
            )
        log.info(
            "unknown account: platform=%s user=%s",
            event.sender.platform.value,
            event.sender.user_id,
        )
        reply: list[Effect] = [Reply(onboarding.how_to_get_invite(tr, event.sender.command_prefix))]
        if isinstance(event, ChoiceSelected):
            reply.insert(0, Toast(tr.gettext("I do not know this account yet.")))
        return reply

    def _dispatch(self, turn: Turn, event: InboundEvent) -> list[Effect]:
        if isinstance(event, ChoiceSelected):
            return self._choice(turn, event)
        if isinstance(event, TextReceived):
            return self._text(turn, event.text, event.numbered_buttons)
        if isinstance(event, CommandReceived):
            if (effects := away.away_command(turn, event.command, event.args)) is not None:
                return effects
            name = commands.canonical(event.command) or "help"
            return commands.run_command(turn, name, event.args)
        if isinstance(event, FormSubmitted):
            return self._form(turn, event)
        if isinstance(event, HomeOpened):
            return [Reply(commands.home_message(turn))]
        assert isinstance(event, Unsupported)
        text = turn.tr.gettext(
            "I can only read text and button taps. Write {cmd}hjalp for help.",
            cmd=turn.sender.command_prefix,
        )
        return [Reply(OutgoingMessage(text))]

    def _choice(self, turn: Turn, event: ChoiceSelected) -> list[Effect]:
        try:
            token = decode(event.token)
        except InvalidToken:
            log.warning(
                "invalid token: platform=%s user=%s person=%s",
                turn.sender.platform.value,
                turn.sender.user_id,
                turn.person.id,
            )
            return [Toast(turn.tr.gettext(answers.NOT_YOURS))]
        if isinstance(token, ChoiceToken):
            return answers.handle_choice(turn, token, event.message, event.recorded)
        if isinstance(token, SkipToken):
            return answers.handle_skip(turn, token)
        if isinstance(token, StepToken):
            return answers.handle_step_tap(turn, token)
        if isinstance(token, ReportToken):
            return commands.handle_report_tap(turn, token)
        if isinstance(token, LanguageToken):
            return commands.handle_language(turn, token)
        return [Toast(turn.tr.gettext(answers.NOT_YOURS))]

    def _text(self, turn: Turn, text: str, numbered_buttons: int = 0) -> list[Effect]:
        state = turn.tx.get_conversation(turn.person.id)
        if state is not None:
            return answers.handle_conversation_text(turn, state, text)
        if (effects := away.away_text(turn, text)) is not None:
            return effects
        word = command_word(text)
        if word is not None:
            return commands.run_command(turn, commands.canonical(word) or "help")
        first, _, rest = text.strip().partition(" ")
        if rest and commands.canonical(command_word(first) or "") == "report":
            return commands.report_command(turn, rest)  # "rapport 3.1", typed as a word
        if (effects := answers.handle_typed_choice(turn, text)) is not None:
            return effects
        typed = text.strip()
        if numbered_buttons and typed.isascii() and typed.isdigit():
            # Where numbers tap buttons and no question waits, this is a tap that missed the
            # menu: answered as a tap is, with a toast, so the menu stays the one to answer.
            return [Toast(commands.outside_menu(turn.tr, typed, numbered_buttons))]
        return [Reply(commands.not_understood(turn.tr, turn.sender.command_prefix))]

    def _form(self, turn: Turn, event: FormSubmitted) -> list[Effect]:
        try:
            token = decode(event.token)
        except InvalidToken:
            token = None
        if not isinstance(token, FormToken):
            log.warning("invalid form token: person=%s", turn.person.id)
            return [Reply(OutgoingMessage(turn.tr.gettext(answers.NOT_YOURS)), ephemeral=True)]
        return answers.handle_form(turn, token, event.values)


def shown_once(event: InboundEvent) -> InboundEvent:
    """The event whose id keeps its handling from running twice.

    A tap recorded on receipt was recorded as handled then, under its own id; what follows
    (the reminder redrawn, the questions) is recorded under an id of its own, so a second
    handling of the same tap after a restart says nothing twice.
    """
    if isinstance(event, ChoiceSelected) and event.recorded is not None and event.event_id:
        return replace(event, event_id=f"{event.event_id}/shown")
    return event


def invite_code(event: InboundEvent) -> str | None:
    """The code in "/start CODE", "join CODE" or a bare code typed by an unknown account."""
    if isinstance(event, CommandReceived):
        words = event.args.split()
        if commands.canonical(event.command) == "start" and words:
            return words[0]
        return None
    if not isinstance(event, TextReceived) or len(event.text) > 200:
        return None
    words = event.text.split()
    if len(words) == 2 and commands.canonical(words[0].lstrip("/")) == "start":
        return words[1]
    if len(words) == 1 and onboarding.looks_like_code(words[0]):
        return words[0]
    return None
