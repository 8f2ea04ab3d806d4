"""Hostile and odd documents: each gets a clear problem naming the file, or a sound draft."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import InputFileError
from bot.drafting.drafter import draft_document
from bot.drafting.readers import MAX_TEXT_BYTES
from tests.drafting.conftest import write_scanned_pdf


def problem_of(path: Path, language: str | None = None) -> str:
    with pytest.raises(InputFileError) as caught:
        draft_document(path, language)
    [problem] = caught.value.problems
    assert problem.file == path.name
    return problem.msgid


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("")
    assert problem_of(path) == "The document is empty."


def test_only_whitespace_and_invisible_characters(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(" \r\n\u00a0\t\n\ufeff\u200b\n")
    assert problem_of(path) == "The document is empty."


def test_binary_file_with_a_text_name(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(bytes(range(256)) * 40)
    assert "binary" in problem_of(path)


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    assert "cannot read" in problem_of(path)


def test_missing_file(tmp_path: Path) -> None:
    assert problem_of(tmp_path / "nowhere.txt") == "The file does not exist."


def test_word_name_on_something_else(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_text("Verksamhetsplan 2025\n- Vi ska ses i mars\n")
    assert "Word document" in problem_of(path)


def test_pdf_name_on_something_else(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_text("Verksamhetsplan 2025\n")
    assert "not a PDF" in problem_of(path)


def test_broken_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 10)
    assert "PDF" in problem_of(path)


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    path = tmp_path / "skannad.pdf"
    write_scanned_pdf(path)
    assert "no text layer" in problem_of(path)


def test_a_web_page_that_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "sida.txt"
    path.write_text(
        "Om oss\n\nFacket finns för att medlemmarna ska ha det bra på jobbet.\n\n"
        "Så här jobbar vi:\n\n • Vi svarar på frågor.\n • Vi träffar arbetsgivaren.\n\n"
        "Kontakta oss gärna.\n",
        encoding="utf-8",
    )
    assert "does not look like an activity plan" in problem_of(path)


def test_a_plan_without_any_commitment(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Verksamhetsplan 2025\n\nVi vill\n- att det blir bra.\n", encoding="utf-8")
    assert "no commitments" in problem_of(path)


def test_unknown_language(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Verksamhetsplan 2025\n- Vi ska ses i mars.\n", encoding="utf-8")
    assert "Unknown language" in problem_of(path, "da")


def test_ten_megabyte_document_is_refused_early(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    line = "- Vi ska genomföra minst två medlemsmöten i mars på varje ort.\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Verksamhetsplan 2025\n\n")
        for _ in range(10_000_000 // len(line.encode()) + 1):
            fh.write(line)
    assert path.stat().st_size > 10_000_000 > MAX_TEXT_BYTES
    assert "too long" in problem_of(path)


def test_a_long_but_allowed_document_is_drafted(tmp_path: Path) -> None:
    path = tmp_path / "lang.txt"
    lines = [f"- Vi ska hålla möte nummer {n} den {n % 28 + 1} mars." for n in range(3000)]
    path.write_text("Verksamhetsplan 2025\n\nVi ska\n" + "\n".join(lines), encoding="utf-8")
    plan = draft_document(path)
    assert len(plan.items) == 3000
    assert len({item.key for item in plan.items}) == 3000


def test_windows_line_endings_and_non_breaking_spaces(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    text = (
        "Verksamhetsplan\u00a02025\r\n\r\nVi ska\r\n"
        "-\u00a0Värva\u00a01\u00a0000 nya medlemmar senast\u00a030\u00a0juni.\r\n"
    )
    path.write_bytes(text.encode("utf-8"))
    [item] = draft_document(path).items
    assert item.title == "Värva 1 000 nya medlemmar senast 30 juni"
    assert item.when == {"by": "2025-06-30"}
    assert item.target == {"sum": 1000, "metric": "new_members"}


def test_windows_codepage_text(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes("Verksamhetsplan 2025\n\nVi ska\n- Ha årsmöte i mars.\n".encode("cp1252"))
    [item] = draft_document(path).items
    assert item.title == "Ha årsmöte i mars"


@pytest.mark.parametrize("bullet", ["•", "–", "-", "*", "1)", "a)", "1.", "▪"])
def test_every_kind_of_bullet(tmp_path: Path, bullet: str) -> None:
    path = tmp_path / "plan.txt"
    lines = [
        f"{bullet} Ordna ett medlemsmöte i mars.",
        f"{bullet} Ge ut fyra nummer av nyhetsbrevet.",
    ]
    path.write_text("Verksamhetsplan 2025\n\nVi ska\n" + "\n".join(lines) + "\n", encoding="utf-8")
    items = draft_document(path).items
    assert [item.title for item in items] == [
        "Ordna ett medlemsmöte i mars",
        "Ge ut fyra nummer av nyhetsbrevet",
    ]
    assert items[0].when == {"window": "march"}
    assert items[1].target == {"count": 4}


def test_mixed_languages(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(
        "Verksamhetsplan 2025 för avdelningen och klubbarna\n\n"
        "Vi ska\n"
        "- Genomföra två medlemsmöten under hösten och bjuda in alla medlemmar.\n"
        "- Värva 50 nya medlemmar före den 1 oktober.\n\n"
        "Klubben i Norge\n\n"
        "Vi skal\n"
        "- Holde to medlemsmøter i løpet av høsten, og ikke glemme de nye medlemmene.\n"
        "- Verve 20 nye medlemmer innen 1. november.\n",
        encoding="utf-8",
    )
    plan = draft_document(path)
    assert plan.language == "sv"
    assert any("mixes Swedish and Norwegian" in note.msgid for note in plan.notes)
    whens = [item.when for item in plan.items]
    assert whens == [
        {"window": "autumn"},
        {"by": "2025-10-01"},
        {"window": "autumn"},
        {"by": "2025-11-01"},
    ]
    assert [item.target for item in plan.items] == [
        {"count": 2},
        {"sum": 50, "metric": "new_members"},
        {"count": 2},
        {"sum": 20, "metric": "new_members"},
    ]
