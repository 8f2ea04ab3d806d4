"""What counts as English on a Swedish or Norwegian screen: catalogue msgids and framework words."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parents[2] / "locales"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")

# Texts typer, click, rich and Python put on a screen, and the codes an export must not show.
FRAMEWORK = tuple(
    re.compile(p)
    for p in (
        r"\bUsage\b",
        r"\bOptions\b",
        r"\bCommands\b",
        r"\bArguments\b",
        r"\[required\]",
        r"\[default:",
        r"\[env var:",
        r"\bMissing (argument|option|command|parameter)\b",
        r"\bNo such (option|command|file)\b",
        r"Show this message",
        r"\bfor help\b",
        r"\bDid you mean\b",
        r"\bInvalid value\b",
        r"\bis not one of\b",
        r"\bdoes not exist\b",
        r"\bError\b",
        r"\[OPTIONS\]",
        r"\bCOMMAND\b",
        r"\[ARGS\]",
        r"<(bool|str|int|float|path|list)\b",
        r"\bnow reads\b",
        r"\bfound unexpected\b",
        r"\bPermission denied\b",
        r"\b(answered|not_relevant|no_answer|awaiting|snoozed|scheduled)\b",
        r"(^|;)(yes|no|True|False)(;|$)",
        r"\b(board|steward|admin)(, (board|steward|admin))+\b",
        r"\b(totalt|in total) \w+_\w+",
    )
)


@cache
def english_phrases(locale: str) -> tuple[tuple[str, str], ...]:
    """(msgid, phrase): the catalogue's English phrases its translation into `locale` drops."""
    with (LOCALES / "en" / "LC_MESSAGES" / "ombud.po").open("rb") as fh:
        english = read_po(fh, locale="en")
    with (LOCALES / locale / "LC_MESSAGES" / "ombud.po").open("rb") as fh:
        translated = read_po(fh, locale=locale)
    phrases: list[tuple[str, str]] = []
    for message in english:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        other = translated.get(ids[0])
        strings = other.string if other is not None else ""
        target = strings if isinstance(strings, str) else " ".join(strings or ())
        for text in ids:
            for segment in PLACEHOLDER.split(text):
                phrase = segment.strip(" .,:;()–-")
                # Two words or more, and not a part the translation keeps (commands, names).
                if phrase.count(" ") >= 1 and len(phrase) >= 10 and phrase not in target:
                    phrases.append((ids[0], phrase))
    return tuple(phrases)


def english_in(text: str, locale: str) -> list[str]:
    """Every English phrase or framework word found in `text`, for an assertion message."""
    found = [f"framework: {m.group(0)!r}" for p in FRAMEWORK for m in [p.search(text)] if m]
    found += [
        f"msgid {msgid!r}: {phrase!r}"
        for msgid, phrase in english_phrases(locale)
        if phrase in text
    ]
    return found
