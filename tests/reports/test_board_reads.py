"""What a board reads after trying Ombud from the README, played as a newcomer plays it.

The union's roster and 2025 plan are the shipped examples; a 2027 plan of the same unit is
imported after them; `ombud tick` runs with no chat platform, so its requests are never sent;
four stewards answer in `ombud chat`. Every expectation below is counted from the example
files and from the answers this test gives, never read back from Ombud's database.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from bot.cli import app
from storage.engine import Database
from storage.migrate import upgrade

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ROSTER = EXAMPLES / "roster-nb.yaml"
PLAN_2025 = EXAMPLES / "plans" / "nb-avdeling-2025.yaml"
BOARD = "styret-avd-101"
TARGET_2027 = "Vi skal verve minst 25 nye medlemmer i løpet av året"

# B4 (september's campaign) is owned by the six stewards below avdeling 101.
B4_YES = {"siri": 5, "nora": 3, "erik": 2}  # answered Yes with new members
B4_NOT_RELEVANT = "ahmed"  # answered "Ikke aktuelt"
B4_SILENT = ("magnus", "line")  # never answered: their request was never sent
SHARE = 62  # Siri's share for C2, a target of 80 %


def ombud(config: Path, *args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(app, ["--config", str(config), *args], input=stdin)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stdout


def plan_2027(tmp_path: Path) -> Path:
    """The newcomer's own plan for 2027: the same unit, one target of its own."""
    plan = {
        "plan": {
            "id": "nb-avd-101-2027",
            "title": "Handlingsplan 2027 – avdeling 101",
            "unit": "demo-avd-101",
            "period": 2027,
            "language": "nb",
        },
        "areas": [
            {
                "id": "V",
                "title": "Verving 2027",
                "items": [
                    {
                        "id": "V1",
                        "title": TARGET_2027,
                        "when": {"every": "quarterly", "day": 20},
                        "owners": [{"board": "demo-avd-101"}],
                        "ask": {"metrics": [{"id": "new_members", "label": "Nye medlemmer"}]},
                        "target": {"sum": 25, "metric": "new_members"},
                    }
                ],
            }
        ],
    }
    path = tmp_path / "plan-2027.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def newcomer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("newcomer")
    db = Database(f"sqlite:///{tmp_path / 'ombud.db'}")
    upgrade(db)
    db.dispose()
    config = tmp_path / "ombud.toml"
    config.write_text('database_url = "sqlite:///ombud.db"\nlanguage = "nb"\n', encoding="utf-8")
    ombud(config, "people", "import", str(ROSTER))
    ombud(config, "plan", "import", str(PLAN_2025))
    ombud(config, "plan", "import", str(plan_2027(tmp_path)))
    ombud(
        config,
        "chat",
        "--as",
        "siri",
        "--at",
        "2025-07-01T10:00",
        stdin=f"rapport C2\n1\n{SHARE}\n1\n",
    )
    # The September campaign's requests fall due on 30 September; no platform sends them.
    ombud(config, "tick", "--at", "2025-09-29T09:00")
    for person, members in B4_YES.items():
        ombud(
            config, "chat", "--as", person, "--at", "2025-10-01T10:00",
            stdin=f"rapport B4\n1\n{members}\n1\n",
        )  # fmt: skip
    ombud(
        config, "chat", "--as", B4_NOT_RELEVANT, "--at", "2025-10-02T10:00", stdin="rapport B4\n4\n"
    )
    return config


def example_names() -> dict[str, str]:
    roster = yaml.safe_load(ROSTER.read_text(encoding="utf-8"))
    return {p["id"]: p["name"] for p in roster["people"]}


def example_targets() -> dict[str, dict[str, object]]:
    """Item code -> (title, target) of every item of the 2025 plan with a target."""
    plan = yaml.safe_load(PLAN_2025.read_text(encoding="utf-8"))
    return {
        item["id"]: item for area in plan["areas"] for item in area["items"] if "target" in item
    }


