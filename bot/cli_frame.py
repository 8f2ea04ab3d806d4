"""The command line's frame in the administrator's language: typer's and click's own texts.

Typer bundles its own click whose messages are plain English f-strings, and its rich help
reads panel titles and markers from module constants. So the frame is translated in three
places: the rich_utils constants (set when typer loads that module, only for help or an
error), the usage line and type names (small wrappers around typer's methods), and the usage
errors, whose English text is matched against the patterns below and rewritten before typer
prints them. The CLI is one process with one language, so
the translator in use is held here once, set by `install`.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import typer.core
from typer import _click

from bot.core.i18n import N_, Translator

# Markers and panel titles of typer's rich help: rich_utils constant -> msgid.
RICH_CONSTANTS: dict[str, str] = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
}
USAGE_PREFIX = N_("Usage: ")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
TRY_HELP = N_("Try '{command} {option}' for help.")

# Type names typer shows in angle brackets, and argument names shown in usage lines.
TYPE_WORDS: dict[str, str] = {
    "bool": N_("yes/no"),
    "str": N_("text"),
    "int": N_("whole number"),
    "float": N_("number"),
    "path": N_("path"),
    "Path": N_("path"),
    "datetime": N_("date and time"),
    "list": N_("list"),
}
ARGUMENT_WORDS: dict[str, str] = {
    "file": N_("FILE"),
    "key": N_("ID"),
    "plan": N_("PLAN"),
    "board": N_("BOARD"),
    "person": N_("PERSON"),
}


class _Pattern:
    """A regular expression compiled when it is first matched: the patterns below are for
    usage errors only, and compiling them all costs every command line about 10 ms."""

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags

    def match(self, text: str) -> re.Match[str] | None:
        return re.match(self.source, text, self.flags)  # re keeps what it compiled


# Click's and typer's usage errors: English pattern -> msgid with the same named groups.
ERRORS: tuple[tuple[_Pattern, str], ...] = (
    (
        _Pattern(r"Missing argument (?P<name>.+?)\. Choose from:(?P<choices>.+)$", re.S),
        N_("Missing argument {name}. Choose one of: {choices}"),
    ),
    (
        _Pattern(r"Missing option (?P<name>.+?)\. Choose from:(?P<choices>.+)$", re.S),
        N_("Missing option {name}. Choose one of: {choices}"),
    ),
    (_Pattern(r"Missing argument (?P<name>.+)\.$", re.S), N_("Missing argument {name}.")),
    (_Pattern(r"Missing option (?P<name>.+)\.$", re.S), N_("Missing option {name}.")),
    (_Pattern(r"Missing parameter: (?P<name>.+)$", re.S), N_("Missing argument {name}.")),
    (_Pattern(r"No such command '(?P<name>.*)'\.$", re.S), N_("No such command “{name}”.")),
    (
        _Pattern(r"No such command '(?P<name>.*)'\. Did you mean (?P<hint>.+)\?$", re.S),
        N_("No such command “{name}”. Did you mean {hint}?"),
    ),
    (_Pattern(r"Missing command\.$"), N_("Missing command.")),
    (
        _Pattern(r"No such option: (?P<name>\S+) \(Possible options: (?P<hint>.+)\)$", re.S),
        N_("No such option: {name}. Did you mean {hint}?"),
    ),
    (_Pattern(r"No such option: (?P<name>\S+)$", re.S), N_("No such option: {name}")),
    (
        _Pattern(r"Option '(?P<name>.+)' requires an argument\.$", re.S),
        N_("Option {name} needs a value."),
    ),
    (
        _Pattern(r"Option '(?P<name>.+)' requires \d+ arguments\.$", re.S),
        N_("Option {name} needs more values."),
    ),
    (
        _Pattern(r"Option '(?P<name>.+)' does not take a value\.$", re.S),
        N_("Option {name} takes no value."),
    ),
    (
        _Pattern(r"Got unexpected extra arguments? \((?P<name>.*)\)$", re.S),
        N_("Unexpected extra argument: {name}"),
    ),
    (
        # An option with an envvar: the name holds a colon of its own.
        _Pattern(
            r"Invalid value for (?P<name>.+?) \(env var: (?P<variable>'[^']*')\): (?P<reason>.+)$",
            re.S,
        ),
        N_("Invalid value for {name} (environment variable {variable}): {reason}"),
    ),
    (
        _Pattern(r"Invalid value for (?P<name>.+?): (?P<reason>.+)$", re.S),
        N_("Invalid value for {name}: {reason}"),
    ),
    (_Pattern(r"Invalid value: (?P<reason>.+)$", re.S), N_("Invalid value: {reason}")),
)
# The reasons inside "Invalid value for …", from typer's parameter types.
REASONS: tuple[tuple[_Pattern, str], ...] = (
    (
        _Pattern(r"\w+ (?P<value>'.*') does not exist\.$", re.S),
        N_("{value} does not exist."),
    ),
    (_Pattern(r"\w+ (?P<value>'.*') is a directory\.$", re.S), N_("{value} is a folder.")),
    (
        _Pattern(r"\w+ (?P<value>'.*') is not readable\.$", re.S),
        N_("{value} cannot be read."),
    ),
    (
        _Pattern(r"Value (?P<value>'.*') is not a valid (?P<kind>\w+)\.$", re.S),
        N_("{value} is not valid here."),
    ),
    (
        _Pattern(r"(?P<value>'.*') is not one of (?P<choices>.+)\.$", re.S),
        N_("{value} is not one of {choices}."),
    ),
    (_Pattern(r"Input should be .+$", re.S), N_("the value does not fit here.")),
)


class _Frame:
    """The translator the frame speaks with; English until `install` is called."""

    tr: Translator | None = None


def _text(msgid: str) -> str:
    return _Frame.tr.gettext(msgid) if _Frame.tr else msgid


def _rewrite(text: str, table: tuple[tuple[_Pattern, str], ...]) -> str | None:
    for pattern, msgid in table:
        match = pattern.match(text)
        if match:
            groups = {k: v for k, v in match.groupdict().items() if k != "kind" and v is not None}
            if "choices" in groups:
                groups["choices"] = " ".join(groups["choices"].split())
            if "reason" in groups:
                reason = groups["reason"].removeprefix("Value error, ")  # pydantic's prefix
                groups["reason"] = _rewrite(reason, REASONS) or reason
            return _text(msgid).format(**groups)
    return None


def translate_error(message: str) -> str:
    """A usage error's English text in the frame's language (unknown texts stay as they are)."""
    return _rewrite(message, ERRORS) or message


def translate_type(label: str) -> str:
    """'<path>' -> '<sökväg>'; the words of choices are no type names and stay as they are."""
    return re.sub(r"\b\w+\b", lambda m: _text(TYPE_WORDS.get(m.group(0), m.group(0))), label)


def _format_error(original: Callable[[_click.ClickException], None]) -> Callable[..., None]:
    def format_error(error: _click.ClickException) -> None:
        english = error.format_message()
        translated = translate_error(english)
        error.format_message = lambda: translated  # type: ignore[method-assign]
        original(error)

    return format_error


def _write_usage(original: Callable[..., None]) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, _text(USAGE_PREFIX) if prefix is None else prefix)

    return write_usage


def _display_type(original: Callable[..., str]) -> Callable[..., str]:
    def display_type(self: Any, ctx: _click.Context) -> str:
        if getattr(self, "is_flag", False):
            return ""  # a flag takes no value: "--force", not "--force <yes/no>"
        return translate_type(original(self, ctx))

    return display_type


def _patch_once() -> None:
    formatter = _click.formatting.HelpFormatter
    if getattr(formatter, "_ombud_frame", False):
        return
    formatter.write_usage = _write_usage(formatter.write_usage)  # type: ignore[method-assign]
    parameter = typer.core._TyperParameter
    parameter.display_type = _display_type(parameter.display_type)  # type: ignore[method-assign]
    formatter._ombud_frame = True  # type: ignore[attr-defined]


RICH_UTILS = "typer.rich_utils"


def _frame_rich_utils(module: ModuleType) -> None:
    """Translate typer's rich help and errors: its markers, titles and error panel."""
    tr = _Frame.tr
    if tr is None:
        return
    if not getattr(module, "_ombud_frame", False):
        original = getattr(module, "rich_format_error")  # noqa: B009
        setattr(module, "rich_format_error", _format_error(original))  # noqa: B010
        setattr(module, "_ombud_frame", True)  # noqa: B010
    for name, msgid in RICH_CONSTANTS.items():
        setattr(module, name, tr.gettext(msgid))
    try_help = tr.gettext(TRY_HELP).replace("{command}", "{command_path}")
    setattr(module, "RICH_HELP", try_help.replace("{option}", "{help_option}"))  # noqa: B010


