"""Commitments written as sentences in paragraphs: which sentences a board would follow up."""

from __future__ import annotations

import re

from bot.drafting.lexicon import (
    ARTICLE_NUMBERS,
    MONTH_PATTERN,
    NUMBER_WORDS,
    PEOPLE_STEMS,
    TIMES_WORDS,
    WEEKDAYS,
)
from bot.drafting.model import PlanValue

_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"«„(]?[A-ZÅÄÖÆØ0-9])")
# "ca.", "nr.", "t.ex." never end a sentence; "osv." and "mm." may, and do before a capital.
_ABBREVIATION = re.compile(r"\b(?:ca|nr|ev|t\.ex|bl\.a|kl|jfr|dvs|pkt|avd)\.$", re.I)
# "Kirkegt. 63", "Storgt. 4": a street before its number; "gjenvalgt. Neste" ends a sentence.
_STREET = re.compile(r"(?:gt|vn|st|vei|v)\.$", re.I)
_SUBJECT = (
    r"(?!(?:det|den|dette|denne|detta|denna)\b)"  # "Det vil ...": no one commits
    r"(?:vi|styrelsen|styret|forbundet|förbundet|avdelningen|avdelingen|klubben|\w+en|\w+et"
    r"|(?:varje|hver|hvert|kvar|kvart|alle|alla|samtliga)\s+\w+)"  # "Varje sektion ska"
)
_MODAL = r"(?:ska|skal|skall|kommer\s+att|kommer\s+til\s+å|vil)"
# "Avdelningen ska, tillsammans med ABF, ...", "Forbundet vil ...": a subject that commits.
# "Det skal velges ...": a duty without a named subject; "Det vil ..." only foretells.
_COMMITS = re.compile(rf"^(?:{_SUBJECT}\s+{_MODAL}|det\s+(?:ska|skal|skall))\b", re.I)
# "Klubbarna ska", "Dei tillitsvalde skal", "Styret og klubbene skal sammen": a subject of up to
# four words before "ska"/"skal" commits too, unless it is the reader, "det" or a question, or
# holds a relative clause ("De frågor som ska behandlas").
_NOUN_PHRASE_COMMITS = re.compile(
    r"^(?!(?:det|den|dette|denne|detta|denna|man|du|ni|dere|dokker|de\s+som|dei\s+som|hvis|om"
    # "Nu ska det bli …", "Då skal vi …": an adverb first, the subject after the verb
    r"|nu|nå|no|då|så|sedan|siden|sidan|senere|seinare|också|även|dessutom|därför|derfor|difor"
    r"|dersom|när|når|där|der|här|her|vad|hva|kva|hur|hvordan|korleis|vem|hvem|kven|vilka"
    r"|hvilke|kva|som|att|at|for|för|fordi|eftersom|siden|sidan)\b)"
    r"[\wåäöæø-]+(?:\s+(?!som\b|att\b|at\b)[\wåäöæø-]+){0,3}?\s+(?:ska|skal|skall)\b",
    re.I,
)
# "Under 2021 kommer Förbundet att ...", "I september inviterer vi ...": a fronted time.
_FRONTED = re.compile(
    rf"^(?:under|i|på|efter|etter|innan|før|före|fram\s+till|till|til)\b[^.]{{0,40}}?"
    rf"\b(?:kommer|ska|skal|skall|vil)\s+{_SUBJECT}\b",
    re.I,
)
_AIM = re.compile(r"^vi\s+(vill|vil)\b", re.I)
# "Ett mätbart mål är att …", "Målet er at …", "Vårt mål är att …": a goal the text sets, a target
# to follow up (its year may lie beyond the plan's period: a horizon).
_GOAL_IS_THAT = re.compile(
    r"^(?:ett|et|eit|vårt|vårat|vårt|vårt|vårt|vårt|vårt|det)?\s*(?:[\wåäöæø]+\s+)?"
    r"(?:mål|målet|målsättningen|målsettingen|målsetjinga)\s+(?:är|er|blir)\s+(?:att|at)\b",
    re.I,
)
# "På alle arbeidsplasser med tre medlemmer skal det være en klubb": a fronted place, a duty.
_FRONTED_DUTY = re.compile(
    r"^(?:på|i|under|innen|inom|for|för)\b[^.]{0,80}?\b(?:ska|skal|skall)\s+det\b", re.I
)
# "Valg av delegater vil finne sted …", "Årsmötet kommer att hållas …": an event is scheduled.
_EVENT = re.compile(
    r"\b(?:vil|skal|ska|skall|kommer\s+att|kommer\s+til\s+å)\s+(?:finne\s+sted|äga\s+rum"
    r"|holdes|hållas|avholdes|avhållas|arrangeres|arrangeras)\b",
    re.I,
)
# "… kommer ombuden att kunna logga in", "vil kunne": what will be possible, not a commitment.
_POSSIBLE = re.compile(r"\b(?:kunna|kunne)\b", re.I)
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
     "behandlade", "antog", "vedtog",
     # strong verbs' past: "tok utgangspunkt i", "gjorde", "kom", "skrev", "valde"
     "tok", "tog", "gav", "gjorde", "sa", "sade", "kom", "stod", "sto", "skrev", "valde",
     "bestemte", "bestämde", "höll", "fant", "fann",
     "beslutade", "vedtog", "valdes", "valgte", "vedtatt", "vedtatte", "vedteke", "antagen",
     "antogs", "antatt", "fastställd", "fastställdes", "beslutad", "godkjent", "godkänd",
     "uppdaterad", "oppdatert", "publicerad", "publisert", "ändrad", "ändrat", "endret",
     "endra", "redigerad", "redigert")
)  # fmt: skip
# "var tredje vecka", "var annan månad": "var" is "every" here, not the past of "vara".
_EACH_VAR = re.compile(
    r"\bvar\s+(?:annan|annat|andra|tredje|fjärde|femte|sjätte|fjortonde|\d+:e)\b", re.I
)
# "ska vara avklarade", "alla anmälda", "vilka nominerade kandidater": after "vara", "bli", "är"
# or a determiner the form is a participle that describes, not the past.
_SWEDISH_PAST = re.compile(
    r"(?<!\bvara )(?<!\bbli )(?<!\bblir )(?<!\bär )(?<!\bvilka )(?<!\balla )(?<!\bsamtliga )"
    r"(?<!\bönskar )"  # "frågor ni önskar behandlade": wanted done, not done
    r"\b\w{3,}(?:ade|ades)\b"
)
# "har arrangerat", "har gjennomført", "hadde hatt", "har halde": the perfect tells what was done.
_PERFECT = re.compile(
    r"\b(?:har|hade|hadde|hev)\s+(?:[\wåäöæø]+\s+){0,2}?(?:\w+erat|\w+ert|\w*ført|\w*fört"
    r"|\w*holdt|\w*hållit|\w*halde|hatt|haft|vært|varit|vore|gjort|fått|\w+tatt|\w+tagit"
    r"|\w+teke|\w*besøkt|\w*besökt|\w*startet|\w*startat|\w*ordnat|\w*vervet|\w*värvat"
    r"|\w*kommit|\w*kommet)\b"
    # "har vi gemensamt berättat", "har jag pratat": a Swedish supine after a pronoun or adverb
    r"|\b(?:har|hade)\s+(?:(?:vi|jag|ni|de|han|hon|gemensamt|redan|också|även|nu|tidigare"
    r"|just|länge)\s+){1,2}\w{3,}at\b"
)
# "Delegatene skal debattere", "Ombuden ska besluta": on a page that is not a plan, people
# named as a group describe what they do there; a body ("Sekretariatet vil") still commits.
_GROUP_OF_PEOPLE = (*PEOPLE_STEMS, "delegat", "representant", "ledam", "deltakar")
# "Passa på att anmäla dig", "Ta chansen att …", "Grip sjansen": encouragement to the reader.
_ENCOURAGES = re.compile(
    r"^(?:passa\s+på|ta\s+chansen|grip\s+(?:sjansen|chansen)|benytt\s+(?:deg\s+av\s+)?"
    r"(?:sjansen|anledningen|høvet))\b",
    re.I,
)
# "Uppdraget kommer att vara utvecklande, intressant och lärorikt", "Kurset vil være gratis og
# åpent": what something will be like, a description.
_WILL_BE_LIKE = re.compile(
    r"\b(?:kommer\s+att|kommer\s+til\s+å|vil)\s+(?:vara|være|vere|bli)\s+[\wåäöæø]+"
    r"(?:,\s*[\wåäöæø]+)*\s+(?:och|og)\s+[\wåäöæø]+\W*$",
    re.I,
)
# "Det är viktigt att …", "Det er viktig at …": an opinion, no one's commitment.
_OPINION = re.compile(
    r"^(?:det|detta|dette)\s+(?:är|er|blir)\s+(?:\w+\s+)?(?:viktigt|viktig|avgörande|avgjørende"
    r"|roligt|morsomt|kjekt|glädjande|gledelig|bra|fint|spännande|spennende)\s+(?:att|at|å)\b",
    re.I,
)


