"""Sizes and counts the contract enforces; the server rejects anything larger with 422."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .text import FORMAT_CHARACTERS, JOINERS, cleaned_line, cleaned_text

HANDLE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$"
"""Handles are stored lower-cased; upper case is accepted on the way in."""
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"
TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+#._-]{0,23}$"
VISIBLE_LINE_PATTERN = (
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202a-\u202f\u205f\u2066-\u2069\u3000"
    + FORMAT_CHARACTERS
    + JOINERS
    + "]"
)
"""Somewhere a character that ``clean_line`` keeps and does not strip: what a required one-line
field needs. Said in the JSON schema only (``minLength`` alone counts characters cleaning drops);
validation already enforces it, as ``min_length`` after cleaning. (A joiner is kept only between
two other characters, so it never is the only one.)"""
VISIBLE_TEXT_PATTERN = r"[^\x00-\x08\x0a-\x1f\x7f-\x9f" + FORMAT_CHARACTERS + JOINERS + "]"
"""Somewhere a character that ``clean_text`` keeps and is not a line break: the same for text."""

MAX_NAME = 64
MAX_TITLE = 120
MAX_SUMMARY = 280
MAX_DESCRIPTION = 4_000
MAX_SWAP_BODY = 20_000
MAX_MESSAGE = 4_000
MAX_PROGRESS = 500
MAX_THANKS = 500
MAX_LOCATION = 120
MAX_SKILLS = 20
MAX_TAGS = 8
MAX_SKILL = 32
MAX_TEAM_SIZE = 20
MAX_KIND = 32
MAX_LINKS = 8
MAX_LINK = 300
MAX_BODY_BYTES = 64 * 1024
"""Largest request body the server reads (413 beyond)."""
MAX_HEADER_BYTES = 16 * 1024
"""Largest request line and header fields together the server reads (431 beyond), by default."""
MAX_PAGE = 200
"""Largest page of chat history one request returns."""

_VISIBLE_LINE = Field(json_schema_extra={"pattern": VISIBLE_LINE_PATTERN})
_VISIBLE_TEXT = Field(json_schema_extra={"pattern": VISIBLE_TEXT_PATTERN})

Handle = Annotated[str, StringConstraints(pattern=HANDLE_PATTERN, to_lower=True)]
"""A person's handle: 2 to 32 of a-z, 0-9, '_' and '-'."""
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""An identifier for a city or a theme, e.g. ``lyon``."""
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN, to_lower=True)]
"""A swap tag, e.g. ``python`` or ``c++``."""
# Maximum lengths count the characters sent: the validator ``cleaned_line(n)``/``cleaned_text(n)``
# refuses more than n before it cleans. The constraint then checks the minimum on the cleaned text
# and gives the JSON schema its maxLength; its error reads "String should have at most 120
# characters" (string_too_long) as the validator's does.
Skill = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_SKILL), cleaned_line(MAX_SKILL), _VISIBLE_LINE
]
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_NAME), cleaned_line(MAX_NAME), _VISIBLE_LINE
]
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_TITLE), cleaned_line(MAX_TITLE), _VISIBLE_LINE
]
Summary = Annotated[str, StringConstraints(max_length=MAX_SUMMARY), cleaned_line(MAX_SUMMARY)]
Location = Annotated[str, StringConstraints(max_length=MAX_LOCATION), cleaned_line(MAX_LOCATION)]
Description = Annotated[str, StringConstraints(max_length=MAX_DESCRIPTION), cleaned_text(MAX_DESCRIPTION)]
SwapBody = Annotated[str, StringConstraints(max_length=MAX_SWAP_BODY), cleaned_text(MAX_SWAP_BODY)]
MessageBody = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_MESSAGE), cleaned_text(MAX_MESSAGE), _VISIBLE_TEXT
]
ProgressText = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_PROGRESS), cleaned_text(MAX_PROGRESS), _VISIBLE_TEXT
]
Thanks = Annotated[str, StringConstraints(max_length=MAX_THANKS), cleaned_text(MAX_THANKS)]
Skills = Annotated[list[Skill], Field(max_length=MAX_SKILLS)]
Kind = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_KIND), cleaned_line(MAX_KIND), _VISIBLE_LINE
]
"""A schedule item's kind: free text; the well-known ones (``WELL_KNOWN_KINDS``) get an icon."""
BroughtBy = Annotated[str, StringConstraints(max_length=MAX_TITLE), cleaned_line(MAX_TITLE)]
"""The person or organisation who brings a project (a professional, an association…)."""
LINK_PATTERN = r"^https?://[^\x00-\x20\x7f]+$"
"""Explicit ranges, not a whitespace class: pydantic's and JSON Schema's regex engines agree."""
Link = Annotated[str, StringConstraints(pattern=LINK_PATTERN, max_length=MAX_LINK)]
"""An http(s) address."""
Links = Annotated[list[Link], Field(max_length=MAX_LINKS)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
