"""Composing the weekly digest: a seeded union read number by number, quiet weeks, hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.i18n import Translator
from bot.core.reporting import (
    AreaDigest,
    BoardInfo,
    DigestData,
    IsoWeek,
    PersonCount,
    ReportComment,
)
from handlers.digest import COMMENT_LIMIT, compose_digest, digest_window, render_console
from storage.engine import Database
from storage.reporting import digest_data, get_board
from tests.reports.seed import build_union


def _data(db: Database, week: IsoWeek) -> DigestData:
    db.run_sync(build_union)
    board = db.run_sync(lambda s: get_board(s, "styrelsen"))
    return db.run_sync(lambda s: digest_data(s, board, week, digest_window(board, week)))


def test_the_swedish_digest_number_by_number(sqlite_db: Database) -> None:
    message = compose_digest(Translator("sv"), _data(sqlite_db, IsoWeek(2025, 12)))
    assert message.title == "Rapport för vecka 11"
    assert message.context == "Styrelsen Avd Syd"
    assert message.text == "6 rapporter från 10 mars 2025 till 16 mars 2025."
    sections = {s.title: s.lines for s in message.sections}
    assert list(sections) == [
        "Organisering",
        "Arbetsmiljö",
        "Mål",
        "Kommentarer under veckan",
        "Har inte svarat",
        "Kan inte nås av boten",
    ]
    assert sections["Organisering"] == (
        "Genomfört: 4 · Inte genomfört: 1 · Inte aktuellt: 0 · Inget svar: 1",
    )
    assert sections["Arbetsmiljö"] == (
        "Genomfört: 1 · Inte genomfört: 0 · Inte aktuellt: 0 · Inget svar: 1",
        "På gång tisdag 1 april: Skyddsrond",
    )
    assert sections["Mål"] == ("Träffar: 2 av 2 ✓", "Värvning: 1 av 3 orter")
    assert sections["Kommentarer under veckan"] == (
        "Behöver hjälp – Värvningsvecka – Bo Lind: Behöver hjälp med lokal",
        # a No, with no call for help
        "Inte genomfört – Värvningsvecka – Cilla Berg · Hinder: Ingen tid",
        "Digitala träffar – Anna Ek: Bra träff",
    )
    assert sections["Har inte svarat"] == (
        "Bo Lind: 1 obesvarad fråga",
        "Dag Holm: 1 obesvarad fråga",
    )
    assert sections["Kan inte nås av boten"] == ("Cilla Berg",)


@pytest.mark.parametrize(
    ("locale", "title", "target"),
    [
        ("nb", "Rapport for uke 11", "Värvning: 1 av 3 steder"),
        ("nn", "Rapport for veke 11", "Värvning: 1 av 3 stader"),
        ("en", "Digest for week 11", "Värvning: 1 of 3 locations"),
    ],
)
def test_the_digest_speaks_the_readers_language(
    sqlite_db: Database, locale: str, title: str, target: str
) -> None:
    data = _data(sqlite_db, IsoWeek(2025, 12))
    message = compose_digest(Translator(locale), data)
    assert message.title == title
    assert message.sections[2].lines[1] == target


def test_a_quiet_week_is_one_line_without_sections(sqlite_db: Database) -> None:
    message = compose_digest(Translator("sv"), _data(sqlite_db, IsoWeek(2025, 30)))
    assert message.sections == ()
    assert message.title is None
    assert message.text == (
        "Rapport för vecka 29: en lugn vecka, inget rapporterat och inget på gång."
    )
    assert "\n" not in render_console(message)


HOSTILE = "<!channel> <b>bold</b> *star* _under_ @here `code` &amp; [x](http://e.x)"


def _hostile_data(comment: str, name: str = "Eve <b>") -> DigestData:
    board = BoardInfo(1, "b", "<!here> board", 1, "en", "Europe/Oslo")
    at = datetime(2025, 3, 12, tzinfo=UTC)
    return DigestData(
        board=board,
        week=IsoWeek(2025, 12),
        period_start=date(2025, 3, 10),
        period_end=date(2025, 3, 17),
        areas=(AreaDigest("Plan", "*Area*", 1, 0, 0),),
        targets=(),
        units=(),
        comments=(ReportComment("<i>item</i>", name, comment, None, False, at),),
        not_answered=(PersonCount(name * 100, 2),),
        unreachable=(),
    )


def test_hostile_text_is_carried_verbatim(sqlite_db: Database) -> None:
    message = compose_digest(Translator("en"), _hostile_data(HOSTILE))
    comments = message.sections[1].lines
    assert comments == (f"<i>item</i> – Eve <b>: {HOSTILE}",)
    assert message.sections[0].title == "*Area*"


def test_a_long_comment_is_cut_and_a_long_name_bounded() -> None:
    message = compose_digest(Translator("en"), _hostile_data("x" * 20_000 + "\n\nmore"))
    (line,) = message.sections[1].lines
    assert line.endswith("…")
    assert len(line) < COMMENT_LIMIT + 100
    (person,) = message.sections[2].lines
    assert len(person) < 200


def test_line_breaks_in_a_comment_do_not_break_the_layout() -> None:
    message = compose_digest(Translator("en"), _hostile_data("one\ntwo\r\n\tthree"))
    assert message.sections[1].lines == ("<i>item</i> – Eve <b>: one two three",)
