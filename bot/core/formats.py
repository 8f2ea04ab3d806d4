"""The file formats a command can be asked for: plain enums, light enough for the CLI to
declare its options without loading the code that writes them."""

from __future__ import annotations

from enum import StrEnum


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class AnnualFormat(StrEnum):
    DOCX = "docx"
    MD = "md"