# What typer's rich help module imports but uses only for help written in Markdown (the
# commands' help is plain text) and for pretty tracebacks (turned off): with what they pull
# in (markdown-it, pygments, attrs), more than the rest of the help costs to load.
DEFERRED_CLASSES = (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))


class _Deferred(type):
    """A stand-in class: calling it or reading an attribute loads the real one first."""

    _source: tuple[str, str]

    def _real(cls) -> Any:
        module, name = cls._source
        return getattr(importlib.import_module(module), name)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls._real(), name)


@contextmanager
def _deferred_classes() -> Iterator[None]:
    """While typer's rich help module loads, its imports of DEFERRED_CLASSES get stand-ins.

    The stand-in modules are in sys.modules only meanwhile: any later import of those modules
    loads the real ones, and so does a stand-in class the first time it is used.
    """
    placed: dict[str, ModuleType] = {}
    for module_name, class_name in DEFERRED_CLASSES:
        if module_name in sys.modules:
            continue
        stand_in = ModuleType(module_name)
        deferred = _Deferred(class_name, (), {"_source": (module_name, class_name)})
        setattr(stand_in, class_name, deferred)
        placed[module_name] = sys.modules[module_name] = stand_in
    try:
        yield
    finally:
        for module_name, stand_in in placed.items():
            if sys.modules.get(module_name) is stand_in:
                del sys.modules[module_name]


