"""The plan's outline: title, period, areas, and which lines are items, context or boilerplate."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from bot.drafting.dates import Period, read_when
from bot.drafting.lexicon import (
    COMMITMENT_HINTS,
    MONTH_NAMES_EN,
    MONTH_PATTERN,
    MONTHS,
    NUMBER_WORDS,
    PLAN_WORDS,
    WEEKDAYS,
    YEAR_PART_PREFIX,
)
from bot.drafting.lines import Kind, Line
from bot.drafting.model import PlanValue
from bot.drafting.sentences import (
    DAY_LABEL,
    announces_commitments,
    describes_composition,
    due_before_a_meeting,
    expired_deadline,
    has_expired,
    is_calendar_entry,
    is_commitment,
    is_contact,
    is_date_list,
    is_meeting_business,
    is_notice_or_rule,
    is_opinion,
    is_page_stamp,
    is_past,
    is_permission_or_advice,
    is_programme_line,
    is_standing_duty,
    is_table_header,
    labels_commitments,
    named_date_list,
    names_a_meeting_and_its_days,
    opens_in_the_past,
    opens_with_date,
    quotes_statutes,
    split_sentences,
    states_a_belief,
    states_identity,
    step_before_a_meeting,
)

HEAD_LINES = 15
MAX_TEXT_ITEM = 140  # a longer paragraph is explanation, not a commitment
_RANGE = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)\s*(?:[-–/]|\bog\b|\boch\b)\s*((?:19|20)\d\d)(?![\d-])"
)
_SINGLE_YEAR = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)(?![\d\-/]|\.\d)")
_YEAR_PART = re.compile(rf"^{YEAR_PART_PREFIX}\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_SENTENCE_ITEM = re.compile(r"^(vi|vi i \w+|\w+en|\w+et)\s+(ska|skal|skall)[\s,]", re.IGNORECASE)
# A list announced as contents or an agenda: "ska innehålla information om:", "behandla ...:".
_CONTENTS = re.compile(
    r"\b(?:innehålla|inneholde|innehalde|följande|følgende|fylgjande|behandla|behandle"
    r"|behandles|behandlas|behandlast|handsamast|behandling|handsaming"
    r"|dagordning|dagsorden|agenda|velge|velje|välja|retningslinje\w*)\b",
    re.IGNORECASE,
)
# "NNNs landsstyre vedtok … følgende foreløpige forslag til dagsorden for landsmøtet:", "På
# årsmøtet behandles:": a meeting's agenda, even when a decision announces it, lists the points
# the meeting treats, not tasks.
_AGENDA_INTRO = re.compile(
    r"\b(?:dagordning\w*|dagsorden\w*|agenda\w*|saksliste\w*|sakliste\w*|sakslista\w*"
    r"|föredragningslist\w*|behandles|behandlas|behandlast|handsamast"
    # "Av saker som var oppe til behandling kan nevnes:": what a meeting treated
    r"|behandling|behandlingen|handsaming|handsaminga)\b",
    re.IGNORECASE,
)
# A list announced as aims: "Dei prioriterte områda er:", "Klubben skal være en møteplass for:".
# "Våre satsingsområder er:", "Våra fokusområden:": the areas the plan works in, not tasks.
_AIMS_INTRO = re.compile(
    # "ska prioritera sex områden under kongressperioden:": a count of areas between
    r"\bprioriter\w*\s+(?:[\wåäöæø]+\s+)?(?:områd\w*|saksfelt\w*|sakområd\w*|frågor|saker)\b"
    r"|\b\w*(?:satsings|fokus|innsats|insats|prioriterings|verksamhets|arbeids|arbets)"
    r"områd\w*\b|\bprioritering(?:ar|er|ane|ene|arna)\b"
    r"|\b(?:for|för)\s*:$",
    re.IGNORECASE,
)
# "vi ska träffas i vår, och vi ska även hålla en kurs i augusti": two commitments, each
# with its own time, joined in one sentence by a comma, "och"/"og" and a new subject.
_JOINED_COMMITMENT = re.compile(
    r",\s+(?:och|og)\s+(?=(?:vi|me|styrelsen|styret|styra)\s+(?:ska|skal|skall|kommer|vil|vill)\b)"
    # "… ska vårmötet hållas inom mars-april och möteskallelserna ska gå ut senast …": a second
    # subject of its own (a noun in the definite form) with its own modal
    r"|\s+(?:och|og)\s+(?=[a-zåäöæø]{4,}(?:erna|arna|orna|ene|ane|na|ne|en|et)\s+(?:ska|skal|skall)\s)",
    re.IGNORECASE,
)
# The parts of a sentence that lists events: "A 9 mars i X, B 11 maj i Y och C 12 oktober".
_LIST_SPLIT = re.compile(r"[,:]\s+|\s+(?:och|og)\s+(?=\w+\s+(?:den\s+)?\d)")
# One part: an event's name, then its day ("Vårmöte 11 maj i Hedemora", "styremøte 3. juni").
_NAMED_EVENT = re.compile(
    rf"^([^\W\d]{{4,}})\s+(?:den\s+)?\d{{1,2}}\.?\s+(?:{MONTH_PATTERN})\b",
    re.IGNORECASE,
)
# "Datum för dessa dagar är:", "Datoene er:", "Møtedatoer:": a paragraph that ends by announcing
# the days of what it named.
_DAYS_ANNOUNCED = re.compile(
    r"\b(?:datum|datumen|dato|datoer|datoene|datoane|dagar|dagarna|dager|dagene|dagane"
    r"|tider|tidene|tidpunkter|tidspunkt\w*)\b[^.:]{0,30}:\s*$",
    re.IGNORECASE,
)
# ", og oppnevnte …", ", och väljer …": a comma and a conjunction join two clauses.
_CLAUSE_SPLIT = re.compile(r",\s+(?:og|och)\s+", re.IGNORECASE)
_BARE_AND = re.compile(r"\s+(?:og|och)\s+", re.IGNORECASE)
# "Hovedlandsmøtet 2019", "Landsmötet 2018": a heading that is a name and its year.
_NAME_AND_YEAR = re.compile(r"[^\W\d][^\d]{0,40}\s(?:19|20)\d\d")
# "… och en uppföljning i januari", "… og ein haustfest i oktober": one more event, with its time.
_ONE_MORE_EVENT = re.compile(
    rf"\s+(?:och|og)\s+(?=(?:en|ett|ein|eitt|ei)\s+[a-zåäöæø-]{{4,}}\s+(?:i|på|under)\s+"
    rf"(?:{MONTH_PATTERN}|hösten|høsten|hausten|våren|sommaren|sommeren|vinteren)\b"
    # "Det ena är årsmötet i februari och det andra höstmötet i november"
    rf"|(?:det|den|dei)\s+(?:andra|andre)\s+[a-zåäöæø-]{{4,}}\s+(?:i|på)\s+(?:{MONTH_PATTERN})\b)",
    re.IGNORECASE,
)
_DAY_WORDS = re.compile(rf"\b(\d{{1,2}})\.?\s+({MONTH_PATTERN})\b")
_ENDS_WITH_DAY = re.compile(rf"\b\d{{1,2}}\.?\s+(?:{MONTH_PATTERN})\s*$", re.IGNORECASE)
# ", som äger rum i april 2018", ", som holdes 12. mars": an event named with when it is held.
_HELD_CLAUSE = re.compile(
    r",\s+(?:som|sum)\s+(?:äger\s+rum|hålls|holdes|avholdes|arrangeres|arrangeras|går\s+av"
    r"\s+stabelen|finner\s+sted|finn\s+stad|vert\s+halde|vert\s+arrangert|blir\s+holdt)\b",
    re.IGNORECASE,
)
# "Møtet starter mandag 15. oktober …, og avsluttes tirsdag 16. oktober": the start and the end
# of one event, its first and last day.
_STARTS_AND_ENDS = re.compile(
    r"\b(?:starter|startar|start|begynner|byrjar|börjar|åpner|opnar|öppnar|inleds|innledes)\b"
    r".*,?\s+(?:og|och)\s+(?:\w+\s+)?(?:avsluttes|avsluttast|avslutta|avslutas|avslutter|avsluttar|avslutar"
    r"|slutter|sluttar|slutar|ender|endar)\b",
    re.IGNORECASE,
)
# A clause with words of its own and a day: "oppnevnte delegater til møtet 7. desember".
_DAYED_CLAUSE = re.compile(
    rf"^(?=(?:.*?[a-zåäöæø]{{3,}}){{3}}).*\b\d{{1,2}}\.?(?:\s*[-–]\s*\d{{1,2}}\.?)?\s+"
    rf"(?:{MONTH_PATTERN})\b",
    re.IGNORECASE,
)
# "Förslag till innehåll i årsplanen", "aktiviteter som till exempel:": what a list offers
# as examples or suggestions for others' plans, nobody's commitment.
_EXAMPLES = re.compile(
    r"\b(?:till?\s+exempel|for\s+eksempel|til\s+dømes|t\.\s?ex\.?|f\.\s?eks\.?"
    r"|(?:exempel|eksempel|døme)\s+på"
    r"|(?:förslag|forslag|framlegg)\s+(?:till?|på)\s+in(?:ne|n)h\w*)",
    re.IGNORECASE,
)
# "Men det finns vissa formkrav du behöver följa:", "Dette må dere huske på:": a list that tells
# the reader what to do or what to meet is advice or rules, nobody's commitment to follow up.
_READER = r"(?:du|ni|dere|de|dokker)"
_READER_MODAL = r"(?:behöver|måste|ska|skall|bör|må|skal|bør|treng|trenger|burde|kan)"
_READER_RULES = re.compile(
    # "du behöver följa", and with the modal first, as a fronted object leaves it: "Dette må du
    # huske på:"
    rf"\b(?:{_READER}\s+{_READER_MODAL}|{_READER_MODAL}\s+{_READER})\s+(?:\w+\s+){{0,2}}?"
    r"(?:följa|uppfylla|tänka|huske|hugse|passe|følge|fylgje|oppfylle|gjøre|gjere|göra)\b"
    r"|\b(?:formkrav|formkraven|formkravene|formalkrav)\b",
    re.IGNORECASE,
)
# "———————————–", "* * *": a line without a letter or a digit says nothing.
_NO_WORDS = re.compile(r"^[^\wåäöæø]*$")
# "Förbundsstyrelsen har beslutat följande:": decisions follow, and they commit.
# "vedtektene" (the statutes) decides nothing: "Blant sakene som vedtektene pålegger landsmøtet å
# behandle er:" announces an agenda.
_DECISIONS = re.compile(r"\b(?:beslut\w*|vedt(?!ekt)\w*|bestemt|besluttet)\b", re.IGNORECASE)
# "Disse blir innkalt til møtet", "Inbjudna är": the list names people, not tasks.
_PEOPLE_INTRO = re.compile(
    r"\b(?:innkalt|innkalles|kalles\s+inn|kallas|kallade|inviteres|invitert\w*|inbjud\w*)\b",
    re.IGNORECASE,
)
# Headings over who may attend or vote and over a meeting's agenda ("Stemmerett", "Andre
# deltakere", "Årsmøtets oppgaver"): the lists under them are rules and agendas, context.
_RIGHTS_OR_AGENDA = re.compile(
    r"\b(?:stemmerett\w*|rösträtt\w*|røysterett\w*|talerett\w*|yttranderätt\w*|närvarorätt\w*"
    r"|møterett\w*|deltakere|deltagere|deltakarar|deltagare"
    r"|[\wåäöæø]*(?:møtets|mötets|møtet\s+sine|kongressens|stämmans|stemnets)\s+"
    r"(?:oppgaver|oppgåver|uppgifter))\b",
    re.IGNORECASE,
)
# "Förbundsstyrelsens uppgift är bland annat:" under the heading "Förbundsstyrelsen": a page that
# presents a body lists its standing duties (group 1: the body).
_BODY_DUTIES = re.compile(
    r"^([\wåäöæø]+?)s?(?:\s+sine|\s+sina)?\s+(?:uppgift|uppgifter|oppgave|oppgaver|oppgåve|oppgåver|ansvar)\s+"
    r"(?:är|er|omfattar|inneber|innebär)\b",
    re.IGNORECASE,
)
# A bullet that is only a day or a span of days ("24-25 april 2017 (mån-tis)").
_DAY_ONLY = re.compile(
    rf"^\d{{1,2}}\.?(?:\s*[-–]\s*\d{{1,2}}\.?)?\s*(?:{MONTH_PATTERN})(?:\s+(?:19|20)\d\d)?"
    r"\s*(?:\([^)]*\))?\s*$",
    re.IGNORECASE,
)
# "Innenfor disse områdene prioriteres …": the list just before named areas, not items.
_AREAS_BACK = re.compile(
    r"^(?:innenfor|innanfor|inom|i)\s+(?:disse|desse|dessa)\s+områd\w*", re.IGNORECASE
)
# "Januar", "Mars 2025": a heading that is a month alone opens that month of a year wheel.
_MONTH_HEADING = re.compile(rf"^({MONTH_PATTERN})(?:\s+(?:19|20)\d\d)?\s*:?$", re.IGNORECASE)
# "Medlemsturné fortsetter (se februar)", "Kampanjen fortsätter": an earlier entry runs on.
_CONTINUES = re.compile(
    r"^([\wåäöæø-]+(?:\s+[\wåäöæø-]+)?)\s+(?:fortsetter|fortsätter|held\s+fram|fortset)\b", re.I
)
# "Anbefalt:", "Tips:": advice under a month, not a task of the plan.
_ADVICE = re.compile(r"^(?:anbefalt|anbefaling|rekommenderat|rekommendation|tips|tipset)\b", re.I)
# "§ 1. Formål", "§ 3 Årsmøte": the paragraphs of statutes or rules, not the steps of a plan.
_PARAGRAPH_SIGN = re.compile(r"^§\s*\d")
# "§ 1. AVDELINGENS FORMÅL", "Skolenes landsforbund har til føremål:", "Föreningens ändamål": the
# list under it names what the body is for, its aims.
_PURPOSES = re.compile(r"\b(?:formål|formålet|føremål|føremålet|ändamål|ändamålet)\b", re.I)
# "Det är även sista dagen för att skicka in motioner", "Dette er også siste frist for …"
_SAME_LAST_DAY = re.compile(
    r"^(?:det|den|detta|dette|dét)\s+(?:är|er)\s+(?:även|också|også|og|dessutom)?\s*"
    r"(?:sista|siste|seinaste|senaste)\s+(?:dagen|dag|frist|dato|datum)\b",
    re.IGNORECASE,
)
_DAY_AFTER = re.compile(r"^(?:dagen\s+(?:etter|efter|derpå|därpå)|neste\s+dag)\b", re.IGNORECASE)
_RULE_DEADLINE = re.compile(r"^(?:\w*frist(?:en)?)\b", re.IGNORECASE)
_QUOTED = re.compile(r"^[«“\"].*[»”\"][.!]?$", re.DOTALL)
# "Dagen før arrangeres fagdag", "Dagen innan", "Dagen i forvegen": the day before.
_DAY_BEFORE = re.compile(
    r"^(?:dagen\s+(?:før|innan|innen|före|forut)|dagen\s+i\s+(?:forvegen|forveien|förväg))\b",
    re.IGNORECASE,
)
_SENTENCE_AIM = re.compile(r"^vi\s+(vill|vil)\b", re.IGNORECASE)
# "Tirsdag 18. oktober", "Dagsordens punkt 7 …": a heading inside a programme keeps it going.
_PROGRAMME_HEADING = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)}|{MONTH_PATTERN}|dagsorden\w*|dagordning\w*|punkt|pkt"
    r"|program\w*|kjøreplan\w*|köreplan\w*|agenda)\b",
    re.IGNORECASE,
)


# "• hvilke saker fylkesavdelingen skal behandle …", "• hvem som skal sitte i fylkesstyret": a
# bullet that opens with a question word names a topic the reader may weigh in on, no task.
_QUESTION = re.compile(
    r"^(?:hva|hvem|hvilke|hvilken|hvilket|hvordan|hvorfor|kva|kven|kva\s+for|korleis|kvifor"
    r"|vad|vem|vilka|vilken|vilket|hur|varför)\b",
    re.IGNORECASE,
)


@dataclass
class OutlineItem:
    line: Line
    part_year: int | None
    day_after: str | None = None  # "Dagen etter ...": the ISO date of the sentence before
    month: int | None = None  # the month heading the entry stands under in a year wheel
    last_month: int | None = None  # "… fortsetter" under a later month: the entry runs until then
    day_before: bool = False  # "Dagen før …": the day before day_after's date, not after it
    page_day: str | None = None  # the ISO day an event page opens with ("12. feb.")
    same_deadline: str | None = None  # "Det är även sista dagen för …": the deadline just before
    eve_of: str | None = None  # "senest dagen i forkant": due the day before this ISO meeting day


@dataclass
class OutlineArea:
    title: str
    line: int
    code: str | None
    items: list[OutlineItem] = field(default_factory=list)
    context: list[str] = field(default_factory=list)


@dataclass
class Outline:
    title: str
    period: Period | None
    period_label: str
    period_source: str = "title"  # "title", "given", "text" (dates in the body) or "assumed"
    areas: list[OutlineArea] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    dropped: int = 0
    plan_word: bool = False
    markers: int = 0


def _has_plan_word(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in PLAN_WORDS)


def find_period(texts: list[str]) -> tuple[Period, str] | None:
    """The first year range, else the first year, in the given lines."""
    for pattern in (_RANGE, _SINGLE_YEAR):
        for text in texts:
            match = pattern.search(text)
            if match is None:
                continue
            first = int(match.group(1))
            last = int(match.group(2)) if pattern is _RANGE else first
            if first <= last <= first + 6:
                label = str(first) if first == last else f"{first}-{last}"
                return Period(date(first, 1, 1), date(last, 12, 31)), label
    return None


def find_title(lines: list[Line]) -> tuple[int, str]:
    """The index and text of the plan's title line."""
    head = [
        (i, line) for i, line in enumerate(lines) if line.kind not in (Kind.BLANK, Kind.CONTENTS)
    ][:HEAD_LINES]
    for index, line in head:
        # a bullet that mentions a plan ("behandle regnskap og eventuelt arbeidsprogram") is
        # one of the list's lines, never the document's title
        if _has_plan_word(line.text) and len(line.text) <= 90 and line.kind != Kind.ITEM:
            return index, line.text
    if not head:
        return 0, ""
    index, first = head[0]
    if len(first.text) > 90 or first.text.endswith((".", "!")):
        return -1, first.text  # a page that opens with a sentence: it is content too
    return index, first.text


