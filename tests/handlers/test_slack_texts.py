"""What a Slack user reads: commands written the Slack way, a form that is not asked twice,
a late chat answer after a saved form, and an App Home with one header."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from bot.core.messages import Capabilities, Reply, Sender
from bot.core.model import Choice, Platform
from handlers.router import Router
from handlers.tokens import FormToken, encode
from storage.engine import Database
from storage.tables import AnswerRow, ChatIdentityRow
from tests.handlers.conftest import Chat, World, telegram_sender

# A command the Slack way: the one slash command, then the word; never a bare "/word".
BARE_COMMAND = re.compile(r"(?<!\w)/(?!ombud\b)[a-z]+")


def slack_sender(db: Database, world: World) -> Sender:
    def link(session: Session) -> None:
        session.add(
            ChatIdentityRow(
                person_id=world.steward_id, platform="slack", workspace="T1", user_id="U1"
            )
        )

    db.run_sync(link)
    return Sender(
        Platform.SLACK,
        "U1",
        "D1",
        workspace="T1",
        command_prefix="/ombud ",
        capabilities=Capabilities(forms=True),
    )


def replies(chat: Chat) -> list[Reply]:
    return [e for e in chat.effects if isinstance(e, Reply)]


async def test_help_and_hints_in_slack_name_the_slack_command(
    router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, slack_sender(sqlite_db, world))
    await chat.steward_commands("hjalp")
    transcript = chat.transcript()
    await chat.steward_says("vad är detta för något")
    transcript += chat.transcript()
    assert "/ombud plan" in transcript
    assert "/ombud hjalp" in transcript
    assert BARE_COMMAND.findall(transcript) == []


async def test_telegram_keeps_its_own_commands(chat: Chat) -> None:
    await chat.steward_commands("hjalp")
    assert "/plan" in chat.transcript()
    assert "/ombud" not in chat.transcript()


async def test_after_yes_slack_gets_the_form_and_a_late_chat_answer_is_thanked(
    router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, slack_sender(sqlite_db, world))
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(Choice.YES)
    assert not chat.bot_said("hur många")  # the form asks; the chat does not ask as well
    token = encode(FormToken(world.meeting_checkin_id))
    await chat.steward_submits(token, {"participants": "12", "comment": "Bra"})
    late = await chat.steward_says("12")  # the question the form already answered
    [thanks] = late
    assert isinstance(thanks, Reply)
    assert "redan sparad" in thanks.message.text
    assert not chat.bot_said("förstod jag inte")
    answer = sqlite_db.run_sync(lambda s: s.exec(select(AnswerRow)).one())
    assert (answer.numbers, answer.comment) == ({"participants": 12}, "Bra")
    await chat.steward_says("plan")  # after that, words are commands again
    assert chat.bot_said("Din plan")


async def test_app_home_has_one_header_and_says_plainly_when_nothing_is_open(
    router: Router, world: World
) -> None:
    board_member = Chat(router, telegram_sender("1003"))  # owns no items
    await board_member.steward_opens_home()
    [home] = replies(board_member)
    titles = [home.message.title, *(s.title for s in home.message.sections)]
    assert titles.count("Din plan") == 1
    assert "Du har inget öppet just nu." in home.message.text
    assert "Tryck på en punkt" not in home.message.text  # there is nothing to tap


async def test_away_texts_in_slack_name_the_slack_command(
    router: Router, world: World, sqlite_db: Database
) -> None:
    chat = Chat(router, slack_sender(sqlite_db, world))
    await chat.steward_commands("ledig")  # no date: the bot explains how
    transcript = chat.transcript()
    await chat.steward_commands("ledig", "tills vidare")
    transcript += chat.transcript()
    assert "/ombud ledig" in transcript
    assert "/ombud tillbaka" in transcript
    assert BARE_COMMAND.findall(transcript) == []
