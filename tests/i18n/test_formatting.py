"""Numbers, lists, plurals, percentages and times as each locale writes them (Babel)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.i18n import Translator
from bot.core.model import Frequency, Schedule, ScheduleKind, Target, TargetKind
from bot.core.plan_words import describe_schedule, describe_target

NNBSP = "\u202f"


@pytest.mark.parametrize("locale", ["sv", "nb", "nn"])
def test_percent_has_a_narrow_no_break_space(locale: str) -> None:
    assert Translator(locale).percent(0.8) == f"80{NNBSP}%"
    assert Translator(locale).percent_of(80) == f"80{NNBSP}%"


def test_english_percent_has_no_space() -> None:
    assert Translator("en").percent(0.8) == "80%"


@pytest.mark.parametrize(("locale", "text"), [("sv", "14,2"), ("nb", "14,2"), ("en", "14.2")])
def test_decimals_use_the_locale_separator(locale: str, text: str) -> None:
    assert Translator(locale).decimal(14.23) == text


@pytest.mark.parametrize(
    ("locale", "text"),
    [("sv", "14, 2 och 1"), ("nb", "14, 2 og 1"), ("nn", "14, 2 og 1"), ("en", "14, 2 and 1")],
)
def test_lists_join_with_the_locale_word(locale: str, text: str) -> None:
    assert Translator(locale).format_list(["14", "2", "1"]) == text


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("sv", "måndag 1 december kl. 16.00"),
        ("nb", "mandag 1. desember kl. 16.00"),
        ("nn", "måndag 1. desember kl. 16.00"),
        ("en", "Monday 1 December at 16:00"),
    ],
)
def test_times_are_written_with_kl(locale: str, text: str) -> None:
    at = dt.datetime(2025, 12, 1, 15, 0, tzinfo=dt.UTC)
    assert Translator(locale).datetime_local(at, "Europe/Stockholm") == text


@pytest.mark.parametrize(
    ("locale", "tag"), [("sv", "sv-SE"), ("nb", "nb-NO"), ("nn", "nn-NO"), ("en", "en-GB")]
)
def test_documents_get_a_language_tag(locale: str, tag: str) -> None:
    assert Translator(locale).language_tag == tag


def test_heads_up_days_are_a_list_with_the_right_plural() -> None:
    def when(*days: int) -> str:
        schedule = Schedule(
            ScheduleKind.DEADLINE, end=dt.date(2025, 6, 15), remind_days_before=days
        )
        return describe_schedule(schedule, Translator("sv")).split("; ")[1]

    assert when(14, 1) == "påminnelse 14 och 1 dagar före"
    assert when(1) == "påminnelse 1 dag före"
    assert when(10) == "påminnelse 10 dagar före"


def test_targets_name_the_metric_by_its_label() -> None:
    tr = Translator("sv")
    total = Target(TargetKind.SUM, 40, metric="new_members")
    assert (
        describe_target(total, tr, {"new_members": "Nya medlemmar"}) == "Nya medlemmar: 40 totalt"
    )
    more = Target(TargetKind.SUM, None, metric="members", direction="increase")
    assert describe_target(more, tr, {"members": "Antal medlemmar"}) == "Antal medlemmar: fler"
    share = Target(TargetKind.SUM, 80, metric="share", unit="percent")
    assert describe_target(share, tr, {"share": "Andel"}) == f"Andel: 80{NNBSP}%"


@pytest.mark.parametrize(
    ("locale", "detail", "text"),
    [
        ("sv", "No such file or directory", "filen finns inte"),
        ("nb", "found unexpected end of stream", "filen slutter midt i en verdi"),
        ("nn", "Permission denied", "du har ikkje tilgang til han"),
        ("sv", "something else entirely", "something else entirely"),
    ],
)
def test_os_and_yaml_details_are_translated(locale: str, detail: str, text: str) -> None:
    assert Translator(locale).reason(detail) == text


@pytest.mark.parametrize(
    ("locale", "text"),
    [("sv", "i juni och december"), ("nb", "i juni og desember"), ("en", "in June and December")],
)
def test_a_monthly_rhythm_in_named_months_reads_as_those_months(locale: str, text: str) -> None:
    # Half-yearly items are asked in June and December: "every month in June and December"
    # read to a board as twelve times a year.
    schedule = Schedule(ScheduleKind.RECURRING, every=Frequency.MONTHLY, months=(12, 6))
    assert describe_schedule(schedule, Translator(locale)) == text


def test_a_yearly_rhythm_keeps_its_word() -> None:
    schedule = Schedule(ScheduleKind.RECURRING, every=Frequency.YEARLY, months=(5,))
    assert describe_schedule(schedule, Translator("en")) == "every year in May"
