"""Plans: import a plan file's spec, list the plans, show one with its progress facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.services.database import run_import

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.core.model import PlanSpec
    from bot.core.plans import ImportResult, PlanDetail, PlanSummary, Roster
    from bot.core.reporting import TargetFacts, UnitNode
    from storage.engine import Database


@dataclass(frozen=True)
class PlanView:
    """One plan as `plan show` prints it: its items and the facts its progress lines come from."""

    detail: PlanDetail
    facts: list[TargetFacts]
    units: list[UnitNode]


def import_plan(
    db: Database, spec: PlanSpec, *, actor: str, now: datetime, dry_run: bool
) -> ImportResult:
    """Create or update the plan; a dry run checks and writes nothing."""
    from storage.plans import import_plan as store

    return run_import(db, lambda s: store(s, spec, actor=actor, now=now), dry_run)


def import_roster_and_plan(
    db: Database, roster: Roster, plan: PlanSpec, *, actor: str, now: datetime
) -> None:
    """A roster and a plan that names its people, in one transaction (the demo's examples)."""
    from storage.people import import_roster
    from storage.plans import import_plan as store

    def write(session: Session) -> None:
        import_roster(session, roster, actor=actor, now=now)
        store(session, plan, actor=actor, now=now)

    db.run_sync(write)


def list_plans(db: Database) -> list[PlanSummary]:
    from storage.plans import list_plans as read

    return db.run_sync(read)


def show_plan(db: Database, key: str) -> PlanView:
    """The plan with this key; NotFoundError when there is none."""
    from storage.plans import show_plan as read
    from storage.reporting import plan_target_facts

    detail = db.run_sync(lambda s: read(s, key))
    facts, units = db.run_sync(lambda s: plan_target_facts(s, key))
    return PlanView(detail, facts, units)
