"""Translation per recipient: gettext catalogues via Babel, and locale-aware formatting."""

from __future__ import annotations

import datetime as dt
import errno
import gettext
import hashlib
import io
import os
import struct
import tempfile
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import Locale

# Babel's dates, lists and numbers modules are imported by the methods that format with
# them: a command line that formats none (`--help`, an idle tick) does not load them.

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
# Swedes and Norwegians write "kl. 16.00"; Babel's short pattern gives "16:00" without "kl.".
_TIME: Mapping[str, str] = {
    "sv": "'kl.' HH.mm",
    "nb": "'kl.' HH.mm",
    "nn": "'kl.' HH.mm",
    "en": "HH:mm",
}
_DATE_TIME_JOIN: Mapping[str, str] = {"sv": " ", "nb": " ", "nn": " ", "en": " at "}
NARROW_NBSP = "\u202f"
_ALIASES: Mapping[str, str] = {"no": "nb", "nob": "nb", "nno": "nn", "swe": "sv", "eng": "en"}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


# English details from the OS and from PyYAML that end up inside a message, matched by their
# start; a detail not listed here is shown as it is.
# The operating system's reasons a file could not be read or written, by errno: its own
# text ("No such file or directory") is English whatever the reader's language.
_OS_REASONS: dict[int, str] = {
    errno.ENOENT: N_("the file does not exist"),
    errno.EACCES: N_("you may not read or write it"),
    errno.EPERM: N_("you may not read or write it"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk can only be read"),
}
_REASONS: tuple[tuple[str, str], ...] = (
    ("No such file or directory", N_("the file does not exist")),
    ("Permission denied", N_("you may not read or write it")),
    ("Is a directory", N_("it is a folder, not a file")),
    ("Not a directory", N_("a part of the path is not a folder")),
    ("File name too long", N_("the file name is too long")),
    ("No space left on device", N_("the disk is full")),
    ("Read-only file system", N_("the disk can only be read")),
    ("found unexpected end of stream", N_("the file ends in the middle of a value")),
    ("found character that cannot start any token", N_("a character that cannot start a value")),
    ("found a tab character", N_("a tab where YAML wants spaces for indentation")),
    ("mapping values are not allowed here", N_("a colon where none belongs (quote the text)")),
    ("could not find expected ':'", N_("a line without the colon after its field name")),
    ("expected <block end>", N_("the indentation does not line up")),
    ("expected ',' or ']'", N_("a list in [ ] is not closed")),
    ("expected ',' or '}'", N_("a mapping in { } is not closed")),
    ("found undefined alias", N_("a *reference to something not defined")),
    ("found unknown escape character", N_("an unknown \\ escape in a quoted text")),
    ("while scanning a quoted scalar", N_("a quotation mark that is not closed")),
    ("found duplicate anchor", N_("the same &anchor twice")),
)


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


# Bumped when what is cached changes form, so an older cache is passed over.
_CACHE_FORMAT = "1"


def cache_dir() -> Path | None:
    """Where compiled catalogues are kept: OMBUD_CACHE_DIR, else the user's cache folder."""
    override = os.environ.get("OMBUD_CACHE_DIR")
    if override:
        return Path(override)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "ombud"
    try:
        return Path.home() / ".cache" / "ombud"
    except RuntimeError:  # no home folder to be found
        return None


def _cached_catalogue(source: bytes, locale: str) -> tuple[Path | None, bytes | None]:
    """The cache file for this exact .po text and locale, and its bytes if it is there."""
    folder = cache_dir()
    if folder is None:
        return None, None
    digest = hashlib.sha256(b"\0".join((_CACHE_FORMAT.encode(), locale.encode(), source)))
    path = folder / f"{DOMAIN}-{locale}-{digest.hexdigest()[:32]}.mo"
    try:
        return path, path.read_bytes()
    except OSError:
        return path, None


def _keep(path: Path, data: bytes) -> None:
    """Write a compiled catalogue whole or not at all; a cache that cannot be written is
    no error (the catalogue is compiled again next time)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".mo-")
        try:
            with os.fdopen(handle, "wb") as fh:
                fh.write(data)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return


@lru_cache(maxsize=16)
def _load_translations(directory: str, locale: str) -> gettext.NullTranslations:
    """The catalogue of `locale`, from its .po file.

    Parsing a .po with Babel costs a command line about a tenth of a second, so the compiled
    form is kept in the cache folder under a hash of the .po's text: any change to the .po
    is a new name, and a cached file that cannot be read as a catalogue is compiled again.
    """
    po_path = Path(directory) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.is_file():
        return gettext.NullTranslations()
    source = po_path.read_bytes()
    cache, cached = _cached_catalogue(source, locale)
    if cached is not None:
        try:
            return gettext.GNUTranslations(io.BytesIO(cached))
        except (OSError, ValueError, LookupError, struct.error):
            pass  # damaged or cut short: compiled again below
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    if cache is not None:
        _keep(cache, buffer.getvalue())
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Translator:
    """Everything a message to one reader needs: their language, numbers, dates, weeks."""

    def __init__(self, locale: str, directory: Path | None = None) -> None:
        self.locale = negotiate_locale(locale)
        self._babel = Locale.parse(_FORMAT_LOCALES[self.locale])
        self._t = _load_translations(str(directory or locales_dir()), self.locale)

    @property
    def language_tag(self) -> str:
        """The BCP 47 tag documents carry: 'sv-SE', 'nb-NO', 'nn-NO', 'en-GB'."""
        return _FORMAT_LOCALES[self.locale].replace("_", "-")

    def gettext(self, message: str, **params: Any) -> str:
        text = self._t.gettext(message)
        return text.format(**params) if params else text

    def reason(self, detail: str) -> str:
        """An English OS or YAML detail ("No such file or directory") in the reader's words."""
        for english, msgid in _REASONS:
            if detail.startswith(english):
                return self.gettext(msgid)
        return detail

    def os_reason(self, exc: OSError) -> str:
        """Why a file could not be read or written, in the reader's words."""
        msgid = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
        return self.gettext(msgid) if msgid else self.reason(exc.strerror or type(exc).__name__)

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **params)

    def number(self, value: int | float) -> str:
        if type(value) is int and 0 <= value < 1000:
            # No grouping, no sign: these read the same in every supported locale, and need
            # not load the locale's data (tens of ms for a command line that counts a few).
            return str(value)
        from babel import numbers as babel_numbers

        return babel_numbers.format_decimal(value, locale=self._babel)

    def decimal(self, value: float, digits: int = 1) -> str:
        """'14,2' / '14.2', always with `digits` decimals."""
        from babel import numbers as babel_numbers

        pattern = "#,##0." + "0" * digits if digits > 0 else "#,##0"
        return babel_numbers.format_decimal(value, pattern, locale=self._babel)

    def percent(self, fraction: float) -> str:
        """'80 %' with a narrow no-break space where the locale puts a space before %."""
        from babel import numbers as babel_numbers

        text = babel_numbers.format_percent(fraction, locale=self._babel)
        return text.replace("\xa0%", NARROW_NBSP + "%").replace(" %", NARROW_NBSP + "%")

    def percent_of(self, value: float) -> str:
        """A figure already in percent (80 -> '80 %')."""
        return self.percent(value / 100)

    def format_list(
        self, items: Sequence[str], style: Literal["standard", "or"] = "standard"
    ) -> str:
        """'14, 2 och 1' / '14, 2 og 1' / '14, 2 and 1'; style 'or' for alternatives."""
        from babel import lists as babel_lists

        return babel_lists.format_list(list(items), style=style, locale=self._babel)

    def date(self, value: dt.date, fmt: str = "long") -> str:
        """'3 mars 2025' / '3. mars 2025' / '3 March 2025'."""
        from babel import dates as babel_dates

        return babel_dates.format_date(value, format=fmt, locale=self._babel)

    def weekday_date(self, value: dt.date) -> str:
        """'måndag 3 mars' / 'mandag 3. mars' / 'Monday 3 March'."""
        from babel import dates as babel_dates

        return babel_dates.format_date(value, _WEEKDAY_DATE[self.locale], locale=self._babel)

    def time(self, value: dt.time | dt.datetime) -> str:
        """'kl. 16.00' / 'kl. 16.00' / '16:00'."""
        from babel import dates as babel_dates

        return babel_dates.format_time(value, _TIME[self.locale], locale=self._babel)

    def datetime_local(self, value: dt.datetime, timezone: str) -> str:
        """'måndag 1 december kl. 16.00' / 'Monday 1 December at 16:00'."""
        local = value.astimezone(ZoneInfo(timezone))
        return self.weekday_date(local.date()) + _DATE_TIME_JOIN[self.locale] + self.time(local)

    def week(self, value: dt.date) -> str:
        """The ISO week, in words: 'vecka 43' / 'uke 43' / 'veke 43' / 'week 43'."""
        return self.gettext("week {number}", number=value.isocalendar().week)

    def month(self, month: int) -> str:
        return str(self._babel.months["stand-alone"]["wide"][month])


@lru_cache(maxsize=8)
def translator(locale: str) -> Translator:
    """A cached translator for a supported locale."""
    return Translator(negotiate_locale(locale))
