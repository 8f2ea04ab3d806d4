"""The glossary's wrong terms make `tools/i18n.py check` fail, and the shipped catalogues pass."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    return module


def test_a_planted_wrong_term_is_named_with_the_word_to_use(tool: ModuleType) -> None:
    table = tool.wrong_terms()
    planted = [("Import a roster.", "Importera en medlemsförteckning.")]
    (problem,) = tool.glossary_problems("sv", planted, table)
    assert "medlemsförteckning" in problem
    assert "medlemslista" in problem
    assert "Import a roster." in problem


def test_a_term_counts_only_in_its_own_language(tool: ModuleType) -> None:
    table = tool.wrong_terms()
    text = [("x", "Importer ei personliste.")]
    assert tool.glossary_problems("nn", text, table)
    assert not tool.glossary_problems("sv", text, table)


def test_whole_word_terms_do_not_match_inside_other_words(tool: ModuleType) -> None:
    table = [{"lang": "sv", "term": "ni", "word": True, "use": "du"}]
    assert not tool.glossary_problems("sv", [("x", "Nivån är nio.")], table)
    assert tool.glossary_problems("sv", [("x", "Om ni vill.")], table)
    assert tool.glossary_problems("sv", [("x", "Ni vill.")], table)


def test_prefix_terms_match_inflected_forms(tool: ModuleType) -> None:
    table = [{"lang": "sv", "term": "förtroendevald", "use": "arbetsplatsombud"}]
    assert tool.glossary_problems("sv", [("x", "alla förtroendevalda")], table)


def test_the_check_fails_on_a_planted_term_in_a_catalogue(
    tool: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = tool.load("nb")
    message = catalog.get("Import rosters and list people.")
    assert message is not None
    assert not tool.glossary_problems("nb", tool._translations(catalog), tool.wrong_terms())
    message.string = "Importer personlister og vis personer."
    problems = tool.glossary_problems("nb", tool._translations(catalog), tool.wrong_terms())
    assert problems == [
        "nb: glossary: 'personliste' (use 'medlemsliste') in 'Import rosters and list people.'"
    ]


def test_the_shipped_catalogues_follow_the_glossary(tool: ModuleType) -> None:
    assert tool.check_glossary() == []