def section(text: str, title: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(title) + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        out.append(line.strip())
    return out


def test_a_2025_week_shows_no_target_of_the_2027_plan(newcomer: Path) -> None:
    digest = ombud(newcomer, "digest", "preview", BOARD, "--week", "2025-W40")
    targets = section(digest, "Mål")
    assert not [line for line in targets if TARGET_2027 in line]
    labels = [line.split(":")[0] for line in targets]
    assert sorted(labels) == sorted(str(item["title"]) for item in example_targets().values())


def test_a_2027_week_shows_no_target_of_the_2025_plan(newcomer: Path) -> None:
    digest = ombud(newcomer, "digest", "preview", BOARD, "--week", "2027-W10")
    assert not any(str(i["title"]) in digest for i in example_targets().values())


def test_the_year_end_report_of_2025_has_no_2027_target(newcomer: Path) -> None:
    report = ombud(newcomer, "annual-report", "nb-avd-101-2025", "--format", "md")
    assert TARGET_2027 not in report


def test_not_relevant_is_a_report_the_digest_counts(newcomer: Path) -> None:
    digest = ombud(newcomer, "digest", "preview", BOARD, "--week", "2025-W40")
    reports = len(B4_YES) + 1  # every answer of the week, "Ikke aktuelt" included
    assert f"{reports} rapporter fra 29. september 2025 til 5. oktober 2025." in digest
    area = section(digest, "Organisasjonsbygging og verving")[0]
    assert area.startswith(f"Gjennomført: {len(B4_YES)} · Ikke gjennomført: 0 · Ikke aktuelt: 1 · ")


def test_digest_and_year_end_report_give_b4_the_same_figures(newcomer: Path) -> None:
    report = ombud(newcomer, "annual-report", "nb-avd-101-2025", "--format", "md")
    lines = report.splitlines()
    b4 = lines[lines.index("### B4 Vervekampanje i september") + 2]
    assert b4 == (
        f"Gjennomført: {len(B4_YES)} · Ikke gjennomført: 0 · Ikke aktuelt: 1 · Ikke svart: 0"
        f" · Aldri sendt: {len(B4_SILENT)}"
    )
    assert f"Nye medlemmer: {sum(B4_YES.values())}" in lines


def test_requests_never_sent_are_not_read_as_everyone_answered(newcomer: Path) -> None:
    digest = ombud(newcomer, "digest", "preview", BOARD, "--week", "2025-W40")
    area = section(digest, "Organisasjonsbygging og verving")[0]
    never_sent = re.search(r"Aldri sendt: (\d+)$", area)
    assert never_sent is not None
    assert int(never_sent.group(1)) >= len(B4_SILENT)
    names = example_names()
    listed = section(digest, "Aldri sendt")
    for key in B4_SILENT:
        assert any(line.startswith(f"{names[key]}: ") for line in listed)
    answered = [names[k] for k in (*B4_YES, B4_NOT_RELEVANT)]
    assert not any(line.startswith(f"{name}: ") for name in answered for line in listed)
    assert (
        listed[-1]
        == "Spørsmålene skulle vært sendt, men ingen chat leverte dem: ingen er blitt spurt."
    )


def test_the_percentage_target_reads_as_a_percentage_everywhere(newcomer: Path) -> None:
    c2 = example_targets()["C2"]
    goal = c2["target"]["sum"]  # type: ignore[index]
    digest = ombud(newcomer, "digest", "preview", BOARD, "--week", "2025-W40")
    assert f"{c2['title']}: {SHARE}\u202f% av {goal}\u202f%" in section(digest, "Mål")
    report = ombud(newcomer, "annual-report", "nb-avd-101-2025", "--format", "md")
    assert f"| {c2['title']} | {goal}\u202f% | {SHARE}\u202f% | Nei |" in report.splitlines()


def test_the_markdown_report_escapes_nothing_a_reader_would_see(newcomer: Path) -> None:
    report = ombud(newcomer, "annual-report", "nb-avd-101-2025", "--format", "md")
    assert "Avdeling 101, 1. januar 2025 – 31. desember 2025" in report.splitlines()
    assert "\\" not in report  # no text here needs an escape
    plan = yaml.safe_load(PLAN_2025.read_text(encoding="utf-8"))
    headings = [f"### {i['id']} {i['title']}" for a in plan["areas"] for i in a["items"]]
    assert [line for line in report.splitlines() if line.startswith("### ")] == headings


def test_an_item_never_asked_is_not_reported_as_no_answer_zero(newcomer: Path) -> None:
    """Each silent item is either asked and unanswered (a figure says how) or never asked."""
    lines = ombud(newcomer, "annual-report", "nb-avd-101-2025", "--format", "md").splitlines()
    status = {
        line.split(" ")[1]: lines[n + 2] for n, line in enumerate(lines) if line.startswith("### ")
    }

    def listed_under(title: str) -> list[str]:
        if title not in lines:
            return []
        after = lines[lines.index(title) + 1 :]
        end = next((n for n, line in enumerate(after) if line.startswith("## ")), len(after))
        return [line.split(" ")[0] for line in after[:end] if line]

    never = listed_under("## Ikke spurt")
    silent = listed_under("## Ikke rapportert")
    assert "A1" in never  # A1's window (February to May) closed before the first tick
    assert all(status[code] == "Ikke spurt." for code in never)
    for code in silent:
        figures = dict(re.findall(r"(Ikke svart|Aldri sendt): (\d+)", status[code]))
        assert int(figures.get("Ikke svart", 0)) + int(figures.get("Aldri sendt", 0)) > 0
    zeros = "Gjennomført: 0 · Ikke gjennomført: 0 · Ikke aktuelt: 0 · Ikke svart: 0"
    assert zeros not in status.values()


def test_the_demo_digest_counts_every_answer_of_its_week(tmp_path: Path) -> None:
    """The demo's week-40 digest against the demo's own answers.csv, an export of the answers."""
    result = CliRunner().invoke(app, ["demo", "--lang", "nb", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    with (tmp_path / "answers.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    first, end = datetime(2025, 9, 29), datetime(2025, 10, 6)
    week = [
        r
        for r in rows
        if r["Plan"] == "Handlingsplan 2025 – avdeling 101"
        and first <= datetime.fromisoformat(r["Answered (UTC)"]) < end
    ]
    by = {c: sum(1 for r in week if r["Answer"] == c) for c in ("Yes", "No", "Not relevant")}
    text = result.stdout
    digest = text[text.index("Rapport for uke 40") :]
    assert f"{len(week)} rapporter fra 29. september 2025 til 5. oktober 2025." in digest
    assert (
        f"Gjennomført: {by['Yes']} · Ikke gjennomført: {by['No']} · "
        f"Ikke aktuelt: {by['Not relevant']} · "
    ) in digest
