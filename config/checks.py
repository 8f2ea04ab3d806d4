"""Config problems an administrator can act on: file, line, field and a reason in their language."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bot.core.i18n import N_, Translator

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")

MSG_UNKNOWN_KEY = N_("unknown setting; did you mean {suggestion}?")
MSG_UNKNOWN_KEY_LIST = N_("unknown setting; the known ones are: {known}")
MSG_UNKNOWN_SECTION = N_("unknown section; did you mean [{suggestion}]?")
MSG_UNKNOWN_SECTION_LIST = N_("unknown section; the sections are: {known}")
MSG_NOT_A_SECTION = N_("this is a setting, not a section; write it as {name} = …")
MSG_NEEDS_SECTION = N_("this is a section; write [{name}] with its settings below it")
MSG_SECRET = N_(
    "secrets do not belong in the config file; set {env} or {env}_FILE in the environment instead"
)
MSG_NOT_TOML = N_("this is not valid TOML; check the quotes, brackets and = on this line")
MSG_CANNOT_READ = N_("cannot read the config file ({reason})")
MSG_SECRET_FILE = N_("cannot read the secret file {path} ({reason})")
MSG_ENV = N_("environment variable {name}: {reason}")
MSG_ENV_UNREADABLE = N_(
    "cannot be read; a setting inside a section is set as OMBUD_SECTION__NAME, one per variable"
)
# Reasons for a value, by pydantic's error type (the raw English text never reaches the reader).
REASONS: Mapping[str, str] = {
    "int_parsing": N_("a whole number is needed"),
    "int_type": N_("a whole number is needed"),
    "int_from_float": N_("a whole number is needed"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "literal_error": N_("use one of {expected}"),
    "string_type": N_("text in quotes is needed"),
    "bool_parsing": N_("use true or false"),
    "bool_type": N_("use true or false"),
    "extra_forbidden": N_("unknown setting"),
    "ombud_hhmm": N_("use 24-hour HH:MM, for example 09:00"),
    "ombud_timezone": N_("not a known time zone; use a name such as Europe/Stockholm"),
    "ombud_locale": N_("use one of {expected}"),
    "ombud_database_url": N_("use sqlite:///FILE or postgresql://USER@HOST/DATABASE"),
}
MSG_BAD_VALUE = N_("this value cannot be used ({kind})")


@dataclass
class Lines:
    """Where each section and key stands in the file, for messages that point at a line."""

    sections: dict[str, int] = field(default_factory=dict)
    keys: dict[tuple[str, str], int] = field(default_factory=dict)

    def of(self, section: str, key: str | None = None) -> int | None:
        if key is None:
            return self.sections.get(section)
        return self.keys.get((section, key)) or self.sections.get(section)


def _bare(name: str) -> str:
    return name.strip().strip("\"'")


def scan_lines(text: str) -> Lines:
    """A light scan of header and key lines; tomllib parses, this only finds line numbers."""
    found = Lines()
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header and not line.lstrip().startswith("[["):
            section = ".".join(_bare(p) for p in header.group(1).split("."))
            found.sections.setdefault(section, number)
            continue
        key = _KEY.match(line)
        if key:
            parts = [_bare(p) for p in key.group(1).split(".")]
            where = ".".join([section, *parts[:-1]]).strip(".")
            found.keys.setdefault((where, parts[-1]), number)
    return found


def toml_line(message: str) -> int | None:
    match = _TOML_LINE.search(message)
    return int(match.group(1)) if match else None


@dataclass
class Report:
    """Problems gathered in one pass, written in the reader's language."""

    tr: Translator
    path: Path | None
    lines: Lines = field(default_factory=Lines)
    problems: list[str] = field(default_factory=list)

    def at(self, line: int | None, subject: str, msgid: str, **params: Any) -> None:
        where = f"{self.path}:{line}" if line is not None else str(self.path)
        self.problems.append(f"{where}: {subject}: {self.tr.gettext(msgid, **params)}")

    def plain(self, msgid: str, **params: Any) -> None:
        self.problems.append(self.tr.gettext(msgid, **params))


