"""Retention on a seeded database, at the edge days: the day before keeps, the day after removes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import Database
from storage.migrate import upgrade
from storage.retention import add_months, run_retention
from storage.tables import (
    AnswerRow,
    AreaRow,
    CheckinRow,
    DeliveryAttemptRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)
from tests.support.seed import insert_person, insert_row

# Plans and the day their texts may go: the period's end plus 12 months, then one more day.
PLANS = {
    "vp-2024": date(2024, 12, 31),  # texts kept through 2025-12-31, removed from 2026-01-01
    "vp-leap": date(2024, 2, 29),  # 12 months later is 2025-02-28 (no 29th): removed 03-01
}
CUTOFF = datetime(2025, 3, 15, tzinfo=UTC)  # 3 months before 2025-06-15


def seed(session: Session) -> dict[str, int]:
    unit = insert_row(session, UnitRow(key="klubb", name="Klubben", kind="klubb"))
    person = insert_person(session, "anna", "Anna", [unit])
    ids = {"person": person}
    for key, end in PLANS.items():
        plan = insert_row(
            session,
            PlanRow(
                key=key,
                unit_id=unit,
                title=key,
                period_start=end - timedelta(days=365),
                period_end=end,
                language="sv",
            ),
        )
        area = insert_row(session, AreaRow(plan_id=plan, key="1", title="A"))
        item = insert_row(session, PlanItemRow(plan_id=plan, area_id=area, key="1.1", title="T"))
        checkin = insert_row(
            session,
            CheckinRow(
                plan_item_id=item,
                person_id=person,
                occurrence=end.isoformat(),
                prompt="ask",
                state="answered",
                due_at=datetime.combine(end, datetime.min.time(), tzinfo=UTC),
            ),
        )
        session.add(
            AnswerRow(
                checkin_id=checkin,
                person_id=person,
                plan_item_id=item,
                choice="yes",
                numbers={"new_members": 4},
                comment=f"comment {key}",
                blocker=f"blocker {key}",
                via="console",
                created_at=datetime(2024, 1, 2, tzinfo=UTC),
            )
        )
        ids[key] = checkin
    open_checkin = insert_row(
        session,
        CheckinRow(
            plan_item_id=item,
            person_id=person,
            occurrence="open",
            prompt="ask",
            state="awaiting",
            due_at=CUTOFF - timedelta(days=60),
        ),
    )
    closed = ids["vp-2024"]
    attempts: list[tuple[datetime, int | None]] = [
        (CUTOFF, closed),  # exactly at the cutoff: kept
        (CUTOFF - timedelta(seconds=1), closed),  # just before: removed
        (CUTOFF - timedelta(days=60), open_checkin),  # old, but an open check-in counts on it
        (CUTOFF - timedelta(days=90), None),  # old, tied to nothing: removed
    ]
    for at, attempt_checkin in attempts:
        session.add(
            DeliveryAttemptRow(
                checkin_id=attempt_checkin,
                person_id=person,
                at=at,
                platform="console",
                outcome="ok",
            )
        )
    return ids


def texts(db: Database) -> dict[str, tuple[str | None, str | None, dict[str, int]]]:
    def read(s: Session) -> dict[str, tuple[str | None, str | None, dict[str, int]]]:
        rows = s.exec(
            select(PlanRow.key, AnswerRow)
            .join(PlanItemRow, col(PlanItemRow.id) == col(AnswerRow.plan_item_id))
            .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        ).all()
        return {key: (a.comment, a.blocker, a.numbers) for key, a in rows}

    return db.run_sync(read)


def deliveries(db: Database) -> list[datetime]:
    rows = db.run_sync(lambda s: s.exec(select(DeliveryAttemptRow.at)).all())
    return sorted(rows)


def prune_on(db: Database, today: date, dry_run: bool = False) -> tuple[int, int]:
    counts = run_retention(db, today=today, text_months=12, delivery_months=3, dry_run=dry_run)
    return counts.texts, counts.deliveries


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 6, 15), -3, date(2025, 3, 15)),
        (date(2025, 5, 31), -3, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_free_text_stays_through_the_last_day_and_goes_the_day_after(db: Database) -> None:
    db.run_sync(seed)
    assert prune_on(db, date(2025, 2, 28))[0] == 0
    assert texts(db)["vp-leap"][0] == "comment vp-leap"
    assert prune_on(db, date(2025, 3, 1))[0] == 2
    assert texts(db)["vp-leap"] == (None, None, {"new_members": 4})  # the figures stay
    assert prune_on(db, date(2025, 12, 31))[0] == 0
    assert texts(db)["vp-2024"][:2] == ("comment vp-2024", "blocker vp-2024")
    assert prune_on(db, date(2026, 1, 1))[0] == 2
    assert texts(db)["vp-2024"] == (None, None, {"new_members": 4})
    assert prune_on(db, date(2026, 1, 2))[0] == 0  # nothing twice


def test_delivery_records_at_the_cutoff_stay_and_before_it_go(db: Database) -> None:
    db.run_sync(seed)
    assert prune_on(db, date(2025, 6, 15))[1] == 2
    assert deliveries(db) == [CUTOFF - timedelta(days=60), CUTOFF]


def test_a_dry_run_counts_the_same_and_changes_nothing(db: Database) -> None:
    db.run_sync(seed)
    before = (texts(db), deliveries(db))
    assert prune_on(db, date(2026, 1, 1), dry_run=True) == (4, 3)
    assert (texts(db), deliveries(db)) == before
    assert prune_on(db, date(2026, 1, 1)) == (4, 3)


def test_cli_prune_dry_run_then_prune(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ombud.db'}"
    db = Database(url)
    upgrade(db)
    db.run_sync(seed)
    cfg = tmp_path / "ombud.toml"
    cfg.write_text(f'database_url = "{url}"\nlanguage = "sv"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(cfg), "db", "prune", "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert "Skulle ta bort 4 kommentars- och hindertexter" in result.stdout
    assert "vp-2024, vp-leap" in result.stdout
    assert texts(db)["vp-2024"][0] == "comment vp-2024"
    result = CliRunner().invoke(app, ["--config", str(cfg), "db", "prune"])
    assert result.exit_code == 0
    assert "Tog bort 4" in result.stdout
    assert texts(db)["vp-2024"][0] is None
    assert b"comment vp-2024" not in (tmp_path / "ombud.db").read_bytes()
    db.dispose()
