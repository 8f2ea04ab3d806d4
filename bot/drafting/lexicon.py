"""Word tables for Swedish, Bokmål and Nynorsk: months, seasons, numbers, markers, nouns."""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("sv", "nb", "nn")

MONTHS: Mapping[str, int] = {
    "januari": 1, "januar": 1, "februari": 2, "februar": 2, "mars": 3, "april": 4,
    "maj": 5, "mai": 5, "juni": 6, "juli": 7, "augusti": 8, "august": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12, "desember": 12,
}  # fmt: skip
MONTH_NAMES_EN = (
    "", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december",
)  # fmt: skip
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))

SEASONS: Mapping[str, str] = {
    "våren": "spring", "vårterminen": "spring", "vårhalvåret": "spring", "våras": "spring",
    "sommaren": "summer", "sommeren": "summer", "sumaren": "summer", "i sommar": "summer",
    "i sommer": "summer", "i sumar": "summer",
    "hösten": "autumn", "höstterminen": "autumn", "i höst": "autumn", "høsten": "autumn",
    "i høst": "autumn", "hausten": "autumn", "i haust": "autumn", "høstsemesteret": "autumn",
}  # fmt: skip
BEFORE_WORDS = (
    "före", "innan", "før", "innen", "senast", "senest", "seinast", "fram till", "inom",
)  # fmt: skip
# Weekdays that may stand between a deadline word and its date: "innen mandag 3. oktober".
WEEKDAYS = (
    "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag", "mandag", "tirsdag",
    "lørdag", "søndag", "måndag", "tysdag", "laurdag", "sundag",
)  # fmt: skip
# Words that except months from a rhythm: "hver måned, unntatt i juli".
EXCEPT_WORDS = ("utom", "förutom", "unntatt", "untatt", "bortsett fra", "except")
# "Every other week": the format has no such rhythm, so it is asked monthly and marked.
EVERY_OTHER_WEEK = (
    r"\bvarannan\s+vecka\b|\bvar\s+annan\s+vecka\b|\bannenhver\s+uke\b|\bhver\s+annen\s+uke\b"
    r"|\bannakvar\s+veke\b|\bkvar\s+andre\s+veke\b"
)
# "fyra gånger under året": a number of times in the year, asked once with how many.
TIMES_WORDS = r"(?:gånger|ganger|gonger|gång|gang|gong)"
YEAR_PHRASES = r"(?:per\s+år|pr\.?\s+år|i\s+året|om\s+året|under\s+året|under\s+ett\s+år|i\s+år)"
AFTER_WORDS = ("efter", "etter")

ORDINALS: Mapping[str, int] = {
    "första": 1, "første": 1, "fyrste": 1, "1": 1, "andra": 2, "andre": 2, "2": 2,
    "tredje": 3, "3": 3, "fjärde": 4, "fjerde": 4, "4": 4,
}  # fmt: skip

