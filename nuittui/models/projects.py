"""Projects, their teams and the team's progress updates."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from .base import Model, PublicModel
from .limits import (
    MAX_TEAM_SIZE,
    BroughtBy,
    Description,
    Handle,
    Links,
    Name,
    ProgressText,
    Skills,
    Slug,
    Summary,
    Title,
)

DEFAULT_TEAM_SIZE = 8
LOOKING_BELOW = 3
"""A team with fewer members than this is looking for members unless it says otherwise."""


class Stage(StrEnum):
    """Where a team stands; shown on the cities board."""

    EXPLORING = "exploring"
    BUILDING = "building"
    TESTING = "testing"
    DEMO_READY = "demo_ready"


class TeamMember(PublicModel):
    handle: Handle
    display_name: Name
    joined_at: datetime


class ProjectCreate(Model):
    """``POST /v1/projects`` (organizers)."""

    title: Title
    summary: Summary = ""
    description: Description = ""
    theme: Slug
    city: Slug
    skills_needed: Skills = []
    max_team_size: int = Field(default=DEFAULT_TEAM_SIZE, ge=1, le=MAX_TEAM_SIZE)
    sample: bool = False
    brought_by: BroughtBy = ""
    """The person or organisation who brings the project."""
    links: Links = []


class ProjectUpdate(Model):
    """``PATCH /v1/projects/{id}``: organizers change anything; team members only ``looking_for_members``."""

    title: Title | None = None
    summary: Summary | None = None
    description: Description | None = None
    theme: Slug | None = None
    skills_needed: Skills | None = None
    max_team_size: int | None = Field(default=None, ge=1, le=MAX_TEAM_SIZE)
    looking_for_members: bool | None = None
    brought_by: BroughtBy | None = None
    links: Links | None = None


class ProjectPublic(PublicModel):
    """A project and its team."""

    id: int
    title: str
    summary: str = ""
    description: str = ""
    theme: str
    city: str
    skills_needed: list[str] = []
    max_team_size: int = DEFAULT_TEAM_SIZE
    members: list[TeamMember] = []
    looking_for_members: bool
    """Set by the team, or derived: fewer than three members and not full."""
    sample: bool = False
    """Sample data of the demo event, not a real project."""
    stage: Stage = Stage.EXPLORING
    """The stage of the team's latest progress update."""
    created_at: datetime
    updated_at: datetime
    brought_by: str = ""
    """The person or organisation who brings the project; empty when not said."""
    links: list[str] = []
    """Where to read more: the project's site, repository, data."""


class ProgressCreate(Model):
    """``POST /v1/projects/{id}/progress`` (team members)."""

    text: ProgressText
    stage: Stage


class ProgressPublic(PublicModel):
    id: int
    project_id: int
    city: str
    author: str
    text: str
    stage: Stage
    created_at: datetime


def derive_looking(flag: bool | None, members: int, max_size: int) -> bool:
    """Whether a team is looking for members: never when full, else its own flag, else if small."""
    if members >= max_size:
        return False
    if flag is not None:
        return flag
    return members < LOOKING_BELOW
