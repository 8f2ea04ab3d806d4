"""Seed reporting rows directly: units, people, boards, plans, items, check-ins and answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlmodel import Session

from bot.core.model import (
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    Role,
    Schedule,
    ScheduleKind,
    Target,
    TargetKind,
)
from storage.tables import (
    AnswerRow,
    AreaRow,
    BoardDestinationRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    UnitRow,
)
from tests.support.seed import insert_item, insert_person, insert_plan, insert_row

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def at(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


class Seed:
    """Adds rows and returns their ids; every call flushes so the ids are real."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def _add(self, row: Any) -> int:
        return insert_row(self.s, row)

    def unit(self, key: str, kind: str, parent: int | None = None, name: str = "") -> int:
        return self._add(UnitRow(key=key, name=name or key.title(), kind=kind, parent_id=parent))

    def person(self, key: str, name: str, units: tuple[int, ...] = (), locale: str = "sv") -> int:
        return insert_person(self.s, key, name, units, locale=locale, created_at=T0)

    def identity(self, person_id: int, platform: str = "console", unreachable: bool = False) -> int:
        return self._add(
            ChatIdentityRow(
                person_id=person_id,
                platform=platform,
                user_id=f"u{person_id}",
                chat_id=f"dm{person_id}",
                linked_at=T0,
                unreachable_at=T0 if unreachable else None,
            )
        )

    def board(self, key: str, unit_id: int, **fields: Any) -> int:
        return self._add(BoardRow(key=key, unit_id=unit_id, name=fields.pop("name", key), **fields))

    def destination(self, board_id: int, platform: str = "console", chat_id: str = "board") -> int:
        return self._add(BoardDestinationRow(board_id=board_id, platform=platform, chat_id=chat_id))

    def member(self, board_id: int, person_id: int) -> None:
        self.s.add(BoardMemberRow(board_id=board_id, person_id=person_id))
        self.s.flush()

    def plan(self, key: str, unit_id: int, title: str = "Verksamhetsplan 2025") -> int:
        followups = {"after_days": [3, 7], "give_up_after_days": 14}
        return insert_plan(self.s, key, unit_id, title=title, settings={"followups": followups})

    def area(self, plan_id: int, key: str, title: str, position: int = 0) -> int:
        return self._add(AreaRow(plan_id=plan_id, key=key, title=title, position=position))

    def item(
        self,
        plan_id: int,
        area_id: int,
        key: str,
        title: str,
        kind: ScheduleKind = ScheduleKind.EVENT,
        *,
        target: Target | None = None,
        metrics: tuple[str, ...] = (),
        position: int = 0,
    ) -> int:
        spec = ItemSpec(
            key=key,
            title=title,
            schedule=Schedule(kind=kind, start=date(2025, 3, 1)),
            owners=(Owner(OwnerKind.ROLE, role=Role.STEWARD, unit="x"),),
            metrics=tuple(Metric(m, m.replace("_", " ").capitalize()) for m in metrics),
            target=target,
        )
        return insert_item(self.s, plan_id, area_id, spec, position=position)

    def checkin(
        self,
        item_id: int,
        person_id: int,
        occurrence: date,
        due: datetime,
        *,
        state: str = "awaiting",
        prompt: str = "ask",
    ) -> int:
        return self._add(
            CheckinRow(
                plan_item_id=item_id,
                person_id=person_id,
                occurrence=occurrence.isoformat(),
                prompt=prompt,
                state=state,
                due_at=due,
                created_at=T0,
            )
        )

    def answer(
        self,
        checkin_id: int,
        choice: str,
        when: datetime,
        numbers: dict[str, int] | None = None,
        *,
        comment: str | None = None,
        blocker: str | None = None,
        needs_help: bool = False,
        revision: int = 1,
        current: bool = True,
    ) -> int:
        checkin = self.s.get(CheckinRow, checkin_id)
        assert checkin is not None
        if current:
            checkin.state = "answered"
            checkin.answered_at = when
            self.s.add(checkin)
        return self._add(
            AnswerRow(
                checkin_id=checkin_id,
                person_id=checkin.person_id,
                plan_item_id=checkin.plan_item_id,
                revision=revision,
                current=current,
                choice=choice,
                numbers=numbers or {},
                comment=comment,
                blocker=blocker,
                needs_help=needs_help,
                via="console",
                created_at=when,
            )
        )


def local_time(hhmm: str) -> time:
    return time.fromisoformat(hhmm)


# --- one small union, used by the digest, storage and report tests ------------


