"""The comments `ombud init` writes into ombud.toml, in the language of the command line.

Each prose comment of config/ombud.example.toml is a message here, as it stands there (its
lines joined by newlines, without "# "); a comment the example gains or changes without its
message here is written in English (tests/commands/test_init_comments.py finds it).
"""

from __future__ import annotations

import re

from bot.core.i18n import N_, Translator

COMMENTS: tuple[str, ...] = (
    N_(
        "Ombud configuration. Commands look for it at --config FILE, then $OMBUD_CONFIG, then\n"
        "./ombud.toml, then /etc/ombud/ombud.toml (see docs/install.md).\n"
        "Every setting here can be overridden by an environment variable:\n"
        "OMBUD_<NAME>, or OMBUD_<SECTION>__<NAME> for a setting inside a [section]\n"
        "(for example OMBUD_SCHEDULER__DISPATCH_INTERVAL_SECONDS=60).\n"
        "\n"
        "Secrets (bot tokens, signing secrets) never go in this file. Set them"
        " in the environment,\n"
        "or put each in a file readable only by Ombud and name it with a _FILE variable:\n"
        "  OMBUD_TELEGRAM__TOKEN            or"
        " OMBUD_TELEGRAM__TOKEN_FILE=/etc/ombud/telegram-token\n"
        "  OMBUD_SLACK__BOT_TOKEN           or OMBUD_SLACK__BOT_TOKEN_FILE=...\n"
        "  OMBUD_SLACK__APP_TOKEN           (Socket Mode)\n"
        "  OMBUD_SLACK__SIGNING_SECRET      (HTTP mode)"
    ),
    N_(
        "Where answers are stored. A relative SQLite path is relative to this file.\n"
        'For PostgreSQL: database_url = "postgresql://ombud@localhost/ombud"'
    ),
    N_("The language of the command line: sv, nb, nn or en."),
    N_("Defaults for people the roster gives no language or time zone."),
    N_("How many days an invite code stays valid."),
    N_("Local time of day for reminders when neither the person nor the plan says otherwise."),
    N_("No messages between these local times."),
    N_("The noise budget: at most this many messages to one person per day and per week."),
    N_(
        "How often Ombud looks for due reminders when none are waiting (seconds). While a wave is\n"
        "due it does not wait: a round that sends a full batch is followed at once by the next."
    ),
    N_("How often new plan items and people are turned into scheduled reminders (seconds)."),
    N_(
        "Reminders that fell due while Ombud was stopped, or before their person was linked, are\n"
        "still sent if they are at most this many hours late; older ones are"
        " marked missed instead\n"
        "of being sent in a burst."
    ),
    N_(
        "A worker holds the reminders it takes for this long; if it stops, another takes them over."
    ),
    N_(
        "Reminders taken per round. At Telegram's 30 messages a second, 500"
        " take about 17 seconds,\n"
        "well inside the lease."
    ),
    N_(
        "Messages on their way at the same time, per chat platform. With one at a time, a 100 ms\n"
        "round trip to the platform allows only 10 messages a second; eight fill Telegram's 30.\n"
        "One person's messages still go one after another, in order. 1 sends one message at a\n"
        "time over all platforms together."
    ),
    N_("How far ahead reminders are planned (days)."),
    N_("How often due weekly digests and item summaries are looked for (seconds)."),
    N_(
        "Comments and blocker texts are removed this many months after the plan's period ends;\n"
        "choices and numbers stay for the figures. See docs/privacy.md for why these defaults."
    ),
    N_(
        "Delivery records (when a message went out, and errors) are removed after this many months."
    ),
    N_("How often the pruning job runs (hours)."),
    N_("Long polling needs no public address. Webhook mode suits larger installations."),
    N_(
        "Socket Mode needs no public address. HTTP mode suits installations behind a load balancer."
    ),
)
# The explanations after a setting that is commented out ("# team_id = ...  # ...").
TRAILING: tuple[str, ...] = (
    N_("used in invite links; looked up when empty"),
    N_("a self-hosted Bot API server"),
    N_("the one workspace Ombud serves"),
    N_("only change for a stand-in server"),
)

# A setting commented out, with or without an explanation after it.
_SETTING = re.compile(r"^# ?[a-z_]+ = ")
_TRAILING = re.compile(r"^(# ?[a-z_]+ = \S+\s+# )(.*)$")


def comment_text(line: str) -> str:
    """A comment line's text without its "# " (or "#")."""
    return line[2:] if line.startswith("# ") else line[1:]


def is_prose(line: str) -> bool:
    return line.startswith("#") and not _SETTING.match(line)


def translate_comments(text: str, tr: Translator) -> str:
    """The example config with its prose comments in `tr`'s language; settings, the lines
    that are commented-out settings and every comment not among COMMENTS stay as they are."""
    known = set(COMMENTS)
    trailing = set(TRAILING)
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        english = "\n".join(comment_text(line) for line in block)
        if block and english in known:
            out.extend(f"# {part}".rstrip() for part in tr.gettext(english).split("\n"))
        else:
            out.extend(block)
        block.clear()

    for line in text.split("\n"):
        if is_prose(line):
            block.append(line)
            continue
        flush()
        found = _TRAILING.match(line)
        if found is not None and found.group(2) in trailing:
            out.append(found.group(1) + tr.gettext(found.group(2)))
        else:
            out.append(line)
    flush()
    return "\n".join(out)