def slug(text: str) -> str:
    folded = text.lower().replace("æ", "ae").replace("ø", "o")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60] or "plan"


class _Builder:
    """Walks the classified lines once, keeping the current area, mode and part of the plan."""

    def __init__(self, outline: Outline, title_index: int) -> None:
        self.outline = outline
        self.title_index = title_index
        self.area: OutlineArea | None = None
        self.mode = "default"  # "items" after "Vi ska", "context" after "Vi vill"
        self.background = False  # inside another plan quoted as background
        self.part_year: int | None = None
        self.listing = False  # bullets after "... innehålla information om:" list contents
        self.intro_commits = False  # the line before the bullets says they are done
        self.body_duties = False  # "Förbundsstyrelsens uppgift är:" under "Förbundsstyrelsen"
        self.programme = False  # under a heading whose lines run by the clock ("10:00 Lunsj")
        self.item_marker = False  # "Vi ska", "Tiltak": the items of a plan follow
        self.sentences: list[tuple[str, PlanValue | None]] = []  # sentence items and their time
        self.month: int | None = None  # under a month heading of a plan's year wheel
        self.statute = False  # a "§ 1" line was seen: numbered lines are rules, not steps
        # "Under 2027 är det 4 heldagsträffar … Datum för dessa dagar är:": the paragraph's first
        # sentence, which the days on the next line belong to
        self.announced: str | None = None
        self.past_section = False  # under a heading that names a year before the plan
        # the item of each dated event or deadline, by what it is about and when
        self.events: dict[tuple[str, str], OutlineItem] = {}
        self.days_of: str | None = None  # what the line before announced, for this line

    def context(self, text: str) -> None:
        (self.area.context if self.area else self.outline.context).append(text)

    def _repeats(self, line: Line) -> bool:
        """A sentence that says again what an earlier sentence said, with the same time
        ("Årsmøtet holdes 12. mars." / "Årsmøtet holdes 12. mars kl. 18 i Folkets hus.")."""
        period = self.outline.period
        if period is None:
            return False
        text = line.text.lower().rstrip(" .!")
        if line.kind == Kind.ITEM:
            # "– Det ska finnas en utbildningsplan …": a quote set off by a dash repeats a
            # sentence of the text; a short bullet may well recur under another heading
            when = read_when(text, period, self.part_year).when
            if len(text.split()) >= 8 and (text, when) in self.sentences:
                return True
            # "5. Forslag som ønskes behandlet må være sendt til styret senest fire uker før
            # årsmøtet. Deltakerne får …" after the bullet "… senest 4 uker før årsmøtet.": on a
            # page that is no plan, a step whose first sentence says an item again, a number word
            # for a digit, is that item (a plan's year wheel asks a task again in another month)
            first = _normalised(split_sentences(line.text)[0])
            if (
                not self._is_plan()
                and len(first.split()) >= 8
                and any(
                    _normalised(split_sentences(entry.line.text)[0]) == first
                    for entry in _entries(self.outline)
                )
            ):
                return True
            # "• Landsmøtet 27. – 31. mai 2015 er det 38. ordinære landsmøtet" under facts, after
            # "… 38. ordinære landsmøte fra onsdag 27. mai til søndag 31. mai 2015": a bullet that
            # commits no one and names a meeting of several days already drafted tells of it
            key = _event_key(text, when)
            return (
                key is not None
                and when is not None
                and "dates" in when
                and key in self.events
                and _MODAL.search(text) is None
            )
        if line.kind != Kind.TEXT:
            return False
        when = read_when(text, period, self.part_year).when
        if self.month is not None and when is None:
            # "Styremøte" under February after "Styremøte, herunder …" under January: a year
            # wheel asks the same task again in another month
            return False
        if any(
            (text.startswith(other) or other.startswith(text)) and when == earlier
            for other, earlier in self.sentences
        ):
            return True
        self.sentences.append((text, when))
        key = _event_key(text, when)
        earlier = self.events.get(key) if key is not None else None
        if earlier is None:
            return False
        if earlier.line.text.rstrip().endswith("!") and not line.text.rstrip().endswith("!"):
            # "Boka in den 24–25 september … kongress!" then "Nästa kongress kommer att hållas den
            # 24–25 september": the call announces, the sentence says it
            earlier.line = line
        return True

    def item(self, line: Line, day_after: str | None = None, *, before: bool = False) -> None:
        if _NO_WORDS.match(line.text):
            return
        period = self.outline.period
        if (
            self.past_section
            and period is not None
            and not {int(found) for found in _SINGLE_YEAR.findall(line.text)} & set(period.years)
        ):
            self.context(line.text)
            return
        if self._repeats(line) or self._inside_an_event(line):
            self.context(line.text)
            return
        if self.area is None:
            self.area = OutlineArea(self.outline.title, line.number, None)
            self.outline.areas.append(self.area)
        self._day_then_sentence(line)
        entry = OutlineItem(line, self.part_year, day_after, self.month, day_before=before)
        self.area.items.append(entry)
        period = self.outline.period
        if period is not None and line.kind == Kind.TEXT:
            text = line.text.lower().rstrip(" .!")
            key = _event_key(text, read_when(text, period, self.part_year).when)
            if key is not None:
                self.events.setdefault(key, entry)

    def _deadline_passed(self, text: str) -> None:
        """ "Motioner ska … vara inkomna … senast den 23 november." then "Nu har motionstiden gått
        ut.": the last deadline before, of what the line names, has passed and is no task."""
        about = expired_deadline(text)
        period = self.outline.period
        if about is None or period is None:
            return
        for area in reversed(self.outline.areas):
            for entry in reversed(area.items):
                when = _when(entry, period) or {}
                if "by" not in when:
                    continue
                if about in entry.line.text.lower():
                    area.items.remove(entry)
                    area.context.append(entry.line.text)
                return

    def _inside_an_event(self, line: Line) -> bool:
        """ "… landsmøte som avholdes 10. – 13. oktober", then "Møtestart er søndag 10. oktober kl
        15.00 …": a sentence whose days lie within an event of several days named before it, and
        that commits no one with a modal, tells about that event."""
        period = self.outline.period
        if period is None or line.kind != Kind.TEXT or _MODAL.search(line.text):
            return False
        when = read_when(line.text.lower(), period, self.part_year).when or {}
        days = _days(when)
        if not days:
            return False
        for entry in (entry for area in self.outline.areas for entry in area.items):
            span = read_when(entry.line.text.lower(), period, entry.part_year).when or {}
            ranged = span.get("dates")
            if isinstance(ranged, dict) and all(
                str(ranged["from"]) <= day <= str(ranged["to"]) for day in days
            ):
                return True
        return False

    def _day_then_sentence(self, line: Line) -> None:
        """ "30 maj Sundsvall/Örnsköldsvik" and then "Den 30 maj är det utbildningsdag …": a short
        calendar line and the sentence right after it on the same day are one event, the
        sentence's."""
        period = self.outline.period
        if self.area is None or not self.area.items or period is None:
            return
        last = self.area.items[-1].line
        if not (
            0 < line.number - last.number <= 2
            and len(last.text.split()) <= 4
            and is_calendar_entry(last.text)
        ):
            return
        earlier = read_when(last.text.lower(), period, self.part_year).when
        if (
            earlier
            and "date" in earlier
            and earlier == read_when(line.text.lower(), period, self.part_year).when
        ):
            self.area.items.pop()
            self.area.context.append(last.text)

    def part(self, line: Line) -> bool:
        """A line naming another plan or a year starts a part of the document."""
        short = len(line.text) <= 80 or line.text.endswith(":")
        year = _YEAR_PART.match(line.text) if short else None
        period = self.outline.period
        if year and period and int(year.group(1)) in period.years:
            self.part_year = int(year.group(1))
            self.background = False
            return True
        # "Styret fastsatte følgende møteplan for 2021:": in a plan over several years, the lines
        # it announces are in that year
        named = {int(found) for found in _SINGLE_YEAR.findall(line.text)}
        if (
            period is not None
            and len(period.years) > 1
            and line.text.rstrip().endswith(":")
            and len(line.text) <= 100
            and len(named) == 1
            and named <= set(period.years)
            # "Saker som skal behandles på GF 2024 (foreløpig oversikt):" names the meeting's
            # year over its agenda; the lines after it are no part of the plan in that year
            and _AGENDA_INTRO.search(line.text) is None
        ):
            self.part_year = named.pop()
            self.background = False
            return True
        if _has_plan_word(line.text) and line.kind == Kind.HEADING:
            found = find_period([line.text])
            self.background = bool(found and period and found[0] != period)
            self.part_year = None
            return True
        return False

    def visit(self, index: int, line: Line) -> None:
        if index == self.title_index or line.kind == Kind.BLANK:
            return
        if _PARAGRAPH_SIGN.match(line.text):
            self.statute = True
        self.days_of, self.announced = self.announced, None
        if line.kind == Kind.TEXT and _DAYS_ANNOUNCED.search(line.text):
            self.announced = split_sentences(line.text)[0].rstrip(" .:")
        if line.kind != Kind.ITEM:
            self.listing = False
        if line.quote and (not self._dated(line) or self._said_before(line)):
            # what someone said in an article commits no one, unless it gives a day that no
            # item gives already ("– Motionsstopp är den 31 januari och …" after the deadline)
            self.context(line.text)
            return
        if line.kind == Kind.CONTENTS or line.detail or is_page_stamp(line.text):
            self.context(line.text)
            return
        if line.kind == Kind.BOILERPLATE:
            self.outline.dropped += 1
            if any(hint in line.text.lower() for hint in COMMITMENT_HINTS):
                self.mode = "items"
            return
        if self.part(line):
            self.context(line.text)
            # "Förslag till innehåll i årsplanen": the bullets under it are suggestions.
            self.listing = line.kind == Kind.HEADING and _EXAMPLES.search(line.text) is not None
            return
        if line.kind in (Kind.CONTEXT_MARKER, Kind.ITEM_MARKER):
            self.outline.markers += 1
            self.mode = "context" if line.kind == Kind.CONTEXT_MARKER else "items"
            self.item_marker = self.item_marker or line.kind == Kind.ITEM_MARKER
            return
        if self._month_entry(line):
            return
        if line.kind == Kind.HEADING:
            self.month = None
            named = {int(found) for found in _SINGLE_YEAR.findall(line.text)}
            period = self.outline.period
            # "Hovedlandsmøtet 2019" over "Hovedlandsmøtet arrangeres 20.–22. november" on a page
            # drafted for 2021: the section tells of that earlier year
            self.past_section = (
                period is not None
                and len(named) == 1
                and max(named) < period.start.year
                # a name and its year, as an archive heads its sections; not "Normalvedtekter for
                # regionlag fra 24. oktober 2014", the day a text was adopted
                and _NAME_AND_YEAR.fullmatch(line.text.strip()) is not None
            )
            self.area = OutlineArea(line.text, line.number, line.code)
            self.outline.areas.append(self.area)
            self.mode = "default"
            self.listing = (
                _PEOPLE_INTRO.search(line.text) is not None
                or _RIGHTS_OR_AGENDA.search(line.text) is not None
                or _EXAMPLES.search(line.text) is not None
                or _PURPOSES.search(line.text) is not None
            )
            self.intro_commits = announces_commitments(line.text)
            self.programme = self.programme and _PROGRAMME_HEADING.search(line.text) is not None
            return
        if line.kind != Kind.ITEM and _AREAS_BACK.match(line.text):
            self._items_were_areas()
        self.content(line)

    def _month_entry(self, line: Line) -> bool:
        """In a plan laid out month by month ("Januar", then its tasks), a month heading opens
        an area, and each line under it is one task of that month, heading-like or not."""
        found = _MONTH_HEADING.match(line.text) if line.kind == Kind.HEADING else None
        if found and self.outline.plan_word:
            self.area = OutlineArea(line.text, line.number, None)
            self.outline.areas.append(self.area)
            self.month = MONTHS[found.group(1).lower()]
            self.mode = "default"
            self.listing = False
            return True
        if self.month is None or line.kind not in (Kind.HEADING, Kind.TEXT, Kind.ITEM):
            return False
        text = line.text.rstrip()
        if (
            text.endswith(":")
            or len(text.split()) > 40
            or _ADVICE.match(text)
            or is_past(text)
            or is_permission_or_advice(text)
        ):
            self.context(line.text)
            return True
        if self._continues(text):
            self.context(line.text)
            return True
        self.item(Line(line.number, line.text, Kind.TEXT))
        return True

    def _continues(self, text: str) -> bool:
        """ "Lokalavdelingsturne fortsetter" under a later month: the earlier entry of that name
        runs on into this month; it is one task, not two."""
        found = _CONTINUES.match(text)
        if found is None or self.month is None:
            return False
        name = found.group(1).lower()
        earlier = [
            entry
            for area in self.outline.areas
            for entry in area.items
            if entry.month is not None
            and entry.month < self.month
            and entry.line.text.lower().startswith(name)
        ]
        if not earlier:
            return False
        earlier[-1].last_month = self.month
        return True

    def _items_were_areas(self) -> None:
        """The bullets just before a line that calls them areas are context after all."""
        area = self.area
        if area is None:
            return
        while area.items and area.items[-1].line.kind == Kind.ITEM:
            moved = area.items.pop()
            area.context.insert(0, moved.line.text)

    def _said_before(self, line: Line) -> bool:
        """An item before gives the same time as this line."""
        period = self.outline.period
        if period is None:
            return False
        when = read_when(line.text.lower(), period, self.part_year).when
        return any(_when(entry, period) == when for entry in _entries(self.outline))

    def _dated(self, line: Line) -> bool:
        """A listed line with a day of its own ("Frist for … er 22. januar") is still an item."""
        period = self.outline.period
        if period is None:
            return False
        when = read_when(line.text.lower(), period, self.part_year).when or {}
        return bool({"date", "dates", "by"} & set(when))

    def _untimed_duty(self, line: Line) -> bool:
        """ "Fylkeslagsstyret skal fremme forbundets syn": a standing duty with no time."""
        period = self.outline.period
        if period is None or not is_standing_duty(line.text):
            return False
        return read_when(line.text.lower(), period, self.part_year).when is None

    def _plain_item(self, line: Line) -> bool:
        """Plain text under "Vi ska" is a commitment unless it introduces or explains."""
        return (
            self.mode == "items"
            and line.text[-1] not in ":;"
            and len(line.text) <= MAX_TEXT_ITEM
            # "Under 2020 kunde vi inte genomföra …": what happened before is background
            and not (line.kind == Kind.TEXT and is_past(line.text))
            and not is_opinion(line.text)
            and not is_notice_or_rule(line.text)
        )

    def _is_plan(self) -> bool:
        """The document says it is a plan, or a marker ("Vi ska", "Tiltak") announced items."""
        return self.outline.plan_word or self.item_marker or self.mode == "items"

    def _commits_alone(self, line: Line) -> bool:
        """A bullet that would be an item as a sentence: it has a time, a count or a subject
        that commits, or names a year of the plan ("Tariffkampanje i 2026"). In statutes a
        numbered rule commits only with a time of its own ("Ordinært årsmøte skal avholdes
        innen utgangen av første kvartal"): the others say what applies."""
        period = self.outline.period
        if period is None:
            return False
        when = read_when(line.text.lower(), period, self.part_year).when
        if self.statute and when is None:
            return False
        years = [int(year) for year in re.findall(r"\b(?:19|20)\d\d\b", line.text)]
        if when is None and any(year in period.years for year in years):
            when = {"window": "year"}  # only to weigh the bullet; its value is read later
        # "Tariffkampanje i 2026", "Kurs i oktober": a short event with its time is an item.
        event = bool(when and {"date", "dates", "by", "window"} & set(when))
        short = len(line.text.split()) <= 8 and not line.text.rstrip().endswith(":")
        return (event and short and not is_past(line.text)) or is_commitment(
            line.text, when, period.years
        )

    def _bullet_commits(self, line: Line) -> bool:
        """Bullets are items in a plan, after a line that commits to them, or as numbered steps.

        On a page that is not a plan, a list after a plain heading or a neutral line names
        people, topics, an audience or what happens at a meeting ("På årsmötet:"): a bullet of
        it is an item only on its own strength. Lines of a programme never are.
        """
        if self.programme or states_a_belief(line.text) or _QUESTION.match(line.text):
            return False
        step = step_before_a_meeting(line.text)
        if step is not None:
            # "4 uker før - varsel om årsmøtet" is the body's step; "3 uker før - frist for å
            # sende inn forslag" a deadline set for the members, a rule
            return _RULE_DEADLINE.match(step) is None
        if line.enumerated and opens_in_the_past(line.text):
            # "Hva har skjedd/hva skal skje:" / "1. Representantskapet satte i gang arbeidet …":
            # a numbered step that tells what happened is no step ahead
            return False
        if self._is_plan() or (line.enumerated and not self.statute):
            return True
        if self.body_duties and self.outline.period is not None:
            # a page presenting a body: its duties are items only with a time of their own
            return (
                read_when(line.text.lower(), self.outline.period, self.part_year).when is not None
            )
        return self.intro_commits or self._commits_alone(line)

    def content(self, line: Line) -> None:
        announced = self.days_of
        sentences = split_sentences(line.text) if line.kind == Kind.ITEM else []
        if len(sentences) >= 2 and _introduces(line) and line.enumerated and not self.programme:
            # "1. Varsle valgkomiteen om å starte. Tips til valgkomiteen:": a numbered step, then
            # a sentence that introduces the bullets under it
            self.content(replace(line, text=" ".join(sentences[:-1])))
            self.context(sentences[-1])
            return
        if (
            self.statute
            and line.kind == Kind.ITEM
            and line.code is not None
            and not line.enumerated
            and len(sentences) >= 2
        ):
            # "2.2 Årsmøtet skal holdes innen … Varsel om årsmøte sendes …": a numbered rule of
            # several sentences in statutes is read sentence by sentence, as a paragraph
            self.prose(replace(line, kind=Kind.TEXT))
            return
        if is_programme_line(line.text):
            self.programme = True
        if line.kind == Kind.TEXT and _QUOTED.match(line.text.strip()):
            # «Bevisst skolering … vil derfor aktivt gå ut og tilby …»: a paragraph quoted whole
            # from another document commits this one to nothing
            self.context(line.text)
            return
        if has_expired(line.text):
            # "1. mars: Frist for forslag. Fristen er utløpt.": past, whatever its form
            self._deadline_passed(line.text)
            self.context(line.text)
            return
        if line.kind != Kind.ITEM:
            self.intro_commits = announces_commitments(line.text)
            if self.intro_commits and labels_commitments(line.text):
                # "Fem delmål – Negotia skal:", like "Vi skal:", says that the list commits
                self.outline.markers += 1
            duties = _BODY_DUTIES.match(line.text)
            # the body the page or its section is about: the title or the heading above
            about = {self.outline.title.lower(), self.area.title.lower() if self.area else ""}
            self.body_duties = bool(duties and duties.group(1).lower() in about)
        if (
            self.background
            or self.mode == "context"
            or (_SENTENCE_AIM.match(line.text) and not _HELD_CLAUSE.search(line.text))
            or is_programme_line(line.text)
            # a paragraph's contact sentence is weighed sentence by sentence
            or (
                is_contact(line.text)
                and len(split_sentences(line.text)) == 1
                and not self._dated(line)
                # "4 uker før - varsel om årsmøtet via e-post": a step, sent by e-mail
                and step_before_a_meeting(line.text) is None
            )
        ) or (
            line.kind == Kind.ITEM
            and ((self.listing and not self._dated(line)) or _introduces(line))
        ):
            if line.kind == Kind.ITEM and _introduces(line):
                self.intro_commits = announces_commitments(line.text)
                # "1.4 Regionlaget skal så langt det er mulig:" under a purposes heading: the
                # list it opens is the body's tasks, not its purposes
                self.listing = self.listing and not self.intro_commits
            self.context(line.text)
        elif (line.kind == Kind.ITEM and not self._bullet_commits(line)) or is_table_header(
            line.text
        ):
            self.context(line.text)
        elif (
            line.kind == Kind.ITEM
            or (
                _SENTENCE_ITEM.match(line.text)
                and not line.text.endswith(":")
                and not describes_composition(line.text)
                and not (self._untimed_duty(line) and not self._is_plan())
                # "Landsmøtet skal behandle en rekke saker …": a meeting's business, and
                # "Forbundet skal være det naturlige valget …": what a body is, no task
                and not (
                    (
                        is_meeting_business(line.text, plan=self._is_plan())
                        or states_identity(line.text)
                    )
                    and not self._dated(line)
                )
                and len(split_sentences(line.text)) == 1
                and len(_joined_commitments(line.text)) == 1
            )
            or self._plain_item(line)
        ) and not is_notice_or_rule(line.text):
            self.item(line)
        elif is_date_list(line.text) and announced is not None:
            # "Under 2027 är det fyra heldagsträffar … Datum för dessa dagar är:" / "24 januari,
            # 6 april, …": the days belong to what the paragraph announced
            self.item(Line(line.number, f"{announced}: {line.text}", Kind.TEXT))
        elif (
            (is_date_list(line.text) or opens_with_date(line.text))
            and self.area is not None
            and not self.area.items
        ):
            # A heading followed by its dates ("Presidiets sammanträden" / "25 januari, ..."):
            # the heading names the item, the line gives its dates.
            self.item(Line(line.number, f"{self.area.title}: {line.text}", Kind.TEXT))
        elif (
            is_calendar_entry(line.text)
            or (line.day_entry and not is_past(line.text))
            # "Generalforsamling 11.-13. mars 2024" over the page's section on that meeting
            or names_a_meeting_and_its_days(line.text)
        ) and not self.programme:
            self.item(line)
        else:
            self.prose(line)

    def _named_days(self, line: Line, name: str, days: list[str]) -> None:
        """ "Styremøter 28. januar, 4. mars og 2. desember": one series asked in those months
        in a plan of one year; over several years a monthly item would also ask in the other
        years, so each day is its own item."""
        period = self.outline.period
        if period is not None and len(period.years) > 1:
            for day in days:
                self.item(Line(line.number, f"{name} {day}", Kind.TEXT))
        else:
            self.item(line)

    def _one_more_event(self, sentence: str) -> list[str]:
        """ "Studieupptakt hålls … på hösten och en uppföljning i januari": a second event, each
        with its own time, is a sentence of its own."""
        period = self.outline.period
        joint = _ONE_MORE_EVENT.search(sentence)
        if period is None or joint is None:
            return [sentence]
        first, second = sentence[: joint.start()], sentence[joint.end() :]
        if read_when(first.lower(), period, self.part_year).when is None:
            return [sentence]
        return [first, second[:1].upper() + second[1:]]

    def _clauses_with_own_time(self, sentence: str) -> list[str]:
        """ "Saker … må være fylkesstyret i hende senest 14. september, siden siste frist for å
        spille inn landsmøtesaker til hovedstyret er 21. september, åtte uker før landsmøtet som
        avholdes 16.-18. november 2022.": a reason given after a comma, and a meeting named with
        the days it is held, each with a time of its own, are sentences of their own."""
        period = self.outline.period
        if period is None:
            return [sentence]
        for pattern in (_REASON, _HELD_INSIDE):
            found = pattern.search(sentence)
            if found is None:
                continue
            first, second = sentence[: found.start()], sentence[found.end() :]
            if (
                read_when(first.lower(), period, self.part_year).when is None
                or read_when(second.lower(), period, self.part_year).when is None
            ):
                continue
            second = second[:1].upper() + second[1:]
            return [*self._clauses_with_own_time(first), *self._clauses_with_own_time(second)]
        return [sentence]

    def _handed_in_by(self, sentences: list[str], period: Period) -> list[str]:
        """ "Förbunden ska lämna uppgift om antal medlemmar. Detta mejlas till … senast 9 mars.":
        "this is sent by a day" gives the task before it, which names no time, its deadline."""
        joined: list[str] = []
        for sentence in sentences:
            if joined and _THIS_IS_SENT.match(sentence):
                before = read_when(joined[-1].lower(), period, self.part_year).when
                when = read_when(sentence.lower(), period, self.part_year).when
                if before is None and when is not None and "by" in when:
                    joined[-1] = f"{joined[-1].rstrip()} {sentence}"
                    continue
            joined.append(sentence)
        return joined

    def prose(self, line: Line) -> None:
        """A paragraph: its sentences that commit become items, the rest stays context."""
        period = self.outline.period
        if period is None:
            self.context(line.text)
            return
        rest: list[str] = []
        previous: str | None = None
        deadline: str | None = None
        sentences = [
            part
            for found in split_sentences(line.text)
            for clause in _joined_commitments(found)
            for timed in self._one_more_event(clause)
            for reason in self._clauses_with_own_time(timed)
            for part in _listed_events(reason)
        ]
        sentences = _time_said_after(self._handed_in_by(sentences, period), period)
        quoting = False
        for sentence in sentences:
            when = read_when(sentence.lower(), period, self.part_year).when
            if when and _only_years(sentence, period, self.part_year):
                when = None  # "Planen för 2017 och 2018 utgör …": a year describes, not schedules
            # "BFs vedtekter 7.2 sier: Landsmøtet sammenkalles … Innkalling og sakspapirer sendes
            # ut senest 4 uker før landsmøtet.": the statutes quoted, until a sentence gives a day
            if quotes_statutes(sentence):
                quoting = True
            elif when and {"date", "dates", "by"} & set(when):
                quoting = False
            if quoting:
                rest.append(sentence)
                continue
            if deadline and _SAME_LAST_DAY.match(sentence) and when is None:
                # "… till och med den 31 januari. Det är även sista dagen för att skicka in
                # motioner": a second deadline on the day the sentence before gives
                entry = Line(line.number, sentence, Kind.TEXT)
                self.item(entry)
                if self.area and self.area.items and self.area.items[-1].line is entry:
                    self.area.items[-1].same_deadline = str(deadline)
            elif previous and _DAY_AFTER.match(sentence) and when is None:
                self.item(Line(line.number, sentence, Kind.TEXT), day_after=previous)
            elif previous and _DAY_BEFORE.match(sentence) and when is None:
                self.item(Line(line.number, sentence, Kind.TEXT), previous, before=True)
            elif (
                _HELD_CLAUSE.search(sentence)
                and when
                and {"date", "dates", "window"} & set(when)
                and not is_past(sentence)
            ):
                # "… motioner till Pappers kongress, som äger rum i april 2018": the event the
                # sentence names is held then, whatever the sentence asks of the reader
                self.item(Line(line.number, sentence, Kind.TEXT))
            elif (listed := named_date_list(sentence)) is not None:
                self._named_days(Line(line.number, sentence, Kind.TEXT), *listed)
            elif is_commitment(sentence, when, period.years, plan=self._is_plan()) and not (
                # a rule of the statutes, no task of a plan, unless timed from a meeting
                self.statute
                and when is None
                # "Frist for innsending av saker er seks uker før årsmøtet": a deadline set for
                # the members is a rule; "Varsel sendes to måneder før årsmøtet" is a step
                and not (due_before_a_meeting(sentence) and not _RULE_DEADLINE.match(sentence))
            ):
                self.item(Line(line.number, sentence, Kind.TEXT))
            else:
                rest.append(sentence)
            previous = (when or {}).get("date") or previous
            deadline = (when or {}).get("by") or deadline
        if rest:
            self.context(" ".join(rest))
        # Outside "Vi ska", a paragraph that ends by announcing a list lists contents or an
        # agenda, not commitments.
        # Outside "Vi ska", a list announced as priorities or purposes names aims.
        # A short line offering suggestions or examples ("Förslag till innehåll") lists them.
        text = line.text.rstrip()
        self.listing = self.mode == "default" and (
            (
                text.endswith(":")
                and (
                    (
                        _CONTENTS.search(text) is not None
                        and (not _DECISIONS.search(text) or _AGENDA_INTRO.search(text) is not None)
                    )
                    or _AIMS_INTRO.search(text) is not None
                    or _EXAMPLES.search(text) is not None
                    or _READER_RULES.search(text) is not None
                )
            )
            or (_EXAMPLES.search(text) is not None and len(text) <= 60 and text[-1] not in ".!")
            or (_PURPOSES.search(text) is not None and (len(text) <= 60 or text.endswith(":")))
        )