# Number words by language family; Swedish "ni" (you) must never count as nine.
NUMBER_WORDS: Mapping[str, Mapping[str, int]] = {
    "sv": {
        "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
        "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20,
    },
    "no": {
        "en": 1, "ett": 1, "ein": 1, "eitt": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4,
        "fem": 5, "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11,
        "tolv": 12, "femten": 15, "tjue": 20, "tjuge": 20, "én": 1,
    },
}  # fmt: skip
# Words for "one" are articles too: only counted after "minst"/"minimum" and the like.
ARTICLE_NUMBERS = frozenset({"en", "ett", "ein", "eitt", "ei"})
# "det ska finnas en klubb": one thing that should exist is counted.
EXISTENCE_WORDS = ("finnas", "finns", "finnes", "fins", "finst", "finnast")
# Numbers that are no target: after a ceiling, an approximation, a section sign or a level
# ("vara 110 000 medlemmar"), after a preposition of place, or before a unit of time or money.
NOT_TARGET_BEFORE = frozenset(
    ("max", "maks", "högst", "høgst", "høyst", "inntil", "maximalt", "maksimalt", "maximum",
     "maksimum", "ca", "ca.", "cirka", "omkring", "runt", "rundt", "§", "nr", "nr.", "fra", "från",
     "frå", "av", "hos", "ved", "vid", "vara", "være", "vere", "bli", "blir", "den",
     "de", "dei", "dom", "dessa", "disse", "desse",
     # "del 2", "punkt 4": the label of a part, not a number of anything
     "del", "delen", "punkt", "kapitel", "kapittel", "avsnitt", "bilaga", "vedlegg",
     # "den 21 november samlas 99 medlemmar", "det deltog 21": how many meet, no target
     "samlas", "samles", "samlast", "möts", "møtes", "møtast", "träffas", "treffes", "treffast",
     "deltog", "deltok",
     # "för alla tre organisationerna", "begge to foreningene": a number that names a group
     # already known, all of it, is no count of anything to do
     "alla", "alle", "samtliga", "samtlige", "samtlege", "båda", "bägge", "begge")
)  # fmt: skip
LEVEL_VERBS = frozenset({"vara", "være", "vere", "bli", "blir"})
NOT_TARGET_AFTER = frozenset(
    ("dag", "dagar", "dagars", "dager", "dagen", "veckor", "vecka", "veckors", "uker", "uke",
     "ukers", "veker", "veke", "timmar", "timme", "timer", "time", "minuter", "minutter", "år",
     "åren", "årene", "åra", "månad", "måned", "månader", "måneder", "månadar", "kronor", "kr",
     "kroner", "kronar",
     "nok", "sek", "euro", "procentenheter", "prosentpoeng", *MONTHS,
     # "i två etapper", "i to omganger": how a thing is split up, not how often it happens
     "etapper", "etappar", "etapp", "omganger", "omgångar", "delar", "deler", "steg", "trinn")
)  # fmt: skip
AT_LEAST = ("minst", "minimum", "åtminstone", "i alt", "totalt", "sammanlagt", "til saman")

RECURRENCE: tuple[tuple[str, str, str], ...] = (
    # (pattern, form, value); the first that matches wins
    (r"\b(varje|per|hver|kvar)\s+(vecka|uke|veke)\b|\bveckovis\b|\bukentlig\b", "every", "weekly"),
    (r"\b(varje|per|hver|kvar)\s+(månad|måned)\b|\bmånadsvis\b|\bmånedlig\w*|\bmånadleg\w*"
     r"|\bi måneden\b|\bi månaden\b", "every", "monthly"),
    (r"\b(varje|per|hvert|kvart)\s+kvartal\b|\bkvartalsvis\b", "every", "quarterly"),
    (r"\b(varje|hvert|kvart)\s+år\b|\bårlig\w*|\bårleg\w*|\bper\s+år\b|\bom året\b|\bi året\b"
     r"|\boch år\b|\bog år\b|\bpr\.?\s+år\b|\bunder ett år\b|\bi løpet av et år\b"
     r"|\bpå ett år\b"
     # "på hvert årsmøte", "vid varje årsmöte": the annual meeting comes once a year
     r"|\b(?:varje|hvert|hvart|kvart)\s+(?:årsmöte|årsmøte)\b", "every", "yearly"),
    # "ska under verksamhetsåret hålla minst ett allmänt medlemsmöte": one at least each year;
    # only the words of the year are the rhythm's, "minst ett" stays the count
    (r"^(?=.*\bminst\s+(?:ett|en|ein|eitt|ei|1)\s).*?\b(?P<rhythm>(?:under|i\s+løpet\s+av)\s+"
     r"(?:verksamhets|arbets|arbeids|virke)?året)\b", "every", "yearly"),
    # "den löpande förvaltningen", "løpende drift": day-to-day management, no rhythm
    (r"\bkontinuerlig\w*|\bkontinuerleg\w*|\bfortlöpande\b|\bfortløpende\b"
     r"|\b(?:löpande|løpende)\b(?!\s+(?:förvaltning\w*|forvaltning\w*|drift\w*|ärenden\w*"
     r"|saker\w*))|\bstadig\b(?!\s+(?:bedre|bättre|større|större|flere|fler|mer|meir))",
     "continuous", "monthly"),
    (r"\bregelbundet\b|\bregelbundna\b|\bregelbunden\b|\båterkommande\b|\bjevnlig\w*"
     r"|\bjamleg\w*|\bregelmessig\w*|\bgjentakende\b",
     "continuous", "quarterly"),
)  # fmt: skip

