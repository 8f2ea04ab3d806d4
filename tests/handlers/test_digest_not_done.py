"""No with a reason is "not done"; only a Yes to "shall the board contact you?" needs help.

The steward's new date after a No reaches the board's digest and every export format.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import openpyxl

from bot.core.clock import FrozenClock
from bot.core.formats import ExportFormat
from bot.core.i18n import Translator
from bot.core.model import Choice
from bot.core.reporting import ExportFilter
from bot.reports.export import export_answers
from handlers.digest import preview_digest, render_console
from handlers.router import Router
from storage.engine import Database
from storage.reporting import SqlReportingStore, export_rows
from tests.handlers.conftest import Chat, World, telegram_sender


async def anna_says_no_without_help_and_a_new_date(chat: Chat, world: World) -> None:
    chat.gets_reminder(world.week_checkin_id, "Värvningsvecka")
    await chat.steward_taps(Choice.NO)
    await chat.steward_says("Ingen lokal")
    await chat.steward_says("nej")  # no, the board need not contact me
    await chat.steward_says("15.12")


async def bo_says_no_and_wants_help(router: Router, world: World) -> None:
    bo = Chat(router, telegram_sender("1002"))
    bo.gets_reminder(world.other_checkin_id)
    await bo.steward_taps(Choice.NO)
    await bo.steward_says("Sjuk")
    await bo.steward_says("ja")  # yes, please contact me
    await bo.steward_says("nej")  # no new date


async def digest_lines(db: Database) -> list[str]:
    # The digest sent on Monday 10 March reports the week of the answers (3-9 March).
    clock = FrozenClock(datetime(2025, 3, 10, 12, 0, tzinfo=UTC))
    message = await preview_digest(SqlReportingStore(db), "styrelsen", clock, locale="sv")
    return render_console(message).splitlines()


async def test_only_a_yes_to_contact_is_listed_as_needing_help(
    chat: Chat, router: Router, world: World, sqlite_db: Database
) -> None:
    await anna_says_no_without_help_and_a_new_date(chat, world)
    await bo_says_no_and_wants_help(router, world)
    lines = await digest_lines(sqlite_db)
    anna = [line for line in lines if "– Anna" in line]
    bo = [line for line in lines if "– Bo" in line]
    assert len(anna) == 1
    assert "Behöver hjälp" not in anna[0]
    assert "Inte genomfört" in anna[0]
    assert "Ingen lokal" in anna[0]
    assert len(bo) == 1
    assert bo[0].strip().startswith("Behöver hjälp")
    assert sum("Behöver hjälp" in line for line in lines) == 1


async def test_the_new_date_is_in_the_digest(chat: Chat, world: World, sqlite_db: Database) -> None:
    await anna_says_no_without_help_and_a_new_date(chat, world)
    (anna,) = [line for line in await digest_lines(sqlite_db) if "– Anna" in line]
    assert "Nytt datum: 15 december 2025" in anna


async def test_the_new_date_is_in_every_export_format(
    chat: Chat, router: Router, world: World, sqlite_db: Database
) -> None:
    await anna_says_no_without_help_and_a_new_date(chat, world)
    await bo_says_no_and_wants_help(router, world)
    rows = sqlite_db.run_sync(lambda s: export_rows(s, ExportFilter()))
    tr = Translator("sv")

    records = json.loads(export_answers(rows, ExportFormat.JSON, tr))
    assert {r["person"]: r["new_date"] for r in records} == {"Anna": "2025-12-15", "Bo": None}
    assert {r["person"]: r["needs_help"] for r in records} == {"Anna": False, "Bo": True}

    text = export_answers(rows, ExportFormat.CSV, tr).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    column = table[0].index("Nytt datum")
    person = table[0].index("Person")
    assert {r[person]: r[column] for r in table[1:]} == {"Anna": "2025-12-15", "Bo": ""}

    sheet = openpyxl.load_workbook(io.BytesIO(export_answers(rows, ExportFormat.XLSX, tr))).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    cells = {
        row[header.index("Person")].value: row[header.index("Nytt datum")].value
        for row in sheet.iter_rows(min_row=2)
    }
    assert cells == {"Anna": datetime(2025, 12, 15), "Bo": None}