# "Landsstyret skal ta stilling til forslagene. Dette vil skje i starten av juni.": a sentence
# that only says when the one before happens.
_WHEN_OF_THE_LAST = re.compile(
    r"^(?:dette|detta|det)\s+(?:vil\s+skje|skal\s+skje|skjer|kommer\s+til\s+å\s+skje"
    r"|ska\s+ske|sker|kommer\s+att\s+ske|skal\s+skje|vil\s+skje|skjer)\b",
    re.IGNORECASE,
)


def _time_said_after(sentences: list[str], period: Period) -> list[str]:
    """Each sentence that only says when the untimed sentence before it happens, joined to it."""
    joined: list[str] = []
    for sentence in sentences:
        if (
            joined
            and _WHEN_OF_THE_LAST.match(sentence)
            and read_when(joined[-1].lower(), period).when is None
            and read_when(sentence.lower(), period).when is not None
        ):
            joined[-1] = f"{joined[-1].rstrip()} {sentence}"
        else:
            joined.append(sentence)
    return joined


_MODAL = re.compile(r"\b(?:ska|skal|skall|må|måste|bør|bör|kommer\s+att)\b", re.IGNORECASE)
# ", siden siste frist … er 21. september": a reason given after a comma
_REASON = re.compile(r",\s+(?:siden|sidan|fordi|ettersom|eftersom|då|da)\s+", re.IGNORECASE)
# ", åtte uker før landsmøtet som avholdes 16.-18. november": a span before a meeting named with
# the days it is held; the meeting starts a clause of its own
_HELD_INSIDE = re.compile(
    r",\s+(?:\w+\s+){1,2}(?:før|före|innan|etter|efter)\s+(?=[\wåäöæø]*(?:møtet|mötet|kongressen"
    r"|konferansen|konferensen|stämman)\s+(?:som|sum)\s+(?:avholdes|holdes|hålls|arrangeres"
    r"|arrangeras|vert\s+halde|blir\s+holdt)\b)",
    re.IGNORECASE,
)
# "Detta mejlas till …", "Dette sendes inn …", "Dette vert sendt …": the thing just named is handed
# in; not "Detta innebär att …", which explains.
_THIS_IS_SENT = re.compile(
    r"^(?:detta|dette)\s+(?:(?!(?:innebär|inneber|betyr|gäller|gjeld|gjelder)\b)"
    r"[a-zåäöæø]+(?:as|es|s)|(?:blir|vert|blei|ble)\s+[a-zåäöæø]+)\b",
    re.IGNORECASE,
)


