"""Plan specs to and from plain JSON, as stored in the plan_item.spec and plan.settings columns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import Any

from bot.core.model import (
    FollowupPolicy,
    Frequency,
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    QuietPeriod,
    Role,
    Schedule,
    ScheduleKind,
    Target,
    TargetKind,
)


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _pd(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _t(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _pt(value: Any) -> time | None:
    return time.fromisoformat(value) if value else None


def schedule_to_json(s: Schedule) -> dict[str, Any]:
    return {
        "kind": s.kind.value,
        "start": _d(s.start),
        "end": _d(s.end),
        "every": s.every.value if s.every else None,
        "months": list(s.months),
        "day": s.day,
        "remind_days_before": list(s.remind_days_before),
        "ask_days_after": s.ask_days_after,
        "send_time": _t(s.send_time),
    }


def schedule_from_json(d: dict[str, Any]) -> Schedule:
    return Schedule(
        kind=ScheduleKind(d["kind"]),
        start=_pd(d.get("start")),
        end=_pd(d.get("end")),
        every=Frequency(d["every"]) if d.get("every") else None,
        months=tuple(d.get("months") or ()),
        day=d.get("day"),
        remind_days_before=tuple(d.get("remind_days_before") or ()),
        ask_days_after=int(d.get("ask_days_after", 1)),
        send_time=_pt(d.get("send_time")),
    )


def item_to_json(item: ItemSpec) -> dict[str, Any]:
    target = item.target
    return {
        "schedule": schedule_to_json(item.schedule),
        "owners": [
            {
                "kind": o.kind.value,
                "person": o.person,
                "role": o.role.value if o.role else None,
                "unit": o.unit,
                "include_subunits": o.include_subunits,
            }
            for o in item.owners
        ],
        "metrics": [{"key": m.key, "label": m.label} for m in item.metrics],
        "comment_prompt": item.comment_prompt,
        "review": item.review,
        "target": None
        if target is None
        else {
            "kind": target.kind.value,
            "value": target.value,
            "metric": target.metric,
            "scope": target.scope,
            "label": target.label,
            "direction": target.direction,
            "unit": target.unit,
        },
    }


def item_from_json(key: str, title: str, description: str, d: dict[str, Any]) -> ItemSpec:
    t = d.get("target")
    return ItemSpec(
        key=key,
        title=title,
        description=description,
        schedule=schedule_from_json(d["schedule"]),
        owners=tuple(
            Owner(
                kind=OwnerKind(o["kind"]),
                person=o.get("person"),
                role=Role(o["role"]) if o.get("role") else None,
                unit=o.get("unit"),
                include_subunits=bool(o.get("include_subunits")),
            )
            for o in d.get("owners", [])
        ),
        metrics=tuple(Metric(m["key"], m["label"]) for m in d.get("metrics", [])),
        comment_prompt=d.get("comment_prompt"),
        review=d.get("review"),
        target=None
        if not t
        else Target(
            kind=TargetKind(t["kind"]),
            value=t.get("value"),
            metric=t.get("metric"),
            scope=t.get("scope"),
            label=t.get("label"),
            direction=t.get("direction"),
            unit=t.get("unit"),
        ),
    )


def followups_to_json(p: FollowupPolicy) -> dict[str, Any]:
    return {"after_days": list(p.after_days), "give_up_after_days": p.give_up_after_days}


def followups_from_json(d: dict[str, Any] | None) -> FollowupPolicy:
    if not d:
        return FollowupPolicy()
    return FollowupPolicy(
        after_days=tuple(d.get("after_days", (3, 7))),
        give_up_after_days=int(d.get("give_up_after_days", 14)),
    )


def plan_settings_to_json(
    send_time: time | None,
    followups: FollowupPolicy,
    quiet_periods: Sequence[QuietPeriod] = (),
) -> dict[str, Any]:
    return {
        "send_time": _t(send_time),
        "followups": followups_to_json(followups),
        "no_reminders": quiet_periods_to_json(quiet_periods),
    }


def quiet_periods_to_json(periods: Sequence[QuietPeriod]) -> list[dict[str, str]]:
    """The plan.settings["no_reminders"] list that bot.core.timeplan reads back."""
    return [{"from": p.start.isoformat(), "to": p.end.isoformat()} for p in periods]


def plan_send_time(settings: dict[str, Any]) -> time | None:
    return _pt(settings.get("send_time"))
