"""The tables of the event file, as pydantic models: each key, its type and its limits.

The field limits are the contract's (``nuittui.models.limits``), so what the file
accepts the API accepts too. Times must be TOML offset date-times
(``2026-03-14T09:00:00+01:00``): a local date-time or a date alone is refused with a
message that gives the fix.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from nuittui.models.limits import (
    MAX_TEAM_SIZE,
    BroughtBy,
    Description,
    Kind,
    Links,
    Location,
    Name,
    Skills,
    Slug,
    Summary,
    Title,
)
from nuittui.models.projects import DEFAULT_TEAM_SIZE
from nuittui.models.schedule import normalize_kind


def _aware(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive:{value.isoformat()}")
        return value
    if isinstance(value, date):
        raise ValueError(f"date-only:{value.isoformat()}")
    if isinstance(value, time):
        raise ValueError(f"time-only:{value.isoformat()}")
    if isinstance(value, str):
        raise ValueError(f"quoted:{value}")
    return value


Moment = Annotated[datetime, BeforeValidator(_aware)]
"""An offset date-time of the file; the markers in the errors are turned into sentences by ``check``."""


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EventTable(_Table):
    """``[event]``."""

    name: Name
    timezone: str
    starts_at: Moment
    ends_at: Moment
    jury_at: Moment | None = None
    """When the jury starts (the countdown); default: the earliest ``[[jury]]`` slot."""


class CityTable(_Table):
    """``[[cities]]``."""

    id: Slug
    name: Name
    country: Name = "France"
    venue: Summary = ""
    timezone: str | None = None


class ThemeTable(_Table):
    """``[[themes]]``."""

    id: Slug
    name: Name
    description: Summary = ""


class ProjectTable(_Table):
    """``[[projects]]``."""

    id: Slug
    title: Title
    summary: Summary = ""
    description: Description = ""
    theme: Slug
    city: Slug
    brought_by: BroughtBy = ""
    skills: Skills = []
    team_size: int = Field(default=DEFAULT_TEAM_SIZE, ge=1, le=MAX_TEAM_SIZE)
    links: Links = []


class ItemTable(_Table):
    """``[[schedule]]``."""

    id: Slug
    title: Title
    description: Description = ""
    starts_at: Moment
    ends_at: Moment
    kind: Kind = "talk"
    city: Slug | None = None
    room: Location = ""

    _kind = field_validator("kind", mode="before")(normalize_kind)


class JuryTable(_Table):
    """``[[jury]]``: a city's jury slot (a schedule item of kind ``jury``)."""

    city: Slug
    starts_at: Moment
    ends_at: Moment
    title: Title = "Jury"
    description: Description = ""
    room: Location = ""


SECTIONS: dict[str, tuple[type[_Table], bool]] = {
    "event": (EventTable, False),
    "cities": (CityTable, True),
    "themes": (ThemeTable, True),
    "projects": (ProjectTable, True),
    "schedule": (ItemTable, True),
    "jury": (JuryTable, True),
}
"""Each top-level key: its table model, and whether it is an array of tables (``[[…]]``)."""