def _guess(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    lowered = {k.lower(): k for k in known}
    return lowered.get(name.lower())


def _unknown(report: Report, line: int | None, subject: str, name: str, known: list[str]) -> None:
    guess = _guess(name, known)
    if guess is not None:
        report.at(line, subject, MSG_UNKNOWN_KEY, suggestion=guess)
    else:
        report.at(line, subject, MSG_UNKNOWN_KEY_LIST, known=", ".join(known))


def check_structure(
    report: Report,
    data: Mapping[str, Any],
    model: type[BaseModel],
    secrets: Mapping[str, tuple[str, ...]],
) -> dict[str, Any]:
    """Every key and section must be one the schema knows, spelt exactly; no secrets.

    Returns the values that passed, so the values themselves can be checked in the same run.
    """
    kept: dict[str, Any] = {}
    sections = _sections(model)
    scalars = [name for name in model.model_fields if name not in sections]
    for name, value in data.items():
        if name in sections:
            if not isinstance(value, dict):
                report.at(report.lines.of("", name), name, MSG_NEEDS_SECTION, name=name)
                continue
            kept[name] = _check_section(report, name, value, sections[name], secrets.get(name, ()))
        elif name in scalars:
            if isinstance(value, dict):
                report.at(report.lines.of(name), f"[{name}]", MSG_NOT_A_SECTION, name=name)
            else:
                kept[name] = value
        elif isinstance(value, dict):
            _unknown_section(report, name, list(sections))
        else:
            _unknown(report, report.lines.of("", name), name, name, scalars)
    return kept


def _sections(model: type[BaseModel]) -> dict[str, type[BaseModel]]:
    return {
        name: info.annotation
        for name, info in model.model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    }


def _unknown_section(report: Report, name: str, known: list[str]) -> None:
    line = report.lines.of(name)
    guess = _guess(name, known)
    if guess is not None:
        report.at(line, f"[{name}]", MSG_UNKNOWN_SECTION, suggestion=guess)
    else:
        report.at(line, f"[{name}]", MSG_UNKNOWN_SECTION_LIST, known=", ".join(known))


def check_env_sections(report: Report, environ: Mapping[str, str], model: type[BaseModel]) -> None:
    """OMBUD_<SECTION>__<NAME> must name a known section; a misspelt one is never ignored.

    A misspelt name inside a known section is refused when the values are validated.
    """
    known = list(_sections(model))
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith("OMBUD_") or "__" not in upper:
            continue
        section = upper[len("OMBUD_") :].split("__", 1)[0].lower()
        if section in model.model_fields:
            continue
        guess = _guess(section, known)
        if guess is not None:
            why = report.tr.gettext(MSG_UNKNOWN_SECTION, suggestion=guess)
        else:
            why = report.tr.gettext(MSG_UNKNOWN_SECTION_LIST, known=", ".join(known))
        report.plain(MSG_ENV, name=name, reason=why)


def _check_section(
    report: Report,
    section: str,
    values: Mapping[str, Any],
    model: type[BaseModel],
    secret_names: tuple[str, ...],
) -> dict[str, Any]:
    known = [name for name in model.model_fields if name not in secret_names]
    kept = {key: value for key, value in values.items() if key in known}
    for key in values:
        line = report.lines.of(section, key)
        subject = f"[{section}] {key}"
        if key in secret_names:
            env = f"OMBUD_{section.upper()}__{key.upper()}"
            report.at(line, subject, MSG_SECRET, env=env)
        elif key not in known:
            _unknown(report, line, subject, key, known)
    return kept


def env_name(loc: tuple[str, ...], environ: Mapping[str, str]) -> str | None:
    """The OMBUD_* variable a value came from, if one did (names are case-insensitive)."""
    by_upper = {name.upper(): name for name in environ}
    for depth in range(len(loc), 0, -1):
        candidate = "OMBUD_" + "__".join(part.upper() for part in loc[:depth])
        if candidate in by_upper:
            return by_upper[candidate]
    return None


def reason(tr: Translator, error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    msgid = REASONS.get(kind)
    if msgid is None:
        return tr.gettext(MSG_BAD_VALUE, kind=kind)
    params = {k: str(v) for k, v in (error.get("ctx") or {}).items() if k != "error"}
    if kind == "literal_error":
        # pydantic writes "'a' or 'b'" in English; the choices alone read in any language.
        params["expected"] = ", ".join(re.findall(r"'([^']*)'", params.get("expected", "")))
    try:
        return tr.gettext(msgid, **params)
    except KeyError:
        return tr.gettext(MSG_BAD_VALUE, kind=kind)


def report_validation(
    report: Report, errors: list[Mapping[str, Any]], environ: Mapping[str, str]
) -> None:
    """One line per pydantic error: blamed on the variable that set it, or on the file's line."""
    for error in errors:
        loc = tuple(str(p) for p in error.get("loc", ()))
        why = reason(report.tr, error)
        variable = env_name(loc, environ)
        if variable is not None:
            report.plain(MSG_ENV, name=variable, reason=why)
            continue
        if len(loc) >= 2:
            subject, line = f"[{loc[0]}] {'.'.join(loc[1:])}", report.lines.of(loc[0], loc[1])
        else:
            subject = loc[0] if loc else "?"
            line = report.lines.of("", subject)
        where = f"{report.path}:{line}: " if line else f"{report.path}: " if report.path else ""
        report.problems.append(f"{where}{subject}: {why}")
