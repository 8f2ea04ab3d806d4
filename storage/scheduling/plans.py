"""Reading plans and roster for materialising, and inserting new check-ins."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import or_, text, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from bot.core.model import CheckinState
from bot.core.scheduling import (
    Assignee,
    NewCheckin,
    OwnerLookup,
    SchedulableItem,
)
from bot.core.specjson import plan_send_time
from storage.scheduling.rows import INSERT_CHUNK, OPEN, UNIQUE_KEY, hhmm, now_utc, roles_of, spec_of
from storage.tables import (
    AreaRow,
    AwayPeriodRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

log = logging.getLogger(__name__)

# A materialise run that inserts at least this many check-ins has PostgreSQL analyse the table
# at its end. Until the table has statistics (a freshly filled one has none until autovacuum
# comes round, up to a minute or more later) the planner takes the claim through
# ix_checkin_due and sorts every due row to keep a batch: a pass then costs the wave, not the
# batch. ANALYZE reads a fixed sample (30,000 rows at the default statistics target), so it
# costs about the same on any table size, which a run of this many inserts outweighs.
ANALYZE_AFTER = 1_000
# The check-in table and those the claim's conditions read for each row it meets.
STATISTICS_TABLES = tuple(
    row.__tablename__
    for row in (CheckinRow, PersonRow, PlanItemRow, AwayPeriodRow, ChatIdentityRow)
)

# --- reading plans and roster ------------------------------------------------------------


def schedulable_items(session: Session) -> list[SchedulableItem]:
    rows = session.exec(
        select(PlanItemRow, PlanRow)
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .where(
            col(PlanItemRow.archived_at).is_(None),
            col(PlanRow.archived_at).is_(None),
            col(AreaRow.archived_at).is_(None),
        )
        .order_by(col(PlanItemRow.id))
    ).all()
    found = []
    for item, plan in rows:
        spec = spec_of(item)
        if spec is None or item.id is None or plan.id is None:
            continue
        found.append(
            SchedulableItem(
                item_id=item.id,
                plan_id=plan.id,
                plan_unit_id=plan.unit_id,
                spec=spec,
                period_start=plan.period_start,
                period_end=plan.period_end,
                plan_send_time=plan_send_time(plan.settings),
                plan_settings=dict(plan.settings),
            )
        )
    return found


def roster(session: Session) -> OwnerLookup:
    units: dict[int, set[int]] = {}
    for link in session.exec(select(PersonUnitRow)).all():
        units.setdefault(link.person_id, set()).add(link.unit_id)
    people = [
        Assignee(
            person_id=p.id,
            key=p.key,
            locale=p.locale,
            timezone=p.timezone,
            reminder_time=hhmm(p.reminder_time),
            roles=roles_of(p.roles),
            unit_ids=frozenset(units.get(p.id, ())),
        )
        for p in session.exec(select(PersonRow).where(col(PersonRow.active))).all()
        if p.id is not None
    ]
    unit_rows = session.exec(select(UnitRow)).all()
    members: dict[int, set[int]] = {}
    for board, member in session.exec(
        select(BoardRow, BoardMemberRow).join(
            BoardMemberRow, col(BoardMemberRow.board_id) == col(BoardRow.id)
        )
    ).all():
        members.setdefault(board.unit_id, set()).add(member.person_id)
    return OwnerLookup(
        people=people,
        unit_ids_by_key={u.key: u.id for u in unit_rows if u.id is not None},
        unit_parent={u.id: u.parent_id for u in unit_rows if u.id is not None},
        board_members_by_unit={k: frozenset(v) for k, v in members.items()},
    )


# --- writing new check-ins ---------------------------------------------------------------


def _existing_keys(session: Session, rows: Sequence[NewCheckin]) -> set[tuple[int, int, str, str]]:
    """Keys already stored for these items and people, from the earliest occurrence on."""
    item_ids = sorted({r.plan_item_id for r in rows})
    person_ids = sorted({r.person_id for r in rows})
    earliest = min(r.occurrence for r in rows)
    found = session.exec(
        select(
            CheckinRow.plan_item_id, CheckinRow.person_id, CheckinRow.occurrence, CheckinRow.prompt
        ).where(
            col(CheckinRow.plan_item_id).in_(item_ids),
            col(CheckinRow.person_id).in_(person_ids),
            col(CheckinRow.occurrence) >= earliest,
        )
    ).all()
    return {(a, b, c, d) for a, b, c, d in found}


def stored_keys(
    session: Session, item_id: int, person_ids: Collection[int], since_occurrence: str
) -> set[tuple[int, str, str]]:
    """(person, occurrence, prompt) of one item's rows for these people, from an occurrence on."""
    found = session.connection().execute(
        sa_select(
            col(CheckinRow.person_id), col(CheckinRow.occurrence), col(CheckinRow.prompt)
        ).where(
            col(CheckinRow.plan_item_id) == item_id,
            col(CheckinRow.person_id).in_(sorted(person_ids)),
            col(CheckinRow.occurrence) >= since_occurrence,
        )
    )
    return {(p, o, k) for p, o, k in found}