# What a dated sentence is about: the meeting it names ("förbundsmöte", "årsmøtet"), or for a
# deadline what is handed in by then ("motioner", "nomineringar").
_EVENT_NOUN = re.compile(
    r"\b([a-zåäöæø]*(?:møte|möte|kongress|konferanse|konferens|stämma|landsråd))"
    r"(?:t|et|n|en|ne|na|ets|s)?\b"
)
_HANDED_IN = re.compile(r"\b(motion|nominer)")


def _event_key(text: str, when: PlanValue | None) -> tuple[str, str] | None:
    """ "Den 17 maj 2024 hålls förbundsmöte …" and, later, "Den 17 maj äger … förbundsmöte
    rum": one meeting on one day, said twice; so are two deadlines for motions on one day."""
    if not when:
        return None
    if isinstance(when.get("by"), str):
        handed = _HANDED_IN.search(text)
        return (handed.group(1), str(when["by"])) if handed else None
    days = _days(when)
    event = _EVENT_NOUN.search(text)
    return (event.group(1), "..".join(days)) if days and event else None


def _joined_commitments(sentence: str) -> list[str]:
    """The clauses of a sentence that each commit with a subject and a modal of their own; not
    "Styrelsen och sektionerna ska …", where "och" joins two subjects of one modal."""
    clauses: list[str] = []
    start = 0
    for joint in _JOINED_COMMITMENT.finditer(sentence):
        if _MODAL.search(sentence[start : joint.start()]):
            clauses.append(sentence[start : joint.start()])
            start = joint.end()
    clauses.append(sentence[start:])
    return clauses