# Unit kinds a target may hold "per": word stems, and the kind key written in the draft.
UNIT_KINDS: Mapping[str, str] = {
    "ort": "ort", "orter": "ort", "klubb": "klubb", "klubbar": "klubb", "klubber": "klubb",
    "klubbane": "klubb", "klubbarna": "klubb", "klubbene": "klubb", "sektion": "sektion",
    "sektioner": "sektion", "seksjon": "seksjon", "seksjoner": "seksjon", "seksjonar": "seksjon",
    "avdelning": "avdelning", "avdelningar": "avdelning", "avdeling": "avdeling",
    "avdelinger": "avdeling", "avdelingar": "avdeling", "arbetsplats": "arbetsplats",
    "arbetsplatser": "arbetsplats", "arbeidsplass": "arbeidsplass",
    "arbeidsplasser": "arbeidsplass", "arbeidsplassar": "arbeidsplass", "enhet": "enhet",
    "enheter": "enhet", "region": "region", "regioner": "region", "fylke": "fylke",
}  # fmt: skip
DISTRIBUTIVE_WORDS = ("varje", "per", "pr", "hver", "hvert", "kvar", "kvart")
STEWARD_WORDS = (
    "förtroendevalda", "förtroendevald", "arbetsplatsombud", "ombud", "ombuden",
    "tillitsvalgte", "tillitsvalgt", "tillitsvalde", "tillitsvald",
)  # fmt: skip

# What to ask: word stems found inside (compound) words, and the metric asked for.
GATHERING_STEMS = (
    "träff", "möte", "møte", "sammankomst", "samling", "kurs", "utbildning", "opplæring",
    "opplæring", "skolering", "skoloring", "seminar", "konferens", "konferanse", "studiecirkel",
    "frukost", "workshop", "medlemsmøte", "årsmøte", "temadag", "medlemskväll", "medlemskveld",
)  # fmt: skip
RECRUITMENT_STEMS = (
    "värv", "rekryter", "verv", "nya medlem", "nye medlem", "inträd", "innmeld",
    "organisasjonsgrad", "organisationsgrad", "medlemsvekst", "medlemsökning",
)  # fmt: skip
PUBLICATION_STEMS = (
    "nyhetsbrev", "nyheitsbrev", "medlemsblad", "medlemstidning", "nummer", "utgåva", "utgave",
    "utgåve", "utskick", "informasjonsskriv", "medlemsbrev",
)  # fmt: skip
PEOPLE_STEMS = (
    "medlem", "deltag", "deltak", "person", "förtroendevald", "tillitsvalgt", "tillitsvald",
    "ombud", "lærling", "lärling", "anställd", "ansatt", "tilsett",
)  # fmt: skip
VISIT_STEMS = ("besök", "besøk")
# Verbs that make people the ones taking part ("engagera fler medlemmar"): count participants.
ENGAGEMENT_STEMS = (
    "engager", "engasjer", "involver", "aktiver", "mobiliser", "delta", "medverk", "genomgå",
    "gjennomgå",
)  # fmt: skip
# Words that make one thing a state to confirm: "har minst ett ombud", "det skal finnes en klubb".
POSSESSION_WORDS = ("har", "ha", "hava", "finnas", "finns", "finnes", "finnast", "finst", "fins")
INCREASE_WORDS = (
    "öka", "ökad", "ökat", "ökade", "utöka", "fler", "flera", "höja", "øke", "økt", "flere",
    "auke", "auka", "fleire",
)  # fmt: skip
DECREASE_WORDS = (
    "minska", "minskad", "färre", "sänka", "redusere", "færre", "minske", "redusera", "senke",
    "minke",
)  # fmt: skip

