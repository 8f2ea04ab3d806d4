"""The audit trail of administrative changes: ids and counts, never personal text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from storage.tables import AuditRow


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_key: str | None,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    """Add one audit row in the caller's transaction."""
    session.add(
        AuditRow(
            at=now,
            actor=actor[:100],
            action=action,
            entity=entity,
            entity_key=entity_key,
            detail=detail,
        )
    )