# "Kompetanse. Negotia mener livslang læring …", "Förbundet tror på …": a subject of up to three
# words, after a label of one word, says what it thinks.
_BELIEF = re.compile(
    r"^(?:[\wåäöæø-]+\.\s+)?[\wåäöæø-]+(?:\s+[\wåäöæø-]+){0,2}?\s+"
    r"(?:mener|menar|meiner|anser|tycker|synes|syns|tror\s+på|trur\s+på)\b",
    re.I,
)


def is_opinion(text: str) -> bool:
    """ "Det är viktigt att vi har ett öra mot marken": what someone thinks, not a task."""
    return _OPINION.match(text.strip()) is not None


def states_a_belief(text: str) -> bool:
    """ "Kompetanse. Negotia mener …": a policy, what the union thinks; no task of a plan."""
    return _BELIEF.match(text.strip()) is not None


# "Vil du være med …, bør du melde deg": advice to the reader, no one's commitment.
_TO_READER = re.compile(r"^(?:vil|vill|ønsker|önskar|hvis|om|dersom)\s+du\b", re.I)
# "Under våren kommer du bli kallad …", "I mai får dere …", "Inför mötet får du som är ombud …":
# after a fronted time or place, the reader is the subject: what happens to the reader ("Har du
# forslag, kan du sende det innen …" still asks something by a day).
_READER_SUBJECT = re.compile(
    r"^(?:[^\s.,;:]+\s+){1,10}?(?:kommer|ska|skal|skall|vil|får|blir|bliver|har)\s+"
    # "ni" is also nine in Norwegian: "skal ni klubber" counts, "kommer ni att" addresses
    r"(?:du|ni(?!\s+[\wåäöæø]+(?:er|ar|ganger|gonger)\b)|dere|de\s+som|dokker"
    # "I forkant av møtet vil alle som er påmeldt få tilsendt …": the readers who take part
    r"|alle\s+som\s+(?:er|är)\s+(?:påmeldt|påmeld|anmälda|anmäld|påmelde))\b",
    re.I,
)
# "Handlingsprogrammet skal være grunnlaget for …", "Planen ska vara ett stöd": the plan document
# described, not a task.
_DOCUMENT_IS = re.compile(
    r"^(?:den\s+|det\s+|denne\s+|dette\s+|detta\s+|denna\s+)?\w*(?:plan|planen|planer"
    r"|program|programmet|programmene|dokument|dokumentet)\s+(?:ska|skal|skall)\s+"
    r"(?:vara|være|vere|fungera|fungere|gjelde|gälla)\b",
    re.I,
)
# "Styret skal bestå av fem medlemmer", "Klubben består av": what a body is made of, as the rules
# say it, not a task ("et kurs som består av tre samlinger" is only a clause of a task).
_CONSISTS_OF = re.compile(
    r"^(?:[\wåäöæø-]+\s+){1,3}"
    r"(?:(?:ska|skal|skall)\s+)?(?:bestå|består)\s+av\b",
    re.I,
)
# "Rekommendationerna gäller fram till 30 juni": what applies until then, no one's task.
_APPLIES = re.compile(r"\b(?:gäller|gjelder|gjeld)\b", re.I)
# "Det innebär att …", "Dette betyr at …", "För oss innebär det att …": the sentence explains
# what was said before it.
_EXPLAINS = re.compile(
    r"^(?:det|detta|dette|då|så)\s+(?:innebär|innebærer|inneber|betyr|betyder|medför|medfører"
    r"|vil\s+si|vil\s+seie|vill\s+säga)\b"
    r"|\b(?:innebär|innebærer|inneber|betyr|betyder|medför|medfører)\s+(?:det|detta|dette)"
    r"\s+(?:att|at)\b",
    re.I,
)
# "vart fjärde år", "hvert tredje år", "annakvart år": the cycle of the rules, not a plan's year.
_EVERY_FEW_YEARS = re.compile(
    r"\b(?:vart|var|hvert|kvart|kvar)\s+(?:annat|annet|anna|andra|andre|tredje|fjärde|fjerde"
    r"|femte)\s+år\b|\b(?:annethvert|annenhvert|vartannat|annakvart|annankvart)\s+år\b",
    re.I,
)
# "hvert annet år (partallsår)", "vartannat år (jämna år)": the cycle names which years.
_EVEN_YEARS = re.compile(r"\b(?:partallså\w*|jämna\s+år\w*|like\s+år|partalsår\w*)")
_ODD_YEARS = re.compile(r"\b(?:oddetallså\w*|udda\s+år\w*|odde\s+år|oddetalsår\w*)")