def _days(when: PlanValue) -> list[str]:
    """The days a `when` names: its date, or the first and last of its dates."""
    if isinstance(when.get("date"), str):
        return [str(when["date"])]
    ranged = when.get("dates")
    if isinstance(ranged, dict):
        return [str(ranged["from"]), str(ranged["to"])]
    return []


def _listed_events(sentence: str) -> list[str]:
    """Events listed in one sentence, each its own noun and day, are one sentence each.

    "Årsmöte 9 mars i A, vårmöte 11 maj i B och höstmöte 12 oktober": three meetings, not one
    meeting asked in three months. Parts without a day of their own (a heading such as
    "Medlemsmöten 2023") come first, as one sentence; one noun with several days stays one.
    """
    if _STARTS_AND_ENDS.search(sentence):
        return [sentence]  # "Møtet starter 15. oktober …, og avsluttes 16. oktober": one event
    clauses = [clause.strip(" .;") for clause in _CLAUSE_SPLIT.split(sentence)]
    bare = [clause.strip(" .;") for clause in _BARE_AND.split(sentence)]
    if (
        len(clauses) == 1
        and len(bare) == 2
        and "," not in bare[0]
        and not _ENDS_WITH_DAY.search(bare[0])
        and _DAY_WORDS.findall(bare[0].lower()) != _DAY_WORDS.findall(bare[1].lower())
    ):
        # "Den 17 maj hålls förbundsmöte i X och sista dag att skicka in motioner är den 18
        # mars": without a comma too, when each side has words and a day of its own (not
        # "mellan 1 februari och 15 mars", nor a list "A 4. mars, B 6. mai og C 9. desember",
        # nor "30. juni: Valg til … og nominasjoner … skal være gjennomført innen 30. juni", one
        # day for both)
        clauses = bare
    if len(clauses) >= 2 and all(_DAYED_CLAUSE.search(clause) for clause in clauses):
        # "… drøftet landsrådsmøtet 2.–3. november, og oppnevnte delegater til møtet 7.
        # desember": two clauses, each with its own event and day, are two events
        return clauses
    parts = [part.strip(" .;") for part in _LIST_SPLIT.split(sentence)]
    named = [found for part in parts if (found := _NAMED_EVENT.match(part))]
    if len(named) < 2 or len({found.group(1).lower() for found in named}) < len(named):
        return [sentence]
    events = [found.string for found in named]
    rest = ", ".join(part for part in parts if part not in events)
    return ([rest] if rest else []) + events


