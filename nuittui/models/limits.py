"""Sizes and counts the contract enforces; the server rejects anything larger with 422."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .text import CleanLine, CleanText

HANDLE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$"
"""Handles are stored lower-cased; upper case is accepted on the way in."""
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,31}$"
TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+#._-]{0,23}$"

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
MAX_BODY_BYTES = 64 * 1024
"""Largest request body the server reads (413 beyond)."""
MAX_PAGE = 200
"""Largest page of chat history one request returns."""

Handle = Annotated[str, StringConstraints(pattern=HANDLE_PATTERN, to_lower=True)]
"""A person's handle: 2 to 32 of a-z, 0-9, '_' and '-'."""
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""An identifier for a city or a theme, e.g. ``lyon``."""
Tag = Annotated[str, StringConstraints(pattern=TAG_PATTERN, to_lower=True)]
"""A swap tag, e.g. ``python`` or ``c++``."""
Skill = Annotated[str, CleanLine, StringConstraints(min_length=1, max_length=MAX_SKILL)]
Name = Annotated[str, CleanLine, StringConstraints(min_length=1, max_length=MAX_NAME)]
Title = Annotated[str, CleanLine, StringConstraints(min_length=1, max_length=MAX_TITLE)]
Summary = Annotated[str, CleanLine, StringConstraints(max_length=MAX_SUMMARY)]
Location = Annotated[str, CleanLine, StringConstraints(max_length=MAX_LOCATION)]
Description = Annotated[str, CleanText, StringConstraints(max_length=MAX_DESCRIPTION)]
SwapBody = Annotated[str, CleanText, StringConstraints(max_length=MAX_SWAP_BODY)]
MessageBody = Annotated[str, CleanText, StringConstraints(min_length=1, max_length=MAX_MESSAGE)]
ProgressText = Annotated[str, CleanText, StringConstraints(min_length=1, max_length=MAX_PROGRESS)]
Thanks = Annotated[str, CleanText, StringConstraints(max_length=MAX_THANKS)]
Skills = Annotated[list[Skill], Field(max_length=MAX_SKILLS)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
