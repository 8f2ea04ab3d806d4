"""Translation per recipient: gettext catalogues via Babel, and locale-aware formatting."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

SUPPORTED_LOCALES: tuple[str, ...] = ("sv", "nb", "nn", "en")
DEFAULT_LOCALE = "en"
DOMAIN = "ombud"

# Babel formats dates with territory data; week numbers and first weekday follow these.
_FORMAT_LOCALES: Mapping[str, str] = {"sv": "sv_SE", "nb": "nb_NO", "nn": "nn_NO", "en": "en_GB"}
_WEEKDAY_DATE: Mapping[str, str] = {
    "sv": "EEEE d MMMM",
    "nb": "EEEE d. MMMM",
    "nn": "EEEE d. MMMM",
    "en": "EEEE d MMMM",
}
_ALIASES: Mapping[str, str] = {"no": "nb", "nob": "nb", "nno": "nn", "swe": "sv", "eng": "en"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def negotiate_locale(tag: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Map a platform's language tag ("nb-NO", "no", "sv_SE", "en-US") to a supported locale."""
    if not tag:
        return default
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    primary = _ALIASES.get(primary, primary)
    return primary if primary in SUPPORTED_LOCALES else default


def is_supported_locale(tag: str) -> bool:
    return tag in SUPPORTED_LOCALES


def locales_dir() -> Path:
    """Where the catalogues are: OMBUD_LOCALES_DIR, the installed copy, or the source tree."""
    override = os.environ.get("OMBUD_LOCALES_DIR")
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    installed = here.parents[1] / "_locales"
    if installed.is_dir():
        return installed
    return here.parents[2] / "locales"


@lru_cache(maxsize=16)
def _load_translations(directory: str, locale: str) -> gettext.NullTranslations:
    po_path = Path(directory) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        return gettext.NullTranslations()
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """Everything a message to one reader needs: their language, numbers, dates, weeks."""

    def __init__(self, locale: str, directory: Path | None = None) -> None:
        self.locale = negotiate_locale(locale)
        self._babel = Locale.parse(_FORMAT_LOCALES[self.locale])
        self._t = _load_translations(str(directory or locales_dir()), self.locale)

    def gettext(self, message: str, **params: Any) -> str:
        text = self._t.gettext(message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **params)

    def number(self, value: int | float) -> str:
        return babel_numbers.format_decimal(value, locale=self._babel)

    def date(self, value: dt.date, fmt: str = "long") -> str:
        """'3 mars 2025' / '3. mars 2025' / '3 March 2025'."""
        return babel_dates.format_date(value, format=fmt, locale=self._babel)

    def weekday_date(self, value: dt.date) -> str:
        """'måndag 3 mars' / 'mandag 3. mars' / 'Monday 3 March'."""
        return babel_dates.format_date(value, _WEEKDAY_DATE[self.locale], locale=self._babel)

    def time(self, value: dt.time | dt.datetime) -> str:
        return babel_dates.format_time(value, format="short", locale=self._babel)

    def datetime_local(self, value: dt.datetime, timezone: str) -> str:
        local = value.astimezone(ZoneInfo(timezone))
        return f"{self.weekday_date(local.date())} {self.time(local)}"

    def week(self, value: dt.date) -> str:
        """The ISO week, in words: 'vecka 43' / 'uke 43' / 'veke 43' / 'week 43'."""
        return self.gettext("week {number}", number=value.isocalendar().week)

    def month(self, month: int) -> str:
        return str(self._babel.months["stand-alone"]["wide"][month])


@lru_cache(maxsize=8)
def translator(locale: str) -> Translator:
    """A cached translator for a supported locale."""
    return Translator(negotiate_locale(locale))
