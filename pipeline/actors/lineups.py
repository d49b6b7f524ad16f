"""Where a match report lists its players: line-ups, replacements, squads and bookings.

A surname written there alone ("Keane", "S Easterby", "Miller (Fletcher 66)") names one player
of that team on that day and nothing more: across documents it would gather every Keane,
Miller or Brown of the archive (a band, a rugby number eight and a United midfielder under one
value). Two shapes are found here: a line that is a line-up and nothing else, whose names
the kind rules read as players (pipeline.actors.kinds), and the longer runs and headed lists
whose bare surnames the resolution leaves out (pipeline.actors.resolution).
"""

from __future__ import annotations

import re

# One entry of a line-up: an initial maybe, one to three capitalised words, and a substitute,
# a club or the minute in brackets ("G Easterby", "Giggs (Saha 70)", "J Robinson (Sale Sharks, capt)").
_ENTRY = r"(?:[A-Z]\.?[ \t])?[A-Z][\w'’-]+(?:[ \t][A-Z][\w'’-]+){0,2}(?:[ \t]\([^()\n]{1,40}\))?"
# Between entries: a comma or a semicolon (rugby's units), a colon or a full stop before the
# next list of the same team ("Gillespie. Subs Not Used: Orr, Brown."), and the captain's mark.
_GLUE = r"[,;:.][ \t]+(?:capt[,;][ \t]+)?"
# Five entries at least: prose lists of three or four names ("Blair, Brown and Prescott") are
# not line-ups, and a line-up names eleven or fifteen.
_RUN = re.compile(rf"{_ENTRY}(?:{_GLUE}{_ENTRY}){{4,}}")
# A team sheet's shorter lists under their headings, on a line of their own: "Booked: Tennant, Gow."
_HEADED = re.compile(
    rf"^(?:Subs(?:titutes)?(?: [Nn]ot [Uu]sed)?|Replacements|Booked|Sent [Oo]ff|Goals|Scorers|Tries|Cons|Pens):[ \t]*{_ENTRY}(?:{_GLUE}{_ENTRY})*",
    re.MULTILINE,
)


# What only a team sheet writes: a substitute and the minute in brackets, the captain's mark,
# rugby's semicolons between units, the benches' headings.
_TEAM_SHEET_SIGN = re.compile(r"\([A-Z][^()\n]*\d+\)|\bcapt\b|;|\b(?:Subs|Replacements|Booked|Sent off)\b")


# A team's line-up or a list of its scorers or bookings: a line of three names or more and
# nothing else (the team's name and a colon may lead it), each a surname (an initial may lead it), commas between, a substitute and the
# minute in brackets after a name ("Kerr (Cameron 87), Robson, Crawford, Grady.").
_LINE_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?(?: \([A-Z][\w'’ -]*?(?: \d+)?\))?"
_LINE = re.compile(rf"^(?:[A-Z][\w'’ -]{{0,30}})?[:;]?[ \t]*{_LINE_NAME}(?:, {_LINE_NAME}){{2,}}\.?[ \t]*$", re.MULTILINE)


def lineup_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line that is a line-up and nothing else (the names on it are
    players whatever the model read: pipeline.actors.kinds)."""
    return [found.span() for found in _LINE.finditer(text)]


def lineup_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of five name-shaped entries or more in `text`, and of every
    list under a team sheet's heading."""
    return [found.span() for found in _RUN.finditer(text)] + [found.span() for found in _HEADED.finditer(text)]


def team_sheets(text: str, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs that show a team sheet's own signs, not a list of places or firms that
    happens to be long."""
    return [(start, end) for start, end in runs if _TEAM_SHEET_SIGN.search(text, start, end) is not None]


def inside(runs: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(run_start <= start and end <= run_end for run_start, run_end in runs)