def _introduces(line: Line) -> bool:
    """A bullet that ends with a colon introduces the bullets after it."""
    return line.text.rstrip().endswith(":")


def _only_years(sentence: str, period: Period, part_year: int | None) -> bool:
    """The sentence's time comes from a bare year only."""
    lowered = sentence.lower()
    return read_when(_SINGLE_YEAR.sub(" ", lowered), period, part_year).when is None


def _period(
    title: str, lines: list[Line], given: tuple[Period, str] | None, today: date
) -> tuple[Period, str, str]:
    """The given period, else the one the title or first lines name, else one from the text."""
    if given is not None:
        return given[0], given[1], "given"
    head = [line.text for line in lines if line.kind != Kind.BLANK][:HEAD_LINES]
    # "Styrelsen beslutade i november 2020 att …": a past decision dates itself, not the plan.
    present = [" ".join(s for s in split_sentences(text) if not is_past(s)) for text in head]
    # A title that is a past decision ("Årsmötet 10 mars 2020 vedtok …") dates that decision.
    found = find_period([" ".join(s for s in split_sentences(title) if not is_past(s))])
    if found is not None:
        return found[0], found[1], "title"
    found = find_period(present)
    if found is not None:
        other = _year_of_the_days(lines, found[0])
        if other is not None:
            # "LANDSMØTET 2018" below the title, over "Neste landsmøte avholdes 10. september
            # 2020": the head names a past year, every day written with its year is in another
            return Period(date(other, 1, 1), date(other, 12, 31)), str(other), "text"
        return found[0], found[1], "title"
    found = find_period([line.text for line in lines])
    if found is not None:
        return found[0], found[1], "text"
    year = today.year
    return Period(date(year, 1, 1), date(year, 12, 31)), str(year), "assumed"


