"""YAML read into a small tree that remembers the line of every key and value."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from bot.core.i18n import N_
from bot.planfile.problems import Problems

MAX_NODES = 50_000  # a plan has hundreds of values; aliases must not blow this up

MSG_SYNTAX = N_("The file is not valid YAML: {reason}")
MSG_TOO_BIG = N_("The file is too large or nests too deeply to be a plan or roster.")
MSG_DUPLICATE_KEY = N_("This field is written twice.")
MSG_KEY_NOT_TEXT = N_("A field name must be plain text.")


@dataclass
class Scalar:
    """A single value as written: its text, whether it was quoted, and its YAML type."""

    text: str
    line: int
    quoted: bool
    tag: str

    @property
    def is_null(self) -> bool:
        return self.tag.endswith(":null")


@dataclass
class Seq:
    items: list[Node]
    line: int


@dataclass
class Map:
    """A mapping: values by key, and the line each key stands on."""

    values: dict[str, Node]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> Node | None:
        return self.values.get(key)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


Node = Scalar | Seq | Map


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Builder:
    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.count = 0

    def build(self, node: yaml.Node, depth: int = 0) -> Node:
        self.count += 1
        if self.count > MAX_NODES or depth > 50:
            raise _TooBigError(_line(node))
        if isinstance(node, yaml.MappingNode):
            return self._map(node, depth)
        if isinstance(node, yaml.SequenceNode):
            return Seq([self.build(child, depth + 1) for child in node.value], _line(node))
        assert isinstance(node, yaml.ScalarNode)
        return Scalar(str(node.value), _line(node), node.style in ("'", '"'), str(node.tag))

    def _map(self, node: yaml.MappingNode, depth: int) -> Map:
        result = Map({}, _line(node))
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(_line(key_node), None, MSG_KEY_NOT_TEXT)
                continue
            key = str(key_node.value)
            if key in result.values:
                self.problems.add(_line(key_node), key, MSG_DUPLICATE_KEY)
                continue
            result.values[key] = self.build(value_node, depth + 1)
            result.key_lines[key] = _line(key_node)
        return result


class _TooBigError(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def read_tree(text: str, problems: Problems) -> Node | None:
    """The document's tree, or None with the problem recorded when it cannot be read."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        reason = exc.problem or exc.context or ""
        problems.add(line, None, MSG_SYNTAX, reason=reason)
        return None
    except yaml.YAMLError as exc:
        problems.add(None, None, MSG_SYNTAX, reason=type(exc).__name__)
        return None
    if root is None:
        return None
    try:
        return _Builder(problems).build(root)
    except _TooBigError as exc:
        problems.add(exc.line, None, MSG_TOO_BIG)
        return None
