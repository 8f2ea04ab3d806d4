"""Export and erasure of one person on SQLite and PostgreSQL: everything found, nothing left."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import String, cast, func
from sqlalchemy import select as core_select
from sqlmodel import Session, SQLModel, col, select

import storage.privacy.erase as erase_module
from bot.core.errors import UserFacingError
from bot.core.model import ItemSpec, Schedule, ScheduleKind, Target, TargetKind
from bot.core.privacy import ERASED_NAME, UnknownPersonError, export_to_json, key_hash
from storage.engine import Database
from storage.privacy import erase_person, export_person
from storage.reporting.targets import metric_sums, target_facts
from storage.tables import (
    AnswerRow,
    AreaRow,
    AuditRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    ConversationRow,
    DeliveryAttemptRow,
    InviteCodeRow,
    PersonHandleRow,
    PersonRow,
    PersonUnitRow,
    PlanItemRow,
    PlanRow,
    UnitRow,
)

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
ANNA = {"key": "anna.ek", "name": "Anna Ek", "email": "anna@example.org", "user_id": "U0ANNA"}
METRIC = "new_members"
SCOPED = Target(TargetKind.SUM, 80, metric=METRIC, scope="klubb")


def _person(session: Session, key: str, name: str, email: str, unit_id: int) -> int:
    row = PersonRow(key=key, name=name, email=email, locale="sv", timezone="Europe/Stockholm")
    session.add(row)
    session.flush()
    assert row.id is not None
    if key == ANNA["key"]:
        session.add(
            PersonHandleRow(person_id=row.id, platform="slack", kind="user_id", value="U0ANNA")
        )
    session.add(PersonUnitRow(person_id=row.id, unit_id=unit_id))
    return row.id


def _reports(session: Session, pid: int, item_id: int, numbers: list[int], text: str) -> None:
    """One check-in per number; the first has two answer revisions, every answer has text."""
    for n, value in enumerate(numbers):
        due = NOW - timedelta(days=7 * (n + 1))
        checkin = CheckinRow(
            plan_item_id=item_id,
            person_id=pid,
            occurrence=due.date().isoformat(),
            prompt="ask",
            state="answered",
            due_at=due,
            message_chat_id=f"D-{pid}",
        )
        session.add(checkin)
        session.flush()
        assert checkin.id is not None
        revisions = [value - 1, value] if n == 0 else [value]
        for rev, number in enumerate(revisions, start=1):
            current = rev == len(revisions)
            answer = _answer(checkin.id, pid, item_id, number, f"{text} {rev}")
            answer.revision, answer.current = rev, current
            session.add(answer)
        session.add(
            DeliveryAttemptRow(
                checkin_id=checkin.id, person_id=pid, at=due, platform="slack", outcome="ok"
            )
        )
    open_checkin = CheckinRow(
        plan_item_id=item_id,
        person_id=pid,
        occurrence="2025-03-10",
        prompt="ask",
        due_at=NOW,
        next_send_at=NOW,
    )
    session.add(open_checkin)


def _answer(checkin_id: int, pid: int, item_id: int, number: int, text: str) -> AnswerRow:
    return AnswerRow(
        checkin_id=checkin_id,
        person_id=pid,
        plan_item_id=item_id,
        choice="yes",
        numbers={METRIC: number},
        comment=text,
        blocker=f"blocker of {text}",
        via="slack",
        created_at=NOW - timedelta(days=1),
    )


def seed(session: Session) -> dict[str, int]:
    """A klubb with Anna (to be erased) and Bo, a board, a plan item with a scoped target."""
    klubb = UnitRow(key="klubb-x", name="Klubb X", kind="klubb")
    session.add(klubb)
    session.flush()
    assert klubb.id is not None
    anna = _person(session, ANNA["key"], ANNA["name"], ANNA["email"], klubb.id)
    bo = _person(session, "bo.lind", "Bo Lind", "bo@example.org", klubb.id)
    board = BoardRow(key="styrelsen", unit_id=klubb.id, name="Styrelsen")
    plan = PlanRow(
        key="vp-2025",
        unit_id=klubb.id,
        title="VP",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        language="sv",
    )
    session.add_all([board, plan])
    session.flush()
    assert board.id is not None
    assert plan.id is not None
    area = AreaRow(plan_id=plan.id, key="1", title="Organisering")
    session.add(area)
    session.flush()
    assert area.id is not None
    owners = [{"kind": "person", "person": ANNA["key"]}]
    item = PlanItemRow(
        plan_id=plan.id, area_id=area.id, key="1.1", title="Värvning", spec={"owners": owners}
    )
    session.add(item)
    session.flush()
    assert item.id is not None
    session.add(BoardMemberRow(board_id=board.id, person_id=anna))
    session.add(
        ChatIdentityRow(
            person_id=anna,
            platform="slack",
            workspace="T1",
            user_id=ANNA["user_id"],
            chat_id="D-anna",
            username="anna",
        )
    )
    session.add(ChatIdentityRow(person_id=bo, platform="telegram", user_id="777", username="bo"))
    session.add(
        InviteCodeRow(
            code_hash="h" * 64,
            purpose="person",
            person_id=anna,
            platform="telegram",
            created_at=NOW,
            expires_at=NOW,
        )
    )
    _reports(session, anna, item.id, [5, 7], "Anna says")
    _reports(session, bo, item.id, [11], "Bo says")
    session.flush()
    first = session.exec(select(CheckinRow).where(col(CheckinRow.person_id) == anna)).first()
    assert first is not None
    session.add(
        ConversationRow(person_id=anna, checkin_id=first.id, step="comment", pending=["comment"])
    )
    session.add(
        AuditRow(
            at=NOW,
            actor="cli",
            action="person.invite",
            entity="person",
            entity_key=ANNA["key"],
            detail={"people": [ANNA["key"], "bo.lind"]},
        )
    )
    return {"anna": anna, "bo": bo, "item": item.id, "area": area.id, "klubb": klubb.id}


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    return db.run_sync(seed)


def erase(db: Database, key: str, keep_numbers: bool = True) -> Any:
    return db.run_sync(
        lambda s: erase_person(s, key, actor="cli:admin", now=NOW, keep_numbers=keep_numbers)
    )


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    out = {}
    for table in SQLModel.metadata.sorted_tables:
        rows = session.execute(core_select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = [tuple(row) for row in rows]
    return out


def traces(session: Session, person_id: int) -> list[str]:
    """Every table.column that still holds the person's id, key, name, email or chat user id."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "person" for fk in column.foreign_keys):
                hits = session.exec(select(func.count()).where(column == person_id)).one()
                if hits:
                    found.append(f"{table.name}.{column.name}=id")
            for needle in (ANNA["key"], ANNA["name"], ANNA["email"], ANNA["user_id"], "anna"):
                text = cast(column, String)
                query = select(func.count()).select_from(table).where(text.contains(needle))
                if session.exec(query).one():
                    found.append(f"{table.name}.{column.name}~{needle}")
    return found


