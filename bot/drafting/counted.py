"""The things unions count, by the nouns that name them in Swedish, Bokmål and Nynorsk."""

from __future__ import annotations

import re
from collections.abc import Mapping

# A compound's head comes last ("arbetsplatsbesök" is a visit, "tillitsvalgtsamling" a
# gathering), so nouns are matched on the end of a word. The first pattern that matches wins.
_NOUN_ENDINGS: tuple[tuple[str, str | None], ...] = (
    # Safety representatives are not workplace representatives and have no metric of their own.
    (r"(skydds|verne)ombud\w*", None),
    (r"(arbetsplats|kontakt)?ombud(en|et)?", "workplace_reps"),
    (r"(arbeids)?plasstillitsval(gt|gte|d|de)", "workplace_reps"),
    (r"förtroendevald[a]?|förtroendem[aä]n(nen)?|tillitsval(gt|gte|gde|d|de)", "stewards"),
    (r"medlem(mar|mer|er|marna|mene|ene|ane)?|medlemsantal(et)?|medlemstal(l|let)?", "new_members"),
    (r"inträde(n|t)?|innmelding(er|ar|ane)?", "new_members"),
    (r"utträde(n|t)?|utmelding(er|ar|ane)?|utmeldelse(r)?", "resignations"),
    (r"klubb(ar|er|ane|arna|ene|en)?", "clubs"),
    (r"besök(en|et)?|besøk(a|ene|et)?", "visits"),
    (r"deltag(are|arna)|deltak(ere|erne|arar|arane)", "participants"),
    # "ökat deltagande", "auka deltaking": taking part, counted by who takes part
    (r"deltagande(t)?|deltakelse(n)?|deltaking(a|en)?", "participants"),
    # "öka närvaron på möten", "auke oppmøtet": attendance, counted by who comes
    (r"närvaro(n)?|oppmøte(t)?|frammøte(t)?", "participants"),
    (r"kurs(er|ar|en|ene|ane)?|utbildning(ar|en|arna)?|opplæring(ar|er)?|skolering(ar|er)?",
     "courses"),
    (r"nyhe(i)?tsbrev(en|et)?|nummer|utgåv(a|or|er)|utgave(r)?|medlemsblad(et)?", "issues"),
)  # fmt: skip
_NOUNS = tuple((re.compile(rf"\w*(?:{ending})"), metric) for ending, metric in _NOUN_ENDINGS)

PEOPLE_METRICS = frozenset({"new_members", "stewards", "workplace_reps"})
# Things counted one by one, so a number of them is a sum ("20 arbetsplatsbesök").
SUMMED_METRICS = PEOPLE_METRICS | {"participants", "visits", "clubs", "resignations"}

# Words between a change and what it changes: "öka antalet", "auke talet på".
_QUANTITY = re.compile(
    r"^(?:(?:antalet|antal|antall|talet|tal|mängden|mengden)\s+(?:på\s+|av\s+)?)"
)
# "fler och mer nöjda medlemmar": two comparatives on one noun.
_COORDINATED = re.compile(r"^(?:och|og)\s+(?:mer|mera|mere|meir)\s+")
# A counted noun is looked for this many words after a change or a number, never past these.
NOUN_WINDOW = 3
PHRASE_CHARS = 120  # enough for the window's words; keeps a long line linear
_BOUNDARY_WORDS = frozenset(
    ("i", "på", "om", "av", "för", "for", "til", "till", "med", "och", "og", "samt", "som",
     "att", "å", "ved", "vid", "under", "inom", "innan")
)  # fmt: skip

METRIC_LABELS: Mapping[str, Mapping[str, str]] = {
    "participants": {"sv": "Antal deltagare", "nb": "Antall deltakere", "nn": "Tal på deltakarar"},
    "new_members": {"sv": "Nya medlemmar", "nb": "Nye medlemmer", "nn": "Nye medlemer"},
    "issues": {"sv": "Antal nummer", "nb": "Antall utgaver", "nn": "Tal på utgåver"},
    "stewards": {
        "sv": "Antal förtroendevalda", "nb": "Antall tillitsvalgte", "nn": "Tal på tillitsvalde",
    },
    "workplace_reps": {
        "sv": "Antal arbetsplatsombud", "nb": "Antall plasstillitsvalgte",
        "nn": "Tal på plasstillitsvalde",
    },
    "clubs": {"sv": "Antal klubbar", "nb": "Antall klubber", "nn": "Tal på klubbar"},
    "courses": {"sv": "Antal utbildningar", "nb": "Antall kurs", "nn": "Tal på kurs"},
    "visits": {"sv": "Antal besök", "nb": "Antall besøk", "nn": "Tal på besøk"},
    "resignations": {
        "sv": "Antal utträden", "nb": "Antall utmeldinger", "nn": "Tal på utmeldingar",
    },
}  # fmt: skip


def noun_metric(word: str) -> str | None:
    """The metric a single word names as a noun, or None."""
    for pattern, metric in _NOUNS:
        if pattern.fullmatch(word):
            return metric
    return None


def is_counted_noun(word: str) -> bool:
    return any(pattern.fullmatch(word) for pattern, _metric in _NOUNS)


def counted_after(text: str) -> str | None:
    """The metric of the noun that opens `text` ("antalet förtroendevalda i …" → stewards).

    Up to NOUN_WINDOW words are read, adjectives included ("yrkesaktive medlemmer"); a
    preposition or conjunction ends the phrase, so a later clause is never taken for it.
    """
    phrase = _COORDINATED.sub("", text[:PHRASE_CHARS].lstrip())
    words = re.findall(r"[\w-]+", _QUANTITY.sub("", phrase))
    for word in words[:NOUN_WINDOW]:
        if word in _BOUNDARY_WORDS:
            return None
        if is_counted_noun(word):
            return noun_metric(word)
    return None
