"""Reading a plan file into a PlanSpec, with every problem named by line and field."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

from bot.core.counting import too_few_occurrences
from bot.core.i18n import N_, SUPPORTED_LOCALES, negotiate_locale
from bot.core.model import (
    AreaSpec,
    FollowupPolicy,
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    PlanSpec,
    QuietPeriod,
)
from bot.planfile.fields import Fields
from bot.planfile.parts import PartsReader
from bot.planfile.problems import Problems, index_path, join_path
from bot.planfile.quiet import QuietPeriodReader
from bot.planfile.reading import read_text
from bot.planfile.when import PlanPeriod, WhenReader
from bot.planfile.yamltree import Map, Node, Scalar, read_tree

PLAN_FIELDS = (
    "id",
    "title",
    "unit",
    "period",
    "language",
    "send_time",
    "followups",
    "quiet_periods",
    "context",
)
AREA_FIELDS = ("id", "title", "context", "items")
ITEM_FIELDS = (
    "id",
    "title",
    "description",
    "when",
    "remind",
    "ask_after",
    "send_time",
    "owners",
    "ask",
    "target",
    "review",
)
MAX_REMIND_DAYS = 366

MSG_NOT_A_PLAN = N_("This does not look like a plan file: it needs “plan:” and “areas:”.")
MSG_NO_UNIT = N_("Say which unit the plan belongs to: unit: KEY here, or --unit KEY on import.")
MSG_UNIT_CONFLICT = N_("The file says unit “{file_unit}” but the import was given “{given}”.")
MSG_BAD_PERIOD = N_("Write the period as a year (2025), two years (2024-2025) or start and end.")
MSG_BAD_LANGUAGE = N_("Use one of: {choices}.")
MSG_DUPLICATE_ITEM = N_("The id “{value}” is already used on line {other}.")
MSG_NO_ITEMS = N_("The plan has no items.")
MSG_COUNT_NEVER_MET = N_(
    "This item comes {occurrences} times in the plan's period, fewer than its count of "
    "{count}: each occurrence answered Yes counts once, so the target could never be met. "
    "Ask more often, or ask once (a date, a window or no when) and the steward says how "
    "many times."
)

_YEARS = re.compile(r"^(\d{4})\s*(?:[-–/]\s*(\d{4}))?$")


def load_plan(path: Path, *, unit: str | None = None) -> PlanSpec:
    """Read and check a plan file; raises InputFileError listing every problem."""
    return parse_plan(read_text(path), str(path), unit=unit)


def parse_plan(text: str, filename: str, *, unit: str | None = None) -> PlanSpec:
    """Check a plan file's text; `unit` stands in for a missing plan.unit."""
    problems = Problems(filename)
    root = read_tree(text, problems)
    if root is None or not isinstance(root, Map) or "plan" not in root.values:
        if not problems:
            problems.add(getattr(root, "line", None), None, MSG_NOT_A_PLAN)
        problems.raise_if_any()
        raise AssertionError("unreachable")
    spec = _PlanReader(problems, filename).read(root, unit)
    problems.raise_if_any()
    assert spec is not None
    return spec


