"""What a plan line counts: metric vocabulary, directions without numbers, per-unit scope."""

from __future__ import annotations

import pytest

from bot.drafting.amounts import read_amounts
from bot.drafting.counted import METRIC_LABELS, counted_after, noun_metric


@pytest.mark.parametrize(
    ("word", "metric"),
    [
        ("medlemmar", "new_members"),
        ("medlemer", "new_members"),
        ("medlemsantalet", "new_members"),
        ("förtroendevalda", "stewards"),
        ("tillitsvalgte", "stewards"),
        ("tillitsvalde", "stewards"),
        ("arbetsplatsombud", "workplace_reps"),
        ("plasstillitsvalgte", "workplace_reps"),
        ("fackklubbar", "clubs"),
        ("klubber", "clubs"),
        ("arbetsplatsbesök", "visits"),
        ("besøk", "visits"),
        ("medlemsutbildningar", "courses"),
        ("kurs", "courses"),
        ("nyhetsbrev", "issues"),
        ("utträden", "resignations"),
        ("utmeldingar", "resignations"),
        ("skyddsombud", None),  # a safety rep: not a workplace rep
        ("tillitsvalgtsamlinger", None),  # the head of the compound is a gathering
        ("klubbstyret", None),
        ("kunskapen", None),
    ],
)
def test_a_noun_names_what_is_counted(word: str, metric: str | None) -> None:
    assert noun_metric(word) == metric


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("antalet förtroendevalda i sektionen", "stewards"),
        ("antall yrkesaktive medlemmer med 80", "new_members"),
        ("talet på tillitsvalde", "stewards"),
        ("kunskapen om medlemmarnas villkor", None),  # a later clause is not what changes
        ("andel kantiner og renhold", None),
        ("", None),
    ],
)
def test_the_noun_after_a_change(text: str, metric: str | None) -> None:
    assert counted_after(text) == metric


@pytest.mark.parametrize(
    ("text", "language", "target"),
    [
        ("öka antalet förtroendevalda", "sv", {"direction": "increase", "metric": "stewards"}),
        ("minska antalet utträden", "sv", {"direction": "decrease", "metric": "resignations"}),
        ("färre utträden än i fjol", "sv", {"direction": "decrease", "metric": "resignations"}),
        ("fler klubbar ska hålla årsmöte", "sv", {"direction": "increase", "metric": "clubs"}),
        ("øke antall tillitsvalgte", "nb", {"direction": "increase", "metric": "stewards"}),
        ("redusere antall utmeldinger", "nb", {"direction": "decrease", "metric": "resignations"}),
        ("flere kurs enn i fjor", "nb", {"direction": "increase", "metric": "courses"}),
        ("auke talet på tillitsvalde", "nn", {"direction": "increase", "metric": "stewards"}),
        ("fleire arbeidsplassbesøk", "nn", {"direction": "increase", "metric": "visits"}),
        # people who take part in something are counted as its participants
        ("fler förtroendevalda ska gå grundkursen", "sv",
         {"direction": "increase", "metric": "participants"}),
        ("engagera fler medlemmar i lönearbetet", "sv",
         {"direction": "increase", "metric": "participants"}),
        ("rekrytera fler medlemmar än i fjol", "sv",
         {"direction": "increase", "metric": "new_members"}),
    ],
)  # fmt: skip
def test_a_direction_has_a_metric_and_no_invented_number(
    text: str, language: str, target: dict[str, object]
) -> None:
    amounts = read_amounts(text, language)
    assert amounts.target == target
    assert amounts.metrics == [(target["metric"], METRIC_LABELS[str(target["metric"])][language])]


@pytest.mark.parametrize(
    "text",
    ["öka branschbevakningen", "öka kunskapen om medlemmarnas villkor", "øke andel kantiner"],
)
def test_a_change_without_a_countable_noun_is_left_for_review(text: str) -> None:
    amounts = read_amounts(text, "sv")
    assert amounts.target is None
    assert [note.msgid for note in amounts.review] == [
        "A change without a measure: say what is counted."
    ]


@pytest.mark.parametrize(
    ("text", "language", "target"),
    [
        ("genomföra minst 30 arbetsplatsbesök", "sv", {"sum": 30, "metric": "visits"}),
        ("besøkje 12 arbeidsplassar", "nn", {"sum": 12, "metric": "visits"}),
        ("starta två nya klubbar", "sv", {"sum": 2, "metric": "clubs"}),
        ("välja tre nya arbetsplatsombud", "sv", {"sum": 3, "metric": "workplace_reps"}),
        ("minst fem nye tillitsvalgte", "nb", {"sum": 5, "metric": "stewards"}),
        ("två kurser för förtroendevalda", "sv", {"count": 2}),
        # one of something a unit should have is a state to confirm, not a sum
        ("alla enheter har minst ett arbetsplatsombud", "sv", {"count": 1}),
        ("alle arbeidsplasser skal ha minst én plasstillitsvalgt", "nb", {"count": 1}),
        ("det skal finnast minst ein kontaktperson", "nn", {"count": 1}),
    ],
)
def test_numbers_of_counted_things(text: str, language: str, target: dict[str, object]) -> None:
    assert read_amounts(text, language).target == target


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("en träff på varje ort", "ort"),
        ("to kurs i hver klubb", "klubb"),
        ("ein samling i kvar klubb", "klubb"),
        ("en träff per klubb", "klubb"),
        ("studiecirkel i alla klubbar", "klubb"),
        # together, not per unit
        ("8 samlinger felles for alle klubber", None),
        ("en kickoff för alla klubbar", None),
        ("samtliga enheter har minst ett ombud", None),
        ("alle seksjoner gjennomfører to kurs", None),
        ("samtliga större orter har ett nätverk", None),
    ],
)
def test_scope_only_where_the_text_distributes(text: str, scope: str | None) -> None:
    assert read_amounts(text, "sv").scope == scope


def test_a_per_unit_count_carries_its_scope() -> None:
    amounts = read_amounts("det finns minst ett arbetsplatsombud på varje arbetsplats", "sv")
    assert amounts.target == {"count": 1, "per": "arbetsplats"}


def test_a_direction_never_holds_per_unit() -> None:
    amounts = read_amounts("fler medlemmar i varje klubb", "sv")
    assert amounts.target == {"direction": "increase", "metric": "new_members"}
    assert amounts.scope == "klubb"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "öka " * 20_000,
        "<!channel> öka antalet @here *förtroendevalda* <b>",
        "minst 99999999999999999999 arbetsplatsbesök",
        "fler fler fler",
    ],
)
def test_hostile_text_gives_a_plain_answer(text: str) -> None:
    amounts = read_amounts(text, "sv")
    assert amounts.target is None or set(amounts.target) <= {"count", "sum", "metric", "direction"}
    for key, _label in amounts.metrics:
        assert key in METRIC_LABELS


def test_every_metric_has_a_label_in_every_drafting_language() -> None:
    assert all(set(labels) == {"sv", "nb", "nn"} for labels in METRIC_LABELS.values())
