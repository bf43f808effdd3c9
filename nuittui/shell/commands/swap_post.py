"""``nuit-tui swap post TITLE``: ask for help, with what was piped in as a code block.

The hot path: when the input is plainly valid and the profile plain, the swap is
queued and sent without pydantic, the async client or the engine (see
``nuittui.shell.lean``). Anything else — a doubtful field, an error answer,
``--wait`` — goes through the engine, which validates with the models.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from nuittui.i18n import _

from ..output import err, one_line, out, queued_line
from ..pipe import captured_block, fence_for, read_stream

if TYPE_CHECKING:
    from nuittui.cache import OutboxEntry
    from nuittui.readmodel.board import SwapDetail
    from nuittui.sync import SyncEngine

__all__ = ["gather_body", "run"]

BUSY_WAIT = 4.0


def gather_body(args: argparse.Namespace) -> str:
    """The swap's body: ``--body`` text (or stdin with ``--body -``), then piped output as a code block."""
    if args.body == "-":
        return read_stream(sys.stdin, terminal=True) or ""
    parts = [args.body] if args.body else []
    piped = read_stream(sys.stdin)
    if piped and piped.strip():
        captured = captured_block(piped)
        if not captured.text.strip():
            return "\n\n".join(parts)
        fence = fence_for(captured.text)
        block = f"{fence}\n{captured.text}\n{fence}"
        if captured.cut:
            note = _(
                "(output cut: showing the last {kept} of {total} lines)",
                kept=captured.kept_lines,
                total=captured.total_lines,
            )
            err(note)
            block = f"{note}\n{block}"
        parts.append(block)
    return "\n\n".join(parts)


def run(args: argparse.Namespace) -> int:
    """Post the swap; 0 when posted or queued, 1 when refused."""
    body = gather_body(args)
    fast = _fast(args, body)
    if fast is not None:
        return fast
    import asyncio

    return asyncio.run(_full(args, body))


def _posted(answer: Any, title: str) -> None:
    swap_id = answer.get("id") if isinstance(answer, dict) else None
    if isinstance(swap_id, int):
        out(_("posted swap #{id}: {title}", id=swap_id, title=one_line(title, 80)))
    else:
        out(_("posted swap: {title}", title=one_line(title, 80)))


def _fast(args: argparse.Namespace, body: str) -> int | None:
    """The lean path; None when it cannot decide (the full path takes over)."""
    from nuittui.profiles.lean import lean_profile, lean_token, read_config

    from ..lean.gate import swap_body

    data = swap_body(args.title, body, args.tag, args.project, args.where)
    if data is None:
        return None
    profile = lean_profile(getattr(args, "profile", None), read_config())
    token = lean_token(profile) if profile is not None else None
    if profile is None or token is None:
        return None

    from nuittui.sync.kinds import swap_create_request

    from ..lean.post import lean_sendable, queue_and_send

    if not lean_sendable():
        return None
    outcome = queue_and_send(profile, token, swap_create_request(data))
    entry = outcome.entry
    if outcome.result == "sent":
        _posted(outcome.answer, data["title"])
        return _wait(args, entry, outcome.answer) if args.wait else 0
    if outcome.result in ("offline", "garbled"):
        err(queued_line(outcome.error, offline=outcome.result == "offline"))
        return _wait(args, entry, None) if args.wait else 0
    if outcome.result == "busy" and not args.wait:
        return _left_to_other(profile.data_dir, entry, data["title"])
    import asyncio

    return asyncio.run(_finish(args, entry))


def _left_to_other(folder: Any, entry: OutboxEntry, title: str) -> int:
    """Another process (the app) drains the profile: give it a moment to send our swap."""
    from nuittui.cache.outbox import Outbox

    outbox = Outbox.in_folder(folder)
    deadline = time.monotonic() + BUSY_WAIT
    while time.monotonic() < deadline:
        found = outbox.get(entry.key)
        if found is None:
            _posted(None, title)
            return 0
        if found.dead_reason is not None:
            outbox.discard_dead(entry.key)
            err(_("refused: {reason}", reason=found.dead_reason))
            return 1
        time.sleep(0.1)
    err(_("queued: the nuit-tui app running for this profile will send it"))
    return 0