# "12. feb.", "3. mars 2026": a page's first line that is one day and nothing else.
_PAGE_DAY = re.compile(
    # "TORSDAG 26 MARS": a weekday may come first
    rf"^(?:(?:{'|'.join(WEEKDAYS)})\s+)?\d{{1,2}}\.?\s*(?:{MONTH_PATTERN}|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des|dec)"
    r"\b\.?(?:\s+(?:19|20)\d\d)?$",
    re.IGNORECASE,
)
# "10. september 2020", "den 2 februari 2026": a day written with its year.
_DAY_WITH_YEAR = re.compile(rf"\b\d{{1,2}}\.?\s*(?:{MONTH_PATTERN})\s+((?:19|20)\d\d)\b", re.I)


def _year_of_the_days(lines: list[Line], period: Period) -> int | None:
    """The one year of every day written with its year, when none is in the period."""
    years = {int(year) for line in lines for year in _DAY_WITH_YEAR.findall(line.text)}
    if len(years) == 1 and not years & set(period.years):
        return years.pop()
    return None


def build_outline(
    lines: list[Line], given: tuple[Period, str] | None = None, today: date | None = None
) -> Outline:
    title_index, title = find_title(lines)
    head = [line.text for line in lines if line.kind not in (Kind.BLANK, Kind.CONTENTS)]
    head = head[:HEAD_LINES]
    period, label, source = _period(title, lines, given, today or datetime.now(UTC).date())
    outline = Outline(
        title=title,
        period=period,
        period_label=label,
        period_source=source,
        # a plan word in a title or a short line names the document; inside a long sentence it
        # only mentions a plan ("… kan legges inn i aktivitetskalenderen")
        plan_word=any(_has_plan_word(text) and len(text.split()) <= 15 for text in head),
    )
    builder = _Builder(outline, title_index)
    for index, line in enumerate(lines):
        builder.visit(index, line)
    _date_series(outline)
    _counted_lists(outline)
    _saved_dates(outline)
    _page_day_event(outline, lines)
    _split_day_event(outline, lines)
    if title_index >= 0 and not any(area.items for area in outline.areas):
        _title_event(outline, lines[title_index])
    elif title_index >= 0:
        _labelled_day_event(outline, lines[title_index], lines)
        _title_days_said_as_month(outline, lines[title_index])
    else:
        # a page that opens with a sentence naming its meeting ("… ønsker alle medlemmer …
        # velkommen til digitalt årsmøte!") over a labelled day
        opening = next(line for line in lines if line.kind not in (Kind.BLANK, Kind.CONTENTS))
        if _MEETING_WORD.search(opening.text):
            _labelled_day_event(outline, opening, lines)
    return outline


def _date_series(outline: Outline) -> None:
    """ "24-25 april 2017 (mån-tis)" / "Förbundsstyrelsemöte", then "12-13 juni 2017" /
    "Förbundsstyrelsemöte", …: bullets that are only days, each over the same name, are one
    series of that meeting in a plan of one year, as "Styremøter 28. januar, 4. mars og …" is."""
    period = outline.period
    if period is None or len(period.years) != 1:
        return
    areas = outline.areas
    index = 0
    while index < len(areas):
        if not _day_only(areas[index]) or index + 1 >= len(areas):
            index += 1
            continue
        name = areas[index + 1].title
        end = index + 1
        while end < len(areas) and areas[end].title == name and _day_only(areas[end]):
            end += 1
        dated = list(range(index, end))
        if len(dated) < 3:
            index += 1
            continue
        days = [areas[p].items[0].line.text.split("(")[0].strip() for p in dated]
        first = areas[index].items[0]
        series = Line(first.line.number, f"{name} {', '.join(days)}", Kind.TEXT)
        for position in dated:
            areas[position].context.append(areas[position].items[0].line.text)
            areas[position].items = []
        areas[index].items = [replace(first, line=series)]
        index = end


# "Boka in den 24–25 september 2024 för …!", "Sett av 12. mars", "Save the date": the reader is
# asked to keep the day free.
_SAVE_THE_DATE = re.compile(
    r"^(?:boka\s+in|boka|sätt\s+av|sett\s+av|set\s+av|merk\s+av|merk\s+deg|notera|reservera"
    r"|save\s+the\s+date|hold\s+av|håll\s+av)\b",
    re.IGNORECASE,
)


def _saved_dates(outline: Outline) -> None:
    """ "Boka in den 24–25 september 2024 för Polisförbundets kongress!" and "Nästa kongress kommer
    att hållas den 24–25 september 2024": the reader's reminder names the same event on the same
    days as a sentence that says it is held; that sentence is the item, the reminder context."""
    period = outline.period
    if period is None:
        return
    for area in outline.areas:
        for entry in list(area.items):
            if not _SAVE_THE_DATE.match(entry.line.text.strip()):
                continue
            when = _when(entry, period)
            if {"date", "dates"} & set(when) and any(
                other is not entry and _when(other, period) == when for other in _entries(outline)
            ):
                area.items.remove(entry)
                area.context.append(entry.line.text)


def _counted_lists(outline: Outline) -> None:
    """ "Vi arrangerer fire møter/seminarer … hvert år." over four bullets, each with its month:
    the sentence counts the list right below it, whose bullets are the items; it is their
    introduction, no item of its own."""
    for area in outline.areas:
        entries = list(area.items)
        for position, entry in enumerate(entries):
            if entry.line.kind != Kind.TEXT:
                continue
            following: list[OutlineItem] = []
            number = entry.line.number
            for later in entries[position + 1 :]:
                if later.line.kind != Kind.ITEM or later.line.number != number + 1:
                    break
                following.append(later)
                number = later.line.number
            words = re.findall(r"[\wåäöæø]+", entry.line.text.lower())
            counts = {
                int(word) if word.isdigit() else language[word]
                for word in words
                for language in NUMBER_WORDS.values()
                if word.isdigit() or word in language
            }
            if len(following) >= 2 and len(following) in counts:
                area.items.remove(entry)
                area.context.append(entry.line.text)


def _day_only(area: OutlineArea) -> bool:
    return len(area.items) == 1 and _DAY_ONLY.match(area.items[0].line.text.strip()) is not None


# "Årsmøtet 2021 avholdes digitalt", "Kongressen hålls i Umeå": a meeting said to be held.
_HELD = re.compile(
    r"^[\wåäöæø]*(?:møtet|mötet|møte|möte|kongressen|konferansen|konferensen|stämman|kurset"
    r"|kursen|samlingen|landsmøtet)(?:\s+(?:19|20)\d\d)?\s+(?:avholdes|holdes|hålls|arrangeres"
    r"|arrangeras|går\s+av\s+stabelen|vert\s+halde|blir\s+holdt|blir\s+halde)\b",
    re.IGNORECASE,
)


# "Centrala Sacorådet håller årsmöte …", "Avdelingen holder årsmøte", "Laget held årsmøte": a body
# holds a meeting.
_HOLDS = re.compile(
    r"^[\wåäöæø-]+(?:\s+[\wåäöæø-]+){0,3}?\s+(?:håller|holder|held|avholder)\s+(?:sitt\s+|sin\s+"
    r"|sitt\s+|et\s+|ett\s+|eit\s+)?[\wåäöæø]*(?:møte|möte|kongress|konferanse|konferens|stämma"
    r"|landsmøte)\b",
    re.IGNORECASE,
)


