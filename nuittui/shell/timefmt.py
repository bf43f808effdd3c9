"""Times and durations for people, in the event's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nuittui.i18n import _

__all__ = ["clock", "day_clock", "duration", "zone"]


def zone(name: str | None) -> tzinfo:
    """The IANA zone ``name``; UTC when unknown."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def clock(moment: datetime, tz: tzinfo) -> str:
    """``21:30``."""
    return moment.astimezone(tz).strftime("%H:%M")


NEAR = timedelta(days=6)
"""Within this of now a weekday says which day; further, the date is written too."""


def day_clock(moment: datetime, tz: tzinfo, now: datetime | None = None) -> str:
    """``Sat 21:30`` (weekday translated); ``Sun 2027-03-07 19:00`` when more than six days from now,
    where a weekday alone would name the wrong day."""
    days = (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))
    local = moment.astimezone(tz)
    if abs(moment - (now or datetime.now(UTC))) > NEAR:
        return f"{days[local.weekday()]} {local:%Y-%m-%d %H:%M}"
    return f"{days[local.weekday()]} {local:%H:%M}"


def duration(delta: timedelta) -> str:
    """``2 h 05 min``, ``12 min``, ``3 d 4 h`` (whole minutes, rounded down)."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("{d} d {h} h", d=days, h=hours)
    if hours:
        return _("{h} h {m:02d} min", h=hours, m=mins)
    return _("{m} min", m=mins)