async def _full(args: argparse.Namespace, body: str) -> int:
    from ..session import open_engine

    engine = open_engine(args)
    try:
        entry = await engine.post_swap(
            {
                "title": args.title,
                "body": body,
                "tags": args.tag,
                "project_id": args.project,
                "location": args.where,
            }
        )
        return await _send(args, engine, entry)
    finally:
        await engine.aclose()


async def _finish(args: argparse.Namespace, entry: OutboxEntry) -> int:
    """An entry the lean path queued but could not settle: the engine sends and classifies it."""
    from ..session import open_engine

    engine = open_engine(args)
    try:
        return await _send(args, engine, entry)
    finally:
        await engine.aclose()


async def _send(args: argparse.Namespace, engine: SyncEngine, entry: OutboxEntry) -> int:
    from .writing import queued_note, send_now

    status, summary = await send_now(engine, entry)
    title = str((entry.body or {}).get("title", ""))
    if status.state == "dead":
        await engine.discard_dead(entry.key)
        err(_("refused: {reason}", reason=status.reason or "?"))
        return 1
    if status.state in ("sent", "gone"):
        _posted(status.answer, title)
    else:
        queued_note(summary, status.reason)
    if args.wait:
        return await _wait_claim(engine, entry, status.answer)
    return 0


def _wait(args: argparse.Namespace, entry: OutboxEntry, answer: Any) -> int:
    import asyncio

    from ..session import open_engine

    async def waiting() -> int:
        engine = open_engine(args)
        try:
            return await _wait_claim(engine, entry, answer)
        finally:
            await engine.aclose()

    return asyncio.run(waiting())


async def _wait_claim(engine: SyncEngine, entry: OutboxEntry, answer: Any) -> int:
    """Block until the swap is claimed; print who is coming and from where."""
    import asyncio

    from nuittui.readmodel.board import swap_detail

    changed = asyncio.Event()
    unsubscribe = engine.subscribe(lambda _change: changed.set())
    await engine.start()
    try:
        swap_id = answer.get("id") if isinstance(answer, dict) else None
        while not isinstance(swap_id, int):
            status = engine.write_status(entry.key)
            if status.state == "dead":
                err(_("refused: {reason}", reason=status.reason or "?"))
                return 1
            swap_id = _id_of(status.answer) or (_find_mine(engine, entry) if status.state == "gone" else None)
            if swap_id is None:
                await changed.wait()
                changed.clear()
        err(
            _(
                "waiting for someone to claim swap #{id}… (Ctrl+C stops waiting; the swap stays open)",
                id=swap_id,
            )
        )
        while True:
            detail = swap_detail(engine.rows(), engine.handle, [], swap_id)
            swap = detail.swap
            if swap is not None and swap.status == "claimed" and swap.claimed_by:
                out(_claimed_line(detail, swap.claimed_by, swap_id))
                return 0
            if swap is not None and swap.status in ("resolved", "cancelled"):
                err(_("swap #{id} is {status}: nobody needs to come", id=swap_id, status=swap.status))
                return 1
            await changed.wait()
            changed.clear()
    finally:
        unsubscribe()
        await engine.stop()


def _id_of(answer: Any) -> int | None:
    value = answer.get("id") if isinstance(answer, dict) else None
    return value if isinstance(value, int) else None


def _find_mine(engine: SyncEngine, entry: OutboxEntry) -> int | None:
    """The swap another process sent for us: my newest one with this title, created since it was queued."""
    from nuittui.readmodel.board import BoardFilters, board_view
    from nuittui.readmodel.rules import safe

    if engine.handle is None:
        return None
    title = safe((entry.body or {}).get("title", ""))
    since = entry.created_at - timedelta(minutes=5)
    mine = board_view(engine.rows(), engine.handle, []).shown(BoardFilters(author=engine.handle))
    return next((s.id for s in mine if s.title == title and s.created_at >= since), None)


def _claimed_line(detail: SwapDetail, handle: str, swap_id: int) -> str:
    if detail.helper_name is None or detail.helper_city is None:
        return _(
            "swap #{id} claimed by {handle}: they are coming to help", id=swap_id, handle=one_line(handle)
        )
    return _(
        "swap #{id} claimed by {name} ({handle}) from {city}: they are coming to help",
        id=swap_id,
        name=one_line(detail.helper_name, 64),
        handle=one_line(handle),
        city=one_line(detail.helper_city),
    )
