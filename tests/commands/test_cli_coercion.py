"""Option values checked without typer's pydantic adapters come out as typer makes them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import pytest
import typer

from bot import cli_coercion

Outcome = tuple[str, Any]


def probe_app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def show(  # noqa: PLR0917 - one option of each kind, as typer passes them
        name: Annotated[str, typer.Argument()],
        label: Annotated[str | None, typer.Option("--label")] = None,
        where: Annotated[Path | None, typer.Option("--where", envvar="PROBE_WHERE")] = None,
        existing: Annotated[Path | None, typer.Option("--existing", exists=True)] = None,
        a_file: Annotated[
            Path | None, typer.Option("--file", exists=True, dir_okay=False, readable=True)
        ] = None,
        a_dir: Annotated[Path | None, typer.Option("--dir", file_okay=False)] = None,
        resolved: Annotated[Path | None, typer.Option("--resolved", resolve_path=True)] = None,
        dash: Annotated[Path | None, typer.Option("--dash", allow_dash=True)] = None,
        count: Annotated[int | None, typer.Option("--count", min=1)] = None,
        tags: Annotated[list[str] | None, typer.Option("--tag")] = None,
        flag: Annotated[bool, typer.Option("--flag")] = False,
    ) -> dict[str, Any]:
        return dict(locals())

    @app.command()
    def other() -> None:
        pass

    return app


def outcome(args: list[str], light: bool) -> Outcome:
    command = typer.main.get_command(probe_app())
    if light:
        cli_coercion.install(command)
    try:
        values = command.main(args, standalone_mode=False)
    except typer._click.ClickException as exc:
        return type(exc).__name__, exc.format_message()
    if not isinstance(values, dict):
        return "no values", values
    return "ok", {name: (type(value), value) for name, value in values.items()}


@pytest.mark.parametrize(
    "args",
    [
        ["show", "x"],
        ["show", "åäö \udcff", "--label", ""],
        ["show", "x", "--label", "a b"],
        ["show", "x", "--where", "a/./b//"],
        ["show", "x", "--where", ""],
        ["show", "x", "--where", "-"],
        ["show", "x", "--existing", "{here}"],
        ["show", "x", "--existing", "{here}/absent"],
        ["show", "x", "--file", "{here}"],
        ["show", "x", "--file", "{here}/f.txt"],
        ["show", "x", "--dir", "{here}/f.txt"],
        ["show", "x", "--dir", "{here}"],
        ["show", "x", "--resolved", "{here}/./sub/../f.txt"],
        ["show", "x", "--dash", "-"],
        ["show", "x", "--count", "3"],
        ["show", "x", "--count", "0"],
        ["show", "x", "--count", "many"],
        ["show", "x", "--tag", "a", "--tag", "b"],
        ["show", "x", "--flag"],
        ["show", "x", "--where", "a\x00b"],
        ["show", "--help"],
    ],
)
def test_each_value_and_error_is_typers_own(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    args = [arg.replace("{here}", str(tmp_path)) for arg in args]
    assert outcome(args, light=True) == outcome(args, light=False)


def test_a_path_from_the_environment_is_typers_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROBE_WHERE", str(tmp_path / "x"))
    light = outcome(["show", "x"], light=True)
    assert light == outcome(["show", "x"], light=False)
    assert light[1]["where"] == (type(tmp_path), tmp_path / "x")


def test_plain_values_build_no_adapter() -> None:
    command = typer.main.get_command(probe_app())
    cli_coercion.install(command)
    command.main(["show", "x", "--label", "y", "--where", os.curdir], standalone_mode=False)
    show = command.commands["show"]  # type: ignore[attr-defined]
    built = {
        param.name: type(param._runtime_param).__name__
        for param in show.params
        if isinstance(param, typer.core._TyperParameter)
    }
    assert set(built.values()) == {"LightRuntimeParam"}