def _held_this_year(lowered: str, when: PlanValue | None, years: range) -> bool:
    """ "… holdes hvert annet år (partallsår) i tidsrommet 1. september – 30. november" in a plan
    of an even year: the meeting falls in the plan's year, at the time the sentence gives."""
    if not when or not {"date", "dates", "window", "by"} & set(when) or len(years) != 1:
        return False
    even = years[0] % 2 == 0
    return bool((_EVEN_YEARS.search(lowered) and even) or (_ODD_YEARS.search(lowered) and not even))


# "Handlingarna kommer att vara tillgängliga", "vil være klart": a state announced, no one's task
# ("klar med budgeten" is a task done by a day).
_READY_BY = re.compile(
    r"\b(?:ska|skal|skall|må|måste)\s+(?:\w+\s+)?(?:vara|være|vere)\s+(?:\w+\s+)?"
    r"(?:klar|klart|klara|klare|färdig\w*|ferdig\w*|avklar\w*)\b"
)
_AVAILABLE = re.compile(
    r"\b(?:vara|være|vere|bli|blir|finnas|finnes|finst)\s+(?:\w+\s+)?(?:tillgänglig\w*"
    r"|tilgjengelig\w*|tilgjengeleg\w*|klar|klart|klara|klare|färdig\w*|ferdig\w*)\b(?!\s+med\b)"
    r"|\b(?:finnas|finnes|finst|ligga|ligge)\s+(?:på|i)\s+(?:webben|nätet|nettet|\w*sidan"
    r"|\w*siden|\w*sida)\b",
    re.I,
)
# "har rätt till en ledamot", "har uttale- og stemmerett", "har möjlighet att": what the rules
# allow someone, no one's commitment (unless it comes with a day).
_RIGHTS = re.compile(
    r"\bhar\s+(?:\w+\s+){0,2}?(?:rätt|rett|rätten|retten|möjlighet|mulighet|moglegheit)"
    r"\s+(?:till|til|att|å)\b|\bhar\s+(?:[\w-]+,?\s+){0,4}?[\w-]*(?:rätt|rett)\b",
    re.I,
)
_BRACKETS = re.compile(r"\([^()]*\)")
_RELATIVE_NEGATION = re.compile(r"\bsom\s+(?:ikke|inte|ikkje|ej)\b")
_NEGATION = frozenset(("inte", "ej", "icke", "ikke", "ikkje"))
_MONEY = frozenset(("kronor", "kr", "kroner", "kronar", "sek", "nok", "euro"))
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DATE_WORDS = re.compile(rf"\b\d{{1,2}}\.?(?:\s*[-–]\s*\d{{1,2}}\.?)?\s+(?:{MONTH_PATTERN})\b")
_CONTACT = re.compile(r"@|\b(?:tel|telefon|tlf|mobil|e-post|epost|e-mail)\b|\+?\d[\d ]{7,}\d", re.I)
_CLOCK = re.compile(r"^(?:kl\.?\s*)?\d{1,2}[:.]\d{2}\b")
# "Sidansvarig: Organisationsenheten": a label and a value, a page's footer.
_LABELLED = re.compile(r"^[\wåäöæø-]+:\s+\S+(?:\s+\S+){0,2}$", re.I)
_DEADLINE_LINE = re.compile(r"^(?:\w*frist\w*|siste|sista|seinaste)\b", re.I)
_LABEL = re.compile(r"^(?:när|når|dag|dato|datum|tid|sted|plats|var|hvor)\s*:", re.I)
# "Dag: 12 februari 2026", "Dato: 3. mars", "Tid: Mandag 5. september 2022, kl. 17:00-18:00": the
# day of the event a page announces (a "Tid:" with only the hour names no day and gives none).
DAY_LABEL = re.compile(
    r"^(?:när|når|dag|dato|datum|tid|tidspunkt|tidpunkt|dato\s+og\s+tid|datum\s+och\s+tid)\s*:"
    r"\s*(?P<day>.+)$",
    re.I,
)


_DEADLINE_WORD = re.compile(r"\b(?:senest|senast|seinast|innen|innan|inom|\w*frist\w*)\b")
# "Klubbmötet ska också välja representanter …", "Årsmøtet skal behandle …": a meeting's business,
# its agenda, not a task of its own.
_MEETING_BUSINESS = re.compile(
    # "Förbundsrådet ska behandla inkomna motioner": a council that meets is a meeting too
    r"^[\wåäöæø]*(?:mötet|møtet|kongressen|stämman|stemnet|fullmäktige|representantskapet|rådet"
    r"|generalforsamlingen|generalforsamlinga)\s+"
    r"(?:ska|skal|skall)\s+(?:(?:också|også|òg|även|dessutom|blant\s+anna[nt]|bland\s+annat)\s+)?"
    r"(?:välja|velge|velje|behandla|behandle|handsame|besluta|beslutte|vedta|fastställa|fastsette"
    r"|fastsetje|godkänna|godkjenne)\b"
)
# "Det skal velges ny leder …", "Det ska väljas en ledamot …": on a page that is no plan, what a
# meeting elects or treats, said without anyone who does it; in a plan "Det skal velges
# tillitsvalgt på alle arbeidsplasser" is a duty.
_ELECTED = re.compile(
    r"^det\s+(?:ska|skal|skall)\s+(?:(?:også|òg|även|dessutom)\s+)?(?:velges|väljas|veljast"
    r"|behandles|behandlas|handsamast|behandlast)\b"
)


def is_meeting_business(text: str, *, plan: bool = False) -> bool:
    """ "Landsmøtet skal behandle …", and outside a plan "Det skal velges ny leder …": what a
    meeting does."""
    lowered = text.lower().strip()
    return (
        _AT_THE_MEETING.match(lowered) is not None
        or _MEETING_BUSINESS.match(lowered) is not None
        or (not plan and _ELECTED.match(lowered) is not None)
    )


