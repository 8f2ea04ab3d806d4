"""Per-person export and erasure: every table that holds a person's data, read or removed."""

from storage.privacy.erase import erase_person
from storage.privacy.export import export_person, find_person

__all__ = ["erase_person", "export_person", "find_person"]
