"""What an administrator meets trying Ombud from a fresh clone, with the shipped examples.

Init in a new folder, the Norwegian example roster and plan, no chat platform: the tick a
cron job runs, status at the moment asked and a year later, digest preview by the unit key
a plan names, and a plan imported for a unit that has no board.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from bot.cli import app

ROOT = Path(__file__).resolve().parents[2]
ROSTER = ROOT / "examples" / "roster-nb.yaml"
PLAN = ROOT / "examples" / "plans" / "nb-avdeling-2025.yaml"
MOMENT = "2025-09-30T09:30"  # a reminder of the example plan is due that morning
A_YEAR_LATER = "2026-11-30T09:00"


def ombud(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new folder with `ombud init`, the example roster and plan: what the README says."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OMBUD_CONFIG", raising=False)
    for args in (
        ("init", "--language", "en"),
        ("people", "import", str(ROSTER)),
        ("plan", "import", str(PLAN)),
    ):
        result = ombud(*args)
        assert result.exit_code == 0, result.output
    return tmp_path


def roster() -> dict[str, list[dict[str, object]]]:
    data = yaml.safe_load(ROSTER.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def send_time() -> str:
    """The plan's send time, as status prints an English time ("08:30")."""
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    return str(data["plan"]["send_time"])


def count(label: str, text: str) -> int:
    found = re.search(rf"{label}: (\d+)", text)
    assert found is not None, text
    return int(found.group(1))


def test_a_tick_without_a_platform_fails_while_reminders_are_due(fresh: Path) -> None:
    result = ombud("tick", "--at", MOMENT)
    assert result.exit_code == 1, result.output
    assert "No chat platform is configured, so nothing could be sent." in result.stdout
    created = count("New check-ins", result.stdout)
    due = count("Check-ins due now", result.stderr)
    assert 0 < due <= created
    # The same tick again has the same reminders due and still cannot send them.
    again = ombud("tick", "--at", MOMENT)
    assert again.exit_code == 1, again.output
    assert count("Check-ins due now", again.stderr) == due


def test_status_tells_overdue_reminders_apart_from_the_next_ones(fresh: Path) -> None:
    assert ombud("tick", "--at", MOMENT).exit_code == 1
    result = ombud("status", "--at", "2025-09-30T09:31")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    overdue = next(line for line in lines if line.startswith("Overdue"))
    assert overdue.endswith(f"the oldest due Tuesday 30 September at {send_time()}.")
    nxt = next(line for line in lines if line.startswith("Next due:"))
    # What is next comes after the moment asked about: later that day or on a later day.
    assert "30 September" not in nxt or re.search(r"at (09:3[2-9]|09:[45]\d|1\d:|2\d:)", nxt)
    assert not any("catch_up_hours" in line for line in lines)  # an hour late is not stale


def test_a_year_later_status_gives_the_year_and_tick_marks_them_missed(fresh: Path) -> None:
    first = ombud("tick", "--at", MOMENT)
    created = count("New check-ins", first.stdout)
    status = ombud("status", "--at", A_YEAR_LATER)
    assert status.exit_code == 0, status.output
    lines = status.stdout.splitlines()
    overdue = next(line for line in lines if line.startswith("Overdue"))
    assert count(r"Overdue \(due and not sent yet\)", overdue) == created
    assert overdue.endswith(f"the oldest due 30 September 2025 at {send_time()}.")
    assert any("more than 12 hours late (catch_up_hours)" in line for line in lines)
    assert "Next due: nothing is scheduled." in lines

    tick = ombud("tick", "--at", A_YEAR_LATER)
    # Every reminder the first tick made was never sent and is now a year late: missed.
    assert count("Missed", tick.stdout) == created, tick.output
    assert tick.exit_code == 0, tick.output  # nothing is left due that a platform could send
    after = ombud("status", "--at", A_YEAR_LATER).stdout.splitlines()
    assert not any(line.startswith("Overdue") for line in after)


