"""The service's state for `ombud status`: what is due, sent, failed and unreachable."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from storage.engine import Database
    from storage.status import Status as _Status

# The storage types the service returns, named here so that commands need not import storage.
Status: TypeAlias = "_Status"


def read_status(db: Database, now: datetime, platforms: Collection[str] = ()) -> Status:
    """The figures of the 24 hours before `now`, read in one transaction; `platforms` are
    the configured chat platforms, by which it tells who cannot be reached."""
    from storage.status import read_status as read

    return db.run_sync(lambda s: read(s, now, platforms))
