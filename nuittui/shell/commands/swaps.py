"""``nuit-tui swap list|show|claim|release|resolve|cancel|reopen``."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from typing import Any

from nuittui.i18n import _
from nuittui.readmodel.board import (
    ACTIONS,
    BoardFilters,
    PendingSwap,
    SwapDetail,
    SwapRow,
    board_view,
    swap_detail,
)
from nuittui.readmodel.threads import MessageLine, thread_view

from ..output import align, clean, emit_json, err, one_line, out
from ..session import open_engine, quick_sync
from ..timefmt import day_clock, zone
from .chat import message_text
from .writing import report, send_now

__all__ = ["act", "list_swaps", "pending_json", "show"]


def pending_json(item: PendingSwap, author: str | None) -> dict[str, Any]:
    """A swap still in the outbox, shaped like ``SwapPublic`` where it can be."""
    return {
        "id": None,
        **item.body,
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
        board = board_view(engine.rows(), engine.handle, engine.unconfirmed())
        filters = BoardFilters(
            status=args.status or "all",
            city=args.city,
            tag=args.tag,
            author=engine.handle if args.mine else None,
        )
        pending, shown = board.pending_shown(filters), board.shown(filters)
        if args.mine and engine.handle is None:
            pending, shown = (), ()
        if args.json:
            emit_json([*(pending_json(p, engine.handle) for p in pending), *(dict(s.data) for s in shown)])
            return 0
        tz = zone(board.zone)
        rows = [
            ["…", _("pending"), "", engine.handle or "", day_clock(p.created_at, tz), _title(p.title, p.tags)]
            for p in pending
        ]
        for swap in shown:
            who = swap.claimed_by or ""
            status = swap.status_label + (f" → {who}" if who else "")
            rows.append(
                [
                    f"#{swap.id}",
                    one_line(status),
                    one_line(swap.city),
                    one_line(swap.author),
                    day_clock(swap.created_at, tz),
                    _title(swap.title, swap.tags),
                ]
            )
        if not rows:
            out(_("no swaps"))
        for line in align(rows):
            out(line)
        return 0
    finally:
        await engine.aclose()


def _title(title: str, tags: tuple[str, ...]) -> str:
    tags_text = " ".join(f"[{one_line(t)}]" for t in tags)
    return one_line(title, 70) + (f" {tags_text}" if tags_text else "")


def show(args: argparse.Namespace) -> int:
    """One swap with its body and its thread."""
    return asyncio.run(_show(args))


async def _show(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        detail = swap_detail(engine.rows(), engine.handle, engine.unconfirmed(), args.id)
        swap = detail.swap
        if swap is None:
            err(_("no swap #{id} (in the cache: try `nuit-tui sync`)", id=args.id))
            return 1
        thread = thread_view(engine.rows(), engine.handle, engine.unconfirmed(), swap.channel, None).lines
        if args.json:
            emit_json({"swap": dict(swap.data), "messages": [m.to_json() for m in thread]})
            return 0
        _print_swap(swap, detail, thread)
        return 0
    finally:
        await engine.aclose()


def _print_swap(swap: SwapRow, detail: SwapDetail, thread: Sequence[MessageLine]) -> None:
    tz = zone(detail.zone)
    out(f"#{swap.id} {one_line(swap.title)}")
    status = swap.status_label
    if swap.status == "claimed" and swap.claimed_by:
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
    details += _actions_lines(detail)
    for line in details:
        out(line)
    if swap.body:
        out()
        out(clean(swap.body))
    if swap.status == "resolved" and swap.thanks:
        out()
        out(_("thanks: {text}", text=one_line(swap.thanks)))
    out()
    out(_("thread ({count} messages):", count=len(thread)))
    for message in thread:
        out("  " + message_text(message, tz).replace("\n", "\n  "))


def _actions_lines(detail: SwapDetail) -> list[str]:
    """What I may do on the swap (``nuit-tui swap claim N``…), and why I may not claim it when I may not
    (the app's detail screen says the same)."""
    allowed = [a for a in ACTIONS if a in detail.allowed]
    lines = [_("you can: {actions}", actions=", ".join(allowed))] if allowed else []
    why = detail.why_not.get("claim")
    if why and "release" not in detail.allowed:
        lines.append(_("no claim: {why}", why=one_line(why)))
    return lines


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
