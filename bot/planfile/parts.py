"""An item's owners, questions and target, read from the plan file."""

from __future__ import annotations

import re

from bot.core.i18n import N_
from bot.core.model import Metric, Owner, OwnerKind, Role, Target, TargetKind
from bot.planfile.fields import Fields
from bot.planfile.problems import index_path, join_path
from bot.planfile.yamltree import Map, Node, Scalar

OWNER_FORMS = ("person", "role", "board")
OWNER_FIELDS = (*OWNER_FORMS, "unit", "subunits")
TARGET_FIELDS = ("count", "sum", "direction", "metric", "per", "unit", "label")
KEY_PATTERN = re.compile(r"^[\w][\w.\-]{0,99}$")

MSG_OWNER_FORM = N_("Give an owner as one of person, role (with unit) or board.")
MSG_OWNER_TWO_FORMS = N_("An owner is one of person, role or board, not several.")
MSG_ROLE_NEEDS_UNIT = N_("A role owner needs the unit it belongs to (unit: KEY).")
MSG_UNKNOWN_ROLE = N_("“{value}” is not a role; use one of: {choices}.")
MSG_ONLY_WITH_ROLE = N_("“{name}” belongs with a role owner.")
MSG_BAD_KEY = N_(
    "“{value}” cannot be used as an id: use letters, digits, dots, dashes or underscores."
)
MSG_DUPLICATE_METRIC = N_("The metric id “{value}” is used twice in this item.")
MSG_TARGET_FORM = N_("A target is one of count, sum or direction.")
MSG_TARGET_NEEDS_METRIC = N_("A sum or a direction needs the metric it counts (metric: KEY).")
MSG_UNKNOWN_METRIC = N_("The metric “{value}” is not asked in this item (under ask.metrics).")
MSG_BAD_DIRECTION = N_("Use increase or decrease.")
MSG_BAD_TARGET_UNIT = N_("The only unit a target can have is percent.")
MSG_COMMENT = N_("Write the question to ask, or false to ask for no comment.")

_ROLES = tuple(role.value for role in Role)