# "Creo er, og skal være, Norges største … fagforbund", "Förbundet ska vara den självklara
# organisationen för …": what a body is or means to be, its identity, not a task.
_IDENTITY = re.compile(
    r"^(?!(?:det|den|detta|dette|denna|denne|hon|han|du|ni|dere)\b)"
    r"[\wåäöæø-]+(?:\s+[\wåäöæø-]+){0,2}?\s+(?:(?:er|är),?\s+(?:og|och)\s+)?(?:ska|skal|skall),?"
    r"\s+(?:vara|være|vere),?\s+(?:den|det|de|dei|en|ett|et|ei|ein|eit|\w+s)\s+"
)


def states_identity(text: str) -> bool:
    """ "Creo er, og skal være, Norges største fagforbund": what a body is, no task."""
    return _IDENTITY.match(text.lower().strip()) is not None


# "Dette er områder som krever kontinuerlig innsats": what something is, a description.
_THIS_IS = re.compile(r"^(?:dette|detta|desse|disse|dessa)\s+(?:er|är)\b")
# "… belyses enkelte utfordringer i punktene nedenfor", "som beskrivs nedan": about the text.
_POINTS_TO_TEXT = re.compile(
    r"\b(?:i\s+)?(?:punktene|punkterna|punkta|avsnittene|avsnitten|kapitlene)?\s*"
    r"(?:nedenfor|nedanfor|nedan|ovenfor|ovanfor|ovan)\s*[.:!]?$"
)
# "Under årsmötet kommer vi att välja …", "På landsmøtet skal delegatene …": what happens at a
# meeting is part of that meeting, not a task of its own, unless it has a time of its own.
_AT_THE_MEETING = re.compile(
    # "I tilknytning til landsmøtet vil forbundsstyret avholde et seminar", "I anslutning till
    # kongressen": held with the meeting, part of it
    r"^(?:under|på|vid|i|i\s+løpet\s+av|i\s+tilknytning\s+til|i\s+tilknyting\s+til"
    r"|i\s+anslutning\s+till|i\s+samband\s+med|i\s+forbindelse\s+med|i\s+samband\s+med)\s+"
    r"(?:det\s+|den\s+)?[\wåäöæø]*"
    r"(?:mötet|møtet|mötena|møtene|møta|kongressen|stämman|stemnet|landsmøtet|konferensen"
    r"|konferansen|fullmäktige|representantskapet)\b"
)


def split_sentences(text: str) -> list[str]:
    """A paragraph's sentences; an abbreviation ("ca.", "nr.") does not end one."""
    sentences: list[str] = []
    for part in _SPLIT.split(text):
        if sentences and (
            _ABBREVIATION.search(sentences[-1])
            or (_STREET.search(sentences[-1]) and part[:1].isdigit())
        ):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return [sentence.strip() for sentence in sentences if sentence.strip()]


# "Sektionens uppgifter är att:", "Styret har vedtatt:", "… ved å:": what follows is done.
# "Kommende arrangementer", "Vårens aktiviteter", "På gång": a heading over events to come.
_ANNOUNCES = re.compile(
    r"\b(?:\w*uppgift\w*|\w*oppgave\w*|\w*oppgåve\w*|åtagand\w*|ansvar\w*|beslut\w*"
    r"|vedt(?!ekt)\w*|bestemt|planer\w*|planlegg\w*|planlagt|\w*aktivitet\w*|arrangement\w*"
    r"|arrangemang\w*|evenemang\w*|kalend\w*|kommende|kommande|komande|på\s+gång)\b"
    r"|\b(?:ved|gjennom|genom)\s+(?:å|att)\s*:?$",
    re.I,
)


# "Fem delmål – ", "Tre mål — ": a short label before a dash names what the list is.
_LABEL_DASH = re.compile(r"^[^–—:.]{1,40}?\s[–—]\s+(?=\S)")


def labels_commitments(text: str) -> bool:
    """ "Fem delmål – Negotia skal:": a label and a dash over a list that a subject commits to,
    as a plan heads its goals; not "Regional samverkan ska:", a body's standing duties."""
    sentences = split_sentences(text)
    last = sentences[-1].rstrip(" :") if sentences else ""
    labelled = _LABEL_DASH.match(last)
    rest = last[labelled.end() :] if labelled else ""
    return bool(labelled and text.rstrip().endswith(":") and _COMMITS_WORD.search(rest))


_COMMITS_WORD = re.compile(r"\b(?:ska|skal|skall|vil|kommer\s+att)\s*$", re.I)


def announces_commitments(text: str) -> bool:
    """The paragraph before a list says that its bullets are done: a subject commits ("Klubbstyret
    skal blant annet:"), or it names tasks, decisions or the means ("… ved å:")."""
    sentences = split_sentences(text)
    last = sentences[-1].rstrip(" :") if sentences else ""
    labelled = _LABEL_DASH.match(last)
    if labelled and announces_commitments(last[labelled.end() :]):
        # "Fem delmål – Negotia skal:": a label, a dash, then the subject that commits
        return True
    return bool(
        _COMMITS.match(last)
        or _NOUN_PHRASE_COMMITS.match(last)
        or _FRONTED.match(last)
        or _ANNOUNCES.search(last.rstrip(":"))
    ) and not (_AIM.match(last) or _TO_READER.match(last) or _AGENDA.match(last))


# "Årsmøtet skal:", "Kongressen ska bland annat behandla:": what a meeting does is its agenda.
_AGENDA = re.compile(
    r"^(?:det\s+)?(?:ordinære?\s+|ordinarie\s+|ordinært\s+)?[\wåäöæø]*"
    r"(?:møtet|mötet|kongressen|stämman|stemnet|fullmäktige|representantskapet)\s+"
    r"(?:skal|ska|skall)(?:\s+(?:blant\s+anna[nt]|bland\s+annat|behandle|behandla|handsame))*\s*$"
    # "Årsmøtets oppgaver", "Årsmötets uppgifter": the tasks of a meeting are its agenda too
    r"|^[\wåäöæø]*(?:møtets|mötets|møtet\s+sine|kongressens|stämmans|stemnets|fullmäktiges"
    r"|representantskapets)\s+(?:oppgaver|oppgåver|uppgifter|uppgift|saker|ärenden)\s*$",
    re.I,
)