# Lines that say what follows: aims (kept as context) or commitments (items).
CONTEXT_MARKERS = (
    "vi vill", "vi vil", "hovedmål", "hovudmål", "vision", "visjon", "bakgrund", "bakgrunn",
    "inledning", "innledning", "innleiing", "syfte", "formål", "føremål", "övergripande mål",
    "långsiktiga mål", "overordnede mål", "overordna mål", "strategiplanen", "vår vision",
)  # fmt: skip
COMMITMENT_MARKERS = (
    "vi ska", "vi skal", "målsättningar", "målsättning", "mål", "aktiviteter", "aktivitetar",
    "åtaganden", "fagforeningens mål", "fagforeininga sine mål", "foreningens mål", "tiltak",
    "målsettinger", "målsetjingar", "konkreta mål", "konkrete mål", "handlingsplan",
    "det här gör vi", "dette gjør vi", "dette gjer vi", "avdelningens mål", "sektionens mål",
    "klubbens mål", "avdelingens mål", "lokale mål", "våra mål", "våre mål",
)  # fmt: skip
# Template text that names measurable goals announces the board's own goals.
COMMITMENT_HINTS = ("målbar", "mätbar", "målbare", "konkreta mål", "konkrete mål")
INSTRUCTION_HINTS = (
    "her formulerer", "skriv här", "skriv her", "fyll i", "fyll inn", "beskriv här",
    "beskriv her", "skriv inn", "ta bort denna", "ta bort den här", "slett denne",
)  # fmt: skip
PLAN_WORDS = (
    "verksamhetsplan", "handlingsplan", "aktivitetsplan", "årsplan", "virksomhetsplan",
    "verksemdsplan", "arbeidsplan", "arbeidsprogram", "arbetsplan", "verksamhetsinriktning",
    "prioriterade områden", "prioriterte områder", "aktivitetskalender", "årshjul", "årskalender",
    "handlingsprogram", "prioriterade uppgifter", "prioriterte oppgaver", "prioriterte oppgåver",
    # "Forslag til tiltaksplan 2019-2021": a plan of measures ("tiltak") is a plan
    "tiltaksplan", "åtgärdsplan",
    # "MÅLPROGRAM FOR 2020–2025" over actions in the infinitive ("Utvikle …", "Jobbe for …"): a
    # programme of goals adopted for a period is a plan, as a "handlingsprogram" is
    "målprogram", "måleprogram",
)  # fmt: skip
# A year opens a part of the plan: "För 2024 ...", "I 2025:".
YEAR_PART_PREFIX = r"(?:för|for|i|under|år|året|in)"

# Days the holidays library knows by name, by the words a plan uses for them.
NAMED_DAYS: Mapping[str, tuple[str, str]] = {
    "första maj": ("SE", "Första maj"),
    "nationaldagen": ("SE", "Nationaldagen"),
    "sveriges nationaldag": ("SE", "Nationaldagen"),
    "arbeidernes dag": ("NO", "Arbeidernes dag"),
    "grunnlovsdagen": ("NO", "Grunnlovsdag"),
    "grunnlovsdag": ("NO", "Grunnlovsdag"),
    "nasjonaldagen": ("NO", "Grunnlovsdag"),
}
# A named week ("medlemsveckan", "verveuka") has a date the text does not give.
NAMED_WEEK = r"\b\w{3,}(?:veckan|veckor|vecka|uka|uken|veka|veke)\b"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS: Mapping[str, frozenset[str]] = {
    "sv": _words(
        "och att ska inte för med är av som till eller vi vill också mycket kommer skall "
        "medlemmar förtroendevalda styrelsen avdelningen under efter genom även hos"
    ),
    "no": _words("og å skal for med på av som til eller vi også"),
    "nb": _words(
        "ikke jeg hva hvor hvordan fra bare medlemmer noen mye være hvert hver uke skal "
        "tillitsvalgte styret fagforeningen gjennom etter også"
    ),
    "nn": _words(
        "ikkje eg kva kor korleis frå berre medlemer nokon mykje vere kvart kvar veke "
        "tillitsvalde styret fagforeininga gjennom etter òg dei ein eit vert blir"
    ),
}