def insert_checkins(session: Session, rows: Sequence[NewCheckin]) -> int:
    """INSERT ... ON CONFLICT DO NOTHING on the unique key; returns the rows really inserted.

    Keys already stored are left out first, so a run that changes nothing writes nothing;
    the ON CONFLICT clause covers another worker inserting the same rows meanwhile.
    """
    if not rows:
        return 0
    existing = _existing_keys(session, rows)
    now = now_utc()
    values = [
        {
            "plan_item_id": r.plan_item_id,
            "person_id": r.person_id,
            "occurrence": r.occurrence,
            "prompt": r.prompt,
            "state": CheckinState.SCHEDULED.value,
            "due_at": r.due_at,
            "next_send_at": r.due_at,
            "occurrence_end": r.occurrence_end,
            "created_at": now,
            "updated_at": now,
        }
        for r in rows
        if (r.plan_item_id, r.person_id, r.occurrence, r.prompt) not in existing
    ]
    if not values:
        return 0
    dialect = session.get_bind().dialect.name
    insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert_for(CheckinRow)
        .on_conflict_do_nothing(index_elements=UNIQUE_KEY)
        .returning(col(CheckinRow.id))
    )
    created = 0
    for start in range(0, len(values), INSERT_CHUNK):
        created += len(session.execute(stmt, values[start : start + INSERT_CHUNK]).all())
    return created


def refresh_statistics(session: Session, created: int) -> bool:
    """After a materialise that inserted `created` check-ins: on PostgreSQL, ANALYZE the
    check-in table and the tables the claim checks each row against, when they are
    ANALYZE_AFTER or more. True when it did.

    Without statistics for the roster tables (a table of a few plan items may never reach
    autovacuum's threshold) the first claim of a drain started from plan_item and sorted
    every due row of the wave."""
    if created < ANALYZE_AFTER or session.get_bind().dialect.name != "postgresql":
        return False
    began = time.perf_counter()
    for table in STATISTICS_TABLES:
        # Not the owner of a table: PostgreSQL warns and skips it, the run goes on.
        session.execute(text(f'ANALYZE "{table}"'))
    log.info(
        "materialise: analysed the check-in and roster tables after %d new rows in %.0f ms",
        created,
        (time.perf_counter() - began) * 1000,
    )
    return True


def archive_orphaned(session: Session, at: datetime) -> int:
    gone_items = (
        select(PlanItemRow.id)
        .join(PlanRow, col(PlanRow.id) == col(PlanItemRow.plan_id))
        .join(AreaRow, col(AreaRow.id) == col(PlanItemRow.area_id))
        .where(
            or_(
                col(PlanItemRow.archived_at).is_not(None),
                col(PlanRow.archived_at).is_not(None),
                col(AreaRow.archived_at).is_not(None),
            )
        )
    )
    inactive = select(PersonRow.id).where(col(PersonRow.active).is_(False))
    result = session.execute(
        update(CheckinRow)
        .where(
            col(CheckinRow.state).in_(OPEN),
            or_(
                col(CheckinRow.plan_item_id).in_(gone_items),
                col(CheckinRow.person_id).in_(inactive),
            ),
        )
        .values(
            state=CheckinState.ARCHIVED.value,
            next_send_at=None,
            lease_owner=None,
            lease_until=None,
            updated_at=at,
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