# "Skapad 2013-01-18", "Sist oppdatert 3. mai 2024", "Publisert: 12.03.2025": when the page was
# written or changed, never a task.
_PAGE_STAMP = re.compile(
    r"^(?:sist\w*\s+|senast\s+)?(?:skapad|skapat|uppdaterad|uppdaterat|publicerad|publicerat"
    r"|oppdatert|oppdatera|publisert|opprettet|oppretta|endret|endra|ändrad|redigert|redigerad)"
    r"\s*:?\s*(?:den\s+)?[\d.\-/ ]*(?:\d{1,2}\.?\s+[a-zåäöæø]+\.?\s*)?"
    r"(?:(?:19|20)\d\d)?[\d.\-/ ]*$",
    re.IGNORECASE,
)


# "Oslo, 23. januar 2008 Monica Deildok Forbundsleder": the place and day a letter was signed.
DATELINE = re.compile(
    rf"(?<![\w,])[A-ZÅÄÖÆØ][a-zåäöæø]+,\s+(?:den\s+)?\d{{1,2}}\.?\s+(?:{MONTH_PATTERN})\s+"
    r"(?:19|20)\d\d\b(?=\s+[A-ZÅÄÖÆØ]|\s*$)"
)


def is_page_stamp(text: str) -> bool:
    """ "Uppdaterad 2019-02-18": the date a page was written or changed, page chrome; and the
    dateline that opens a letter's signature ("Oslo, 23. januar 2008 …")."""
    stripped = text.strip()
    return re.search(r"\d", text) is not None and (
        _PAGE_STAMP.match(stripped) is not None or DATELINE.match(stripped) is not None
    )


def describes_composition(text: str) -> bool:
    """ "Styret skal bestå av …": what a body is made of, never a task."""
    return _CONSISTS_OF.search(text) is not None


def is_contact(text: str) -> bool:
    """A phone number or an e-mail address: contact details, never an area or an item."""
    return _CONTACT.search(text) is not None


def is_programme_line(text: str) -> bool:
    """ "10:00 Åpning": a line of a day's programme, not a board's commitment."""
    return _CLOCK.match(text) is not None


# "12 mars – Medlemsmöte", "Tysdag 12. mars kl. 18: Medlemsmøte": a line of a calendar opens with
# its day, then names the event.
_OPENS_WITH_DAY = re.compile(
    rf"^(?:(?:{'|'.join(WEEKDAYS)})\s+)?(?:den\s+)?\d{{1,2}}\.?\s*(?:[-–]\s*\d{{1,2}}\.?\s*)?"
    rf"(?:{MONTH_PATTERN})\b\.?(?:\s+(?:19|20)\d\d)?"
    r"(?:,?\s*(?:kl\.?|klockan|klokka|klokken)?\s*\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?)?"
    r"\s*[-–:|,]?\s*(?P<rest>.*)$",
    re.I,
)
_CALENDAR_WORDS = 8


def is_calendar_entry(text: str) -> bool:
    """A line that opens with its day and names an event in a few words, not in the past."""
    match = _OPENS_WITH_DAY.match(text.strip())
    if match is None:
        return False
    rest = match.group("rest").strip(" .!")
    return (
        re.search(r"[a-zåäöæø]{3,}", rest.lower()) is not None
        and len(rest.split()) <= _CALENDAR_WORDS
        and not is_past(text)
        and not is_contact(rest)
    )


# "Generalforsamling 11.-13. mars 2024": a meeting's name, then only its day or days (and year), as
# a banner or a heading over the page's section on that meeting.
_MEETING_THEN_DAYS = re.compile(
    r"^(?P<name>[^\W\d][\wåäöæø-]*(?:\s+[^\W\d][\wåäöæø-]*){0,2})\s+"
    rf"\d{{1,2}}\.?(?:\s*[-–]\s*\d{{1,2}}\.?)?\s*(?:{MONTH_PATTERN})\b(?:\s+(?:19|20)\d\d)?\s*$",
    re.I,
)
_MEETING_NAME = re.compile(
    r"(?:møte|möte|kongress|konferanse|konferens|stämma|stemne|landsråd|förbundsråd"
    r"|generalforsamling|representantskap|landsting|årsmøte|årsmöte|landsmøte)\w*$",
    re.I,
)


def names_a_meeting_and_its_days(text: str) -> bool:
    """ "Generalforsamling 11.-13. mars 2024": the meeting, on those days."""
    match = _MEETING_THEN_DAYS.match(text.strip())
    return match is not None and _MEETING_NAME.search(match.group("name")) is not None


def is_table_row(text: str) -> bool:
    """ "Medlemsmöte | 12 mars | Folkets hus": cells of a table, never a heading."""
    return text.lstrip().startswith("|") or " | " in text


def is_table_header(text: str) -> bool:
    """ "Aktivitet | Ansvar | Når": a table's column names, short and without a day or number."""
    cells = [cell.strip() for cell in text.strip(" |").split("|")]
    return (
        is_table_row(text)
        and all(len(cell.split()) <= 2 for cell in cells)
        and re.search(rf"\d|\b(?:{MONTH_PATTERN})\b", text, re.I) is None
    )


def never_heading(text: str) -> bool:
    """Labelled facts ("När: 14–15 november"), date lists, deadlines, contact lines, lines that
    open with a day ("12 mars – Medlemsmöte", "Mandag 17. oktober") and table rows."""
    return (
        _LABEL.match(text) is not None
        or _OPENS_WITH_DAY.match(text.strip()) is not None
        or names_a_meeting_and_its_days(text)
        or is_table_row(text)
        or is_contact(text)
        or len(_DATE_WORDS.findall(text)) >= 2
        or (_DEADLINE_LINE.match(text) is not None and re.search(r"\d", text) is not None)
    )


def opens_with_date(text: str) -> bool:
    """ "22. - 23. mars 2023. Clarion Hotel …": the first sentence is a date and nothing else."""
    first = split_sentences(text)[0].lower() if text.strip() else ""
    rest = _YEAR.sub(" ", _DATE_WORDS.sub(" ", first))
    return first != rest.strip() and not re.sub(r"[\W\d_]", "", rest)


def is_date_list(text: str) -> bool:
    """ "25 januari, 28 februari, 3 april": dates and nothing else."""
    rest = _DATE_WORDS.sub(" ", text.lower())
    rest = re.sub(r"\b(?:och|og|and|samt)\b|[\W\d_]", " ", rest)
    return len(_DATE_WORDS.findall(text.lower())) >= 2 and not rest.strip()


