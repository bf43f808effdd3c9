"""Each rule about what is shown, written once: characters, mentions, swap statuses, names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from nuittui.i18n import _

__all__ = [
    "UNSAFE",
    "city_names",
    "is_mention",
    "mention_pattern",
    "safe",
    "status_label",
    "who_line",
    "zone_name",
]

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What never reaches a terminal: C0 controls but tab and newline, DEL, C1, bidi embeddings,
overrides and isolates (the contract strips them on the way in too: ``nuittui.models.text``)."""


def safe(text: object) -> str:
    """``text`` as a string with nothing of ``UNSAFE`` (CR and CRLF become newlines)."""
    return UNSAFE.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


@lru_cache(maxsize=16)
def mention_pattern(handle: str) -> re.Pattern[str]:
    """``@handle`` as a whole word: not inside an address (``x@handle``, ``x-@handle``,
    ``x.@handle``), not the start of a longer handle (``@handles``, ``@handle-2``)."""
    return re.compile(rf"(?<![\w@.-])@{re.escape(handle)}(?![\w-])", re.IGNORECASE)


def is_mention(body: str, handle: str) -> bool:
    """Whether ``body`` mentions ``@handle``."""
    return "@" in body and mention_pattern(handle).search(body) is not None


def status_label(status: str) -> str:
    """A swap status in words, in the interface's language (``pending``: not on the server yet)."""
    labels = {
        "open": _("open"),
        "claimed": _("claimed"),
        "resolved": _("resolved"),
        "cancelled": _("cancelled"),
        "pending": _("pending"),
    }
    return labels.get(status, status)


def city_names(event: Mapping[str, Any] | None) -> dict[str, str]:
    """City id → name, from the cached event row (empty before the first sync)."""
    cities = event.get("cities") if event else None
    if not isinstance(cities, list):
        return {}
    return {
        str(c["id"]): str(c.get("name") or c["id"])
        for c in cities
        if isinstance(c, Mapping) and isinstance(c.get("id"), str)
    }


def zone_name(event: Mapping[str, Any] | None) -> str | None:
    """The event's time zone name from its cached row (None before the first sync)."""
    zone = event.get("timezone") if event else None
    return zone if isinstance(zone, str) else None


def who_line(handle: str, city: str | None, cities: Mapping[str, str]) -> str:
    """``@handle · City``, for the top bar."""
    return f"@{handle} · {cities.get(city, city)}" if city else f"@{handle}"