def sums(session: Session, ids: dict[str, int]) -> tuple[int, dict[int, int]]:
    spec = ItemSpec("1.1", "Värvning", Schedule(ScheduleKind.CONTINUOUS), (), target=SCOPED)
    plain = metric_sums(session, {ids["item"]: [METRIC]})[(ids["item"], METRIC)]
    facts = target_facts(session, [(ids["item"], ids["area"], spec)], {ids["klubb"]}, None)
    return plain, dict(facts[0].unit_sums)


def test_export_holds_every_revision_and_no_one_else(db: Database, ids: dict[str, int]) -> None:
    export = db.run_sync(lambda s: export_person(s, ANNA["key"], now=NOW))
    assert (export.profile.name, export.profile.email) == (ANNA["name"], ANNA["email"])
    assert [(a.checkin_id, a.revision, a.numbers[METRIC]) for a in export.answers] == [
        (export.checkins[1].id, 1, 4),
        (export.checkins[1].id, 2, 5),
        (export.checkins[0].id, 1, 7),
    ]
    assert {a.comment for a in export.answers} == {"Anna says 1", "Anna says 2"}
    assert [c.item for c in export.checkins] == ["1.1", "1.1", "1.1"]
    assert [(c.platform, c.user_id) for c in export.chat_accounts] == [("slack", "U0ANNA")]
    assert [b.key for b in export.boards] == ["styrelsen"]
    assert [u.key for u in export.units] == ["klubb-x"]
    assert (export.delivery_attempts, len(export.invites)) == (2, 1)
    assert export.conversation is not None
    assert export.conversation.step == "comment"
    text = json.dumps(export_to_json(export), ensure_ascii=False)
    for other in ("Bo", "bo.lind", "777", "bo@example.org"):
        assert other not in text