# "Styremøter 28. januar, 4. mars og 2. desember": a name, then only its days.
_NAMED_DATE_LIST = re.compile(
    r"^(?P<name>[^\W\d][\wåäöæø-]*(?:\s+[^\W\d][\wåäöæø-]*){0,2}):?\s+(?P<days>\d.*?)[.!]?$"
)


def named_date_list(text: str) -> tuple[str, list[str]] | None:
    """ "Styremøter 28. januar, 4. mars og 2. desember": the name and each of its days."""
    match = _NAMED_DATE_LIST.match(text.strip())
    if match is None or not is_date_list(match.group("days")):
        return None
    days = [found.group(0) for found in _DATE_WORDS.finditer(match.group("days"))]
    return match.group("name"), days


def _words(text: str) -> set[str]:
    """Words; a compound keeps its hyphen ("ikke-yrkesaktive" is no negation)."""
    return set(re.findall(r"[\wåäöæø]+(?:-[\wåäöæø]+)*", _EACH_VAR.sub(" ", text.lower())))


# "å ønske valgte delegater velkommen", "alle valgte ombud", "de vedtatte planene": after an
# infinitive or a determiner a past form describes a noun, it tells no past.
_ADJECTIVAL_BEFORE = re.compile(
    r"(?:\bå\s+[\wåäöæø]+|\b(?:de|dei|alle|våre|sine|sina|dine|nye|nya|nyvalgte|samtliga))\s+$"
    # "temaer dere ønsker behandlet", "frågor ni önskar behandlade": wanted done, not done
    r"|\b(?:ønsker|ønskjer|önskar|vil\s+ha|vill\s+ha)\s+$"
)


def _past_words(text: str) -> set[str]:
    """The words of the past in a text, leaving out those used as adjectives."""
    found = _words(text) & _PAST
    return {
        word
        for word in found
        if any(
            _ADJECTIVAL_BEFORE.search(text[: match.start()]) is None
            for match in re.finditer(rf"\b{re.escape(word)}\b", text)
        )
    }


# "Og tradisjonen tro skulle landsmøtet da vært avholdt i oktober", "skulle ha hållits", "hade
# skett": what would have happened, and did not.
_COUNTERFACTUAL = re.compile(
    r"\b(?:skulle|skulla|skulde|ville|hade|hadde)\s+(?:[\wåäöæø]+\s+){0,3}?"
    r"(?:vært|vore|varit|ha|hatt|haft)\s+(?:[\wåäöæø]+\s+){0,2}?\w*(?:holdt|hållits|halde|avholdt"
    r"|arrangert|arrangerats|gjennomført|genomförts|skett|skjedd)\b"
)


def is_past(sentence: str) -> bool:
    """A sentence told in the past ("beslutade", "vedtok"), or what would have happened."""
    lowered = sentence.lower()
    return bool(
        _past_words(lowered)
        or _SWEDISH_PAST.search(lowered)
        or _PERFECT.search(lowered)
        or _COUNTERFACTUAL.search(lowered)
    )


# "Fristen er utløpt", "Anmälningstiden har gått ut", "Forslagsfristen er passert": a deadline
# that has passed ("før fristen er utløpt" still looks ahead).
_EXPIRED = re.compile(
    r"^(?!.*\b(?:før|innen|innan|inden|till|til)\s+(?:\w+\s+)?\w*(?:fristen|tiden)\b)"
    r".*\b\w*(?:fristen|tiden)\s+(?:er|är|har)\s+(?:nå\s+|nu\s+)?"
    r"(?:utløpt|utgått|gått\s+ut|passert|passerat|passerad|löpt\s+ut|runnet\s+ut)\b",
    re.I,
)


def has_expired(text: str) -> bool:
    """ "24. mars: Frist for forslag. Forslagsfristen er utløpt.": the deadline has passed."""
    return _EXPIRED.search(text) is not None or _NOW_EXPIRED.match(text) is not None


# "Nu har motionstiden gått ut.", "Nå er påmeldingsfristen ute.": said alone, after the deadline it
# ends (group 1: what the time was for, "motions", "påmeldings")
_NOW_EXPIRED = re.compile(
    r"^(?:nu|nå|no)\s+(?:har|er|är)\s+(\w*?)(?:fristen|tiden)\s+(?:gått\s+ut|gått|utløpt|utgått"
    r"|passert|passerat|löpt\s+ut|runnet\s+ut|ute|ut)\s*[.!]?$",
    re.I,
)


def expired_deadline(text: str) -> str | None:
    """ "Nu har motionstiden gått ut.": a line that only says the time for something ran out; what
    the time was for ("motion"), or "" when it does not say ("Nå er fristen ute.")."""
    found = _NOW_EXPIRED.match(text.strip())
    return found.group(1).lower().rstrip("s") if found else None


# "Hvis det blir sendt inn benkeforslag, vil det …", "Dersom ingen melder seg …", "Ifall …": what
# happens only on a condition, no one's commitment.
_CONDITION = re.compile(r"^(?:[^:]{0,30}:\s*)?(?:hvis|dersom|ifall|i\s+fall|viss)\b", re.I)
# "Saco Lönesök är stängt den 16-17 september", "kontoret er stengt i påsken": a notice that a
# service or an office is closed, no task of the union's plan.
_CLOSED = re.compile(r"\b(?:stängt|stängd|stengt|stengd|stengde|steint)\b", re.I)
# "BFs vedtekter 7.1 sier at …", "Enligt stadgarna § 5 …: …": the statutes quoted, what they
# require in general, not this year's task.
_STATUTES_SAY = re.compile(
    r"\b(?:vedtekter|vedtektene|vedtektenes|stadgarna|stadgan|stadgar|lovene|lova|vedtektane)"
    r"(?:\s+(?:§\s*)?\d+(?:\.\d+)*)?\s+(?:sier|seier|säger|anger|fastslår)\b",
    re.I,
)
# A deadline at a moment within the meeting itself ("før det settes strek på talerlisten", "før
# møtet heves"): the meeting's rules of procedure.
_WITHIN_THE_MEETING = re.compile(
    r"\b(?:før|innen|före|innan|fyre)\s+(?:det\s+(?:settes|sätts|vert\s+sett)\s+strec?k"
    r"|strec?k\s+(?:settes|sätts|er\s+satt)|møtet\s+(?:heves|avsluttes)|mötet\s+(?:avslutas|avbryts)"
    r"|valget\s+(?:begynner|starter)|voteringen|omröstningen)",
    re.I,
)


