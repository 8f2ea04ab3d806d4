"""A total outage makes `ombud tick` fail; `status` and `people list` then show who and why."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from bot.cli import app
from bot.commands.status import lines
from bot.core.i18n import Translator
from storage.engine import Database
from storage.status import LastDigest, Status
from storage.tables import BoardRow, DigestRow
from tests.scheduler.test_tick_transports import fake_api, seeded, telegram_identity
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parents[2]

__all__ = ["fake_api"]
AT = "2025-03-03T09:00:00+01:00"
BLOCKED = "Forbidden: bot was blocked by the user"


def configure(tmp_path: Path, url: str, api: FakeBotApi) -> list[str]:
    config = tmp_path / "ombud.toml"
    config.write_text(
        f'database_url = "{url}"\nlanguage = "en"\ndefault_timezone = "Europe/Stockholm"\n'
        f'[telegram]\nbase_url = "{api.base_url}"\n',
        encoding="utf-8",
    )
    return ["--config", str(config)]


async def ombud(*args: str) -> tuple[int, str, str]:
    env = {"OMBUD_TELEGRAM__TOKEN": TOKEN}
    result = await asyncio.to_thread(lambda: CliRunner().invoke(app, list(args), env=env))
    return result.exit_code, result.stdout, result.stderr


async def test_outage_fails_the_tick_and_shows_in_status_and_people_list(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    url = seeded(tmp_path, telegram_identity())
    config = configure(tmp_path, url, fake_api)
    fake_api.fail_next("sendMessage", 403, BLOCKED, times=3)
    code, out, err = await ombud(*config, "tick", "--at", AT)
    assert code == 1, out + err
    assert "Sent: 0." in out
    assert "Nothing could be delivered" in err

    _code, out, _err = await ombud(*config, "people", "list")
    anna = next(line for line in out.splitlines() if " anna " in line)
    assert "telegram (unreachable)" in anna

    code, out, err = await ombud(*config, "status", "--at", "2025-03-03T12:00:00+01:00")
    assert code == 0, out + err
    lines = out.splitlines()
    newest = max(p.name[:4] for p in (ROOT / "storage/migrations/versions").glob("0*.py"))
    assert lines[0].endswith(f", schema {newest} (current).")
    assert "Sent in the last 24 hours: 0." in lines
    assert "Failed in the last 24 hours: 1." in lines
    assert "  telegram unreachable (blocked): 1" in lines
    # Anna blocked the bot; bo and cia, the world's other people, were never linked.
    assert "Unreachable people: 3." in lines
    assert any(line.startswith("  anna on telegram (blocked) since") for line in lines)
    for key in ("bo", "cia"):
        invite = f"ombud people invite {key} makes an invite"
        assert f"  {key}: not linked to Telegram; {invite}" in lines
    assert not any(line.startswith("  anna: not linked") for line in lines)
    assert "  styrelsen: none yet" in lines
    assert BLOCKED not in out


async def test_status_counts_a_day_and_shows_the_last_digest(
    tmp_path: Path, fake_api: FakeBotApi
) -> None:
    url = seeded(tmp_path, telegram_identity())
    config = configure(tmp_path, url, fake_api)
    code, out, err = await ombud(*config, "tick", "--at", AT)
    assert code == 0, out + err
    db = Database(url)

    def digest(s: Session) -> None:
        board = s.get(BoardRow, 1)
        assert board is not None
        at = datetime(2025, 3, 3, 7, tzinfo=UTC)
        s.add(
            DigestRow(
                board_id=board.id or 0, iso_week="2025-W10", state="sent", claimed_at=at, sent_at=at
            )
        )

    db.run_sync(digest)
    db.dispose()
    _code, out, _err = await ombud(*config, "status", "--at", "2025-03-03T12:00:00+01:00")
    assert "Sent in the last 24 hours: 1." in out.splitlines()
    assert "Failed in the last 24 hours: 0." in out.splitlines()
    assert "  styrelsen: 2025-W10, delivered Monday 3 March at 08:00" in out.splitlines()
    # A day later the send has left the window.
    _code, out, _err = await ombud(*config, "status", "--at", "2025-03-04T12:00:00+01:00")
    assert "Sent in the last 24 hours: 0." in out.splitlines()


SENT_AT = datetime(2025, 3, 3, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("locale", "state", "sent_at", "expected"),
    [
        ("en", "sent", SENT_AT, "  styrelsen: 2025-W10, delivered Monday 3 March at 08:00"),
        (
            "en",
            "undelivered",
            SENT_AT,
            "  styrelsen: 2025-W10, reached no group or channel (Monday 3 March at 08:00)",
        ),
        ("en", "failed", SENT_AT, "  styrelsen: 2025-W10, failed (Monday 3 March at 08:00)"),
        ("en", "claimed", None, "  styrelsen: 2025-W10, being sent"),
        ("sv", "sent", SENT_AT, "  styrelsen: 2025-W10, levererad måndag 3 mars kl. 08.00"),
        (
            "sv",
            "undelivered",
            SENT_AT,
            "  styrelsen: 2025-W10, nådde ingen grupp eller kanal (måndag 3 mars kl. 08.00)",
        ),
        ("nb", "failed", SENT_AT, "  styrelsen: 2025-W10, mislyktes (mandag 3. mars kl. 08.00)"),
        ("nn", "claimed", None, "  styrelsen: 2025-W10, vert send no"),
    ],
)
def test_the_last_digest_is_told_in_the_cli_language(
    locale: str, state: str, sent_at: datetime | None, expected: str
) -> None:
    # The stored states (sent, undelivered, failed, claimed) are words of the database, not
    # of the administrator: none of them may reach the screen as it is stored.
    found = Status(
        now=SENT_AT,
        next_due=None,
        due_in_window=0,
        sent=0,
        digests=[LastDigest("styrelsen", "2025-W10", state, sent_at)],
    )
    shown = lines(Translator(locale), found, "Europe/Stockholm")
    assert shown[-1] == expected


def test_status_of_a_missing_database_says_how_to_make_it(tmp_path: Path) -> None:
    config = tmp_path / "ombud.toml"
    config.write_text('database_url = "sqlite:///absent.db"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--config", str(config), "status"])
    assert result.exit_code == 1
    assert "does not exist yet; run `ombud db upgrade`" in result.output
    assert not (tmp_path / "absent.db").exists()


@pytest.mark.parametrize(
    ("language", "heading", "none"),
    [
        ("en", "Last digest per board:", "  No boards yet."),
        ("sv", "Senaste veckorapport per styrelse:", "  Inga styrelser än."),
        ("nb", "Siste ukerapport per styre:", "  Ingen styrer ennå."),
        ("nn", "Siste vekerapport per styre:", "  Ingen styre enno."),
    ],
)
def test_status_without_boards_says_there_are_none(
    tmp_path: Path, language: str, heading: str, none: str
) -> None:
    config = tmp_path / "ombud.toml"
    config.write_text(
        f'database_url = "sqlite:///ombud.db"\nlanguage = "{language}"\n', encoding="utf-8"
    )
    assert CliRunner().invoke(app, ["--config", str(config), "db", "upgrade"]).exit_code == 0
    result = CliRunner().invoke(app, ["--config", str(config), "status"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2:] == [heading, none]
