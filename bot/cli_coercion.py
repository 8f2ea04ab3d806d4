"""Option values checked as typer checks them, without building a pydantic adapter for each.

Typer checks every option's value with a pydantic TypeAdapter, built the first time the
option is processed, even when the option was not given (its value then is None and the
adapter is not used). Building them loads pydantic and costs an idle `ombud tick` about a
tenth of a second. Here each typer parameter of the command tree gets a stand-in that:

- returns what typer returns for a missing value (None, or () for a repeated option)
  without building anything;
- returns a plain `str` value as it is, which is what typer's adapter for a `str`
  parameter returns for it;
- checks a `str` value of a plain `Path` parameter with typer's own path checks and makes
  the `Path` that typer's adapter makes from it;
- hands everything else (other types, values of other types, any error) to the adapter typer
  builds, so the result and every message are typer's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer.core
from typer import _click
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path


@dataclass(frozen=True)
class LightRuntimeParam(RuntimeParam):
    """Typer's runtime coercion, with typer's own adapter built only when it is needed."""

    descriptor: TypeDescriptor

    def _coerce_value(
        self, value: Any, param: typer.core._TyperParameter, ctx: _click.Context
    ) -> Any:
        if self._plain_str(value):
            return value
        if self._plain_path(value):
            try:
                checked = coerce_cli_path(
                    value, self.parameter_info, path_type=None, param=param, ctx=ctx
                )
            except Exception:  # typer's own path below says what was wrong, in its words
                checked = None
            if isinstance(checked, str):
                return Path(checked)
        full = build_runtime_param(self.descriptor)
        param._runtime_param = full
        return full._coerce_value(value, param=param, ctx=ctx)

    def _plain_str(self, value: Any) -> bool:
        """A str value of a str parameter: typer's adapter returns `str(value)`, the same str."""
        return (
            type(value) is str
            and self.annotation is str
            and self.parameter_info.parser is None
            and self.descriptor.file_annotation is None
        )

    def _plain_path(self, value: Any) -> bool:
        """A str value of a `Path` parameter with no path type of its own and no dash.

        Typer's adapter makes `Path(value)` and checks it; the same checks on the str give the
        same answers (os.stat, os.access and realpath take either), and `Path` of what they
        return is what typer returns. A dash is left to typer: it tells "-" from Path("-").
        """
        info = self.parameter_info
        return (
            type(value) is str
            and self.annotation is Path
            and info.parser is None
            and info.path_type is None
            and not info.allow_dash
            and self.descriptor.file_annotation is None
        )


def install(command: _click.Command) -> None:
    """Give every typer parameter of the command tree the light stand-in, in place.

    The help options too, which click makes when first asked (translate_help asked already).
    """
    help_option = command.get_help_option(_click.Context(command))
    for param in [*command.params, *([help_option] if help_option else [])]:
        if isinstance(param, typer.core._TyperParameter) and param._runtime_param is None:
            descriptor = param.type_descriptor
            param._runtime_param = LightRuntimeParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                descriptor=descriptor,
            )
    for child in getattr(command, "commands", {}).values():
        install(child)
