"""Domain enums and value types shared by every layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

# Platforms and check-in states live in their own modules; every layer keeps importing them
# from here, so the alias marks an explicit re-export for mypy.
from bot.core.platforms import Platform as Platform  # noqa: PLC0414
from bot.core.states import CheckinState as CheckinState  # noqa: PLC0414


class HandleKind(StrEnum):
    """What a handle names on its platform; linking looks accounts up by these."""

    USER_ID = "user_id"
    EMAIL = "email"
    USERNAME = "username"


@dataclass(frozen=True, order=True)
class Handle:
    """A person's name on one chat platform, as the roster gives it: (slack, user_id, U0123).

    The platform is a name, not necessarily registered in this process: a roster may name
    accounts on a platform whose adapter only the running service loads.
    """

    platform: str
    kind: HandleKind
    value: str

    @property
    def field(self) -> str:
        """The roster field that gives it: slack_user_id, telegram_username, matrix_user_id."""
        return f"{self.platform}_{self.kind.value}"


class Role(StrEnum):
    STEWARD = "steward"
    BOARD = "board"
    ADMIN = "admin"


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    LATER = "later"
    NOT_RELEVANT = "not_relevant"


OPEN_STATES = frozenset({CheckinState.SCHEDULED, CheckinState.AWAITING, CheckinState.SNOOZED})


class Prompt(StrEnum):
    """What a check-in row sends: a heads-up before an event, or a request to report."""

    NOTICE = "notice"
    ASK = "ask"


class ScheduleKind(StrEnum):
    EVENT = "event"  # a date or a date range
    WINDOW = "window"  # a period in which something should happen ("during November")
    DEADLINE = "deadline"  # "by 30 June"
    RECURRING = "recurring"  # weekly, monthly, quarterly, yearly
    CONTINUOUS = "continuous"  # ongoing work, asked about on a regular rhythm


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


class TargetKind(StrEnum):
    COUNT = "count"  # how many occurrences were reported done ("at least two gatherings")
    SUM = "sum"  # the sum of a metric over the answers ("+80 members")


class OwnerKind(StrEnum):
    PERSON = "person"
    ROLE = "role"  # every person with a role in a unit (and, optionally, its sub-units)
    BOARD = "board"  # the members of a unit's board


class DeliveryFailure(StrEnum):
    RATE_LIMITED = "rate_limited"
    TRANSIENT = "transient"  # server error or timeout: retry with backoff
    UNREACHABLE = "unreachable"  # blocked the bot, deactivated account, no DM possible
    PERMANENT = "permanent"  # a request the platform will never accept


@dataclass(frozen=True)
class Metric:
    """A whole-number question asked after a Yes (participants, new members, issues...)."""

    key: str
    label: str


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    value: int | None  # None: a direction without a number ("more than last year")
    metric: str | None = None  # for SUM: the metric key that is summed
    scope: str | None = None  # a unit kind: the target holds per unit of that kind ("ort")
    label: str | None = None
    direction: str | None = None  # "increase" or "decrease": a target stated as a direction
    unit: str | None = None  # "percent": the value is a percentage as the plan states it


@dataclass(frozen=True)
class Schedule:
    kind: ScheduleKind
    start: date | None = None
    end: date | None = None
    every: Frequency | None = None
    months: tuple[int, ...] = ()  # recurring: only these months (1-12); empty means all
    day: int | None = None  # recurring: day of the month (or weekday 1-7 for weekly)
    remind_days_before: tuple[int, ...] = ()
    ask_days_after: int = 1
    send_time: time | None = None  # local time of day; None: the person's or plan's default


@dataclass(frozen=True)
class Owner:
    kind: OwnerKind
    person: str | None = None  # person key, for PERSON
    role: Role | None = None  # for ROLE
    unit: str | None = None  # unit key, for ROLE and BOARD
    include_subunits: bool = False
    line: int | None = field(default=None, compare=False)  # where it stands in the plan file


@dataclass(frozen=True)
class ItemSpec:
    key: str  # stable id or code, "8.2"
    title: str  # as the plan wrote it
    schedule: Schedule
    owners: tuple[Owner, ...]
    description: str = ""
    metrics: tuple[Metric, ...] = ()
    comment_prompt: str | None = None
    target: Target | None = None
    line: int | None = None  # where it stands in the plan file
    review: str | None = None  # a note for the board from the plan file; never scheduled


@dataclass(frozen=True)
class AreaSpec:
    key: str
    title: str
    items: tuple[ItemSpec, ...]
    line: int | None = None
    context: tuple[str, ...] = ()  # aims and background; kept, never scheduled


@dataclass(frozen=True)
class FollowupPolicy:
    """The follow-up ladder: after a report request, ask again after these many days."""

    after_days: tuple[int, ...] = (3, 7)
    give_up_after_days: int = 14


@dataclass(frozen=True)
class MonthDay:
    """A day of the year without its year ("07-01"), for spans that come back every year."""

    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class QuietPeriod:
    """Days with no reminders: two month-days repeat each year, two dates happen once."""

    start: date | MonthDay
    end: date | MonthDay  # a month-day end before its start runs over New Year
    line: int | None = field(default=None, compare=False)  # where it stands in the plan file


@dataclass(frozen=True)
class PlanSpec:
    key: str
    title: str
    unit: str  # unit key
    period_start: date
    period_end: date
    language: str
    areas: tuple[AreaSpec, ...]
    send_time: time | None = None
    followups: FollowupPolicy = field(default_factory=FollowupPolicy)
    source: str = ""
    context: tuple[str, ...] = ()  # aims and background; kept, never scheduled
    quiet_periods: tuple[QuietPeriod, ...] = ()  # no reminders on these days (summer holidays)


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    kind: str  # förbund, avdelning, sektion, klubb, ort, fylke, avdeling ...
    parent: str | None = None
    line: int | None = field(default=None, compare=False)  # where it stands in the roster file


@dataclass(frozen=True)
class PersonSpec:
    key: str
    name: str
    locale: str
    timezone: str
    roles: frozenset[Role]
    units: tuple[str, ...]
    email: str | None = None
    handles: tuple[Handle, ...] = ()  # accounts on chat platforms, as the roster gives them
    reminder_time: time | None = None
    line: int | None = None
    locale_explicit: bool = False  # the roster named the locale; False: a default applied
    away_until: date | None = None  # the roster's last day away; None: not away by the roster


@dataclass(frozen=True)
class BoardSpec:
    key: str
    unit: str
    name: str
    members: tuple[str, ...] = ()
    digest_weekday: int = 0  # Monday
    digest_time: time = time(8, 0)
    timezone: str = "Europe/Stockholm"
    locale: str = "sv"
    line: int | None = field(default=None, compare=False)  # where it stands in the roster file
    digest_to_members: bool = False  # also send the digest to each member directly


@dataclass(frozen=True)
class Person:
    """A person as the handlers see them."""

    id: int
    key: str
    name: str
    locale: str
    timezone: str
    roles: frozenset[Role]


@dataclass(frozen=True)
class CheckinRef:
    """Enough to address one check-in in a token: its id and a short check value."""

    checkin_id: int
    person_id: int


@dataclass(frozen=True)
class AnswerRecord:
    checkin_id: int
    person_id: int
    revision: int
    choice: Choice
    numbers: dict[str, int]
    comment: str | None
    blocker: str | None
    new_date: date | None
    via: Platform
    at: datetime