def _holds_a_meeting(sentence: str) -> bool:
    return _HELD.match(sentence) is not None or _HOLDS.match(sentence) is not None


def _page_day_event(outline: Outline, lines: list[Line]) -> None:
    """ "12. feb." as a page's first line, then "Årsmøtet 2021 avholdes digitalt.": an event page
    opens with its day; the first sentence that says a meeting is held, with no day of its own,
    is that meeting on that day (marked for review), when no item gives a day already."""
    period = outline.period
    first = next((line for line in lines if line.kind != Kind.BLANK), None)
    if period is None or first is None or not _PAGE_DAY.match(first.text.strip()):
        return
    day = read_when(first.text.lower(), period).when or {}
    if "date" not in day or any(
        {"date", "dates"} & set(_when(e, period)) and _holds_a_meeting(e.line.text)
        for e in _entries(outline)
    ):
        return
    for line in lines:
        for sentence in split_sentences(line.text) if line.kind == Kind.TEXT else []:
            if _holds_a_meeting(sentence) and not is_past(sentence):
                if read_when(sentence.lower(), period).when:
                    return
                area = OutlineArea(outline.title, line.number, None)
                entry = OutlineItem(Line(line.number, sentence, Kind.TEXT), None)
                entry.page_day = str(day["date"])
                area.items.append(entry)
                outline.areas.insert(0, area)
                return


# "10." over "septemberkl 18.00": a calendar card writes the day's number and its month apart.
_DAY_NUMBER = re.compile(r"^(\d{1,2})\.$")
_MONTH_FIRST = re.compile(rf"^({MONTH_PATTERN})", re.IGNORECASE)
_MEETING_WORD = re.compile(
    r"(?:møte|möte|møtet|mötet|kongress\w*|konferanse\w*|konferens\w*|stämma|landsmøte\w*"
    r"|samling\w*|kurs)\b",
    re.IGNORECASE,
)


def _split_day_event(outline: Outline, lines: list[Line]) -> None:
    """ "Fylkesårsmøte i Vestland", then "10." over "septemberkl 18.00": the heading over a day
    written on two lines names the meeting held that day, when no item gives a day already."""
    period = outline.period
    if period is None or any({"date", "dates"} & set(_when(e, period)) for e in _entries(outline)):
        return
    written = [line for line in lines if line.kind != Kind.BLANK]
    for position, line in enumerate(written[:-1]):
        number = _DAY_NUMBER.match(line.text.strip())
        month = _MONTH_FIRST.match(written[position + 1].text.strip()) if number else None
        if number is None or month is None:
            continue
        heading = next(
            (
                earlier
                for earlier in reversed(written[:position])
                if earlier.kind == Kind.HEADING and _MEETING_WORD.search(earlier.text)
            ),
            None,
        )
        if heading is None:
            return
        text = f"{heading.text} {number.group(1)}. {month.group(1)}"
        area = OutlineArea(heading.text, heading.number, None)
        area.items.append(OutlineItem(Line(heading.number, text, Kind.TEXT), None))
        outline.areas.insert(0, area)
        return


def _labelled_day_event(outline: Outline, title: Line, lines: list[Line]) -> None:
    """ "Välkommen till avdelningens årsmöte 2026" over "Dag: 12 februari 2026": the title names
    the event, the labelled line its day, when no item already gives a day of its own (the
    page's other items are deadlines before it)."""
    period = outline.period
    if period is None or is_past(title.text) or read_when(title.text.lower(), period).when:
        return
    labelled = next((line for line in lines if DAY_LABEL.match(line.text)), None)
    if labelled is None:
        return
    text = f"{title.text}: {labelled.text}"
    when = read_when(text.lower(), period).when or {}
    if not {"date", "dates"} & set(when):
        return
    # the labelled line drafted alone ("Tid: Mandag 5. september 2022, kl. 17:00-18:00") is the
    # title's event; another item with a day blocks only when the title names no meeting
    # ("Samfunnsviterne i Nordland ønsker … velkommen til digitalt årsmøte!") or has that day
    alone = [entry for entry in _entries(outline) if entry.line.number == labelled.number]
    others = [entry for entry in _entries(outline) if entry.line.number != labelled.number]
    dated = [_when(entry, period) for entry in others]
    if any({"date", "dates"} & set(other) for other in dated) and (
        _MEETING_WORD.search(title.text) is None
        or any(_days(other) == _days(when) for other in dated)
    ):
        return
    for area in outline.areas:
        moved = [entry for entry in area.items if entry in alone]
        area.items = [entry for entry in area.items if entry not in alone]
        area.context.extend(entry.line.text for entry in moved)
    area = OutlineArea(outline.title, labelled.number, None)
    area.items.append(OutlineItem(Line(labelled.number, text, Kind.TEXT), None))
    outline.areas.insert(0, area)
    _due_the_day_before(outline, lines, when)


def _normalised(sentence: str) -> str:
    """A sentence lower-cased, without its closing stop, its number words written as digits."""
    words = sentence.lower().rstrip(" .!").split()
    numbers = {**NUMBER_WORDS["sv"], **NUMBER_WORDS["no"]}
    return " ".join(str(numbers[word]) if word in numbers else word for word in words)


# "Påloggingslenke og praktisk info sendes påmeldte senest dagen i forkant.": due by the day before
# the meeting the page dates, which the sentence does not name
_BY_THE_EVE = re.compile(
    r"\b(?:senest|senast|seinast|innen|innan)\s+dagen\s+(?:i\s+forkant|i\s+forveien|i\s+forvegen"
    r"|i\s+förväg|før|före|innan|innen)\b",
    re.IGNORECASE,
)


def _due_the_day_before(outline: Outline, lines: list[Line], when: PlanValue) -> None:
    """On a page that dates its one meeting by a labelled day, a sentence alone on its line that
    is due "senest dagen i forkant" is due the day before that meeting."""
    period = outline.period
    day = when.get("date")
    if period is None or not isinstance(day, str):
        return
    for line in lines:
        if (
            line.kind != Kind.TEXT
            or _BY_THE_EVE.search(line.text) is None
            or len(split_sentences(line.text)) != 1
            or read_when(line.text.lower(), period).when is not None
        ):
            continue
        for area in outline.areas:
            if line.text in area.context:
                area.context.remove(line.text)
                entry = OutlineItem(line, None, eve_of=day)
                outline.areas[0].items.append(entry)
                break


def _entries(outline: Outline) -> list[OutlineItem]:
    return [entry for area in outline.areas for entry in area.items]


def _when(entry: OutlineItem, period: Period) -> PlanValue:
    return read_when(entry.line.text.lower(), period, entry.part_year).when or {}


def _in_month(when: PlanValue, month: int) -> bool:
    """A window over exactly one month: "i november", or November of one year."""
    window = when.get("window")
    if isinstance(window, str):
        return window == MONTH_NAMES_EN[month]
    if isinstance(window, dict):
        first, last = str(window.get("from", "")), str(window.get("to", ""))
        return first[5:7] == last[5:7] == f"{month:02d}" and first[:4] == last[:4]
    return False


def _title_days_said_as_month(outline: Outline, title: Line) -> None:
    """ "9.–11. november i Trondheim" as the page's title, then "… og i november skal vi …" and
    "… når landsmøtet samles i Trondheim i november": the meeting the page's sentences name in the
    month of the title's days is held on those days; one item, dated by the title."""
    period = outline.period
    if period is None or is_past(title.text):
        return
    days = _days(read_when(title.text.lower(), period, None).when or {})
    months = {day[5:7] for day in days}
    if not days or len(months) != 1:
        return
    month = int(months.pop())
    said = [
        (area, entry)
        for area in outline.areas
        for entry in area.items
        if _MEETING_WORD.search(entry.line.text) and _in_month(_when(entry, period), month)
    ]
    if not said:
        return
    for area, entry in said:
        area.items.remove(entry)
        area.context.append(entry.line.text)
    if any(_days(_when(entry, period)) == days for entry in _entries(outline)):
        return  # the meeting is already drafted with its days
    text = f"{title.text}: {said[0][1].line.text}"
    area = OutlineArea(outline.title, title.number, None)
    area.items.append(OutlineItem(Line(title.number, text, Kind.TEXT), None))
    outline.areas.insert(0, area)


def _title_event(outline: Outline, title: Line) -> None:
    """ "Medlemsmøte 12. mars 2026" over a page of labelled facts: the title is the event."""
    period = outline.period
    if period is None or is_past(title.text):
        return
    when = read_when(title.text.lower(), period, None).when or {}
    if {"date", "dates"} & set(when):
        area = OutlineArea(outline.title, title.number, None)
        area.items.append(OutlineItem(Line(title.number, title.text, Kind.TEXT), None))
        outline.areas.insert(0, area)
