"""Scheduling handlers: materialise check-ins from plans and roster, dispatch the due ones."""

from handlers.scheduling.dispatch import (
    MAX_ITEMS_PER_MESSAGE,
    RECORD_EVERY,
    DispatchReport,
    dispatch,
    render,
)
from handlers.scheduling.materialise import OwnerResolver, materialise, planned_checkins

__all__ = [
    "MAX_ITEMS_PER_MESSAGE",
    "RECORD_EVERY",
    "DispatchReport",
    "OwnerResolver",
    "dispatch",
    "materialise",
    "planned_checkins",
    "render",
]
