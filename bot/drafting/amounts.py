"""Targets, scope and what to ask, read from an item's text; numbers only as the text gives them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.core.i18n import N_
from bot.drafting.counted import METRIC_LABELS, PEOPLE_METRICS, SUMMED_METRICS, counted_after
from bot.drafting.lexicon import (
    ARTICLE_NUMBERS,
    AT_LEAST,
    DECREASE_WORDS,
    DISTRIBUTIVE_WORDS,
    ENGAGEMENT_STEMS,
    EXISTENCE_WORDS,
    GATHERING_STEMS,
    INCREASE_WORDS,
    LEVEL_VERBS,
    NOT_TARGET_AFTER,
    NOT_TARGET_BEFORE,
    NUMBER_WORDS,
    PEOPLE_STEMS,
    POSSESSION_WORDS,
    PUBLICATION_STEMS,
    RECRUITMENT_STEMS,
    STEWARD_WORDS,
    UNIT_KINDS,
    VISIT_STEMS,
)
from bot.drafting.model import Note, PlanValue

_DIGITS = r"\d{1,3}(?:[ .]\d{3})+|\d+"
# "80 %" has no word boundary after the sign; "procent" does.
_PERCENT = re.compile(rf"({_DIGITS}|\w+)\s*(?:%|(?:procent|prosent)\b)")
_BY_AMOUNT = re.compile(rf"\b(?:med|by)\s+({_DIGITS}|\w+)\b")
_NUMBER_THEN_WORD = re.compile(
    rf"(?<![\w.,/-])({_DIGITS}|[a-zåäöæøé]+)(?=\s+([a-zåäöæø-]+)(?:\s+([a-zåäöæø-]+))?)"
)
# Per unit only where the text distributes ("på varje ort", "i hver klubb", "per klubb", "i alla
# klubbar"); "for alle klubber" or "alla enheter har" speaks of them together.
_SCOPE = re.compile(
    r"\b(?:(?:" + "|".join(DISTRIBUTIVE_WORDS) + r")|(?:i|på)\s+(?:alla|alle|samtliga)"
    r"|(?:i|på|for|för)\s+(?:de|det|dei|den)\s+(?:enkelte|einskilde|enskilda|respektive))"
    r"\s+([\w-]+)(?:\s+([\w-]+))?"
)
# The last part of a compound that names a unit: "hovedtillitsvalgtområde" holds per its kind,
# as the plan writes it. Plural and definite endings are taken off.
_UNIT_HEADS = (
    "klubb", "sektion", "seksjon", "avdelning", "avdeling", "arbetsplats", "arbeidsplass",
    "enhet", "eining", "region", "fylke", "område", "krets", "distrikt", "kommune", "kommun",
    "förening", "forening", "foreining",
)  # fmt: skip
# Alone, these name no unit: "på alle områder" is "in every respect".
_COMPOUND_ONLY = frozenset({"område"})
_UNIT_ENDINGS = (
    "",
    "e",
    "en",
    "et",
    "er",
    "ene",
    "ar",
    "ane",
    "arna",
    "erna",
    "r",
    "ne",
    "na",
    "a",
    "n",
    "t",
)
_UNIT_COMPOUND = re.compile(
    rf"^([\w-]*?(?:{'|'.join(_UNIT_HEADS)}))(?:{'|'.join(e for e in _UNIT_ENDINGS if e)})?$"
)


def _unit_kind(word: str) -> str | None:
    """The unit kind a word names: the shared table's, else a compound's as the plan writes it."""
    known = UNIT_KINDS.get(word)
    if known is not None:
        return known
    match = _UNIT_COMPOUND.match(word)
    if match is None:
        return None
    stem = match.group(1)
    head = next(h for h in _UNIT_HEADS if stem.endswith(h))
    if stem == head and head in _COMPOUND_ONLY:
        return None
    return UNIT_KINDS.get(stem, stem)


_CHANGE = re.compile(r"\b(?:" + "|".join(INCREASE_WORDS + DECREASE_WORDS) + r")\b")
# "öka andelen unga förtroendevalda", "ökad organisationsgrad", "auke prosentdelen": a share or
# a rate changes, not a count of the people named after it.
_SHARE = re.compile(
    r"\b(?:andel\w*|\w*andel(?:en|ar|er)?|\w*prosentdel\w*|\w*organisations?grad\w*"
    r"|\w*organisasjonsgrad\w*|\w*dekningsgrad\w*|\w*täckningsgrad\w*)\b"
)
# "fler", "flere", "færre": a comparative that takes the noun after it as what changes;
# "ökat samarbete", "økt synlighet": a participle too names the thing that changes.
_MORE_OF = re.compile(
    r"\b(?:fler|flere|fleire|färre|færre|ferre|ökad|ökat|ökade|økt|økte|auka)\s+([a-zåäöæø-]{4,})\b"
)
# "har minst ett ombud", "det ska finnas en klubb": one is a state to confirm, not a sum.
_HAS_ONE = re.compile(
    r"\b(?:" + "|".join(POSSESSION_WORDS) + r")(?:\s+(?:" + "|".join(AT_LEAST) + r"))?\s*$"
)
# "På alle arbeidsplasser … skal det være en klubb": one thing there shall be, as "ska finnas en".
# "Varje klubb ska ha en verksamhetsplan", "Hver klubb skal ha ei": one thing each unit shall have.
_THERE_SHALL_BE = re.compile(
    r"\b(?:det\s+(?:ska|skal|skall)|(?:ska|skal|skall)\s+det)\s+(?:være|vara|vere)\s*$"
    r"|\b(?:varje|hver|kvar)\s+[\wåäöæø-]+\s+(?:ska|skal|skall)\s+ha\s*$"
)
_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
_STEWARDS = re.compile(
    r"\b(?:alla|samtliga|alle|kvar|varje|hver)\s+(?:våra\s+|våre\s+|lokala\s+|lokale\s+)?("
    + "|".join(STEWARD_WORDS)
    + r")\b"
)


@dataclass
class Amounts:
    target: PlanValue | None = None
    scope: str | None = None
    all_stewards: bool = False
    metrics: list[tuple[str, str]] = field(default_factory=list)
    found: list[Note] = field(default_factory=list)
    review: list[Note] = field(default_factory=list)


_STREET_ENDINGS = ("gt.", "gate", "gata", "gatan", "vei", "veien", "vn.", "väg", "vägen", "allé")
# A number followed by one of these labels a part or is a share ("steg 2 i kampanjen", "fase 2
# av prosjektet", "tre av fire avdelinger"): it counts nothing.
_LABEL_OR_SHARE_AFTER = frozenset(
    ("i", "av", "på", "om", "til", "till", "för", "for", "från", "fra", "frå", "och", "og", "samt",
     "kl", "kl.", "klockan", "klokka", "klokken")
)  # fmt: skip
# "Avdelning 12", "klubb 3", "krets 4": the number is the unit's name.
_UNIT_NAMES = frozenset(
    ("avdelning", "avdelningen", "avd", "avdeling", "avdelinga", "avdelingen", "sektion",
     "sektionen", "region", "regionen", "krets", "kretsen", "distrikt", "distriktet", "lokallag")
)  # fmt: skip
# "minst 4 i året": the number of times in a period, which stays a count.
_RHYTHM_NOUNS = frozenset(
    ("året", "åre", "år", "månaden", "måneden", "veckan", "uka", "uken", "veka", "halvåret",
     "halvåre", "kvartalet", "perioden", "løpet", "loppet", "planperioden", "terminen")
)  # fmt: skip
# Approximations and bounds beyond the shared list: "mellan 30 och 40", "omtrent 40".
_ROUGH_BEFORE = frozenset(
    ("mellan", "mellom", "omtrent", "omlag", "ungefär", "ungefær", "ungefèr", "drygt", "knappt",
     "nesten", "nästan", "nærmare", "opptil", "oppimot")
)  # fmt: skip
_CEILING_BEFORE = re.compile(
    r"\b(?:upp\s+till|opp\s+til|inte\s+mer\s+än|ikke\s+mer\s+enn|ikkje\s+meir\s+enn"
    # "plass til 25 deltakere", "plats för 30": room for so many, a ceiling
    r"|plass\s+til|plass\s+for|plats\s+för|rom\s+for|rum\s+för)\s*$"
)
# "Det er 120 medlemmer i klubben": a state, unless a goal is what is ("Målet er 25 …").
_STATE_BEFORE = re.compile(r"\b(?:er|är|var|ble|blev|vart)\s*$")
# "arbetsgivare med fler än fem medlemmar", "där förbundet har minst fem medlemmar": a condition
# on what is meant, no target.
_CONDITION_BEFORE = re.compile(
    r"\b(?:med|where|där|der|som\s+har|som\s+hev)\s+(?:[\wåäöæø-]+\s+){0,3}?"
    r"(?:fler|flere|fleire|mer|meir|minst|över|over|færre|färre)\s+(?:än|enn|en)?\s*$"
)
# "en organisationsgrad på 70 %", "andelen ska vara 40 procent": a percent that is a rate's level.
_SHARE_OF = re.compile(
    r"\b(?:\w*organisations?grad\w*|\w*organisasjonsgrad\w*|\w*andel\w*|\w*dekningsgrad\w*"
    r"|\w*täckningsgrad\w*)\s+(?:\w+\s+){0,2}?(?:på|om|til|till|av)?\s*$"
)
# "medlemsantalet ska öka", "talet på klubbar skal auke": what changes stands before the verb.
_SUBJECT_CHANGES = re.compile(
    r"\b([\wåäöæø-]+)\s+(?:ska|skal|skall|må|bør|bör)\s+(?:\w+\s+)?"
    r"(?:öka|øke|auke|minska|minske|redusere|reducera)\b"
)
# "verka för att antalet medlemmar ökar", "jobbe for at antall medlemmer øker": the verb after
# what changes, in the present.
_RISES = re.compile(
    r"\b(?:att|at)\s+(?:[\wåäöæø-]+\s+){0,2}?([\wåäöæø-]+)\s+"
    r"(ökar|øker|aukar|minskar|minker|minkar)\b"
)
# "… ska öka till en organisationsgrad på 70 % eller minst 21 000 medlemmar": a level to reach.
_RISE_TO = re.compile(r"\b(?:öka|øke|auke|växa|vokse|veksa)\s+till?\b[^.;]{0,60}$")
_MORE_THAN_CONDITION = re.compile(
    r"\b(?:med|där|der|som\s+har)\s+(?:[\wåäöæø-]+\s+){0,3}?(?:fler|flere|fleire|mer|meir)"
    r"\s+(?:än|enn)\b"
)
# "ska 15 000 målare vara medlemmar": a level the number names, inverted ("vara 110 000").
_LEVEL_AFTER = re.compile(r"^\s*(?:[\wåäöæø-]+\s+){0,4}?(?:vara|være|vere|bli)\s+medlem")
_GOAL_IS = re.compile(
    r"\b(?:mål|målet|målsettingen|målsättningen|målsetjinga|ambisjonen)\s+\S+\s*$"
)


# Number words past the shared table: the teens, the tens and a hundred.
_MORE_NUMBERS: dict[str, dict[str, int]] = {
    "sv": {
        "tretton": 13, "fjorton": 14, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19,
        "trettio": 30, "fyrtio": 40, "femtio": 50, "sextio": 60, "sjuttio": 70, "åttio": 80,
        "nittio": 90, "hundra": 100, "etthundra": 100,
    },
    "no": {
        "tretten": 13, "fjorten": 14, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19,
        "tretti": 30, "førti": 40, "femti": 50, "seksti": 60, "sytti": 70, "åtti": 80,
        "nitti": 90, "hundre": 100, "hundrad": 100, "etthundre": 100, "eitthundre": 100,
    },
}  # fmt: skip


def _family(language: str) -> str:
    return "sv" if language == "sv" else "no"


def _number(word: str, language: str, counted_after: str) -> int | None:
    digits = re.sub(r"[ .]", "", word)
    if digits.isdigit():
        return None if _YEAR_NUMBER.fullmatch(digits) else int(digits)
    value = NUMBER_WORDS[_family(language)].get(word) or _MORE_NUMBERS[_family(language)].get(word)
    if value is None:
        return None
    if (
        word in ARTICLE_NUMBERS
        and not counted_after.rstrip().endswith(AT_LEAST + EXISTENCE_WORDS)
        and not _THERE_SHALL_BE.search(counted_after)
    ):
        return None
    return value


def _has_stem(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


# How a gathering's name ends: "møtet", "träffarna", "samlingane", "seminarier".
_GATHERING_ENDINGS = (
    "", "e", "en", "et", "er", "ene", "ne", "ar", "arna", "erna", "ane", "a", "n", "na", "r",
    "t", "ier", "iet", "ium",
)  # fmt: skip
# A compound whose head is a time or an effort of the gathering is the gathering too
# ("utbildningsdag", "kurshelg", "kursdagar", "utbildningsinsatser").
_GATHERING_HEADS = (
    "dag", "dagar", "dager", "dagen", "dagene", "dagane", "dagarna", "helg", "helgen", "helga",
    "helger", "kväll", "kvällar", "kvällen", "kveld", "kvelder", "kvelden", "tillfälle",
    "tillfällen", "tilfelle", "insats", "insatser", "insatsen", "start", "starten",
)  # fmt: skip
_GATHERING_WORD = re.compile(
    r"[\wåäöæøé-]*?(?:"
    + "|".join(sorted({*GATHERING_STEMS, "studiecirkl"}, key=len, reverse=True))
    + r")(?:(?:"
    + "|".join(e for e in _GATHERING_ENDINGS if e)
    + r")|s?(?:"
    + "|".join(_GATHERING_HEADS)
    + r"))?"
)
# Words that hold a gathering's stem and name none: "ledamöter" (members of a board).
_NOT_GATHERINGS = ("konkurs", "diskurs", "innsamling", "insamling", "ledamöt")
# "Forslag til årsmøtet", "frist før landsmøtet", "referat fra møtet", "etter avholdt årsmøte": a
# gathering named as what something else is for, before or after is no gathering of the item.
_REFERENCE_WORDS = frozenset(
    ("til", "till", "inför", "innför", "før", "före", "foran", "fra", "från", "frå", "etter",
     "efter")
)  # fmt: skip
# "bjuda in till medlemsmöte", "Styret innkaller til årsmøte", "velkommen til kurset": an
# invitation to the gathering is the gathering itself.
_INVITATION = re.compile(
    r"(?:in|inn|inviter\w*|bjud\w*|velkommen|välkommen|velkomen|innkaller|innkallar"
    r"|innkalles|kaller|kallar|kallas|kalles|samlas|samles|samlast)"
)
# A preposition or conjunction between ends the phrase: "legge til rette for kurs" is no kurs
# something is sent to.
_PHRASE_ENDS = frozenset(
    ("for", "för", "i", "på", "av", "med", "og", "och", "om", "å", "att", "at", "som", "ved",
     "vid", "under", "mot", "eller", "samt", "rette")
)  # fmt: skip
_REFERENCE_GAP = 2  # words between the preposition and the gathering: "til det ordinære årsmøtet"


def _names_a_gathering(text: str) -> bool:
    """Some word of the text names a gathering held, not only one that something is sent to or
    done before: "Forslag til årsmøtet må være sendt" is a deadline for motions."""
    words = re.findall(r"[\wåäöæøé-]+", text)
    for position, word in enumerate(words):
        if not _GATHERING_WORD.fullmatch(word) or any(no in word for no in _NOT_GATHERINGS):
            continue
        reference = None
        for back in range(position - 1, max(-1, position - 2 - _REFERENCE_GAP), -1):
            if words[back] in _REFERENCE_WORDS:
                reference = back
                break
            if words[back] in _PHRASE_ENDS:
                break
        if reference is None:
            return True
        if any(_INVITATION.fullmatch(lead) for lead in words[max(0, reference - 3) : reference]):
            return True
    return False


def _metric_for(text: str, *, asked: bool = False) -> str | None:
    """What the text is about: recruitment, a publication, a gathering or visits. The metric
    `asked` counts participants only where a gathering is held; a target still reads the stems."""
    if _has_stem(text, RECRUITMENT_STEMS):
        return "new_members"
    if _has_stem(text, PUBLICATION_STEMS):
        return "issues"
    if _names_a_gathering(text) if asked else _has_stem(text, GATHERING_STEMS):
        return "participants"
    if _has_stem(text, VISIT_STEMS):
        return "visits"
    return None


def _no_target(text: str, match: re.Match[str], amounts: Amounts) -> bool:
    """A ceiling, an approximation, a level, a place or a span of time or money is no target."""
    if _THERE_SHALL_BE.search(text[max(0, match.start() - 40) : match.start()]):
        return False
    before = text[max(0, match.start() - 40) : match.start()].split()
    previous = before[-1] if before else ""
    if previous in LEVEL_VERBS:
        amounts.review.append(Note(N_("A level, not a sum of answers: say how it is counted.")))
    following = match.group(2)
    if _LEVEL_AFTER.match(text[match.end() :]) or _RISE_TO.search(text[: match.start()]):
        amounts.review.append(Note(N_("A level, not a sum of answers: say how it is counted.")))
        return True
    return (
        _CONDITION_BEFORE.search(text[max(0, match.start() - 60) : match.start()]) is not None
        or previous in NOT_TARGET_BEFORE
        or previous in _ROUGH_BEFORE
        or (
            _STATE_BEFORE.search(text[max(0, match.start() - 10) : match.start()]) is not None
            and _GOAL_IS.search(text[max(0, match.start() - 40) : match.start()]) is None
        )
        # "mellan 30 och 40 deltagare", "20 til 30 deltakere": the upper end of a span
        or re.search(r"\d\s*(?:och|og|till|til|[-–])\s*$", text[: match.start()]) is not None
        or _CEILING_BEFORE.search(text[max(0, match.start() - 40) : match.start()]) is not None
        or any(word.startswith(("max", "maks")) for word in before[-3:])
        or following in NOT_TARGET_AFTER
        or (following in _LABEL_OR_SHARE_AFTER and match.group(3) not in _RHYTHM_NOUNS)
        # "fem minutters tale", "tre dagars kurs": a span of time in the genitive
        or (following.endswith("s") and following[:-1] in NOT_TARGET_AFTER)
        or (following.endswith("s") and following[:-1] + "r" in NOT_TARGET_AFTER)
        or match.group(3) in ("ovan", "nedan", "ovenfor", "nedenfor", "ovanfor")
        or re.fullmatch(r"\d+[a-z]?,", previous) is not None  # "Kaigata 6, 9008 Tromsø"
        or previous.endswith(_STREET_ENDINGS)  # "Kirkegt. 63": a street number
        # "arbeidsplasser med tre eller flere medlemmer": a condition on the units, no target
        or (previous in ("med", "with") and match.group(2) == "eller")
        # "Avdelning 01 Väst", "avd. 12", "Region 3": a number that names a unit, no count
        or match.group(0).lstrip().startswith("0")
        or previous.rstrip(".") in _UNIT_NAMES
    )


def _first_count(text: str, language: str, amounts: Amounts) -> tuple[int, re.Match[str]] | None:
    """The first number followed by a word: its value and its match (groups 2-3: next words)."""
    for match in _NUMBER_THEN_WORD.finditer(text):
        value = _number(match.group(1), language, text[max(0, match.start() - 40) : match.start()])
        if value is not None and value > 0:
            if not _no_target(text, match, amounts):
                return value, match
            if amounts.review:  # a level ("vara 110 000"): the sentence speaks of levels
                return None
    return None


def _as_counted(metric: str, text: str) -> str:
    """People who go to a course or are engaged in something are counted as its participants."""
    if metric not in PEOPLE_METRICS:
        return metric
    if metric == "new_members" and _has_stem(text, RECRUITMENT_STEMS):
        return metric
    if _has_stem(text, GATHERING_STEMS) or _has_stem(text, ENGAGEMENT_STEMS):
        return "participants"
    return metric


def _changed_metric(text: str) -> str | None:
    """What a change counts: the noun after "öka antalet", "fler", "redusere antall"."""
    for change in _CHANGE.finditer(text):
        metric = counted_after(text[change.end() :])
        if metric is not None:
            return _as_counted(metric, text)
    return None


def _percent_target(text: str, language: str, amounts: Amounts) -> bool:
    percent = _PERCENT.search(text)
    if percent is None or (value := _number(percent.group(1), language, "minst")) is None:
        return False
    if _SHARE_OF.search(text[max(0, percent.start() - 40) : percent.start()]):
        # "öka till en organisationsgrad på 70 %": the level of a rate, no count of answers
        amounts.review.append(Note(N_("A level, not a sum of answers: say how it is counted.")))
        return False
    amounts.target = {"count": value, "unit": "percent"}
    amounts.review.append(Note(N_("A percentage: say what it is counted against.")))
    return True


def _change_by_target(text: str, language: str, metric: str | None, amounts: Amounts) -> bool:
    """ "öka antalet medlemmar med 80": a sum of what the change counts."""
    if not _has_stem(text, INCREASE_WORDS):
        return False
    for change in _BY_AMOUNT.finditer(text):
        if text[change.end() :].lstrip().startswith("eller"):
            continue  # "med tre eller flere medlemmer": a condition, not a change by three
        value = _number(change.group(1), language, "minst")
        if value is not None:
            amounts.target = {
                "sum": value,
                "metric": _changed_metric(text) or metric or "participants",
            }
            return True
    return False


def _count_target(text: str, language: str, metric: str | None, amounts: Amounts) -> bool:
    counted = _first_count(text, language, amounts)
    if counted is None:
        return False
    value, match = counted
    noun = f"{match.group(2)} {match.group(3) or ''}"
    noun_metric = counted_after(text[match.end() :])
    before = text[max(0, match.start() - 40) : match.start()]
    if value == 1 and (_HAS_ONE.search(before) or _THERE_SHALL_BE.search(before)):
        amounts.target = {"count": value}
    elif noun_metric in SUMMED_METRICS:
        amounts.target = {"sum": value, "metric": _as_counted(noun_metric, text)}
    elif metric == "visits":  # "besöka 12 arbetsplatser": twelve visits
        amounts.target = {"sum": value, "metric": metric}
    elif _has_stem(noun, PEOPLE_STEMS) and not _has_stem(noun, GATHERING_STEMS):
        amounts.target = {"sum": value, "metric": metric or "participants"}
    else:
        amounts.target = {"count": value}
    return True


_BOUNDARY_WORDS_OF_CHANGE = frozenset(("att", "til", "till", "som", "ska", "skal", "skall", "som"))


def _direction_target(text: str, metric: str | None, amounts: Amounts) -> None:
    # "tre eller flere medlemmer": "or more" bounds a condition, it asks for no change
    # "arbetsgivare med fler än fem medlemmar": "more than" bounds a condition too
    unbounded = _MORE_THAN_CONDITION.sub(" ", text)
    words = set(re.findall(r"\w+", re.sub(r"\beller\s+(?:flere|fler|fleire)\b", " ", unbounded)))
    direction = "increase" if words & set(INCREASE_WORDS) else None
    direction = "decrease" if words & set(DECREASE_WORDS) else direction
    rises = _RISES.search(text)
    if direction is None and rises is not None and (named := counted_after(rises.group(1))):
        # "Vi ska verka för att antalet medlemmar ökar": working for it to change
        direction = "increase" if rises.group(2) in ("ökar", "øker", "aukar") else "decrease"
        amounts.target = {"direction": direction, "metric": _as_counted(named, text)}
        return
    if direction is None:
        return
    subject = _SUBJECT_CHANGES.search(text)
    if subject is not None and (named := counted_after(subject.group(1))) is not None:
        # "medlemsantalet ska öka till en organisationsgrad på …": the number of members rises
        amounts.target = {"direction": direction, "metric": _as_counted(named, text)}
        return
    if _SHARE.search(text):
        # "öka andelen …": a share is no sum of answers; the board says how it is counted
        amounts.review.append(Note(N_("A change without a measure: say what is counted.")))
        return
    changed = _changed_metric(text)
    more_of = _MORE_OF.search(text)
    if changed is None and more_of and more_of.group(1) not in _BOUNDARY_WORDS_OF_CHANGE:
        # "rekrytera fler skolinformatörer": more of something none of the metrics counts
        amounts.review.append(Note(N_("A change without a measure: say what is counted.")))
        return
    counted = changed or metric
    if counted is None:
        amounts.review.append(Note(N_("A change without a measure: say what is counted.")))
        return
    amounts.target = {"direction": direction, "metric": counted}


def _target(text: str, language: str, metric: str | None, amounts: Amounts) -> None:
    if _percent_target(text, language, amounts):
        return
    if _change_by_target(text, language, metric, amounts):
        return
    if _count_target(text, language, metric, amounts):
        return
    _direction_target(text, metric, amounts)


# "Hvordan … er opp til hver lokalavdeling": each unit decides for itself, no per-unit count.
_UP_TO = re.compile(r"\b(?:opp\s+til|upp\s+till|opp\s+åt|upp\s+åt)\s*$")


def _aside(text: str, start: int) -> bool:
    """The match stands in brackets ("(besøker styrene i alle lokalavdelinger)"): an aside."""
    before = text[:start]
    return before.count("(") > before.count(")")


# "Kretsarnas årsmöten ska vara avklarade", "klubbenes årsmøter": each unit's, in the plural.
# "klubbane sine årsmøte": the same in Nynorsk, with "sine".
_UNITS_GENITIVE = re.compile(
    r"\b(" + "|".join(_UNIT_HEADS) + r")(?:(?:arnas|ernas|ornas|enes|anes)\s+[\wåäöæø-]+"
    r"(?:en|er|ar|or|ane|ene)|(?:ane|ene|a)\s+sine\s+[\wåäöæø-]+)\b"
)


def _scope(text: str, amounts: Amounts) -> None:
    genitive = _UNITS_GENITIVE.search(text)
    if genitive is not None and not _aside(text, genitive.start()):
        kind = _unit_kind(genitive.group(1))
        if kind is not None:
            amounts.scope = kind
            amounts.found.append(Note(N_("per {kind}"), {"kind": kind}))
            return
    for match in _SCOPE.finditer(text):
        if _aside(text, match.start()) or _UP_TO.search(text[: match.start()]):
            continue
        kind = _unit_kind(match.group(1)) or _unit_kind(match.group(2) or "")
        if kind is not None:
            amounts.scope = kind
            amounts.found.append(Note(N_("per {kind}"), {"kind": kind}))
            break
    if _STEWARDS.search(text):
        amounts.all_stewards = True
        amounts.found.append(Note(N_("every steward")))


def read_amounts(text: str, language: str, number_language: str | None = None) -> Amounts:
    """Target, scope and metrics in `text` (lower-case, dates already blanked out).

    `language` names the metric labels; `number_language` reads number words (default: the same).
    A target's metric is the one asked; without one, what the text is about (a course, a
    newsletter, recruitment) decides.
    """
    amounts = Amounts()
    _target(text, number_language or language, _metric_for(text), amounts)
    target_metric = amounts.target.get("metric") if amounts.target else None
    metric = target_metric or _metric_for(text, asked=True)
    if metric is not None:
        amounts.metrics.append((metric, METRIC_LABELS[metric][language]))
        amounts.found.append(Note(N_("asks for {metric}"), {"metric": metric}))
    if amounts.target is not None:
        # the target as read, before its unit is added: "per {kind}" is a note of its own
        amounts.found.append(Note(N_("target {target}"), {"target": dict(amounts.target)}))
    _scope(text, amounts)
    if amounts.scope and amounts.target is not None and "direction" not in amounts.target:
        amounts.target["per"] = amounts.scope
    return amounts
