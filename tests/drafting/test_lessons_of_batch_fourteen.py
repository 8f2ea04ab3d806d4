"""Classes of error that batches 13 and 14 showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk. Each rule quotes, in a comment, the few
words of the page that showed it, and names the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.drafting.lessons import draft, whens

# A calendar line that opens with its day dates its event by that day ---------------------------
# (LO i Trondheim's activity plan 2017-2018: "Tirsdag 29. august 2017: Sak 1) LO-kongressen 8. –
# 12. mai 2017. Gjennomgang av de viktigste vedtakene …", drafted as asked in May and August)

OPENING_DAY = {
    "sv": "Aktiviteter 2026\n\nMedlemsmöten:\n- Tisdag 8 september 2026: Medlemsmöte om "
    "kongressen 12-14 maj 2026 och dess beslut.\n- Tisdag 13 oktober 2026: Avtalet "
    "från den 2 april 2026 och hur vi följer upp det.\n",
    "nb": "Aktivitetsplan 2026\n\nMedlemsmøter:\n- Tirsdag 8. september 2026: Sak 1) "
    "Landsmøtet 12. – 14. mai 2026. Gjennomgang av vedtakene.\n- Tirsdag 13. oktober 2026: "
    "Sak 1) Avtalen fra 2. april 2026 og oppfølging av den.\n",
    "nn": "Aktivitetsplan 2026\n\nMedlemsmøte:\n- Tysdag 8. september 2026: Sak 1) "
    "Landsmøtet 12. – 14. mai 2026. Gjennomgang av vedtaka.\n- Tysdag 13. oktober 2026: "
    "Sak 1) Avtalen frå 2. april 2026 og oppfølging av han.\n",
}


@pytest.mark.parametrize("language", sorted(OPENING_DAY))
def test_a_line_that_opens_with_its_day_is_on_that_day(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, OPENING_DAY[language])
    assert list(whens(plan).values()) == [{"date": "2026-09-08"}, {"date": "2026-10-13"}]


def test_a_line_without_an_opening_day_of_its_own_is_read_whole(tmp_path: Path) -> None:
    text = (
        "Verksamhetsplan 2026\n\nVi ska:\n- hålla medlemsmöte den 12 mars och den 8 oktober\n"
        "- 30 juni: val till styrelsen ska vara klara senast 30 juni\n"
    )
    # Two days joined in one sentence stay the months of one item; a line that says its
    # opening day again as a deadline is a deadline.
    assert list(whens(draft(tmp_path, text)).values()) == [
        {"every": "monthly", "months": [10, 3]},
        {"by": "2026-06-30"},
    ]


# What a meeting treated, listed after it, is its agenda ----------------------------------------
# (Forsvarets Seniorforbund's national board meeting of 2018: "Av saker som var oppe til
# behandling kan nevnes:", then bullets "Godkjenning av årsberetning og regnskap for 2017", …)

TREATED = {
    "sv": "Styrelsemöte nr 1/2026 - 3 mars\n\nStyrelsemötet var givande, med många goda "
    "diskussioner. Bland ärendena som togs upp till behandling märks:\n\n- Fyllnadsval av ny "
    "sekreterare\n- Godkännande av bokslutet för 2025\n- Krav inför statsbudgeten för 2027\n"
    "- Läget i arbetet med ny webbplats\n- Beslut om tidpunkt för kongressen 2027\n\n"
    "Nästa styrelsemöte hålls den 2 juni 2026.\n",
    "nb": "Styremøte nr 1/2026 - 3. mars\n\nStyremøtet var godt, med mange gode diskusjoner. "
    "Av saker som var oppe til behandling kan nevnes:\n\n- Suppleringsvalg av ny sekretær\n"
    "- Godkjenning av regnskapet for 2025\n- Krav til statsbudsjettet for 2027\n- Status for "
    "arbeidet med ny hjemmeside\n- Fastsetting av tidspunkt for landsmøtet i 2027\n\n"
    "Neste styremøte holdes 2. juni 2026.\n",
    "nn": "Styremøte nr 1/2026 - 3. mars\n\nStyremøtet var godt, med mange gode ordskifte. "
    "Av saker som var oppe til handsaming kan nemnast:\n\n- Suppleringsval av ny skrivar\n"
    "- Godkjenning av rekneskapen for 2025\n- Krav til statsbudsjettet for 2027\n- Status for "
    "arbeidet med ny heimeside\n- Fastsetjing av tidspunkt for landsmøtet i 2027\n\n"
    "Neste styremøte vert halde 2. juni 2026.\n",
}


@pytest.mark.parametrize("language", sorted(TREATED))
def test_what_a_meeting_took_up_is_no_list_of_tasks(tmp_path: Path, language: str) -> None:
    # Over two years, the points that name the next year are no tasks of it either.
    plan = draft(tmp_path, TREATED[language], period="2026..2027")
    assert list(whens(plan).values()) == [{"date": "2026-06-02"}]


# A list that tells the reader what a submission must meet is rules, not tasks -----------------
# (KyrkA's congress page of 2024: "Men det finns vissa formkrav du behöver följa:", then
# "Motionen ska handla om …", "Skriv kortfattat …"; and a rule of dashes between two news items)

READER_RULES = {
    "sv": "Kongress 2026\n\nKongressen hålls den 3 juni 2026.\n\n——————————\n\nSom medlem kan du "
    "skicka in en motion. Men det finns vissa formkrav du behöver följa:\n- Motionen ska handla "
    "om en fråga för hela förbundet.\n- Det ska framgå vem som skriver.\n- Skriv kortfattat.\n\n"
    "Motioner ska vara inne senast den 15 mars 2026.\n",
    "nb": "Landsmøte 2026\n\nLandsmøtet holdes 3. juni 2026.\n\n——————————\n\nSom medlem kan du "
    "sende inn forslag. Dette må du huske på:\n- Forslaget skal gjelde hele forbundet.\n- Det "
    "skal gå fram hvem som skriver.\n- Skriv kort.\n\nForslag må være sendt innen 15. mars 2026.\n",
    "nn": "Landsmøte 2026\n\nLandsmøtet vert halde 3. juni 2026.\n\n——————————\n\nSom medlem kan "
    "du sende inn framlegg. Dette må du hugse på:\n- Framlegget skal gjelde heile forbundet.\n- "
    "Det skal gå fram kven som skriv.\n- Skriv kort.\n\nFramlegg må vere sende innan 15. mars "
    "2026.\n",
}


@pytest.mark.parametrize("language", sorted(READER_RULES))
def test_what_the_reader_must_meet_is_no_list_of_tasks(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, READER_RULES[language])
    assert list(whens(plan).values()) == [{"date": "2026-06-03"}, {"by": "2026-03-15"}]


# Numbers that title the paragraphs under them, as in minutes, are headings ----------------------
# (Saco-S-rådet's minutes of its annual meeting 2015: "1. Årsmötets öppnande" / "Saco-S-rådets
# sittande ordförande … hälsade alla välkomna …", "3. Val av mötesordförande" / "Beslutade …")

MINUTES = {
    "sv": "Protokoll från årsmötet 2026\n\n1. Årsmötets öppnande\nOrdföranden hälsade alla "
    "välkomna.\n\n2. Val av mötesordförande\nÅrsmötet valde Eva Berg.\n\n3. Verksamhetsplan\n"
    "Styrelsen ska hålla fyra medlemsmöten under året.\n",
    "nb": "Protokoll fra årsmøtet 2026\n\n1. Åpning av årsmøtet\nLederen ønsket alle "
    "velkommen.\n\n2. Valg av møteleder\nÅrsmøtet valgte Kari Berg.\n\n3. Handlingsplan\n"
    "Styret skal holde fire medlemsmøter i løpet av året.\n",
    "nn": "Protokoll frå årsmøtet 2026\n\n1. Opning av årsmøtet\nLeiaren ønskte alle "
    "velkomne.\n\n2. Val av møteleiar\nÅrsmøtet valde Kari Berg.\n\n3. Handlingsplan\n"
    "Styret skal halde fire medlemsmøte i løpet av året.\n",
}


@pytest.mark.parametrize("language", sorted(MINUTES))
def test_numbers_over_paragraphs_title_them(tmp_path: Path, language: str) -> None:
    plan = draft(tmp_path, MINUTES[language])
    assert [(item.title.split()[0], item.target) for item in plan.items] == [
        ("Styrelsen" if language == "sv" else "Styret", {"count": 4})
    ]
