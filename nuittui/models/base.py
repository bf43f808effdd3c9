"""The base model every contract type shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from .text import clean_text


class Model(BaseModel):
    """Strict about unknown fields on input, so a typo is a 422 and not a silent no-op.

    Every model builds its validator on first use (``defer_build``): the terminal app draws its
    first screen before most of the contract is needed. The server builds them all at start-up
    with ``nuittui.models.build_all()``.
    """

    model_config = ConfigDict(extra="forbid", frozen=False, defer_build=True)


class PublicModel(BaseModel):
    """What the server answers; tolerant of fields a newer server adds."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    @field_validator("*", mode="after")
    @classmethod
    def _clean_untrusted(cls, value: Any) -> Any:
        # A misbehaving server must not smuggle escape sequences to a terminal. After the field's
        # own validation: a limited field counts its length on the text as sent, then cleans.
        # Exactly str: an enum member (a str subclass) is one of its known values, and stays one.
        if type(value) is str:
            return clean_text(value)
        if isinstance(value, list) and value and type(value[0]) is str:
            return [clean_text(v) if type(v) is str else v for v in value]
        return value


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)