def test_export_of_an_unknown_key_is_a_clear_error(db: Database, ids: dict[str, int]) -> None:
    with pytest.raises(UnknownPersonError) as caught:
        db.run_sync(lambda s: export_person(s, "nobody", now=NOW))
    assert caught.value.params == {"key": "nobody"}


def test_erase_keeping_numbers_keeps_the_sums_and_no_trace(
    db: Database, ids: dict[str, int]
) -> None:
    before = db.run_sync(lambda s: sums(s, ids))
    assert before == (5 + 7 + 11, {ids["klubb"]: 23})
    result = erase(db, ANNA["key"])
    assert db.run_sync(lambda s: sums(s, ids)) == before
    assert (result.answers_kept, result.texts_removed, result.checkins_kept) == (3, 6, 3)
    assert result.plan_items_naming_key == ("vp-2025/1.1",)
    with db.session() as session:
        assert traces(session, ids["anna"]) == []
        tomb = session.exec(
            select(PersonRow).where(col(PersonRow.key) == result.tombstone_key)
        ).one()
        assert (tomb.name, tomb.email, tomb.active) == (ERASED_NAME, None, False)
        kept = session.exec(select(AnswerRow).where(col(AnswerRow.person_id) == tomb.id)).all()
        assert [(a.comment, a.blocker) for a in kept] == [(None, None)] * 3
        links = select(ChatIdentityRow).where(col(ChatIdentityRow.person_id) == tomb.id)
        assert session.exec(links).all() == []
        bo = select(AnswerRow.comment).where(col(AnswerRow.person_id) == ids["bo"])
        assert session.exec(bo.order_by(col(AnswerRow.revision))).all() == [
            "Bo says 1",
            "Bo says 2",
        ]
        states = session.exec(select(CheckinRow.state).where(col(CheckinRow.person_id) == tomb.id))
        assert sorted(states.all()) == ["answered", "answered", "archived"]
        audits = session.exec(select(AuditRow).order_by(col(AuditRow.id))).all()
        assert [(a.action, a.entity_key) for a in audits] == [
            ("person.invite", key_hash(ANNA["key"])),
            ("person.erase", key_hash(ANNA["key"])),
        ]
        assert audits[0].detail == {"people": [key_hash(ANNA["key"]), "bo.lind"]}


def test_erase_with_delete_answers_removes_them(db: Database, ids: dict[str, int]) -> None:
    result = erase(db, ANNA["key"], keep_numbers=False)
    assert (result.tombstone_key, result.answers_deleted, result.checkins_deleted) == (None, 3, 3)
    assert db.run_sync(lambda s: sums(s, ids)) == (11, {ids["klubb"]: 11})
    with db.session() as session:
        assert traces(session, ids["anna"]) == []
        people = session.exec(select(PersonRow.key)).all()
        assert people == ["bo.lind"]
        assert session.exec(select(func.count()).select_from(AnswerRow)).one() == 2


def test_erasing_an_unknown_key_is_a_clear_error_and_writes_nothing(
    db: Database, ids: dict[str, int]
) -> None:
    with db.session() as session:
        before = snapshot(session)
    with pytest.raises(UnknownPersonError):
        erase(db, "nobody")
    with db.session() as session:
        assert snapshot(session) == before


def test_what_is_left_of_an_erasure_cannot_be_erased_again(
    db: Database, ids: dict[str, int]
) -> None:
    result = erase(db, ANNA["key"])
    assert result.tombstone_key is not None
    with pytest.raises(UserFacingError) as caught:
        erase(db, result.tombstone_key)
    assert caught.value.params == {"key": result.tombstone_key}


@pytest.mark.parametrize("keep_numbers", [True, False])
@pytest.mark.parametrize("step", ["_redact_audit", "_unname_plan_items", "_delete_person_row"])
def test_a_failure_half_way_leaves_everything_as_it_was(
    db: Database,
    ids: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    keep_numbers: bool,
) -> None:
    with db.session() as session:
        before = snapshot(session)

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(erase_module, step, broken)
    with pytest.raises(RuntimeError):
        erase(db, ANNA["key"], keep_numbers=keep_numbers)
    with db.session() as session:
        assert snapshot(session) == before
