"""Neutral chat messages: what transports turn platform updates into, and back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.model import Platform


class ButtonStyle(StrEnum):
    PRIMARY = "primary"
    DANGER = "danger"
    DEFAULT = "default"


class FieldKind(StrEnum):
    NUMBER = "number"
    TEXT = "text"
    MULTILINE = "multiline"
    DATE = "date"
    CHOICE = "choice"  # one of `FormField.choices` (a radio button group in Slack)


@dataclass(frozen=True)
class ChatAddress:
    """Where a message goes: a DM, a group or a channel on one platform."""

    platform: Platform
    chat_id: str
    workspace: str = ""
    user_id: str | None = None  # for a DM: the person's platform user id


@dataclass(frozen=True)
class Capabilities:
    """What a transport can do, declared by the transport itself.

    Handlers ask for a capability, never for a platform, so a new platform only declares
    what it can do. The defaults describe an ordinary chat: text, buttons, edits, no forms.
    """

    forms: bool = False  # can open a form (a Slack modal) in answer to a tap
    message_edits: bool = True  # a sent message can be replaced (the tapped reminder)
    buttons_per_row: int | None = None  # None: as many as fit
    max_text: int | None = None  # characters in one message; None: no limit of its own


@dataclass(frozen=True)
class Sender:
    """Who wrote or tapped, as the platform says it."""

    platform: Platform
    user_id: str
    chat_id: str
    workspace: str = ""
    username: str | None = None
    display_name: str | None = None
    language_code: str | None = None
    is_group: bool = False
    # The receiving bot's own identity (Telegram: its id from getMe; console: the session), so
    # update ids that restart with a new bot are not taken for ones already handled.
    bot: str = ""
    # How a command starts on this platform, declared by the transport: "/" gives "/hjalp"
    # (Telegram); Slack has one slash command, so "/ombud " gives "/ombud hjalp".
    command_prefix: str = "/"
    # What the transport the event came through can do; handlers ask these, not `platform`.
    capabilities: Capabilities = Capabilities()

    def address(self) -> ChatAddress:
        return ChatAddress(self.platform, self.chat_id, self.workspace, self.user_id)


@dataclass(frozen=True)
class Button:
    label: str
    token: str  # compact, verified by the handlers (see handlers' token codec)
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: FieldKind
    optional: bool = True
    max_length: int | None = None
    hint: str | None = None
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) for FieldKind.CHOICE


@dataclass(frozen=True)
class Form:
    """A small form (a Slack modal); platforms without forms ask field by field instead."""

    token: str
    title: str
    submit_label: str
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Section:
    """A headed block of lines (a digest's area, a list of items)."""

    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutgoingMessage:
    """Plain text; transports escape it for their markup. Nothing here is pre-formatted."""

    text: str
    title: str | None = None
    context: str | None = None
    buttons: tuple[Button, ...] = ()
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class MessageRef:
    platform: Platform
    chat_id: str
    message_id: str
    workspace: str = ""


# --- inbound ---------------------------------------------------------------


@dataclass(frozen=True)
class TextReceived:
    sender: Sender
    text: str
    event_id: str
    # Where a typed number taps a button of the newest message (the terminal chat), how many
    # buttons it has: a number beyond them reached the handlers as text. 0 elsewhere.
    numbered_buttons: int = 0


@dataclass(frozen=True)
class CommandReceived:
    """`/rapport`, `/ombud plan`, `/start CODE`; command is lower-case ASCII, without slash."""

    sender: Sender
    command: str
    args: str
    event_id: str


@dataclass(frozen=True)
class ChoiceSelected:
    sender: Sender
    token: str
    event_id: str
    message: MessageRef | None = None
    # The answer this tap carries, already recorded on receipt (its id), so the handler
    # only says so; None for a tap handled the ordinary way.
    recorded: int | None = None


@dataclass(frozen=True)
class FormSubmitted:
    sender: Sender
    token: str
    values: Mapping[str, str]
    event_id: str


@dataclass(frozen=True)
class Unsupported:
    """A sticker, photo, voice note, edit... anything the bot does not read."""

    sender: Sender
    kind: str
    event_id: str


@dataclass(frozen=True)
class HomeOpened:
    """The person opened the bot's home view (Slack App Home); answer with a Reply."""

    sender: Sender
    event_id: str


InboundEvent = (
    TextReceived | CommandReceived | ChoiceSelected | FormSubmitted | Unsupported | HomeOpened
)


# --- effects: what a handler asks the transport to do ----------------------


@dataclass(frozen=True)
class Reply:
    """Send a message to the chat the event came from."""

    message: OutgoingMessage
    ephemeral: bool = False  # Slack: only the sender sees it


@dataclass(frozen=True)
class SendTo:
    address: ChatAddress
    message: OutgoingMessage


@dataclass(frozen=True)
class EditMessage:
    """Replace a message's text and buttons (a reminder showing the recorded answer)."""

    ref: MessageRef
    message: OutgoingMessage


@dataclass(frozen=True)
class Toast:
    """A short acknowledgement of a tap (Telegram answerCallbackQuery text)."""

    text: str


@dataclass(frozen=True)
class OpenForm:
    form: Form
    prefill: Mapping[str, str] = field(default_factory=dict)
    fallback: OutgoingMessage | None = None  # sent instead when the form cannot be opened


@dataclass(frozen=True)
class FormErrors:
    """The submitted form stays open, what was typed kept, a message under each named field."""

    errors: Mapping[str, str]  # field key -> what is wrong with it


Effect = Reply | SendTo | EditMessage | Toast | OpenForm | FormErrors
