"""Per-person export and erasure: every table that holds a person's data, read or removed."""

from storage.privacy.disk import DiskResult, settle_erasure
from storage.privacy.erase import erase_person
from storage.privacy.export import export_person, find_person
from storage.privacy.sole import sole_steward_units

__all__ = [
    "DiskResult",
    "erase_person",
    "export_person",
    "find_person",
    "settle_erasure",
    "sole_steward_units",
]