class Union:
    """Ids of the seeded union (see build_union for what the numbers should come to)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __getitem__(self, key: str) -> int:
        return self.ids[key]


def build_union(session: Session) -> Union:
    """Avdelning > sektion > three orter; klubb A1 under ort A; an unrelated unit beside.

    For the digest of 2025-W12 (period 10-16 March, Stockholm time):
    Organisering: done 4, not done 1, no answer 1; Arbetsmiljö: done 1, no answer 1, coming up
    Skyddsrond 1 April. Targets: Träffar 2 of 2 (reached); Värvning 1 of 3 orter.
    """
    seed, u = Seed(session), Union()
    ids = u.ids
    ids["avd"] = seed.unit("avd", "avdelning", name="Avdelning Syd")
    ids["sek"] = seed.unit("sek", "sektion", ids["avd"], name="Sektion Väst")
    for name in ("a", "b", "c"):
        ids[f"ort_{name}"] = seed.unit(f"ort-{name}", "ort", ids["sek"], name=f"Ort {name.upper()}")
    ids["klubb"] = seed.unit("klubb-a1", "klubb", ids["ort_a"], name="Klubb A1")
    ids["other"] = seed.unit("other", "avdelning", name="Annan avdelning")
    ids["anna"] = seed.person("anna", "Anna Ek", (ids["klubb"],))
    ids["bo"] = seed.person("bo", "Bo Lind", (ids["ort_b"],), locale="nb")
    ids["cilla"] = seed.person("cilla", "Cilla Berg", (ids["ort_c"],))
    ids["dag"] = seed.person("dag", "Dag Holm", (ids["sek"],))
    ids["erik"] = seed.person("erik", "Erik Ny", (ids["other"],))
    for key in ("anna", "bo", "dag"):
        seed.identity(ids[key])
    seed.identity(ids["cilla"], unreachable=True)
    seed.identity(ids["erik"], unreachable=True)
    ids["board"] = seed.board("styrelsen", ids["avd"], name="Styrelsen Avd Syd")
    seed.destination(ids["board"])
    seed.member(ids["board"], ids["dag"])
    _plans(seed, u)
    _answers(seed, u)
    return u


def _plans(seed: Seed, u: Union) -> None:
    ids = u.ids
    ids["plan"] = seed.plan("vp-2025", ids["sek"])
    ids["org"] = seed.area(ids["plan"], "8", "Organisering", position=0)
    ids["env"] = seed.area(ids["plan"], "9", "Arbetsmiljö", position=1)
    ids["i1"] = seed.item(
        ids["plan"],
        ids["org"],
        "8.1",
        "Digitala träffar",
        ScheduleKind.RECURRING,
        target=Target(TargetKind.COUNT, 2, label="Träffar"),
        metrics=("participants",),
    )
    ids["i2"] = seed.item(
        ids["plan"],
        ids["org"],
        "8.2",
        "Värvningsvecka",
        ScheduleKind.EVENT,
        target=Target(TargetKind.SUM, 10, metric="new_members", scope="ort", label="Värvning"),
        metrics=("new_members",),
        position=1,
    )
    ids["i3"] = seed.item(ids["plan"], ids["env"], "9.1", "Skyddsrond", ScheduleKind.RECURRING)
    ids["plan2"] = seed.plan("other-2025", ids["other"], title="Annan plan")
    area2 = seed.area(ids["plan2"], "1", "Annat")
    ids["i4"] = seed.item(ids["plan2"], area2, "1.1", "Annat arbete")


def _answers(seed: Seed, u: Union) -> None:
    ids = u.ids
    mar1, mar3 = date(2025, 3, 1), date(2025, 3, 3)
    c = seed.checkin(ids["i1"], ids["anna"], mar1, at(2025, 3, 10))
    seed.answer(c, "yes", at(2025, 3, 11), {"participants": 5}, comment="Bra träff")
    c = seed.checkin(ids["i1"], ids["bo"], mar1, at(2025, 3, 10))
    seed.answer(c, "yes", at(2025, 3, 12), {"participants": 7})
    c = seed.checkin(ids["i1"], ids["anna"], date(2025, 1, 1), at(2025, 1, 15))
    seed.answer(c, "yes", at(2025, 1, 20), {"participants": 4})
    seed.checkin(ids["i1"], ids["cilla"], date(2025, 1, 1), at(2025, 1, 10), state="no_answer")
    c = seed.checkin(ids["i2"], ids["anna"], mar3, at(2025, 3, 12))
    seed.answer(c, "yes", at(2025, 3, 13), {"new_members": 6})
    c = seed.checkin(ids["i2"], ids["bo"], mar3, at(2025, 3, 12))
    seed.answer(
        c,
        "yes",
        at(2025, 3, 14),
        {"new_members": 12},
        comment="Behöver hjälp med lokal",
        needs_help=True,
    )
    c = seed.checkin(ids["i2"], ids["cilla"], mar3, at(2025, 3, 12))
    seed.answer(c, "no", at(2025, 3, 14), blocker="Ingen tid")
    seed.checkin(ids["i2"], ids["dag"], mar3, at(2025, 3, 14), state="awaiting")
    c = seed.checkin(ids["i3"], ids["dag"], mar1, at(2025, 3, 14))
    seed.answer(c, "yes", datetime(2025, 3, 16, 22, 30, tzinfo=UTC))  # 23:30 local: inside
    c = seed.checkin(ids["i3"], ids["cilla"], mar1, at(2025, 3, 14))
    seed.answer(c, "yes", datetime(2025, 3, 16, 23, 30, tzinfo=UTC))  # Monday 00:30: outside
    c = seed.checkin(ids["i3"], ids["anna"], mar1, at(2025, 3, 14))
    seed.answer(c, "no", at(2025, 3, 12), revision=1, current=False)  # superseded revision
    seed.answer(c, "not_relevant", at(2025, 3, 18), revision=2)  # after the period
    seed.checkin(ids["i3"], ids["bo"], mar1, at(2025, 3, 5), state="no_answer")
    seed.checkin(ids["i3"], ids["anna"], date(2025, 4, 1), at(2025, 4, 2), state="scheduled")
    seed.checkin(ids["i1"], ids["anna"], date(2025, 6, 1), at(2025, 6, 2), state="scheduled")
    c = seed.checkin(ids["i4"], ids["erik"], mar1, at(2025, 3, 10))
    seed.answer(c, "yes", at(2025, 3, 11), comment="Annat")
