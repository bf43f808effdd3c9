"""Errors, as RFC 9457 ``application/problem+json``."""

from __future__ import annotations

from typing import Any

from .base import PublicModel

PROBLEM_MEDIA_TYPE = "application/problem+json"

SUSPENDED_PROBLEM = "tag:nuit-tui,2026:problem:account-suspended"
"""The ``type`` of the 403 every request of a suspended account gets: clients may tell it apart from
the other refusals (every other problem is ``about:blank``)."""


class Problem(PublicModel):
    """Every error the API answers. ``detail`` is for people; ``errors`` lists a 422's reasons."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    errors: list[dict[str, Any]] | None = None
