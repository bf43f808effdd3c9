"""``nuit-tui status [--line] [--json]``: where I stand, from the cache alone (no network)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nuittui.i18n import _

from ..output import emit_json, one_line, out

if TYPE_CHECKING:
    from nuittui.readmodel.status import StatusAnnouncement, StatusSwap

__all__ = ["run"]


def _where(args: argparse.Namespace) -> tuple[str, str, Path, str | None, str | None]:
    """The profile's name, server, data folder, handle and city: the fast way, else the full resolver."""
    from nuittui.profiles.lean import lean_profile, read_config

    lean = lean_profile(getattr(args, "profile", None), read_config())
    if lean is not None:
        return lean.name, lean.api_url, lean.data_dir, lean.handle, lean.city
    from nuittui.profiles import resolve_profile

    full = resolve_profile(getattr(args, "profile", None))
    return full.name, full.api_url, full.data_dir, full.handle, full.city


def _announcement_json(found: StatusAnnouncement | None) -> dict[str, Any] | None:
    """The newest undismissed announcement as ``status --json`` gives it (the message as stored)."""
    if found is None or found.row is None:
        return None
    return {key: found.row.get(key) for key in ("id", "channel", "author", "body", "created_at")}


def _row(found: StatusSwap | None) -> Any:
    """A swap of the view as ``status --json`` gives it: as stored."""
    return dict(found.row) if found is not None and found.row is not None else None


def run(args: argparse.Namespace) -> int:
    """Print the status line (``--line``), or a few lines, or JSON."""
    from ..lean.statusline import gather, render

    name, api_url, folder, handle, city = _where(args)
    view = gather(folder, handle, city)
    if args.line and not args.json:
        out(render(view))
        return 0
    from nuittui.sync.markers import read_link

    link = read_link(folder)
    data: dict[str, Any] = {
        "profile": name,
        "server": api_url,
        "handle": handle,
        "link": link.get("status", "unknown"),
        "link_since": link.get("since"),
        "last_error": link.get("error"),
        "mentions": view.mentions,
        "announcements": view.announcements,
        "announcement": _announcement_json(view.announcement),
        "my_swap": _row(view.my_swap),
        "helping": _row(view.helping),
        "pending_swaps": view.pending_swaps,
        "now": dict(view.now_row) if view.now_row is not None else None,
        "next": dict(view.next_row) if view.next_row is not None else None,
        "queued": view.queued,
        "refused": view.dead,
        "line": render(view),
    }
    if args.json:
        emit_json(data)
        return 0
    out(_("profile {name}: {handle} on {server}", name=name, handle=handle or "?", server=api_url))
    connection = {"online": _("online"), "offline": _("offline")}.get(data["link"], _("unknown"))
    out(_("connection: {state}", state=connection))
    if link.get("error") and data["link"] == "offline":
        out(_("last error: {error}", error=one_line(link["error"], 200)))
    out(_("queued writes: {queued}; refused: {refused}", queued=view.queued, refused=view.dead))
    out(_("unread mentions: {count}", count=view.mentions))
    if view.announcement is not None:
        text = one_line(view.announcement.body, 120)
        author = one_line(view.announcement.author, 40)
        if view.announcements == 1:
            out(_("1 announcement: @{author}: {text}", author=author, text=text))
        else:
            out(
                _(
                    "{count} announcements, the newest: @{author}: {text}",
                    count=view.announcements,
                    author=author,
                    text=text,
                )
            )
    out(render(view) or _("nothing to report"))
    return 0
