"""The roster and plan files of the scenario, written as an administrator would write them."""

from __future__ import annotations

from tests.acceptance.world import (
    BOARD_MEMBERS,
    FOLLOWUP_DAYS,
    GIVE_UP_DAYS,
    ITEMS,
    METRIC_LABELS,
    PEOPLE,
    SIDES,
    SV,
    WEEKLY_OWNERS,
    YEAR,
    Item,
    Side,
    side_of,
)


def roster_yaml() -> str:
    lines = ["units:"]
    for side in SIDES:
        lines += [f"  - {{id: {side.board_unit}, name: {side.board_name}, kind: {side.unit_kind}}}"]
        for sub in side.subunits:
            lines += [
                f"  - {{id: {sub}, name: {sub.title()}, kind: {side.sub_kind}, "
                f"parent: {side.board_unit}}}"
            ]
    lines.append("boards:")
    for side in SIDES:
        members = [p.key for p in BOARD_MEMBERS if p.board == side.board_unit]
        lines += [
            f"  - id: {side.board_unit}",
            f"    unit: {side.board_unit}",
            f"    name: {side.board_name}",
            f"    members: [{', '.join(members)}]",
            "    digest_weekday: monday",
            '    digest_time: "08:00"',
            "    digest_to_members: true",
            f"    locale: {side.language}",
            f"    timezone: {side.timezone}",
        ]
    lines.append("people:")
    for person in PEOPLE:
        roles = "[board]" if person.board else "[steward]"
        lines += [
            f"  - id: {person.key}",
            f"    name: {person.name}",
            f"    locale: {person.locale}",
            f"    timezone: {person.timezone}",
            f"    units: [{person.unit}]",
            f"    roles: {roles}",
        ]
    return "\n".join(lines) + "\n"


def _when(item: Item, side: Side) -> list[str]:
    start, end = item.occurrences[0][0], item.occurrences[-1][1]
    match item.when:
        case "monthly":
            return ["        when: {every: monthly, months: [2, 11]}"]
        case "window":
            return [f"        when: {{window: {{from: {start}, to: {end}}}}}"]
        case "deadline":
            return [f"        when: {{by: {end}}}"]
        case "event":
            return [f"        when: {{date: {start}}}"]
        case "weekly":
            return ["        when: {every: weekly, months: [9, 10]}"]
        case _:
            return [f"        when: {{window: {'maj' if side is SV else 'mai'}}}"]


def _owners(item: Item, side: Side) -> list[str]:
    if item.weekly_only:
        return ["        owners:", *(f"          - person: {k}" for k in WEEKLY_OWNERS[side])]
    return [
        "        owners:",
        f"          - {{role: steward, unit: {side.board_unit}, subunits: true}}",
    ]


def _target(item: Item, side: Side) -> list[str]:
    match item.target:
        case "count-recurring" | "count-once":
            return [f"        target: {{count: {item.target_value}}}"]
        case "per-unit":
            return [f"        target: {{count: {item.target_value}, per: {side.sub_kind}}}"]
        case "sum":
            return [f"        target: {{sum: {item.target_value}, metric: {item.metric}}}"]
        case "direction":
            return [f"        target: {{direction: increase, metric: {item.metric}}}"]
    return []


def _item(item: Item, side: Side) -> list[str]:
    lines = [f'      - id: "{item.key}"', f"        title: {item.title(side)}"]
    lines += _when(item, side)
    if item.notices:
        lines.append(f"        remind: [{', '.join(str(d) for d in item.notices)}]")
    lines += _owners(item, side)
    if item.metric is not None:
        label = METRIC_LABELS[item.metric][0 if side is SV else 1]
        lines.append(f"        ask: {{metrics: [{{id: {item.metric}, label: {label}}}]}}")
    return lines + _target(item, side)


def plan_yaml(side: Side) -> str:
    lines = [
        "plan:",
        f"  id: {side.plan_key}",
        f"  title: {side.plan_title}",
        f"  unit: {side.board_unit}",
        f"  period: {YEAR}",
        f"  language: {side.language}",
        '  send_time: "09:00"',
        f"  followups: {{after_days: [{FOLLOWUP_DAYS[0]}, {FOLLOWUP_DAYS[1]}], "
        f"give_up_after_days: {GIVE_UP_DAYS}}}",
        "areas:",
    ]
    for index, area in enumerate(side.areas):
        lines += [f'  - id: "{"AB"[index]}"', f"    title: {area}", "    items:"]
        for item in ITEMS:
            if item.area == index:
                lines += _item(item, side)
    return "\n".join(lines) + "\n"


__all__ = ["plan_yaml", "roster_yaml", "side_of"]
