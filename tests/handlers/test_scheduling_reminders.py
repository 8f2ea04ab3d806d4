"""Reminder, follow-up and heads-up messages in every language."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.i18n import Translator
from bot.core.model import Choice
from handlers.reminders import NoticeItem, ReminderItem, compose_notice, compose_reminder
from handlers.tokens import MAX_TOKEN_BYTES, ChoiceToken, decode

MONDAY = date(2025, 3, 3)
ITEM = ReminderItem(41, "Arbetsplatsträff", "Organisering", MONDAY, MONDAY, report_by=MONDAY)


@pytest.mark.parametrize(
    ("locale", "labels"),
    [
        ("sv", ["Ja", "Nej", "Senare", "Inte aktuellt"]),
        ("nb", ["Ja", "Nei", "Senere", "Ikke aktuelt"]),
        ("nn", ["Ja", "Nei", "Seinare", "Ikkje aktuelt"]),
        ("en", ["Yes", "No", "Later", "Not relevant"]),
    ],
)
def test_buttons_are_translated_and_carry_the_check_in(locale: str, labels: list[str]) -> None:
    message = compose_reminder(Translator(locale), [ITEM], followup=False)
    assert [b.label for b in message.buttons] == labels
    assert [decode(b.token) for b in message.buttons] == [
        ChoiceToken(41, c) for c in (Choice.YES, Choice.NO, Choice.LATER, Choice.NOT_RELEVANT)
    ]


def test_a_swedish_reminder_reads_naturally() -> None:
    message = compose_reminder(Translator("sv"), [ITEM], followup=False)
    assert message.title == "Dags att rapportera"
    assert message.text.splitlines() == [
        "Arbetsplatsträff",
        "Område: Organisering",
        "När: måndag 3 mars",
        "Rapportera senast måndag 3 mars.",
        "Blev det av?",
    ]


@pytest.mark.parametrize(
    ("locale", "week"), [("sv", "vecka 10"), ("nb", "uke 10"), ("nn", "veke 10")]
)
def test_weekly_items_name_the_week(locale: str, week: str) -> None:
    weekly = ReminderItem(1, "Fika", "Arbetsmiljö", MONDAY, date(2025, 3, 9), weekly=True)
    assert week in compose_reminder(Translator(locale), [weekly], followup=False).text


def test_a_follow_up_says_so_in_nynorsk() -> None:
    message = compose_reminder(Translator("nn"), [ITEM], followup=True)
    assert message.title == "Påminning: vi har ikkje fått rapporten din enno"


def test_several_items_are_numbered_with_their_own_buttons() -> None:
    other = ReminderItem(42, "Värvningsvecka", "Värvning", MONDAY, date(2025, 3, 9))
    message = compose_reminder(Translator("nb"), [ITEM, other], followup=False)
    assert message.text.startswith("2 punkter venter på svarene dine.")
    assert [s.title for s in message.sections] == ["1. Arbetsplatsträff", "2. Värvningsvecka"]
    assert message.sections[1].lines[1] == "Når: 3. mars 2025 – 9. mars 2025"
    assert [b.label for b in message.buttons][3:5] == ["1: Ikke aktuelt", "2: Ja"]
    assert {decode(b.token).checkin_id for b in message.buttons} == {41, 42}  # type: ignore[union-attr]


def test_a_notice_has_no_buttons() -> None:
    notice = NoticeItem("Medlemsmöte", "Organisering", date(2025, 3, 12), date(2025, 3, 12))
    message = compose_notice(Translator("sv"), [notice])
    assert message.title == "På gång"
    assert message.buttons == ()
    assert message.text.splitlines() == [
        "Medlemsmöte",
        "Område: Organisering",
        "När: onsdag 12 mars",
    ]
    two = compose_notice(Translator("en"), [notice, notice])
    assert two.text == "2 things coming up in your plan."
    assert len(two.sections) == 2


def test_hostile_titles_pass_through_as_plain_text_and_tokens_stay_short() -> None:
    hostile = "<!channel> *bold* <b>x</b> @here " + "x" * 100_000
    item = ReminderItem(2**40, hostile, "<i>area</i>", MONDAY, MONDAY)
    message = compose_reminder(Translator("sv"), [item], followup=False)
    assert message.text.splitlines()[0] == hostile
    assert all(len(b.token.encode()) <= MAX_TOKEN_BYTES for b in message.buttons)


def test_an_empty_message_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        compose_reminder(Translator("sv"), [], followup=False)
    with pytest.raises(ValueError, match="at least one"):
        compose_notice(Translator("sv"), [])
