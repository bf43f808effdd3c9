"""Moving a schedule item: a shift (``+30m``, ``-15m``, ``+1h``) or a time of its day (``14:30``).

One rule for the shell's ``org move`` and the app's "organizer: Move schedule item": the item
keeps its length, and a time is read on the item's own day in the event's time zone.
Standard library only, so the shell's path stays light.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, tzinfo

from nuittui.i18n import _

from .errors import InvalidWrite

__all__ = ["clock_of", "move_of", "moved", "shift_of"]

_SHIFT = re.compile(r"([+-])(?:(\d{1,3})h)?(?:(\d{1,4})(?:m|min)?)?")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


def shift_of(text: str) -> timedelta:
    """``+30m`` → 30 minutes, ``-15m``, ``+1h``, ``+1h30m``; else ``InvalidWrite`` (one line)."""
    match = _SHIFT.fullmatch(text.strip())
    if match is None or not (match[2] or match[3]):
        raise InvalidWrite(_("not a shift: {value} (e.g. +30m, -15m, +1h)", value=text), field="by")
    minutes = int(match[2] or 0) * 60 + int(match[3] or 0)
    return timedelta(minutes=-minutes if match[1] == "-" else minutes)


def clock_of(text: str) -> time:
    """``21:30`` → that time of day; else ``InvalidWrite`` (one line)."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidWrite(_("not a time: {value} (HH:MM, e.g. 21:30)", value=text), field="to")
    return time(int(match[1]), int(match[2]))


def moved(
    starts_at: datetime,
    ends_at: datetime,
    tz: tzinfo,
    *,
    by: str | None = None,
    to: str | None = None,
) -> tuple[datetime, datetime]:
    """The new start and end of an item moved ``by`` a shift or ``to`` a time of its day (in ``tz``).

    The item keeps its length. Exactly one of ``by`` and ``to`` is used (``by`` first).
    """
    if by is not None:
        start = starts_at + shift_of(by)
    elif to is not None:
        day = starts_at.astimezone(tz).date()
        start = datetime.combine(day, clock_of(to), tzinfo=tz)
    else:
        raise InvalidWrite(_("say how to move it: a shift (+30m) or a time (HH:MM)"), field="by")
    return start, start + (ends_at - starts_at)


def move_of(text: str) -> dict[str, str]:
    """What someone typed in one field: a shift when it starts with ``+`` or ``-``, else a time.

    Returns ``{"by": text}`` or ``{"to": text}``, the keywords of ``moved``.
    """
    value = text.strip()
    return {"by": value} if value[:1] in ("+", "-") else {"to": value}
