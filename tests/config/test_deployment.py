"""The shipped systemd unit, Dockerfile and compose file hold together with the code."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import typer
import yaml

from bot.cli import app
from bot.commands.common import EXIT_UNAVAILABLE, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "ombud.service"
INSTALLED_OMBUD = "/opt/ombud/venv/bin/ombud"


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    found: list[tuple[str, str]] = []
    pending = ""
    for raw in dockerfile.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        word, _, rest = line.partition(" ")
        found.append((word.upper(), rest.strip()))
    return found


def is_ombud_command(words: list[str]) -> bool:
    """Whether `ombud WORDS...` names a real command (a group and its sub-command)."""
    command = typer.main.get_command(app)
    for word in words:
        children = getattr(command, "commands", None)
        if children is None or word not in children:
            return False
        command = children[word]
    return getattr(command, "commands", None) is None


def json_list(text: str) -> list[str]:
    value = yaml.safe_load(text)  # an exec-form list is valid YAML flow syntax
    assert isinstance(value, list)
    return [str(v) for v in value]


def test_every_copy_source_exists_and_the_entrypoint_is_a_command() -> None:
    steps = instructions(ROOT / "Dockerfile")
    copies = [args for word, args in steps if word == "COPY" and "--from=" not in args]
    assert copies
    for args in copies:
        *sources, _target = shlex.split(args)
        for source in sources:
            assert (ROOT / source).exists(), source
    entry = json_list(next(a for w, a in steps if w == "ENTRYPOINT"))
    command = json_list(next(a for w, a in steps if w == "CMD"))
    assert entry == ["ombud"]
    assert is_ombud_command(command), command
    users = [args for word, args in steps if word == "USER"]
    assert users
    assert users[-1].split(":")[0] not in ("0", "root")  # never runs as root


def test_the_image_context_keeps_local_data_and_secrets_out() -> None:
    text = (ROOT / ".dockerignore").read_text(encoding="utf-8")
    ignored = [line.strip() for line in text.splitlines() if line.strip()[:1] not in ("", "#")]
    for pattern in ("*.db", "*.db-wal", "ombud.toml", "*.env", "secrets", ".venv", ".git"):
        assert pattern in ignored
    steps = instructions(ROOT / "Dockerfile")
    copied = {shlex.split(a)[0] for w, a in steps if w == "COPY" and "--from=" not in a}
    assert not copied & set(ignored)  # nothing the image needs is ignored


def test_compose_upgrades_the_schema_before_the_service_starts() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert is_ombud_command(services["migrate"]["command"])
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert is_ombud_command(services["ombud"]["command"])
    assert services["ombud"]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }
    assert services["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}
    for name in ("migrate", "ombud"):
        environment = services[name]["environment"]
        assert all(not key.endswith(("TOKEN", "SECRET", "DATABASE_URL")) for key in environment)
        for key, value in environment.items():
            if key.endswith("_FILE"):
                secret = value.removeprefix("/run/secrets/")
                assert secret in services[name]["secrets"]
                assert secret in compose["secrets"]


def test_the_unit_runs_real_commands_as_its_own_user() -> None:
    text = UNIT.read_text(encoding="utf-8")
    lines = dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#")
    )
    for key in ("ExecStart", "ExecStartPre"):
        program, *words = shlex.split(lines[key])
        assert program == INSTALLED_OMBUD
        assert is_ombud_command(words)
    assert lines["User"] == "ombud"
    assert lines["Restart"] == "on-failure"
    assert lines["EnvironmentFile"].startswith("/etc/ombud/")
    assert lines["UMask"] == "0077"
    assert lines["ProtectSystem"] == "strict"
    assert "NoNewPrivileges=yes" in text


def test_the_unit_does_not_restart_on_a_problem_only_an_administrator_can_fix() -> None:
    """Settings problems end `ombud run` with exit 2: restarting every 10 s would never help.

    A database that cannot be reached (exit 3) may come back, so that one is restarted.
    """
    lines = dict(
        line.split("=", 1)
        for line in UNIT.read_text(encoding="utf-8").splitlines()
        if "=" in line and not line.startswith("#")
    )
    prevented = set(lines["RestartPreventExitStatus"].split())
    assert prevented == {"2"}
    assert (EXIT_USAGE, EXIT_UNAVAILABLE) == (2, 3)
    assert "RestartPreventExitStatus" in (ROOT / "docs" / "install.md").read_text(encoding="utf-8")


def verify(unit_text: str) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    assert analyze is not None
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "ombud.service"
        copy.write_text(unit_text, encoding="utf-8")
        return subprocess.run(
            [analyze, "verify", "--man=no", str(copy)],
            check=False,
            capture_output=True,
            text=True,
            cwd=folder,
        )


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)
def test_systemd_analyze_verifies_the_unit() -> None:
    ombud = str(Path(sys.executable).parent / "ombud")
    if not Path(ombud).is_file():
        pytest.skip("no installed ombud to stand in for the unit's ExecStart")
    # verify checks that ExecStart exists; the test environment's ombud stands in for it.
    text = UNIT.read_text(encoding="utf-8").replace(INSTALLED_OMBUD, ombud)
    text = text.replace("EnvironmentFile=/", "EnvironmentFile=-/")
    result = verify(text)
    assert (result.returncode, result.stderr.strip()) == (0, "")
    broken = verify(text.replace("Restart=on-failure", "Restart=on-failure\nRestrt=always"))
    assert "Restrt" in broken.stderr  # the tool does read what we give it


def container_engine() -> str | None:
    docker = shutil.which("docker")
    if docker is None:
        return None
    reachable = subprocess.run([docker, "info"], check=False, capture_output=True).returncode == 0
    return docker if reachable else None


@pytest.mark.skipif(
    container_engine() is None, reason="no container engine reachable: docker info failed"
)
def test_the_image_builds_and_runs_the_demo() -> None:
    docker = container_engine()
    assert docker is not None
    subprocess.run([docker, "build", "-t", "ombud-test", str(ROOT)], check=True)
    result = subprocess.run(
        [docker, "run", "--rm", "ombud-test", "demo", "--lang", "sv"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Ombud" in result.stdout
