"""The done-when checker itself: it finds English on a Swedish screen and passes Swedish."""

from __future__ import annotations

from tests.i18n.english import english_in


def test_english_help_and_errors_are_found() -> None:
    english = "Usage: ombud plan import [OPTIONS] FILE Missing argument 'file'."
    found = english_in(english, "sv")
    assert any("Usage" in f for f in found)
    assert any("Missing argument" in f for f in found)


def test_an_english_catalogue_text_is_found_by_its_msgid() -> None:
    found = english_in("Import rosters and list people.", "nb")
    assert any("Import rosters and list people." in f for f in found)


def test_export_codes_are_found() -> None:
    assert english_in("Plan;Punkt;answered;yes;", "sv")


def test_swedish_text_passes() -> None:
    text = "Användning: ombud plan import [ALTERNATIV] {FIL} Importera medlemslistor."
    assert english_in(text, "sv") == []