class _PlanReader:
    def __init__(self, problems: Problems, filename: str) -> None:
        self.problems = problems
        self.filename = filename
        self.fields = Fields(problems)
        self.parts = PartsReader(self.fields)
        self.item_lines: dict[str, int] = {}

    def read(self, root: Map, given_unit: str | None) -> PlanSpec | None:
        self.fields.check_keys(root, "", ("plan", "areas"))
        head = self.fields.mapping(root.get("plan"), "plan", root.line_of("plan"))
        if head is None:
            return None
        self.fields.check_keys(head, "plan", PLAN_FIELDS)
        key = self.parts.key(head, "id", "plan")
        title = self.fields.text(head, "title", "plan", required=True)
        unit = self._unit(head, given_unit)
        period = self._period(head)
        language = self._language(head)
        send_time = self._time(head, "send_time", "plan")
        followups = self._followups(head)
        quiet = self._quiet_periods(head, period)
        context = self._context(head, "plan")
        areas = self._areas(root, period, unit) if period else ()
        if not (key and title and unit and period and language) or self.problems:
            return None
        return PlanSpec(
            key,
            title,
            unit,
            period.start,
            period.end,
            language,
            areas,
            send_time,
            followups,
            source=self.filename,
            context=context,
            quiet_periods=quiet,
        )

    def _unit(self, head: Map, given: str | None) -> str | None:
        in_file = self.parts.key(head, "unit", "plan") if "unit" in head.values else None
        if in_file and given and in_file != given:
            line = head.line_of("unit")
            self.problems.add(line, "plan.unit", MSG_UNIT_CONFLICT, file_unit=in_file, given=given)
            return None
        if not in_file and not given and "unit" not in head.values:
            self.problems.add(head.line, "plan.unit", MSG_NO_UNIT)
        return in_file or given

    def _period(self, head: Map) -> PlanPeriod | None:
        node = head.get("period")
        if node is None:
            self.problems.add(head.line, "plan.period", MSG_BAD_PERIOD)
            return None
        if isinstance(node, Map):
            self.fields.check_keys(node, "plan.period", ("start", "end"))
            ends = [
                self.fields.date(node.values[k], f"plan.period.{k}") if k in node.values else None
                for k in ("start", "end")
            ]
            if ends[0] and ends[1] and ends[0] <= ends[1]:
                return PlanPeriod(ends[0], ends[1])
        elif isinstance(node, Scalar) and (years := _YEARS.match(node.text.strip())):
            first = int(years.group(1))
            last = int(years.group(2) or first)
            if first <= last <= first + 10:
                return PlanPeriod(date(first, 1, 1), date(last, 12, 31))
        self.problems.add(node.line, "plan.period", MSG_BAD_PERIOD)
        return None

    def _language(self, head: Map) -> str | None:
        text = self.fields.text(head, "language", "plan", required=True)
        if text is None:
            return None
        language = negotiate_locale(text, default="")
        if language not in SUPPORTED_LOCALES:
            choices = ", ".join(SUPPORTED_LOCALES)
            self.problems.add(
                head.line_of("language"), "plan.language", MSG_BAD_LANGUAGE, choices=choices
            )
            return None
        return language

    def _time(self, node: Map, name: str, path: str) -> time | None:
        value = node.get(name)
        if value is None or (isinstance(value, Scalar) and value.is_null):
            return None
        return self.fields.time_of_day(value, join_path(path, name))

    def _followups(self, head: Map) -> FollowupPolicy:
        node = head.get("followups")
        if node is None:
            return FollowupPolicy()
        policy = self.fields.mapping(node, "plan.followups", head.line_of("followups"))
        if policy is None:
            return FollowupPolicy()
        path = "plan.followups"
        self.fields.check_keys(policy, path, ("after_days", "give_up_after_days"))
        default = FollowupPolicy()
        after = default.after_days
        if "after_days" in policy.values:
            node_after = policy.values["after_days"]
            after = self.fields.integers(node_after, f"{path}.after_days", minimum=1, maximum=90)
        give_up = default.give_up_after_days
        if "give_up_after_days" in policy.values:
            value = self.fields.integer(
                policy.values["give_up_after_days"],
                f"{path}.give_up_after_days",
                minimum=1,
                maximum=365,
            )
            give_up = value if value is not None else give_up
        return FollowupPolicy(tuple(sorted(set(after))), give_up)

    def _quiet_periods(self, head: Map, period: PlanPeriod | None) -> tuple[QuietPeriod, ...]:
        if period is None:
            return ()
        return QuietPeriodReader(self.fields, period.start, period.end).read(head, "plan")

    def _context(self, node: Map, path: str) -> tuple[str, ...]:
        if "context" not in node.values:
            return ()
        field = join_path(path, "context")
        entries = self.fields.sequence(node.values["context"], field, node.line_of("context"))
        texts = (self.fields.scalar_text(e, index_path(field, i)) for i, e in enumerate(entries))
        return tuple(t for t in texts if t)

    def _areas(self, root: Map, period: PlanPeriod, unit: str | None) -> tuple[AreaSpec, ...]:
        entries = self.fields.sequence(root.get("areas"), "areas", root.line_of("areas"))
        when = WhenReader(self.fields, period)
        areas: list[AreaSpec] = []
        seen: dict[str, int] = {}
        for index, node in enumerate(entries):
            path = index_path("areas", index)
            area = self.fields.mapping(node, path, node.line)
            if area is None:
                continue
            self.fields.check_keys(area, path, AREA_FIELDS)
            key = self.parts.key(area, "id", path)
            if key and key in seen:
                self.problems.add(
                    area.line_of("id"),
                    join_path(path, "id"),
                    MSG_DUPLICATE_ITEM,
                    value=key,
                    other=seen[key],
                )
            elif key:
                seen[key] = area.line_of("id")
            title = self.fields.text(area, "title", path, required=True)
            items = self._items(area, path, when, unit)
            if key and title:
                context = self._context(area, path)
                areas.append(AreaSpec(key, title, items, area.line, context))
        if not any(area.items for area in areas) and not self.problems:
            self.problems.add(root.line_of("areas"), "areas", MSG_NO_ITEMS)
        return tuple(areas)

    def _items(
        self, area: Map, path: str, when: WhenReader, unit: str | None
    ) -> tuple[ItemSpec, ...]:
        items_path = join_path(path, "items")
        entries = self.fields.sequence(area.get("items"), items_path, area.line_of("items"))
        items = []
        for index, node in enumerate(entries):
            item = self._item(node, index_path(items_path, index), when, unit)
            if item is not None:
                items.append(item)
        return tuple(items)

    def _item(self, node: Node, path: str, when: WhenReader, unit: str | None) -> ItemSpec | None:
        item = self.fields.mapping(node, path, node.line)
        if item is None:
            return None
        self.fields.check_keys(item, path, ITEM_FIELDS)
        key = self._item_key(item, path)
        title = self.fields.text(item, "title", path, required=True)
        description = self.fields.text(item, "description", path) or ""
        remind, ask_after = self._timing(item, path)
        send_time = self._time(item, "send_time", path)
        schedule = when.schedule(item, path, remind, ask_after, send_time)
        owners = self._owners(item, path, unit)
        metrics: tuple[Metric, ...] = ()
        comment = None
        if "ask" in item.values:
            metrics, comment = self.parts.ask(
                item.values["ask"], join_path(path, "ask"), item.line_of("ask")
            )
        target = None
        if "target" in item.values:
            target = self.parts.target(
                item.values["target"], join_path(path, "target"), item.line_of("target"), metrics
            )
        review = self.fields.text(item, "review", path)
        if not (key and title and schedule):
            return None
        spec = ItemSpec(
            key, title, schedule, owners, description, metrics, comment, target, item.line, review
        )
        self._check_count(spec, item, path, when.period)
        return spec

    def _check_count(self, spec: ItemSpec, item: Map, path: str, period: PlanPeriod) -> None:
        """Refuse a count that a recurring item can never reach (see bot/core/counting.py)."""
        found = too_few_occurrences(spec, period.start, period.end)
        target = item.get("target")
        if found is None or spec.target is None or not isinstance(target, Map):
            return
        self.problems.add(
            target.line_of("count"),
            join_path(join_path(path, "target"), "count"),
            MSG_COUNT_NEVER_MET,
            occurrences=found,
            count=spec.target.value,
        )

    def _timing(self, item: Map, path: str) -> tuple[tuple[int, ...], int | None]:
        """Heads-up days before (largest first) and the days to wait before asking."""
        remind: tuple[int, ...] = ()
        if "remind" in item.values:
            field = join_path(path, "remind")
            found = self.fields.integers(
                item.values["remind"], field, minimum=0, maximum=MAX_REMIND_DAYS
            )
            remind = tuple(sorted(set(found), reverse=True))
        ask_after = None
        if "ask_after" in item.values:
            field = join_path(path, "ask_after")
            ask_after = self.fields.integer(item.values["ask_after"], field, minimum=0, maximum=90)
        return remind, ask_after

    def _item_key(self, item: Map, path: str) -> str | None:
        key = self.parts.key(item, "id", path)
        if key is None:
            return None
        if key in self.item_lines:
            self.problems.add(
                item.line_of("id"),
                join_path(path, "id"),
                MSG_DUPLICATE_ITEM,
                value=key,
                other=self.item_lines[key],
            )
            return None
        self.item_lines[key] = item.line_of("id")
        return key

    def _owners(self, item: Map, path: str, unit: str | None) -> tuple[Owner, ...]:
        node = item.get("owners")
        if node is None or (isinstance(node, Scalar) and node.is_null):
            # The plan unit's board, by default: no line of its own, which is how the import
            # tells it from an owner the file names (see storage/plans.py).
            return (Owner(OwnerKind.BOARD, unit=unit),) if unit else ()
        return self.parts.owners(node, join_path(path, "owners"), item.line_of("owners"))
