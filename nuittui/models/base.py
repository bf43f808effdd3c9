"""The base model every contract type shares."""

from __future__ import annotations

from datetime import datetime, timezone

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict about unknown fields on input, so a typo is a 422 and not a silent no-op."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class PublicModel(BaseModel):
    """What the server answers; tolerant of fields a newer server adds."""

    model_config = ConfigDict(extra="ignore")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(timezone.utc)
