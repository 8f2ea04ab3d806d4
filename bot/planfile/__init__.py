"""Plan files and rosters: the canonical, human-edited input, checked line by line."""

from __future__ import annotations

from bot.core.plans import Roster
from bot.planfile.plan import load_plan, parse_plan
from bot.planfile.roster import RosterDefaults, load_roster, parse_roster_yaml
from bot.planfile.roster_csv import parse_roster_csv

__all__ = [
    "Roster",
    "RosterDefaults",
    "load_plan",
    "load_roster",
    "parse_plan",
    "parse_roster_csv",
    "parse_roster_yaml",
]
