"""Occurrences of every schedule form, prompt dates, and send instants across DST and holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.core.model import Frequency, Schedule, ScheduleKind
from bot.core.timeplan import (
    ASK,
    DateSpan,
    Occurrence,
    QuietHours,
    WorkCalendar,
    blackouts_from_json,
    country_for_timezone,
    notice_days,
    occurrences,
    prompts,
    resolve_send_time,
    send_instant,
)

P_START, P_END = date(2025, 1, 1), date(2025, 12, 31)
STOCKHOLM, OSLO = "Europe/Stockholm", "Europe/Oslo"
NINE = time(9, 0)
QUIET = QuietHours(time(20, 0), time(8, 0))


def _occ(schedule: Schedule) -> list[Occurrence]:
    return occurrences(schedule, P_START, P_END)


def _instant(day: date, tz: str = STOCKHOLM, at: time = NINE) -> datetime:
    return send_instant(day, at, tz, WorkCalendar(country_for_timezone(tz)), QUIET)


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- occurrences ----------------------------------------------------------------------


def test_one_day_event_is_asked_the_day_after_with_notices_before() -> None:
    s = Schedule(ScheduleKind.EVENT, start=date(2025, 3, 12), remind_days_before=(2, 14))
    [occ] = _occ(s)
    assert (occ.start, occ.end, occ.key) == (date(2025, 3, 12), date(2025, 3, 12), "2025-03-12")
    planned = {p.prompt: p.local_date for p in prompts(s, occ)}
    assert planned == {
        "notice-14": date(2025, 2, 26),
        "notice-2": date(2025, 3, 10),
        ASK: date(2025, 3, 13),
    }


def test_event_over_several_days_is_asked_after_its_end() -> None:
    s = Schedule(
        ScheduleKind.EVENT, start=date(2025, 11, 3), end=date(2025, 11, 9), ask_days_after=2
    )
    [occ] = _occ(s)
    assert [p.local_date for p in prompts(s, occ) if p.prompt == ASK] == [date(2025, 11, 11)]


def test_window_is_asked_on_its_last_day() -> None:
    s = Schedule(ScheduleKind.WINDOW, start=date(2025, 11, 1), end=date(2025, 11, 30))
    [occ] = _occ(s)
    assert [(p.prompt, p.local_date) for p in prompts(s, occ)] == [(ASK, date(2025, 11, 30))]


def test_deadline_is_asked_on_the_deadline_and_notices_count_back_from_it() -> None:
    s = Schedule(ScheduleKind.DEADLINE, end=date(2025, 6, 30), remind_days_before=(7,))
    [occ] = _occ(s)
    assert occ == Occurrence(P_START, date(2025, 6, 30))
    planned = {p.prompt: p.local_date for p in prompts(s, occ)}
    assert planned == {"notice-7": date(2025, 6, 23), ASK: date(2025, 6, 30)}


def test_an_impossible_event_has_no_occurrence() -> None:
    s = Schedule(ScheduleKind.EVENT, start=date(2025, 5, 2), end=date(2025, 5, 1))
    assert _occ(s) == []
    assert _occ(Schedule(ScheduleKind.WINDOW)) == []


def test_weekly_runs_monday_to_sunday_clamped_to_the_period() -> None:
    s = Schedule(ScheduleKind.RECURRING, every=Frequency.WEEKLY)
    found = _occ(s)
    assert found[0] == Occurrence(date(2025, 1, 1), date(2025, 1, 5))  # Wed-Sun of week 1
    assert found[1] == Occurrence(date(2025, 1, 6), date(2025, 1, 12))
    assert found[-1].end == date(2025, 12, 31)
    assert len(found) == 53


def test_weekly_with_a_day_happens_on_that_weekday_within_the_months() -> None:
    s = Schedule(ScheduleKind.RECURRING, every=Frequency.WEEKLY, day=3, months=(3,))
    found = _occ(s)
    assert [o.start for o in found] == [date(2025, 3, d) for d in (5, 12, 19, 26)]
    assert all(o.start == o.end for o in found)
    assert prompts(s, found[0])[-1].local_date == date(2025, 3, 6)


def test_monthly_with_a_months_filter_keeps_only_those_months() -> None:
    s = Schedule(ScheduleKind.RECURRING, every=Frequency.MONTHLY, months=(3, 11))
    found = _occ(s)
    assert found == [
        Occurrence(date(2025, 3, 1), date(2025, 3, 31)),
        Occurrence(date(2025, 11, 1), date(2025, 11, 30)),
    ]
    assert prompts(s, found[0])[-1].local_date == date(2025, 3, 31)


def test_monthly_day_is_clamped_to_the_months_length() -> None:
    s = Schedule(ScheduleKind.RECURRING, every=Frequency.MONTHLY, day=31)
    found = _occ(s)
    assert len(found) == 12
    assert found[1] == Occurrence(date(2025, 2, 28), date(2025, 2, 28))


def test_quarterly_and_yearly() -> None:
    quarters = _occ(Schedule(ScheduleKind.RECURRING, every=Frequency.QUARTERLY))
    assert [(o.start, o.end) for o in quarters] == [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
    ]
    yearly = _occ(Schedule(ScheduleKind.RECURRING, every=Frequency.YEARLY, months=(4,), day=15))
    assert yearly == [Occurrence(date(2025, 4, 15), date(2025, 4, 15))]


def test_continuous_asks_at_the_end_of_each_rhythm_period() -> None:
    s = Schedule(
        ScheduleKind.CONTINUOUS,
        every=Frequency.MONTHLY,
        start=date(2025, 9, 15),
        end=date(2025, 11, 10),
    )
    found = _occ(s)
    assert found == [
        Occurrence(date(2025, 9, 15), date(2025, 9, 30)),
        Occurrence(date(2025, 10, 1), date(2025, 10, 31)),
        Occurrence(date(2025, 11, 1), date(2025, 11, 10)),
    ]
    assert [prompts(s, o)[-1].local_date for o in found] == [o.end for o in found]


def test_notice_days_reads_only_well_formed_prompts() -> None:
    assert notice_days("notice-14") == 14
    assert notice_days(ASK) is None
    assert notice_days("notice-x") is None


# --- send instants --------------------------------------------------------------------


@pytest.mark.parametrize("tz", [STOCKHOLM, OSLO])
def test_nine_oclock_is_right_on_both_sides_of_the_spring_change(tz: str) -> None:
    # Summer time starts on the last Sunday of March (30 March 2025).
    assert _instant(date(2025, 3, 28), tz) == _utc(2025, 3, 28, 8)
    assert _instant(date(2025, 3, 31), tz) == _utc(2025, 3, 31, 7)


@pytest.mark.parametrize("tz", [STOCKHOLM, OSLO])
def test_nine_oclock_is_right_on_both_sides_of_the_autumn_change(tz: str) -> None:
    # Summer time ends on the last Sunday of October (26 October 2025).
    assert _instant(date(2025, 10, 24), tz) == _utc(2025, 10, 24, 7)
    assert _instant(date(2025, 10, 27), tz) == _utc(2025, 10, 27, 8)


def test_a_reminder_planned_for_the_change_sunday_goes_out_on_monday_local_time() -> None:
    assert _instant(date(2025, 3, 30)) == _utc(2025, 3, 31, 7)
    assert _instant(date(2025, 10, 26), OSLO) == _utc(2025, 10, 27, 8)


def test_weekends_move_to_monday() -> None:
    assert _instant(date(2025, 3, 8)) == _utc(2025, 3, 10, 8)  # Saturday
    assert _instant(date(2025, 3, 9)) == _utc(2025, 3, 10, 8)  # Sunday


def test_17_may_in_norway_moves_to_the_next_working_day() -> None:
    # 17 May 2024 is a Friday; Monday 20 May is Whit Monday, also a holiday in Norway.
    assert _instant(date(2024, 5, 17), OSLO) == _utc(2024, 5, 21, 7)
    # The same day in Sweden is an ordinary Friday.
    assert _instant(date(2024, 5, 17), STOCKHOLM) == _utc(2024, 5, 17, 7)


def test_swedish_national_day_and_midsummer_eve_move_to_the_next_working_day() -> None:
    assert _instant(date(2025, 6, 6)) == _utc(2025, 6, 9, 7)  # Friday, national day
    assert _instant(date(2025, 6, 20)) == _utc(2025, 6, 23, 7)  # Midsommarafton
    assert _instant(date(2025, 12, 24)) == _utc(2025, 12, 29, 8)  # julafton, juldagen, annandag
    # Norway works on 6 June.
    assert _instant(date(2025, 6, 6), OSLO) == _utc(2025, 6, 6, 7)


def test_quiet_hours_move_evening_sends_to_the_next_morning_and_early_ones_later() -> None:
    assert _instant(date(2025, 3, 4), at=time(21, 30)) == _utc(2025, 3, 5, 7)
    assert _instant(date(2025, 3, 7), at=time(21, 30)) == _utc(2025, 3, 10, 7)  # Fri → Mon
    assert _instant(date(2025, 3, 4), at=time(6, 30)) == _utc(2025, 3, 4, 7)
    assert _instant(date(2025, 3, 4), at=time(19, 59)) == _utc(2025, 3, 4, 18, 59)


def test_daytime_quiet_hours_do_not_wrap() -> None:
    lunch = QuietHours(time(12, 0), time(13, 0))
    assert lunch.contains(time(12, 30))
    assert not lunch.contains(time(13, 0))
    assert not QuietHours(time(8), time(8)).contains(time(8))


def test_send_time_comes_from_item_then_person_then_plan_then_default() -> None:
    assert resolve_send_time(None, time(7), time(10)) == time(7)
    assert resolve_send_time(time(11), time(7), time(10)) == time(11)
    assert resolve_send_time(None, None, None, default=time(8, 30)) == time(8, 30)


def test_timezone_decides_the_country() -> None:
    assert country_for_timezone(STOCKHOLM) == "SE"
    assert country_for_timezone(OSLO) == "NO"
    assert country_for_timezone("Europe/Helsinki") is None


def test_a_summer_window_holds_reminders_until_it_ends() -> None:
    spans = blackouts_from_json([{"from": "07-01", "to": "08-10"}], range(2025, 2026))
    assert spans == (DateSpan(date(2025, 7, 1), date(2025, 8, 10)),)
    work = WorkCalendar("SE", spans)
    at = send_instant(date(2025, 7, 15), NINE, STOCKHOLM, work, QUIET)
    assert at == _utc(2025, 8, 11, 7)


def test_summer_windows_accept_full_dates_and_spans_over_new_year() -> None:
    spans = blackouts_from_json(
        [{"from": "2025-07-07", "to": "2025-08-03"}, {"from": "12-20", "to": "01-06"}],
        range(2025, 2026),
    )
    assert spans[0] == DateSpan(date(2025, 7, 7), date(2025, 8, 3))
    assert spans[1] == DateSpan(date(2025, 12, 20), date(2026, 1, 6))
    assert blackouts_from_json(None, range(2025, 2026)) == ()


@pytest.mark.parametrize(
    "bad",
    [
        "07-01",
        [{"from": "07-01"}],
        [{"from": "2025-08-01", "to": "2025-07-01"}],
        [{"from": "july", "to": "august"}],
        [{"from": "13-01", "to": "14-01"}],
        ["07-01..08-01"],
    ],
)
def test_a_malformed_summer_window_is_refused(bad: object) -> None:
    with pytest.raises(ValueError, match=r"no_reminders|month|day|Invalid"):
        blackouts_from_json(bad, range(2025, 2026))
