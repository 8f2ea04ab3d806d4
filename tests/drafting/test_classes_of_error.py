"""Classes of error that recurred on pages the drafter had never seen, one rule each.

Every batch of unseen pages showed the same kinds of mistakes on first contact: sentences that
explain or quote the rules taken as commitments, lists of people, topics or a meeting's agenda
taken as items, a programme's lines taken as items, and pages that hold commitments refused.
The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.core.i18n import Translator
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.sentences import split_sentences
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)


def draft(tmp_path: Path, text: str) -> DraftPlan:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    plan = draft_document(path, today=TODAY)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")  # imports as is
    return plan


def titles(plan: DraftPlan) -> list[str]:
    return [item.title for item in plan.items]


# Segmentation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "sentences"),
    [
        (
            "Styret ble gjenvalgt. Neste medlemsmøte er 5. mai.",
            ["Styret ble gjenvalgt.", "Neste medlemsmøte er 5. mai."],
        ),
        (
            "Styret vart attvalt. Neste møte er 5. mai.",
            ["Styret vart attvalt.", "Neste møte er 5. mai."],
        ),
        (
            "Vi ordnar kurser, möten osv. Nästa möte är den 3 maj.",
            ["Vi ordnar kurser, möten osv.", "Nästa möte är den 3 maj."],
        ),
        (
            "Møtet er i Storgt. 12 i Bodø 4. juni. Påmelding innen 1. juni.",
            ["Møtet er i Storgt. 12 i Bodø 4. juni.", "Påmelding innen 1. juni."],
        ),
        ("Det kostar ca. 300 kronor. Anmäl dig.", ["Det kostar ca. 300 kronor.", "Anmäl dig."]),
    ],
)
def test_a_word_ending_like_a_street_ends_a_sentence_unless_a_number_follows(
    paragraph: str, sentences: list[str]
) -> None:
    assert split_sentences(paragraph) == sentences


def test_a_meeting_after_a_past_election_is_found(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Årsmøtet 2026\n\nÅrsmøtet ble holdt 3. februar. Styret ble gjenvalgt. "
        "Neste medlemsmøte er 5. mai.\n",
    )
    assert titles(plan) == ["Neste medlemsmøte er 5. mai"]
    assert plan.items[0].when == {"date": "2026-05-05"}


# Sentences that explain, quote the rules' cycle, announce a state or grant a right ------------


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "Kongress 2026\n\nKongressen är förbundets högsta organ. Det innebär att "
            "kongressen måste hållas före den 30 juni. Kongressen hålls 10-12 juni 2026.\n",
            "Kongressen hålls 10-12 juni 2026",
        ),
        (
            "Landsmøte 2026\n\nLandsmøtet er forbundets øverste organ. For avdelingene betyr "
            "det at sakene må være inne før 1. april. Landsmøtet holdes 5. juni 2026.\n",
            "Landsmøtet holdes 5. juni 2026",
        ),
        (
            "Årsmøte 2026\n\nÅrsmøtet er det øvste organet i laget. Det vil seie at styret må "
            "kalle inn innan 1. mars. Årsmøtet vert halde 20. mars 2026.\n",
            "Årsmøtet vert halde 20. mars 2026",
        ),
    ],
)
def test_a_sentence_that_explains_the_one_before_is_context(
    tmp_path: Path, text: str, item: str
) -> None:
    assert titles(draft(tmp_path, text)) == [item]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "Kongress 2026\n\nEnligt stadgarna ska förbundet hålla kongress vartannat år. "
            "Kongressen hålls 10-12 juni 2026.\n",
            "Kongressen hålls 10-12 juni 2026",
        ),
        (
            "Landsmøte 2026\n\nIfølge vedtektene skal landsmøtet holdes hvert tredje år innen "
            "1. juli. Landsmøtet holdes 5. juni 2026.\n",
            "Landsmøtet holdes 5. juni 2026",
        ),
        (
            "Fylkesårsmøte 2026\n\nFylkesårsmøtet skal haldast kvart fjerde år. Neste "
            "fylkesårsmøte er 14. april 2026.\n",
            "Neste fylkesårsmøte er 14. april 2026",
        ),
    ],
)
def test_a_cycle_of_several_years_is_the_rules_not_the_plan(
    tmp_path: Path, text: str, item: str
) -> None:
    assert titles(draft(tmp_path, text)) == [item]


@pytest.mark.parametrize(
    "text",
    [
        "Årsmöte 2026\n\nÅrsmötet hålls 12 maj. Handlingarna kommer att finnas på webben från "
        "mitten av april. Programmet kommer att vara klart i april.\n",
        "Årsmøte 2026\n\nÅrsmøtet holdes 12. mai. Sakspapirene vil være tilgjengelige fra "
        "1. mai.\n",
        "Årsmøte 2026\n\nÅrsmøtet vert halde 12. mai. Sakene vil vere tilgjengelege frå 1. mai.\n",
    ],
)
def test_a_state_announced_with_a_day_is_no_task(tmp_path: Path, text: str) -> None:
    assert len(draft(tmp_path, text).items) == 1


def test_being_done_with_something_by_a_day_is_still_a_task(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Verksamhetsplan 2026\n\nStyrelsen ska vara klar med budgeten senast den 1 mars.\n",
    )
    assert titles(plan) == ["Styrelsen ska vara klar med budgeten senast den 1 mars"]


@pytest.mark.parametrize(
    "text",
    [
        "Sektioner\n\nAvdelningen har tre sektioner. Varje sektion har rätt till en plats i "
        "representantskapet som sammanträder två gånger per år.\n",
        "Om avdelingen\n\nAvdelingen har fire klubber. Hver klubb har rett til å sende én "
        "representant til årsmøtet, som holdes hvert år.\n",
        "Om laget\n\nLaget har tre klubbar. Alle medlemar har tale- og forslagsrett på "
        "årsmøtet, som vert halde kvart år.\n",
    ],
)
def test_a_page_that_only_states_rights_is_not_a_plan(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputFileError):
        draft(tmp_path, text)


def test_a_right_with_a_deadline_is_still_a_deadline(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Årsmøte 2026\n\nAlle medlemmer har rett til å sende inn forslag innen 1. februar.\n",
    )
    assert [item.when for item in plan.items] == [{"by": "2026-02-01"}]


@pytest.mark.parametrize(
    "footer", ["Senast ändrad 2026-03-01", "Sist endret 3. mars 2026", "Sist endra 3. mars 2026"]
)
def test_a_dated_page_footer_is_no_item(tmp_path: Path, footer: str) -> None:
    plan = draft(tmp_path, f"Årsmöte 2026\n\nÅrsmötet hålls den 12 maj.\n\n{footer}\n")
    assert titles(plan) == ["Årsmötet hålls den 12 maj"]


# Lists on pages that are not plans ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "Årsmøte 2026\n\nPå årsmøtet:\n\n • går dere gjennom regnskapet\n"
            " • velger dere nytt styre\n\nÅrsmøtet holdes 12. mars 2026.\n",
            "Årsmøtet holdes 12. mars 2026",
        ),
        (
            "Medlemsmöte 2026\n\nStyrelsen består av:\n\n • Ordförande\n • Kassör\n"
            " • Två ledamöter\n\nMötet hålls den 4 maj.\n",
            "Mötet hålls den 4 maj",
        ),
        (
            "Årsmøte i laget 2026\n\nDesse kan røyste:\n\n • Utsendingar frå klubbane\n"
            " • Styret\n\nÅrsmøtet vert halde 20. april.\n",
            "Årsmøtet vert halde 20. april",
        ),
        (
            "Om fagforeningen\n\nVi organiserer\n\n • Sykepleiere\n • Helsefagarbeidere\n\n"
            "Medlemsmøtet holdes 3. mai 2026.\n",
            "Medlemsmøtet holdes 3. mai 2026",
        ),
    ],
)
def test_a_list_of_people_topics_or_a_meetings_agenda_on_a_page_is_context(
    tmp_path: Path, text: str, item: str
) -> None:
    plan = draft(tmp_path, text)
    assert titles(plan) == [item]
    assert all(item.target is None for item in plan.items)  # "Två ledamöter" counts nothing


def test_a_list_for_an_audience_keeps_only_what_has_a_day(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Kurs för ombud 2026\n\nKursen passar dig som:\n\n • är nyvald\n • vill lära dig mer\n\n"
        "Kursen hålls 3-4 oktober. Anmälan senast 1 september.\n",
    )
    assert titles(plan) == ["Kursen hålls 3-4 oktober", "Anmälan senast 1 september"]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Klubbens oppgaver\n\nKlubbstyret skal blant annet:\n\n • verve nye medlemmer\n"
            " • holde medlemsmøter\n\nÅrsmøtet holdes 12. mars 2026.\n",
            ["verve nye medlemmer", "holde medlemsmøter", "Årsmøtet holdes 12. mars 2026"],
        ),
        (
            "Sektionens arbete\n\nSektionens uppgifter är att:\n\n • besöka arbetsplatser\n"
            " • värva medlemmar\n\nÅrsmötet hålls den 12 mars 2026.\n",
            ["besöka arbetsplatser", "värva medlemmar", "Årsmötet hålls den 12 mars 2026"],
        ),
        (
            "Laget\n\nStyret i laget har vedteke dette:\n\n • å starte ein studiering\n"
            " • å skipe eit medlemsmøte\n\nÅrsmøtet vert halde 12. mars 2026.\n",
            ["å starte ein studiering", "å skipe eit medlemsmøte", "Årsmøtet vert halde 12. mars"],
        ),
    ],
)
def test_a_list_after_a_line_that_commits_to_it_is_items(
    tmp_path: Path, text: str, items: list[str]
) -> None:
    found = titles(draft(tmp_path, text))
    assert len(found) == len(items)
    assert all(wanted in title for wanted, title in zip(items, found, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "Klubbens oppgaver\n\nKlubbstyret skal blant annet:\n\n • verve nye medlemmer\n"
        " • holde medlemsmøter\n",
        "Regionens arbete\n\nRegionen ska:\n\n • stödja klubbarna\n • samla ombuden\n",
    ],
)
def test_an_information_page_with_only_untimed_duties_is_not_a_plan(
    tmp_path: Path, text: str
) -> None:
    # No plan word, no marker, no day, count or rhythm: a description of a body's tasks.
    with pytest.raises(InputFileError):
        draft(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Hendingar\n\nDette skjer i haust:\n\n • Medlemsmøte i september\n • Kurs i oktober\n",
            ["Medlemsmøte i september", "Kurs i oktober"],
        ),
        (
            "Viktiga händelser\n\nDetta händer:\n\n • Avtalsrörelsen 2026\n • Kongressen i maj\n",
            ["Avtalsrörelsen 2026", "Kongressen i maj"],
        ),
        (
            "Så går det till\n\n1. Kontakta regionen\n2. Boka en lokal\n"
            "3. Skicka kallelsen senast 1 mars\n",
            ["Kontakta regionen", "Boka en lokal", "Skicka kallelsen senast 1 mars"],
        ),
    ],
)
def test_bullets_with_a_time_of_their_own_and_numbered_steps_stay_items(
    tmp_path: Path, text: str, items: list[str]
) -> None:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert titles(draft_document(path, today=TODAY, year=2026)) == items


@pytest.mark.parametrize(
    "text",
    [
        "Medlemsmøte 2026\n\nMedlemsmøtet er tirsdag 10. mars klokken 18.\n\nProgram\n\n"
        " • 18:00 Velkommen\n 1.1 Godkjenning av innkalling\n 1.2 Valg av møteleder\n"
        " • 19:00 Pause\n 2.1 Orientering fra styret\n",
        "Medlemsmöte 2026\n\nMedlemsmötet hålls tisdag den 10 mars klockan 18.\n\n"
        "Onsdag 11 mars\n\n"
        " • 09:00 Öppning\n Val av mötesordförande\n 3.1 Fastställande av dagordning\n\n"
        "Dagordningens punkt 4 Motioner\n 4.1 Motion om kurser\n",
        "Årsmøte 2026\n\nÅrsmøtet er tysdag 10. mars klokka 18.\n\nProgram\n\n"
        " • 18:00 Opning\n 1.1 Godkjenning av innkallinga\n • 19:00 Pause\n",
    ],
)
def test_lines_of_a_programme_are_never_items(tmp_path: Path, text: str) -> None:
    assert len(draft(tmp_path, text).items) == 1


def test_a_plan_keeps_its_plain_bullets(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Handlingsplan 2026\n\nUtadrettet arbeid\n\n • Stand på torget\n • Besøk på skolene\n",
    )
    assert titles(plan) == ["Stand på torget", "Besøk på skolene"]


# Subjects that commit in a plan ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Verksamhetsplan 2026\n\nKlubbarna ska hålla medlemsmöten. Avdelningens styrelse ska "
            "ta fram en kommunikationsplan. Styrelsen och sektionerna ska tillsammans värva "
            "medlemmar.\n",
            ["Klubbarna ska", "Avdelningens styrelse ska", "Styrelsen och sektionerna ska"],
        ),
        (
            "Handlingsplan 2026\n\nKlubbene skal gjennomføre medlemsmøter. Tillitsvalgte skal "
            "delta på grunnkurs. Styret og klubbene skal sammen verve nye medlemmer.\n",
            ["Klubbene skal", "Tillitsvalgte skal", "Styret og klubbene skal"],
        ),
        (
            "Handlingsplan 2026\n\nKlubbane skal halde medlemsmøte. Dei tillitsvalde skal ta "
            "grunnkurs.\n",
            ["Klubbane skal", "Dei tillitsvalde skal"],
        ),
    ],
)
def test_in_a_plan_a_subject_of_several_words_before_skal_commits(
    tmp_path: Path, text: str, items: list[str]
) -> None:
    found = titles(draft(tmp_path, text))
    assert len(found) == len(items)
    assert all(wanted in title for wanted, title in zip(items, found, strict=True))


@pytest.mark.parametrize(
    "text",
    [
        "Årsmöte 2026\n\nÅrsmötet hålls 12 maj. De frågor som ska behandlas är många. "
        "Den som vill delta ska anmäla sig.\n",
        "Landsmøte 2026\n\nLandsmøtet holdes 5. juni. Delegatene skal på vegne av medlemmene "
        "debattere forslagene.\n",
        "Verksamhetsplan 2026\n\nÅrsmötet hålls 12 maj. Vad ska vi göra i höst?\n",
    ],
)
def test_a_relative_clause_a_question_or_a_news_pages_description_commits_no_one(
    tmp_path: Path, text: str
) -> None:
    assert len(draft(tmp_path, text).items) == 1


# Background in the perfect, people described on a page, an address with a deadline ---------


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "Verksamhetsplan 2026\n\nAvdelningen har arrangerat tre kurser varje år. Avdelningen "
            "ska hålla fyra kurser under 2026.\n",
            "Avdelningen ska hålla fyra kurser under 2026",
        ),
        (
            "Handlingsplan 2026\n\nAvdelingen har gjennomført tre kurs hvert år. Avdelingen skal "
            "holde fire kurs i 2026.\n",
            "Avdelingen skal holde fire kurs i 2026",
        ),
        (
            "Handlingsplan 2026\n\nLaget har halde tre kurs kvart år. Laget skal halde fire kurs "
            "i 2026.\n",
            "Laget skal halde fire kurs i 2026",
        ),
    ],
)
def test_what_has_been_done_is_background(tmp_path: Path, text: str, item: str) -> None:
    assert titles(draft(tmp_path, text)) == [item]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        (
            "Om kongressen\n\nKongressen är förbundets högsta organ. Ombuden ska där besluta om "
            "förbundets inriktning. Nästa kongress hålls 10-12 juni 2026.\n",
            "Nästa kongress hålls 10-12 juni 2026",
        ),
        (
            "Landsmøtet\n\nDelegatene skal debattere forslagene og velge ny ledelse. Landsmøtet "
            "holdes 5.-7. juni 2026.\n",
            "Landsmøtet holdes 5.-7. juni 2026",
        ),
        (
            "Årsmøtet\n\nMedlemane skal røyste over forslaga. Årsmøtet vert halde 20. mars 2026.\n",
            "Årsmøtet vert halde 20. mars 2026",
        ),
    ],
)
def test_on_a_page_that_is_no_plan_people_as_a_group_are_described(
    tmp_path: Path, text: str, item: str
) -> None:
    assert titles(draft(tmp_path, text)) == [item]


def test_a_body_named_on_a_page_still_commits(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Innkalling til årsmøte 2026\n\nÅrsmøtet holdes 12. mars. Sekretariatet vil sende ut "
        "sakspapirene til avdelingene.\n",
    )
    assert len(plan.items) == 2


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        (
            "Kurs 2026\n\nKurset holdes 4. mai. Påmelding til kurs@example.org innen 20. april.\n",
            {"by": "2026-04-20"},
        ),
        (
            "Kurs 2026\n\nKursen hålls 4 maj. Anmäl dig till kurs@example.org senast 20 april.\n",
            {"by": "2026-04-20"},
        ),
    ],
)
def test_an_address_in_a_sentence_with_a_deadline_keeps_the_deadline(
    tmp_path: Path, text: str, deadline: dict[str, str]
) -> None:
    assert deadline in [item.when for item in draft(tmp_path, text).items]


def test_an_address_without_a_day_is_context(tmp_path: Path) -> None:
    plan = draft(
        tmp_path, "Kurs 2026\n\nKurset holdes 4. mai. Spørsmål sendes til kurs@example.org.\n"
    )
    assert titles(plan) == ["Kurset holdes 4. mai"]


# Duplicates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Årsmöte 2026\n\nÅrsmötet hålls den 12 mars klockan 18 på Folkets hus.\n\nVälkommen!\n\n"
        "Årsmötet hålls den 12 mars klockan 18 på Folkets hus.\n",
        "Årsmøte 2026\n\nÅrsmøtet holdes 12. mars.\n\nPraktisk informasjon\n\n"
        "Årsmøtet holdes 12. mars kl. 18 i Folkets hus.\n",
        "Kurs 2026\n\nKurset vert halde 12. mars. Kurset vert halde 12. mars på kontoret.\n",
    ],
)
def test_a_page_that_says_the_same_thing_twice_gives_one_item(tmp_path: Path, text: str) -> None:
    assert len(draft(tmp_path, text).items) == 1


def test_the_same_words_with_another_time_are_another_item(tmp_path: Path) -> None:
    plan = draft(
        tmp_path, "Medlemsmøter 2026\n\nMedlemsmøtet holdes 12. mars. Medlemsmøtet holdes 8. mai.\n"
    )
    assert [item.when for item in plan.items] == [{"date": "2026-03-12"}, {"date": "2026-05-08"}]


def test_repeated_template_text_without_a_day_is_still_left_out(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Handlingsplan 2026\n\nVi skal:\n\n • Holde medlemsmøte i mars\n\n"
        "Målene bør være konkrete og mulige å følge opp gjennom året.\n\n"
        " • Verve nye medlemmer i april\n\n"
        "Målene bør være konkrete og mulige å følge opp gjennom året.\n",
    )
    assert titles(plan) == ["Holde medlemsmøte i mars", "Verve nye medlemmer i april"]
    assert plan.dropped == 2


# Calendar pages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        (
            "Kalender 2026\n\n12 mars – Medlemsmöte\n4 april – Kurs för ombud\n"
            "10 oktober – Höstmöte\n",
            ["2026-03-12", "2026-04-04", "2026-10-10"],
        ),
        (
            "Aktivitetskalender 2026\n\n12. mars: Medlemsmøte\n4. april: Kurs for tillitsvalgte\n",
            ["2026-03-12", "2026-04-04"],
        ),
        (
            "Kalender for laget 2026\n\nTysdag 12. mars kl. 18: Medlemsmøte\nLaurdag 4. april: "
            "Kurs\n",
            ["2026-03-12", "2026-04-04"],
        ),
        (
            "Aktiviteter 2026\n\nMedlemsmöte | 12 mars | Folkets hus\nKurs | 4 april | Kansliet\n",
            ["2026-03-12", "2026-04-04"],
        ),
    ],
)
def test_each_line_of_a_calendar_is_an_item_with_its_day(
    tmp_path: Path, text: str, dates: list[str]
) -> None:
    plan = draft(tmp_path, text)
    assert [item.when for item in plan.items] == [{"date": day} for day in dates]


def test_a_calendar_line_in_the_past_or_a_bare_day_is_no_item(tmp_path: Path) -> None:
    plan = draft(
        tmp_path,
        "Kalender 2026\n\n3 februari – Årsmötet hölls i Folkets hus\n\n12 mars\n\n"
        "4 april – Kurs för ombud\n",
    )
    assert titles(plan) == ["4 april – Kurs för ombud"]


@pytest.mark.parametrize(
    "text",
    [
        "Medlemsmøte 12. mars 2026\n\nSted: Folkets hus\nTid: 18.00\n\nVelkommen!\n",
        "Medlemsmöte 12 mars 2026\n\nPlats: Folkets hus\nTid: 18.00\n",
    ],
)
def test_a_title_that_names_the_day_over_labelled_facts_is_the_event(
    tmp_path: Path, text: str
) -> None:
    [event] = draft(tmp_path, text).items
    assert event.when == {"date": "2026-03-12"}


def test_a_title_with_a_day_is_no_second_item_beside_the_pages_sentence(tmp_path: Path) -> None:
    plan = draft(
        tmp_path, "Medlemsmöte 12 mars 2026\n\nVälkommen på medlemsmöte den 12 mars kl 18.\n"
    )
    assert titles(plan) == ["Välkommen på medlemsmöte den 12 mars kl 18"]


@pytest.mark.parametrize(
    ("text", "items"),
    [
        (
            "Handlingsplan 2026\n\nVåre satsingsområder er:\n\n • Verving\n • Skolering\n\n"
            "Tiltak\n\n • Holde kurs i mars\n • Verve 20 medlemmer\n",
            ["Holde kurs i mars", "Verve 20 medlemmer"],
        ),
        (
            "Verksamhetsplan 2026\n\nVåra fokusområden:\n\n • Arbetsmiljö\n • Lön\n\n"
            "Aktiviteter\n\n • Medlemsmöte i mars\n • Kurs i oktober\n",
            ["Medlemsmöte i mars", "Kurs i oktober"],
        ),
        (
            "Handlingsplan 2026\n\nLaget har sett desse prioriteringane:\n\n • Heiltid\n"
            " • Likeløn\n\nTiltak\n\n • Medlemsmøte i april\n",
            ["Medlemsmøte i april"],
        ),
    ],
)
def test_a_list_announced_as_focus_areas_is_context(
    tmp_path: Path, text: str, items: list[str]
) -> None:
    assert titles(draft(tmp_path, text)) == items


# Tables in a Word document --------------------------------------------------------------------


def _table_plan(path: Path, rows: list[tuple[str, ...]], before: str, after: str) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Handlingsplan 2026", level=0)
    document.add_paragraph(before)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(after)
    document.save(str(path))


def test_a_row_of_a_word_table_is_one_item_with_its_month_in_document_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plan.docx"
    _table_plan(
        path,
        [
            ("Aktivitet", "Ansvar", "Når"),
            ("Medlemsmøte", "Styret", "Mars"),
            ("Kurs for tillitsvalgte", "Leder", "Oktober"),
        ],
        "Aktiviteter",
        "Styret skal følge opp planen hvert kvartal.",
    )
    plan = draft_document(path, today=TODAY)
    assert titles(plan) == [
        "Medlemsmøte | Styret | Mars",
        "Kurs for tillitsvalgte | Leder | Oktober",
        "Styret skal følge opp planen hvert kvartal",
    ]
    assert [item.when for item in plan.items][:2] == [{"window": "march"}, {"window": "october"}]
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")


@pytest.mark.parametrize(
    ("text", "events"),
    [
        (
            "Nytt fra klubben\n\nÅrsmøtet holdes 12. mars 2026.\n\nKommende arrangementer\n\n"
            " • Medlemsmøte om pensjon\n • Julebord\n",
            ["Medlemsmøte om pensjon", "Julebord"],
        ),
        (
            "Avdelningen informerar\n\nÅrsmötet hålls 12 mars 2026.\n\nPå gång i vår\n\n"
            " • Kurs i arbetsrätt\n • Medlemsträff\n",
            ["Kurs i arbetsrätt", "Medlemsträff"],
        ),
        (
            "Nytt frå laget\n\nÅrsmøtet vert halde 12. mars 2026.\n\nKomande aktivitetar\n\n"
            " • Kurs for tillitsvalde\n",
            ["Kurs for tillitsvalde"],
        ),
    ],
)
def test_on_a_page_a_heading_over_events_to_come_makes_its_bullets_items(
    tmp_path: Path, text: str, events: list[str]
) -> None:
    assert titles(draft(tmp_path, text))[1:] == events