# "För att ha en aktiv förening krävs att styrelsen har … kontinuerlig dialog": what a goal
# needs, said of any board, commits no one to a time.
_WHAT_IT_TAKES = re.compile(
    r"^(?:för|for|for\s+å)\s+(?:att|å)?\s*[^.]{0,80}?\b(?:krävs|kreves|krevst|trengs|trengst"
    r"|behövs|behøves|må\s+til)\b",
    re.I,
)


def is_notice_or_rule(text: str) -> bool:
    """A closed office, the statutes quoted or the meeting's rules of procedure: no task."""
    return any(pattern.search(text) for pattern in (_CLOSED, _STATUTES_SAY, _WITHIN_THE_MEETING))


def quotes_statutes(text: str) -> bool:
    """ "BFs vedtekter 7.2 sier: …": the sentence, and those after it, quote the statutes."""
    return _STATUTES_SAY.search(text) is not None


# "Fylkeslaget skal ivareta medlemmene", "Styret skal fremme forbundets syn", "Avdelningen ska
# verka för …": on a page that is no plan, a body's standing duty or aim, with nothing to follow up
# unless a time comes with it.
_STANDING_DUTY = re.compile(
    r"\b(?:ska|skal|skall)\s+(?:\w+\s+)?(?:ivareta|ivaretaka|ivareta|tillvarata|ta\s+tillvara"
    r"|fremme|fremja|främja|arbeide\s+for|arbeida\s+for|arbeta\s+för|jobbe\s+for|jobba\s+för"
    r"|verke\s+for|verka\s+för|virke\s+for|bevaka|overvåke|representere|representera)\b"
)
# "Förbundsstyrelsen har att fatta beslut om …", "Styret har til oppgave å …": a body's duty in
# general; "årliga" there tells what is decided on, not when.
_HAS_AS_DUTY = re.compile(
    r"\bhar\s+att\s+(?!göra\b)\w+|\bhar\s+(?:til|som)\s+(?:oppgave|oppgåve)\s+å\b"
)


def is_standing_duty(text: str) -> bool:
    """ "Styret skal fremme forbundets syn": a duty or aim that never falls due, no count."""
    lowered = text.lower()
    return _STANDING_DUTY.search(lowered) is not None and _TIMES.search(lowered) is None


# "… sender ut dagsorden og sakspapirer minst to uker før møtet": a step due so long before a
# meeting, a deadline without a day.
_BEFORE_THE_MEETING = re.compile(
    rf"\b(?:minst|senest|senast|seinast|innen|inom)?\s*(?:\d{{1,2}}|{_COUNTS})\s+"
    r"(?:dag|dager|dagar|dagen|døgn|dygn|uke|uka|uker|veke|veker|vecka|veckor|vekor|måned|månad"
    r"|måneder|månader)\s+"
    # "… senast tre veckor före tidpunkten för allmänt medlemsmöte": up to three words between
    r"(?:før|före|innan|forut\s+for)\s+(?:\w+\s+){0,3}\w*(?:møtet|mötet|møte|möte|samlingen|konferansen"
    r"|kongressen|landsmøtet|årsmøtet|årsmötet|stämman)\b"
    # "Melding om årsmøtet skal gis med minst 6 ukers varsel", "kallas med minst 14 dagars
    # varsel": notice given a span before the meeting is a step timed from it as well
    rf"|\b(?:med|innom)\s+(?:minst\s+|minimum\s+)?(?:\d{{1,2}}|{_COUNTS})\s+"
    r"(?:dagers|dagars|døgns|ukers|vekers|veckors|måneders|månaders|månaders)\s+"
    r"(?:skriftlig\s+|skriftleg\s+)?(?:varsel|varsling|förvarning|kallelsetid)\b"
)


# "4 uker før - varsel om årsmøtet", "14 dagar före: kallelse": a list of steps under a meeting's
# heading opens each line with its span before that meeting.
_SPAN_BEFORE = re.compile(
    rf"^(?:minst\s+|senest\s+|senast\s+|seinast\s+)?(?:\d{{1,2}}|{_COUNTS})\s+"
    r"(?:dag|dager|dagar|døgn|dygn|uke|uker|veke|veker|vecka|veckor|vekor|måned|månad|måneder"
    r"|månader)\s+(?:før|före|innan)\s*[-–:]\s*(?=\w)"
)


# "Lokalforeningene er velkomne til å invitere …", "Dere bør også legge ut info …", "Ni kan gärna
# …": a permission or advice to the reader, no task.
_PERMISSION_OR_ADVICE = re.compile(
    r"^(?:dere|du|ni|de)\s+(?:bør|bör|kan\s+gjerne|kan\s+gärna|kan\s+gjerne)\b"
    r"|\b(?:er|är)\s+(?:hjertelig\s+|hjärtligt\s+)?(?:velkomne|velkommen|välkomna|välkommen"
    r"|velkomen)\s+(?:til|att|å)\b",
    re.I,
)


def is_permission_or_advice(text: str) -> bool:
    """ "Lokalforeningene er velkomne til å invitere …", "Dere bør …": nothing anyone must do."""
    return _PERMISSION_OR_ADVICE.search(text) is not None


# "Melding om årsmøtet skal gis med minst 6 ukers varsel": a noun, "om" and what it is about, then
# the modal, in a sentence timed from the meeting
_ABOUT_THEN_STEP = re.compile(
    r"^[a-zåäöæø]+\s+om\s+[a-zåäöæø]+\s+(?:ska|skal|skall)\s+(?=.*(?:varsel|før|före|innan))"
)


def due_before_a_meeting(text: str) -> bool:
    """ "Varsel sendes to måneder før årsmøtet": a step timed from a meeting, due without a day."""
    lowered = text.lower()
    return (
        _BEFORE_THE_MEETING.search(lowered) is not None or _SPAN_BEFORE.match(lowered) is not None
    )


def step_before_a_meeting(text: str) -> str | None:
    """ "4 uker før - varsel om årsmøtet": what is due, without the span that opens the line."""
    found = _SPAN_BEFORE.match(text.lower())
    return text[found.end() :] if found else None


# Where a relative or subordinate clause starts: "där", "som", "när", "der", "hvor", "eftersom".
_SUBORDINATE = re.compile(r"\s(?:där|som|när|der|hvor|kor|når|eftersom|fordi|sedan)\s")