class PartsReader:
    """Owners, ask and target for one item."""

    def __init__(self, fields: Fields) -> None:
        self.fields = fields
        self.problems = fields.problems

    def key(self, node: Map, name: str, path: str) -> str | None:
        value = self.fields.text(node, name, path, required=True)
        if value is not None and not KEY_PATTERN.match(value):
            self.problems.add(node.line_of(name), join_path(path, name), MSG_BAD_KEY, value=value)
            return None
        return value

    def owners(self, node: Node, path: str, line: int) -> tuple[Owner, ...]:
        owners = []
        for index, entry in enumerate(self.fields.sequence(node, path, line)):
            owner = self._owner(entry, index_path(path, index))
            if owner is not None:
                owners.append(owner)
        return tuple(owners)

    def _owner(self, node: Node, path: str) -> Owner | None:
        entry = self.fields.mapping(node, path, node.line)
        if entry is None:
            return None
        self.fields.check_keys(entry, path, OWNER_FIELDS)
        forms = [form for form in OWNER_FORMS if form in entry.values]
        if len(forms) != 1:
            self.problems.add(entry.line, path, MSG_OWNER_TWO_FORMS if forms else MSG_OWNER_FORM)
            return None
        form = forms[0]
        if form != "role":
            for extra in ("unit", "subunits"):
                if extra in entry.values:
                    field = join_path(path, extra)
                    self.problems.add(entry.line_of(extra), field, MSG_ONLY_WITH_ROLE, name=extra)
        if form == "person":
            person = self.key(entry, "person", path)
            return Owner(OwnerKind.PERSON, person=person, line=entry.line) if person else None
        if form == "board":
            unit = self.key(entry, "board", path)
            return Owner(OwnerKind.BOARD, unit=unit, line=entry.line) if unit else None
        return self._role_owner(entry, path)

    def _role_owner(self, entry: Map, path: str) -> Owner | None:
        role_text = self.fields.text(entry, "role", path, required=True)
        role = Role(role_text.lower()) if role_text and role_text.lower() in _ROLES else None
        if role_text and role is None:
            self.problems.add(
                entry.line_of("role"),
                join_path(path, "role"),
                MSG_UNKNOWN_ROLE,
                value=role_text,
                choices=", ".join(_ROLES),
            )
        if "unit" not in entry.values:
            self.problems.add(entry.line, join_path(path, "unit"), MSG_ROLE_NEEDS_UNIT)
            return None
        unit = self.key(entry, "unit", path)
        subunits = False
        if "subunits" in entry.values:
            subunits = bool(
                self.fields.boolean(entry.values["subunits"], join_path(path, "subunits"))
            )
        if role is None or unit is None:
            return None
        return Owner(
            OwnerKind.ROLE, role=role, unit=unit, include_subunits=subunits, line=entry.line
        )

    def ask(self, node: Node, path: str, line: int) -> tuple[tuple[Metric, ...], str | None]:
        """Metrics, and the comment prompt: None for the default, "" for no comment."""
        ask = self.fields.mapping(node, path, line)
        if ask is None:
            return (), None
        self.fields.check_keys(ask, path, ("metrics", "comment"))
        metrics: list[Metric] = []
        if "metrics" in ask.values:
            metrics_path = join_path(path, "metrics")
            entries = self.fields.sequence(ask.values["metrics"], metrics_path, ask.line)
            for index, entry in enumerate(entries):
                metric = self._metric(entry, index_path(metrics_path, index), metrics)
                if metric is not None:
                    metrics.append(metric)
        return tuple(metrics), self._comment(ask, path)

    def _metric(self, node: Node, path: str, earlier: list[Metric]) -> Metric | None:
        entry = self.fields.mapping(node, path, node.line)
        if entry is None:
            return None
        self.fields.check_keys(entry, path, ("id", "label"))
        key = self.key(entry, "id", path)
        label = self.fields.text(entry, "label", path, required=True)
        if key and any(m.key == key for m in earlier):
            self.problems.add(entry.line, join_path(path, "id"), MSG_DUPLICATE_METRIC, value=key)
            return None
        return Metric(key, label) if key and label else None

    def _comment(self, ask: Map, path: str) -> str | None:
        node = ask.get("comment")
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return None
        field = join_path(path, "comment")
        if isinstance(node, Scalar) and node.tag.endswith(":bool"):
            if node.text.lower() in ("false", "no", "off"):
                return ""
            return None
        if not isinstance(node, Scalar):
            self.problems.add(node.line, field, MSG_COMMENT)
            return None
        return self.fields.scalar_text(node, field, required=True)

    def target(
        self, node: Node, path: str, line: int, metrics: tuple[Metric, ...]
    ) -> Target | None:
        entry = self.fields.mapping(node, path, line)
        if entry is None:
            return None
        self.fields.check_keys(entry, path, TARGET_FIELDS)
        forms = [f for f in ("count", "sum", "direction") if f in entry.values]
        if len(forms) != 1 and forms != ["sum", "direction"]:
            self.problems.add(entry.line, path, MSG_TARGET_FORM)
            return None
        value: int | None = None
        for form in ("count", "sum"):
            if form in entry.values:
                value = self.fields.integer(entry.values[form], join_path(path, form), minimum=0)
        metric = self._target_metric(entry, path, metrics, needed="count" not in forms)
        direction = self._direction(entry, path)
        unit = self._target_unit(entry, path)
        scope = self.fields.text(entry, "per", path)
        label = self.fields.text(entry, "label", path)
        kind = TargetKind.COUNT if "count" in forms else TargetKind.SUM
        if kind is TargetKind.SUM and metric is None:
            return None
        return Target(kind, value, metric, scope, label, direction, unit)

    def _target_metric(
        self, entry: Map, path: str, metrics: tuple[Metric, ...], *, needed: bool
    ) -> str | None:
        metric = self.fields.text(entry, "metric", path)
        if metric is None:
            if needed:
                self.problems.add(entry.line, join_path(path, "metric"), MSG_TARGET_NEEDS_METRIC)
            return None
        if metric not in {m.key for m in metrics}:
            field = join_path(path, "metric")
            self.problems.add(entry.line_of("metric"), field, MSG_UNKNOWN_METRIC, value=metric)
            return None
        return metric

    def _direction(self, entry: Map, path: str) -> str | None:
        direction = self.fields.text(entry, "direction", path)
        if direction is not None and direction.lower() not in ("increase", "decrease"):
            field = join_path(path, "direction")
            self.problems.add(entry.line_of("direction"), field, MSG_BAD_DIRECTION)
            return None
        return direction.lower() if direction else None

    def _target_unit(self, entry: Map, path: str) -> str | None:
        unit = self.fields.text(entry, "unit", path)
        if unit is not None and unit.lower() != "percent":
            self.problems.add(entry.line_of("unit"), join_path(path, "unit"), MSG_BAD_TARGET_UNIT)
            return None
        return unit.lower() if unit else None
