"""Classes of error that the eighth batch of unseen pages showed, one general rule each.

The texts are our own, in Swedish, Bokmål and Nynorsk; none is quoted from a union's page. Where
a test needs a page's exact words, they are a few, and the page is named beside them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.i18n import Translator
from bot.drafting.drafter import draft_document
from bot.drafting.model import DraftPlan
from bot.drafting.writer import write_plan
from bot.planfile import parse_plan

TODAY = date(2026, 3, 1)


def draft(tmp_path: Path, text: str, year: int | None = None) -> DraftPlan:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    plan = draft_document(path, year=year, today=TODAY)
    parse_plan(write_plan(plan, Translator("en")), "draft.yaml", unit="demo")  # imports as is
    return plan


def titles(plan: DraftPlan) -> list[str]:
    return [item.title for item in plan.items]


def whens(plan: DraftPlan) -> dict[str, object]:
    return {item.title: item.when for item in plan.items}


# Rules for a meeting: its agenda, who may attend or vote, and steps timed before it ------------
# (a union's page on its branches' annual meetings: "Årsmøtets oppgaver", "Stemmerett", "Andre
# deltakere - med talerett", "4 uker før - varsel om årsmøtet")

MEETING_RULES = {
    "sv": """Årsmöten i klubbarna

Årsmötet hålls varje år innan utgången av mars.

Tider inför årsmötet

 • 5 veckor före - kallelse till årsmötet skickas ut
 • 3 veckor före - frist för att lämna in motioner
 • 10 dagar före - handlingar skickas till medlemmarna

Årsmötets uppgifter

 • godkänna verksamhetsberättelsen
 • fastställa verksamhetsplan och budget för året
 • välja styrelse och revisorer

Rösträtt

 • alla medlemmar i klubben har rätt att delta och rösta
 • ombud från sektionerna har en röst per tjugo medlemmar

Övriga deltagare - med yttranderätt men utan rösträtt

 • Anställda på förbundet
 • Förtroendevalda från andra klubbar
""",
    "nb": """Årsmøter i klubbene

Årsmøtet holdes hvert år innen utgangen av mars.

Tider før årsmøtet

 • 5 uker før - innkalling til årsmøtet sendes ut
 • 3 uker før - frist for å melde inn saker
 • 10 dager før - sakspapirer sendes til medlemmene

Årsmøtets oppgaver

 • godkjenne årsberetningen
 • vedta handlingsplan og budsjett for året
 • velge styre og revisorer

Stemmerett

 • alle medlemmer i klubben har rett til å møte og stemme
 • utsendinger fra seksjonene har en stemme per tjue medlemmer

Andre deltakere - med talerett, men uten stemmerett

 • Ansatte i forbundet
 • Tillitsvalgte fra andre klubber
""",
    "nn": """Årsmøte i klubbane

Årsmøtet vert halde kvart år innan utgangen av mars.

Tider før årsmøtet

 • 5 veker før - innkalling til årsmøtet vert sendt ut
 • 3 veker før - frist for å melde inn saker
 • 10 dagar før - sakspapira vert sende til medlemane

Årsmøtet sine oppgåver

 • godkjenne årsmeldinga
 • vedta handlingsplan og budsjett for året
 • velje styre og revisorar

Røysterett

 • alle medlemane i klubben har rett til å møte og røyste
 • utsendingar frå seksjonane har ei røyst per tjue medlemar

Andre deltakarar - med talerett, men utan røysterett

 • Tilsette i forbundet
 • Tillitsvalde frå andre klubbar
""",
}


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_meetings_agenda_and_who_may_attend_or_vote_are_context(
    tmp_path: Path, language: str
) -> None:
    plan = draft(tmp_path, MEETING_RULES[language], year=2026)
    drafted = " | ".join(titles(plan)).lower()
    for context in ("godk", "revisor", "rätt att delta", "rett til å møte", "per tjue", "per tjugo",
                    "ansatte", "anställda", "tilsette", "andre klubb", "andra klubb"):  # fmt: skip
        assert context not in drafted, context
    # a deadline set for the members is a rule, not the branch's task
    assert "frist" not in drafted
    # the branch's own steps before the meeting are its items, without a day
    steps = [title for title in titles(plan) if "før" in title.lower() or "före" in title.lower()]
    assert len(steps) == 2, titles(plan)
    assert all(whens(plan)[title] is None for title in steps)


@pytest.mark.parametrize("language", ["sv", "nb", "nn"])
def test_a_step_before_the_meeting_sent_by_e_mail_is_still_a_step(
    tmp_path: Path, language: str
) -> None:
    lines = {
        "sv": "Årsmöte i klubben\n\nÅrsmötet hålls den 20 mars.\n\n"
        " • 4 veckor före - kallelse till årsmötet via e-post\n",
        "nb": "Årsmøte i klubben\n\nÅrsmøtet holdes 20. mars.\n\n"
        " • 4 uker før - varsel om årsmøtet via e-post\n",
        "nn": "Årsmøte i klubben\n\nÅrsmøtet vert halde 20. mars.\n\n"
        " • 4 veker før - varsel om årsmøtet via e-post\n",
    }
    plan = draft(tmp_path, lines[language], year=2026)
    assert len(titles(plan)) == 2, titles(plan)
    assert "e-post" in titles(plan)[1]
    assert whens(plan)[titles(plan)[1]] is None