class _RichUtilsFinder(importlib.abc.MetaPathFinder):
    """Typer loads its rich help module only to print help or an error (it costs about a
    tenth of a second at start); the frame is applied when it loads, not before, and the
    classes it would load only for Markdown help and pretty tracebacks are deferred."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != RICH_UTILS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            with _deferred_classes():
                execute(module)
            _frame_rich_utils(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


_FINDER = _RichUtilsFinder()


def translate_command(command: _click.Command, tr: Translator) -> None:
    """The usage metavars and argument names of a command tree, in place."""
    if command.options_metavar:
        command.options_metavar = tr.gettext(OPTIONS_METAVAR)
    if isinstance(command, typer.core.TyperGroup):
        command.subcommand_metavar = tr.gettext(SUBCOMMAND_METAVAR)
    for param in command.params:
        if isinstance(param, typer.core.TyperArgument) and param.metavar is None:
            word = ARGUMENT_WORDS.get(param.name or "")
            if word:
                param.metavar = tr.gettext(word)
    for child in getattr(command, "commands", {}).values():
        translate_command(child, tr)


def install(command: _click.Command, tr: Translator) -> None:
    """Make typer's and click's frame speak `tr`'s language for this process."""
    _patch_once()
    _Frame.tr = tr
    loaded = sys.modules.get(RICH_UTILS)
    if loaded is not None:
        _frame_rich_utils(loaded)
    elif _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
    translate_command(command, tr)
