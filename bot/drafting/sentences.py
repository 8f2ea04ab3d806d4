"""Commitments written as sentences in paragraphs: which sentences a board would follow up."""

from __future__ import annotations

import re

from bot.drafting.lexicon import (
    ARTICLE_NUMBERS,
    MONTH_PATTERN,
    NUMBER_WORDS,
    TIMES_WORDS,
)
from bot.drafting.model import PlanValue

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"«„(]?[A-ZÅÄÖÆØ0-9])")
_ABBREVIATION = re.compile(r"\b(?:ca|nr|ev|t\.ex|bl\.a|kl|jfr|dvs|mm|osv|pkt|avd|st)\.$", re.I)
_SUBJECT = (
    r"(?!(?:det|den|dette|denne|detta|denna)\b)"  # "Det vil ...": no one commits
    r"(?:vi|styrelsen|styret|forbundet|förbundet|avdelningen|avdelingen|klubben|\w+en|\w+et)"
)
_MODAL = r"(?:ska|skal|skall|kommer\s+att|kommer\s+til\s+å|vil)"
# "Avdelningen ska, tillsammans med ABF, ...", "Forbundet vil ...": a subject that commits.
# "Det skal velges ...": a duty without a named subject; "Det vil ..." only foretells.
_COMMITS = re.compile(rf"^(?:{_SUBJECT}\s+{_MODAL}|det\s+(?:ska|skal|skall))\b", re.I)
# "Under 2021 kommer Förbundet att ...", "I september inviterer vi ...": a fronted time.
_FRONTED = re.compile(
    rf"^(?:under|i|på|efter|etter|innan|før|före|fram\s+till|till|til)\b[^.]{{0,40}}?"
    rf"\b(?:kommer|ska|skal|skall|vil)\s+{_SUBJECT}\b",
    re.I,
)
_AIM = re.compile(r"^vi\s+(vill|vil)\b", re.I)
# "… kongressens beslut att förbundsstyrelsen … ska …": a duty reported, not taken on here.
_REPORTED = re.compile(r"\b(?:att|at|som|om)\b[^.]*\b(?:ska|skal|skall)\b", re.I)
_COUNTS = "|".join(
    sorted({w for words in NUMBER_WORDS.values() for w in words} - ARTICLE_NUMBERS, key=len)[::-1]
)
_TIMES = re.compile(rf"\b(?:\d{{1,2}}|{_COUNTS})\s+{TIMES_WORDS}\b")
_DEADLINES = "senast|senest|seinast|innen|før|före|fram till"
_DEADLINE_AND_MODAL = re.compile(
    rf"\b(?:{_DEADLINES})\b.*\b(?:ska|skal|skall|må|måste|behöver|bør|bör)\b"
    rf"|\b(?:ska|skal|skall|må|måste|behöver)\b.*\b(?:{_DEADLINES})\b",
    re.I,
)
_PAST = frozenset(
    ("ble", "blev", "blei", "var", "vart", "hadde", "hade", "gikk", "gick", "fick", "fikk",
     "hölls", "gjordes", "genomfördes", "gjennomførtes", "behandlet", "mistet",
     "tappade", "deltog", "deltok", "besökte", "besøkte", "referert", "hållits", "vedtok",
     "behandlade",
     "beslutade", "vedtog", "valdes", "valgte", "vedtatt", "vedtatte", "vedteke", "antagen",
     "antogs", "antatt", "fastställd", "fastställdes", "beslutad", "godkjent", "godkänd",
     "uppdaterad", "oppdatert", "publicerad", "publisert")
)  # fmt: skip
_SWEDISH_PAST = re.compile(r"\b\w{3,}(?:ade|ades)\b")
_NEGATION = frozenset(("inte", "ej", "icke", "ikke", "ikkje"))
_MONEY = frozenset(("kronor", "kr", "kroner", "kronar", "sek", "nok", "euro"))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE_WORDS = re.compile(rf"\b\d{{1,2}}\.?(?:\s*[-–]\s*\d{{1,2}}\.?)?\s+(?:{MONTH_PATTERN})\b")
_CONTACT = re.compile(r"@|\b(?:tel|telefon|tlf|mobil|e-post|epost|e-mail)\b|\+?\d[\d ]{7,}\d", re.I)
_CLOCK = re.compile(r"^(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\b")
# "Sidansvarig: Organisationsenheten": a label and a value, a page's footer.
_LABELLED = re.compile(r"^[\wåäöæø-]+:\s+\S+(?:\s+\S+){0,2}$", re.I)
_LABEL = re.compile(r"^(?:när|når|dato|datum|tid|sted|plats|var|hvor)\s*:", re.I)


def split_sentences(text: str) -> list[str]:
    """A paragraph's sentences; an abbreviation ("ca.", "nr.") does not end one."""
    sentences: list[str] = []
    for part in _SPLIT.split(text):
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return [sentence.strip() for sentence in sentences if sentence.strip()]


def is_contact(text: str) -> bool:
    """A phone number or an e-mail address: contact details, never an area or an item."""
    return _CONTACT.search(text) is not None


def is_programme_line(text: str) -> bool:
    """ "10:00 Åpning": a line of a day's programme, not a board's commitment."""
    return _CLOCK.match(text) is not None


def never_heading(text: str) -> bool:
    """Labelled facts ("När: 14–15 november"), date lists and contact lines are no headings."""
    return _LABEL.match(text) is not None or is_contact(text) or len(_DATE_WORDS.findall(text)) >= 2


def is_date_list(text: str) -> bool:
    """ "25 januari, 28 februari, 3 april": dates and nothing else."""
    rest = _DATE_WORDS.sub(" ", text.lower())
    rest = re.sub(r"\b(?:och|og|and|samt)\b|[\W\d_]", " ", rest)
    return len(_DATE_WORDS.findall(text.lower())) >= 2 and not rest.strip()


def _words(text: str) -> set[str]:
    return set(re.findall(r"[\wåäöæø]+", text.lower()))


def is_commitment(sentence: str, when: PlanValue | None, years: range) -> bool:
    """A sentence that commits someone, or says when something is to happen, is an item."""
    lowered = sentence.lower()
    words = _words(sentence)
    named_years = [int(year) for year in _YEAR.findall(sentence)]
    if (
        sentence.rstrip().endswith("?")
        # A sentence that introduces a list commits only with a day of its own.
        or (sentence.rstrip().endswith(":") and not (when and {"date", "dates", "by"} & set(when)))
        or _AIM.match(sentence)
        or words & _PAST
        or _SWEDISH_PAST.search(lowered)
        or words & _NEGATION
        or words & _MONEY
        or is_contact(sentence)
        or _LABELLED.match(sentence)
        or (named_years and not any(year in years for year in named_years))
        or len(re.findall(r"[a-zåäöæø]{3,}", _DATE_WORDS.sub(" ", lowered))) < 2
    ):
        return False
    if _COMMITS.match(sentence) or _FRONTED.match(sentence):
        return True
    if _REPORTED.search(lowered) and not (when and {"date", "dates", "by"} & set(when)):
        return False
    return bool(
        _COMMITS.match(sentence)
        or _FRONTED.match(sentence)
        or _TIMES.search(lowered)
        or when
        or _DEADLINE_AND_MODAL.search(lowered)
    )
