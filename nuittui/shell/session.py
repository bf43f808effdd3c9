"""Opening a profile's engine for one shell command, and the quick sync read commands start with."""

from __future__ import annotations

import argparse
import asyncio

from nuittui.cache import CacheError
from nuittui.client import ClientError, Offline
from nuittui.i18n import _
from nuittui.profiles import ResolvedProfile, resolve_profile
from nuittui.readmodel.rules import zone_name
from nuittui.sync import SyncEngine, SyncSummary
from nuittui.sync.errors import error_line

from .output import err, recovery_line
from .timefmt import clock, zone

__all__ = ["FIRST_SYNC", "QUICK_SYNC", "open_engine", "profile_of", "quick_sync", "stale_note"]

QUICK_SYNC = 2.0
"""Seconds a read command gives the server before answering from the cache."""
FIRST_SYNC = 15.0
"""With nothing cached yet, a read waits this long: an empty answer would be useless."""


def profile_of(args: argparse.Namespace) -> ResolvedProfile:
    """The profile the command runs with (``--profile``, ``NUIT_PROFILE``…)."""
    return resolve_profile(getattr(args, "profile", None))


def open_engine(args: argparse.Namespace, *, timeout: float = 10.0) -> SyncEngine:
    """The engine of the command's profile (not started: commands sync once, or start it to wait).

    The credentials are read now: a command whose token is refused does nothing at all.
    """
    profile = profile_of(args)
    profile.token  # noqa: B018 - read for its check (a credentials file others can read is refused)
    engine = SyncEngine.from_profile(profile, timeout=timeout)
    for report in engine.outbox_recoveries():  # said by every command until acknowledged
        err(recovery_line(report.recovered, report.damaged, report.kept_at))
    return engine


def stale_note(engine: SyncEngine, reason: str) -> str:
    """``offline (reason): showing cached data, stale since 21:30``."""
    synced = engine.last_synced_at()
    if synced is None:
        return _("{reason}: nothing cached yet", reason=reason)
    when = clock(synced, zone(zone_name(engine.rows().event_row())))
    return _("{reason}: showing cached data, stale since {time}", reason=reason, time=when)


async def quick_sync(engine: SyncEngine) -> SyncSummary | None:
    """Send the outbox and fetch news in a couple of seconds; else say the data is stale (stderr)."""
    if engine.client.token is None:
        err(stale_note(engine, _("not logged in")))
        return None
    limit = QUICK_SYNC if engine.last_synced_at() is not None else FIRST_SYNC
    try:
        return await asyncio.wait_for(engine.sync_once(), limit)
    except TimeoutError:
        err(stale_note(engine, _("the server is slow to answer")))
    except Offline as error:
        err(stale_note(engine, _("offline ({reason})", reason=error.message)))
    except (ClientError, CacheError) as error:  # e.g. a full disk: what is cached still reads
        err(stale_note(engine, error_line(error)))
    return None
