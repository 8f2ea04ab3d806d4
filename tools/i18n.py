"""Catalogue tooling: extract messages, add translations, and check every shipped locale.

    python tools/i18n.py check          # CI: fails on missing, fuzzy, mismatched or stale entries,
                                        # and on words docs/glossary.toml lists as wrong
    python tools/i18n.py add FILE.json  # merge translations (a list of entries, see below)
    python tools/i18n.py missing        # print the msgids that still lack a translation
    python tools/i18n.py prune          # drop entries the code no longer uses

An entry: {"msgid": "...", "sv": "...", "nb": "...", "nn": "...", "en": "..."}; for plurals add
"msgid_plural" and give each language a list of two forms.
"""

from __future__ import annotations

import fcntl
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ("sv", "nb", "nn", "en")
SOURCES = ("bot", "handlers", "storage", "config")
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None}
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
GLOSSARY = ROOT / "docs" / "glossary.toml"
LANGUAGE_NAMES = {"sv": "Svenska", "nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}


def po_path(locale: str) -> Path:
    return ROOT / "locales" / locale / "LC_MESSAGES" / "ombud.po"


def extract() -> dict[str, str | tuple[str, str]]:
    """msgid -> msgid or (singular, plural), from every source package."""
    found: dict[str, str | tuple[str, str]] = {}
    for package in SOURCES:
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            if isinstance(message, tuple):
                singular, plural = message[0], message[1]
                if singular:
                    found[singular] = (singular, plural)
            elif message:
                found[message] = message
    return found


def load(locale: str) -> Catalog:
    path = po_path(locale)
    if not path.is_file():
        return Catalog(locale=locale, domain="ombud", project="Ombud")
    with path.open("rb") as fh:
        return read_po(fh, locale=locale, domain="ombud")


def save(locale: str, catalog: Catalog) -> None:
    path = po_path(locale)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.project = "Ombud"
    catalog.version = ""
    catalog.language_team = LANGUAGE_NAMES[locale]
    catalog.copyright_holder = "The Ombud authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "The Ombud authors"
    catalog.fuzzy = False
    with path.open("wb") as fh:
        write_po(fh, catalog, sort_output=True, width=100, omit_header=False)


@contextmanager
def locked() -> Iterator[None]:
    lock = ROOT / "locales" / ".lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def add(entries: list[dict[str, object]]) -> None:
    with locked():
        for locale in LOCALES:
            catalog = load(locale)
            for entry in entries:
                msgid = str(entry["msgid"])
                value = entry[locale]
                if "msgid_plural" in entry:
                    assert isinstance(value, list), msgid
                    assert len(value) == 2, msgid
                    key: str | tuple[str, str] = (msgid, str(entry["msgid_plural"]))
                    catalog.delete(msgid)
                    catalog.add(key, tuple(str(v) for v in value))
                else:
                    catalog.delete(msgid)
                    catalog.add(msgid, str(value))
            save(locale, catalog)


def prune() -> list[str]:
    """Remove, from every catalogue, the entries no source file uses any more."""
    code = extract()
    removed: set[str] = set()
    with locked():
        for locale in LOCALES:
            catalog = load(locale)
            for message in list(catalog):
                singular = message.id if isinstance(message.id, str) else message.id[0]
                if message.id and singular not in code:
                    catalog.delete(singular)
                    removed.add(singular)
            save(locale, catalog)
    return sorted(removed)


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def check() -> list[str]:
    code = extract()
    problems: list[str] = []
    for locale in LOCALES:
        catalog = load(locale)
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        for msgid in sorted(set(code) - ids):
            problems.append(f"{locale}: missing: {msgid!r}")
        for msgid in sorted(ids - set(code)):
            problems.append(f"{locale}: not in the code any more: {msgid!r}")
        for message in catalog:
            if not message.id:
                continue
            singular = message.id if isinstance(message.id, str) else message.id[0]
            sources = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = (
                [message.string] if isinstance(message.string, str) else list(message.string or ())
            )
            if message.fuzzy:
                problems.append(f"{locale}: fuzzy: {singular!r}")
            if not all(s.strip() for s in strings):
                problems.append(f"{locale}: untranslated: {singular!r}")
                continue
            wanted = set().union(*(_placeholders(s) for s in sources))
            for text in strings:
                got = _placeholders(text)
                if got - wanted or (isinstance(message.id, str) and got != wanted):
                    problems.append(
                        f"{locale}: placeholders differ in {singular!r}: "
                        f"{sorted(wanted)} vs {sorted(got)}"
                    )
    return problems


def wrong_terms(path: Path = GLOSSARY) -> list[dict[str, object]]:
    """The glossary's table of words a catalogue must not use."""
    with path.open("rb") as fh:
        return list(tomllib.load(fh).get("wrong", []))


def _term_pattern(term: str, whole_word: bool) -> re.Pattern[str]:
    end = r"(?!\w)" if whole_word else ""
    return re.compile(r"(?<!\w)" + re.escape(term) + end, re.IGNORECASE)


def glossary_problems(
    locale: str, messages: Iterable[tuple[str, str]], table: list[dict[str, object]]
) -> list[str]:
    """(msgid, msgstr) pairs of one locale that use a term the glossary lists as wrong."""
    rules = [
        (str(r["term"]), str(r["use"]), _term_pattern(str(r["term"]), bool(r.get("word"))))
        for r in table
        if r["lang"] == locale
    ]
    problems = []
    for msgid, text in messages:
        for term, use, pattern in rules:
            if pattern.search(text):
                problems.append(f"{locale}: glossary: {term!r} (use {use!r}) in {msgid!r}")
    return problems


def _translations(catalog: Catalog) -> Iterator[tuple[str, str]]:
    for message in catalog:
        if message.id:
            singular = message.id if isinstance(message.id, str) else message.id[0]
            strings = [message.string] if isinstance(message.string, str) else message.string or ()
            yield from ((singular, text) for text in strings)


def check_glossary() -> list[str]:
    table = wrong_terms()
    return [
        problem
        for locale in LOCALES
        for problem in glossary_problems(locale, _translations(load(locale)), table)
    ]


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "check":
        problems = check() + check_glossary()
        for line in problems:
            print(line)
        print(f"catalogue check: {len(problems)} problem(s)")
        return 1 if problems else 0
    if len(argv) == 2 and argv[0] == "add":
        add(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
        return 0
    if len(argv) == 1 and argv[0] == "prune":
        for msgid in prune():
            print(f"removed: {msgid!r}")
        return 0
    if len(argv) == 1 and argv[0] == "missing":
        code = extract()
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in load("sv") if m.id}
        for msgid in sorted(set(code) - have):
            print(json.dumps(code[msgid], ensure_ascii=False))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
