"""How long a materialise that just ran stays complete: the next send beyond its horizon.

A materialise at `now` stores every check-in whose send instant lies in its window, up to
now + horizon. A later materialise can only add check-ins sending after that point. The
first such send instant, looked for over a limited span beyond the horizon, tells until when
a later materialise with the same plans, roster and settings would add nothing.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.scheduling import SchedulingPolicy, SchedulingStore
from handlers.scheduling.materialise import LOOKAHEAD, ItemPlan, OwnerResolver

__all__ = ["LOOKAHEAD", "complete_through"]


async def complete_through(
    store: SchedulingStore, policy: SchedulingPolicy, upper: datetime
) -> datetime:
    """The first send instant after `upper` a materialise could add; at most upper + LOOKAHEAD.

    Before the returned instant no materialise whose horizon ends there adds a check-in,
    as long as plans, roster and settings stay as they are now.
    """
    limit = upper + LOOKAHEAD
    items = await store.schedulable_items()
    resolver = OwnerResolver(await store.roster())
    first = limit
    for item in items:
        plan = ItemPlan(item, policy, upper, limit)
        if plan:
            people = resolver.people_for(item.spec.owners, item.plan_unit_id)
            first = plan.first_send(people, upper, first)
    return first
