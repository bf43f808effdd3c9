"""``nuit-tui swap list|show|claim|release|resolve|cancel|reopen``."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from nuittui.i18n import _
from nuittui.models import SwapPublic, SwapStatus
from nuittui.readmodel.rules import status_label
from nuittui.sync import Pending, SyncEngine

from ..output import align, clean, emit_json, err, one_line, out
from ..session import open_engine, quick_sync
from ..timefmt import day_clock, zone
from .writing import report, send_now

__all__ = ["act", "list_swaps", "pending_json", "show"]


def pending_json(item: Pending[Any], author: str | None) -> dict[str, Any]:
    """A swap still in the outbox, shaped like ``SwapPublic`` where it can be."""
    value = item.value
    fields = value.model_dump(mode="json") if hasattr(value, "model_dump") else dict(value or {})
    return {
        "id": None,
        **fields,
        "author": author,
        "status": "pending",
        "created_at": item.created_at.isoformat(),
        "key": item.key,
    }


def list_swaps(args: argparse.Namespace) -> int:
    """List swaps from the cache (after a quick sync), newest first."""
    return asyncio.run(_list(args))


async def _list(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        items = engine.swaps(
            status=args.status, city=args.city, tag=args.tag, author=engine.handle if args.mine else None
        )
        if args.mine and engine.handle is None:
            items = []
        if args.json:
            emit_json(
                [
                    s.model_dump(mode="json") if isinstance(s, SwapPublic) else pending_json(s, engine.handle)
                    for s in items
                ]
            )
            return 0
        event = engine.event()
        tz = zone(event.timezone if event else None)
        rows = []
        for item in items:
            if isinstance(item, SwapPublic):
                who = item.claimed_by or ""
                status = status_label(item.status.value) + (f" → {who}" if who else "")
                rows.append(
                    [
                        f"#{item.id}",
                        one_line(status),
                        one_line(item.city),
                        one_line(item.author),
                        day_clock(item.created_at, tz),
                        _title(item.title, item.tags),
                    ]
                )
            else:
                rows.append(
                    [
                        "…",
                        _("pending"),
                        "",
                        engine.handle or "",
                        day_clock(item.created_at, tz),
                        _title(item.value.title, item.value.tags),
                    ]
                )
        if not rows:
            out(_("no swaps"))
        for line in align(rows):
            out(line)
        return 0
    finally:
        await engine.aclose()


def _title(title: str, tags: list[str]) -> str:
    tags_text = " ".join(f"[{one_line(t)}]" for t in tags)
    return one_line(title, 70) + (f" {tags_text}" if tags_text else "")


def show(args: argparse.Namespace) -> int:
    """One swap with its body and its thread."""
    return asyncio.run(_show(args))


async def _show(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        swap = engine.swap(args.id)
        if swap is None:
            err(_("no swap #{id} (in the cache: try `nuit-tui sync`)", id=args.id))
            return 1
        thread = engine.messages(swap.channel, limit=None)
        if args.json:
            emit_json({"swap": swap.model_dump(mode="json"), "messages": [m.to_json() for m in thread]})
            return 0
        _print_swap(engine, swap, thread)
        return 0
    finally:
        await engine.aclose()


def _print_swap(engine: SyncEngine, swap: SwapPublic, thread: list[Any]) -> None:
    event = engine.event()
    tz = zone(event.timezone if event else None)
    out(f"#{swap.id} {one_line(swap.title)}")
    status = status_label(swap.status.value)
    if swap.status is SwapStatus.CLAIMED and swap.claimed_by:
        status = _("claimed by {handle}", handle=one_line(swap.claimed_by))
    details = [
        _("status: {status}", status=status),
        _(
            "by {author} ({city}), {time}",
            author=one_line(swap.author),
            city=one_line(swap.city),
            time=day_clock(swap.created_at, tz),
        ),
    ]
    if swap.tags:
        details.append(_("tags: {tags}", tags=", ".join(one_line(t) for t in swap.tags)))
    if swap.location:
        details.append(_("where: {place}", place=one_line(swap.location)))
    if swap.project_id is not None:
        details.append(_("project #{id}", id=swap.project_id))
    for line in details:
        out(line)
    if swap.body:
        out()
        out(clean(swap.body))
    if swap.status is SwapStatus.RESOLVED and swap.thanks:
        out()
        out(_("thanks: {text}", text=one_line(swap.thanks)))
    out()
    out(_("thread ({count} messages):", count=len(thread)))
    for message in thread:
        mark = _(" (pending)") if message.pending else ""
        out(f"  {day_clock(message.created_at, tz)} {one_line(message.author)}{mark}: {clean(message.body)}")


def act(args: argparse.Namespace) -> int:
    """``claim``, ``release``, ``cancel``, ``reopen`` or ``resolve`` one swap."""
    return asyncio.run(_act(args))


async def _act(args: argparse.Namespace) -> int:
    action = args.command.partition(".")[2]
    engine = open_engine(args)
    try:
        if action == "resolve":
            entry = await engine.resolve(args.id, {"thanks": args.thanks, "rating": args.rating})
        else:
            entry = await getattr(engine, action)(args.id)
        status, summary = await send_now(engine, entry)
        done = {
            "claim": _("claimed swap #{id}: go and help!", id=args.id),
            "release": _("released swap #{id}: it is open again", id=args.id),
            "cancel": _("cancelled swap #{id}", id=args.id),
            "reopen": _("reopened swap #{id}", id=args.id),
            "resolve": _("resolved swap #{id}: thanks sent", id=args.id),
        }[action]
        return await report(engine, entry, status, summary, done)
    finally:
        await engine.aclose()
