"""Log records that reach the log hold ids and reasons only, whatever a library tries to log."""

from __future__ import annotations

import asyncio
import logging
import re

# Our own packages log ids and counts by rule, and Alembic logs revision ids only;
# everything else is treated as untrusted.
OWN_PACKAGES = frozenset({"bot", "handlers", "storage", "config", "alembic"})
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Library loggers that log request bodies or whole updates at DEBUG/INFO.
NOISY = (
    "httpx",
    "httpcore",
    "telegram",
    "slack_bolt",
    "slack_sdk",
    "aiohttp.access",
    "apscheduler",
)
# Loggers that say only routine steps at INFO: kept at WARNING unless the level is DEBUG.
# Alembic logs each migration and, when a database cannot be reached, its plugin set-up.
ROUTINE = ("alembic",)
_PLACEHOLDER = re.compile(r"%%|%(\([^)]*\))?[-#0 +]*(\d+|\*)?(\.(\d+|\*))?[diouxXeEfFgGcrsa]")
TEMPLATE_LIMIT = 160
WITHHELD = "<withheld>"
# A shutdown cancels running tasks; their CancelledError is how asyncio stops, not a fault.
SHUTDOWN_ERRORS = (asyncio.CancelledError, KeyboardInterrupt, SystemExit)
# Library warnings that are how Ombud works, not faults: while a wave is being sent the
# dispatch job keeps running past its interval (it drains what is due), so the scheduler
# skips the interval's next start. Left at WARNING they would bury the warnings that
# matter (sustained delivery failures, a platform that cannot be reached); they go to DEBUG.
EXPECTED = (("apscheduler", "skipped: maximum number of running instances reached"),)


def is_own(name: str) -> bool:
    return name.split(".", 1)[0] in OWN_PACKAGES


def redact_template(template: str) -> str:
    """The library's fixed wording, with every value it would have filled in withheld."""
    text = _PLACEHOLDER.sub(lambda m: "%" if m.group(0) == "%%" else WITHHELD, template)
    text = " ".join(text.split())
    return text if len(text) <= TEMPLATE_LIMIT else text[: TEMPLATE_LIMIT - 1] + "…"


def _expected(name: str, template: str) -> bool:
    return any(
        name.split(".", 1)[0] == package and wording in template for package, wording in EXPECTED
    )


class ThirdPartyRedactor(logging.Filter):
    """Rewrite a library's record in place: its wording without values, an exception by type.

    python-telegram-bot logs a whole raw update (names, texts) when it cannot parse one, and
    exception messages can carry request data; none of that may reach the log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if is_own(record.name):
            return True
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        if _expected(record.name, template) and record.levelno > logging.DEBUG:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
            if not logging.getLogger().isEnabledFor(logging.DEBUG):
                return False
        reason = ""
        if record.exc_info and record.exc_info[0] is not None:
            kind = record.exc_info[0]
            reason = f" [{kind.__module__}.{kind.__qualname__}]"
            if issubclass(kind, SHUTDOWN_ERRORS) and record.levelno > logging.INFO:
                record.levelno, record.levelname = logging.INFO, "INFO"
        record.msg = redact_template(template) + reason
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def configure(level: str, handler: logging.Handler | None = None) -> logging.Handler:
    """One handler on the root logger, its records redacted; returns the handler."""
    root = logging.getLogger()
    target = handler or logging.StreamHandler()
    target.setFormatter(logging.Formatter(FORMAT))
    target.addFilter(ThirdPartyRedactor())
    for old in [h for h in root.handlers if getattr(h, "ombud", False)]:
        root.removeHandler(old)
    target.ombud = True  # type: ignore[attr-defined]
    root.addHandler(target)
    root.setLevel(level)
    floor = max(logging.WARNING, logging.getLevelName(level))
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(floor)
    debug = root.getEffectiveLevel() <= logging.DEBUG
    for routine in ROUTINE:
        logging.getLogger(routine).setLevel(logging.DEBUG if debug else floor)
    return target