def test_status_counts_everyone_when_no_platform_is_configured(fresh: Path) -> None:
    people = roster()["people"]
    result = ombud("status")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"Unreachable people: {len(people)}." in lines
    assert any(line.startswith("  No chat platform is configured") for line in lines)


def test_status_names_the_people_not_linked_to_the_configured_platform(fresh: Path) -> None:
    people = sorted(str(p["id"]) for p in roster()["people"])
    result = ombud("status", env={"OMBUD_TELEGRAM__TOKEN": "123:not-used"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"Unreachable people: {len(people)}." in lines
    named = [
        f"  {key}: not linked to Telegram; ombud people invite {key} makes an invite"
        for key in people
    ]
    start = lines.index(f"Unreachable people: {len(people)}.") + 1
    assert lines[start : start + len(people)] == named


def test_digest_preview_takes_the_key_of_a_unit_with_one_board(fresh: Path) -> None:
    boards = roster()["boards"]
    board = next(b for b in boards if b["unit"] == "demo-avd-101")
    by_board = ombud("digest", "preview", str(board["id"]), "--week", "2025-W40")
    by_unit = ombud("digest", "preview", "demo-avd-101", "--week", "2025-W40")
    assert by_board.exit_code == 0, by_board.output
    assert by_unit.exit_code == 0, by_unit.output
    assert by_unit.stdout == by_board.stdout


def test_digest_preview_of_an_unknown_key_lists_the_boards(fresh: Path) -> None:
    result = ombud("digest", "preview", "klubb-kommune")  # a unit without a board
    assert result.exit_code == 2
    listed = ", ".join(f"{b['id']} ({b['unit']})" for b in roster()["boards"])
    assert result.stderr.splitlines() == [
        "There is no board or unit with the key klubb-kommune.",
        f"Boards (and their units): {listed}.",
    ]


PLAN_WITHOUT_OWNERS = """\
plan:
  id: klubb-2025
  title: Plan 2025
  period: 2025
  language: nb
areas:
  - id: A
    title: Verving
    items:
      - id: "1.1"
        title: Vervekampanje
        when: {by: 2025-10-01}
      - id: "1.2"
        title: Medlemsmøte
        when: {by: 2025-11-01}
"""


def test_a_plan_for_a_unit_without_a_board_gets_one_problem_at_the_unit(fresh: Path) -> None:
    unit = "klubb-kommune"
    assert unit in {str(u["id"]) for u in roster()["units"]}
    assert unit not in {str(b["unit"]) for b in roster()["boards"]}
    (fresh / "plan.yaml").write_text(PLAN_WITHOUT_OWNERS, encoding="utf-8")
    result = ombud("plan", "import", "plan.yaml", "--unit", unit)
    assert result.exit_code == 2
    problems = result.stderr.splitlines()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"plan.yaml: --unit: The unit “{unit}” has no board")
    assert "owners" not in problems[0].split(":")[1]

    # Named in the file, the problem stands at plan.unit.
    in_file = PLAN_WITHOUT_OWNERS.replace("  period:", f"  unit: {unit}\n  period:")
    (fresh / "plan.yaml").write_text(in_file, encoding="utf-8")
    result = ombud("plan", "import", "plan.yaml")
    assert result.exit_code == 2
    problems = result.stderr.splitlines()
    assert len(problems) == 1, problems
    assert problems[0].startswith("plan.yaml: plan.unit: "), problems


def test_an_owner_that_names_a_board_less_unit_is_still_told_at_its_line(fresh: Path) -> None:
    named = PLAN_WITHOUT_OWNERS.replace(
        "        when: {by: 2025-10-01}\n",
        "        when: {by: 2025-10-01}\n        owners:\n          - board: klubb-kommune\n",
    )
    (fresh / "plan.yaml").write_text(named, encoding="utf-8")
    line = named.splitlines().index("          - board: klubb-kommune") + 1
    result = ombud("plan", "import", "plan.yaml", "--unit", "demo-avd-101")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"plan.yaml:{line}: 1.1.owners: The unit “klubb-kommune” has no board in the roster."
    ]