def opens_in_the_past(text: str) -> bool:
    """ "1. Representantskapet satte i gang arbeidet … og i mars/april fikk alle …": the first
    sentence's main clause tells what happened; "… de målene som ble vedtatt" only in a
    relative clause does not, nor a first word that may be an imperative ("1. Kom med forslag
    …", "2. Var med på …")."""
    sentences = split_sentences(text)
    first = sentences[0].lower() if sentences else ""
    words = _SUBORDINATE.split(first, maxsplit=1)[0].split(maxsplit=1)
    main = words[1] if len(words) == 2 else ""
    return bool(_past_words(main) or _SWEDISH_PAST.search(main) or _PERFECT.search(main))


def is_commitment(
    sentence: str, when: PlanValue | None, years: range, *, plan: bool = False
) -> bool:
    """A sentence that commits someone, or says when something is to happen, is an item.

    In a plan (`plan`), any short subject before "ska"/"skal" commits ("Klubbarna ska …"); on a
    news or information page such a sentence more often describes a body's duties in general.
    """
    lowered = sentence.lower()
    words = _words(sentence)
    main = _SUBORDINATE.split(lowered, maxsplit=1)[0]
    named_years = [int(year) for year in _YEAR.findall(sentence)]
    due_by_a_day = bool(when and "by" in when) and _DEADLINE_WORD.search(lowered) is not None
    if (
        sentence.rstrip().endswith("?")
        # A sentence that introduces a list commits only with a day of its own.
        or (sentence.rstrip().endswith(":") and not (when and {"date", "dates", "by"} & set(when)))
        or _AIM.match(sentence)
        # "Sakspapirene vil du finne … senest 14 dager før årsmøtet, dvs. 29. januar": what the
        # reader is told is due by a day is the plan's deadline
        or (_TO_READER.match(sentence) and not due_by_a_day)
        or (_READER_SUBJECT.match(sentence) and not due_by_a_day)
        or _CONDITION.match(sentence)
        or is_notice_or_rule(sentence)
        or _WHAT_IT_TAKES.match(sentence)
        or _OPINION.match(sentence)
        or _ENCOURAGES.match(sentence)
        or _WILL_BE_LIKE.search(sentence)
        # "Planen skal være grunnlaget …" describes; "Planen skal være ferdig 1. mars" is a task
        or (_DOCUMENT_IS.match(sentence) and not (when and {"date", "dates", "by"} & set(when)))
        or _CONSISTS_OF.search(sentence)
        or (_APPLIES.search(sentence) and not _COMMITS.match(sentence))
        or _EXPLAINS.search(sentence)
        or (_EVERY_FEW_YEARS.search(lowered) and not _held_this_year(lowered, when, years))
        # "Endelig agenda skal være klar senest … innen 3. september": a state to reach by a day
        # is a task; "Handlingarna kommer att vara tillgängliga" announces one
        or (_AVAILABLE.search(lowered) and not (due_by_a_day and _READY_BY.search(lowered)))
        or (_RIGHTS.search(lowered) and not (when and {"date", "dates", "by"} & set(when)))
        # the tense of the main clause: "… hålls representantskap där framröstade ombud röstar om
        # motioner som har kommit in" is present, its relative clauses tell of the past
        # "Har du saker du ønsker behandlet …, må disse sendes inn senest …": a participle in a
        # sentence whose modal sets a deadline by a day is no past
        or (
            (_past_words(main) or _SWEDISH_PAST.search(main))
            and not (due_by_a_day and _DEADLINE_AND_MODAL.search(lowered))
        )
        or _PERFECT.search(main)
        or _COUNTERFACTUAL.search(main)
        # "Frist for å melde saker (ikke lovendringer): 11. november": a negation in brackets
        # narrows what is meant, it denies nothing
        or _words(_RELATIVE_NEGATION.sub(" ", _BRACKETS.sub(" ", lowered))) & _NEGATION
        or words & _MONEY
        # an address to write to is context, unless the sentence gives a day ("… innen 20. april")
        or (is_contact(sentence) and not (when and {"date", "dates", "by"} & set(when)))
        # "Påmeldingsfrist: 1. september 2026" is a deadline, whatever its form
        or (_LABELLED.match(sentence) and not (when and "by" in when))
        or (
            named_years
            and not any(year in years for year in named_years)
            and not (_GOAL_IS_THAT.match(sentence) and min(named_years) > years[-1])
        )
        or (
            len(re.findall(r"[a-zåäöæø]{3,}", _DATE_WORDS.sub(" ", lowered))) < 2
            and not due_by_a_day  # "Påmeldingsfrist: 1. september": one word and its day
        )
    ):
        return False
    if _POSSIBLE.search(lowered) and not (when and {"date", "dates", "by"} & set(when)):
        return False
    if (is_meeting_business(lowered, plan=plan) or states_identity(lowered)) and when is None:
        return False
    if (_THIS_IS.match(lowered) or _POINTS_TO_TEXT.search(lowered)) and not (
        when and {"date", "dates", "by"} & set(when)
    ):
        return False
    if not plan and when is None and _STANDING_DUTY.search(lowered) and not _TIMES.search(lowered):
        return False
    if (
        not plan
        and _HAS_AS_DUTY.search(lowered)
        and not (when and {"date", "dates", "by"} & set(when))
    ):
        return False
    subject = lowered.split(maxsplit=1)[0] if lowered.split() else ""
    described = not plan and any(stem in subject for stem in _GROUP_OF_PEOPLE)
    if (
        (_COMMITS.match(sentence) and not described)
        or _GOAL_IS_THAT.match(sentence)
        or (plan and _NOUN_PHRASE_COMMITS.match(sentence))
        or _FRONTED.match(sentence)
        or _FRONTED_DUTY.match(sentence)
        or _EVENT.search(sentence)
    ):
        return True
    if (
        _REPORTED.search(lowered)
        and not (when and {"date", "dates", "by"} & set(when))
        # "Melding om årsmøtet skal gis med minst 6 ukers varsel": "om" names what the notice is
        # about, and the step is timed from the meeting
        and not _ABOUT_THEN_STEP.match(lowered)
    ):
        return False
    return bool(
        (_COMMITS.match(sentence) and not described)
        or _FRONTED.match(sentence)
        or _TIMES.search(lowered)
        or when
        or _DEADLINE_AND_MODAL.search(lowered)
        or _BEFORE_THE_MEETING.search(lowered)
    )
