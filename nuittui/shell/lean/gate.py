"""The body of a new swap, built without pydantic when the input is plainly valid.

``swap_body`` answers the exact JSON ``SwapCreate(...).model_dump(mode="json")``
would give, or ``None`` when it cannot vouch for the input (too long, a control
character, an odd tag…): the full path then validates with the model and reports
the model's reason. The limits copy ``nuittui.models.limits``; a test keeps them equal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["swap_body"]

MAX_TITLE = 120
MAX_SWAP_BODY = 20_000
MAX_LOCATION = 120
MAX_TAGS = 8
TAG_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+#._-]{0,23}$"
"""Tags as typed; the model then lower-cases them."""
_TAG = re.compile(TAG_PATTERN.removeprefix("^").removesuffix("$"))


def _line(value: str, longest: int, *, required: bool) -> str | None:
    """A one-line field the model would keep as ``value.strip()``; None when unsure."""
    text = value.strip()
    if not text.isprintable() or len(value) > longest or (required and not text):
        return None
    return text


def _text(value: str, longest: int) -> str | None:
    """A multi-line field the model would keep as ``value.strip("\\n")``; None when unsure."""
    text = value.strip("\n")
    if len(value) > longest or not all(ch.isprintable() or ch in "\n\t" for ch in text):
        return None
    return text


def swap_body(
    title: str,
    body: str = "",
    tags: Sequence[str] = (),
    project_id: int | None = None,
    location: str = "",
) -> dict[str, Any] | None:
    """``SwapCreate``'s JSON for plainly valid input, else None (the model decides)."""
    clean_title = _line(title, MAX_TITLE, required=True)
    clean_location = _line(location, MAX_LOCATION, required=False)
    clean_body = _text(body, MAX_SWAP_BODY)
    clean_tags = [tag.lower() for tag in tags]
    if (
        clean_title is None
        or clean_location is None
        or clean_body is None
        or len(clean_tags) > MAX_TAGS
        or not all(_TAG.fullmatch(tag) for tag in tags)
        or (project_id is not None and not 0 < project_id < 10**12)
    ):
        return None
    return {
        "title": clean_title,
        "body": clean_body,
        "tags": clean_tags,
        "project_id": project_id,
        "location": clean_location,
    }
