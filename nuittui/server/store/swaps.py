"""Bug swaps and their life: open → claimed → resolved or cancelled, and back to open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from nuittui.models import EventType, SwapCreate, SwapPublic, SwapResolve, SwapStatus

from ..errors import conflict, forbidden, invalid, not_found
from . import schema as s
from . import views
from .tx import Tx
from .types import Actor, Outcome


def _require(tx: Tx, swap_id: int) -> SwapPublic:
    swap = views.swap_by_id(tx.conn, swap_id)
    if swap is None:
        raise not_found(f"swap {swap_id}")
    return swap


def _save(tx: Tx, swap_id: int, **values: Any) -> Outcome:
    tx.conn.execute(update(s.swaps).where(s.swaps.c.id == swap_id).values(**values, updated_at=tx.now))
    swap = views.swap_by_id(tx.conn, swap_id)
    assert swap is not None
    tx.emit(EventType.SWAP, swap)
    return Outcome(200, swap)


def create_swap(tx: Tx, actor: Actor, new: SwapCreate) -> Outcome:
    """Ask for help; the swap belongs to the author's city (422 for an unknown project)."""
    if new.project_id is not None and views.project_public(tx.conn, new.project_id) is None:
        raise invalid(("body", "project_id"), f"no project {new.project_id}")
    swap_id = tx.insert(
        s.swaps.insert().values(
            title=new.title,
            body=new.body,
            tags=new.tags,
            project_id=new.project_id,
            location=new.location,
            city=actor.city,
            author=actor.handle,
            status=SwapStatus.OPEN.value,
            claimed_by=None,
            claimed_at=None,
            resolved_at=None,
            thanks="",
            rating=None,
            created_at=tx.now,
            updated_at=tx.now,
        )
    )
    swap = views.swap_by_id(tx.conn, swap_id)
    assert swap is not None
    tx.emit(EventType.SWAP, swap)
    return Outcome(201, swap)


def claim(tx: Tx, actor: Actor, swap_id: int) -> Outcome:
    """Offer help: not on one's own swap, only an open one, one at a time."""
    swap = _require(tx, swap_id)
    if swap.author == actor.handle:
        raise forbidden("you cannot claim your own swap")
    if swap.status is not SwapStatus.OPEN:
        raise conflict(f"the swap is {swap.status.value}, not open")
    helping = tx.conn.execute(
        select(s.swaps.c.id).where(
            (s.swaps.c.claimed_by == actor.handle) & (s.swaps.c.status == SwapStatus.CLAIMED.value)
        )
    ).scalar_one_or_none()
    if helping is not None:
        raise conflict(f"you are already helping on swap {helping}; release or finish it first")
    return _save(tx, swap_id, status=SwapStatus.CLAIMED.value, claimed_by=actor.handle, claimed_at=tx.now)


def release(tx: Tx, actor: Actor, swap_id: int) -> Outcome:
    """The helper steps back: the swap is open again."""
    swap = _require(tx, swap_id)
    if swap.status is not SwapStatus.CLAIMED:
        raise conflict(f"the swap is {swap.status.value}, not claimed")
    if swap.claimed_by != actor.handle:
        raise forbidden("only the person who claimed the swap releases it")
    return _save(tx, swap_id, status=SwapStatus.OPEN.value, claimed_by=None, claimed_at=None)


def _author_only(swap: SwapPublic, actor: Actor, verb: str) -> None:
    if swap.author != actor.handle:
        raise forbidden(f"only the author {verb}s a swap")


def resolve(tx: Tx, actor: Actor, swap_id: int, outcome: SwapResolve) -> Outcome:
    """The author marks it solved, with an optional thank-you and rating."""
    swap = _require(tx, swap_id)
    _author_only(swap, actor, "resolve")
    if swap.status not in (SwapStatus.OPEN, SwapStatus.CLAIMED):
        raise conflict(f"the swap is already {swap.status.value}")
    return _save(
        tx,
        swap_id,
        status=SwapStatus.RESOLVED.value,
        resolved_at=tx.now,
        thanks=outcome.thanks,
        rating=outcome.rating,
    )


def cancel(tx: Tx, actor: Actor, swap_id: int) -> Outcome:
    """The author withdraws the request."""
    swap = _require(tx, swap_id)
    _author_only(swap, actor, "cancel")
    if swap.status not in (SwapStatus.OPEN, SwapStatus.CLAIMED):
        raise conflict(f"the swap is already {swap.status.value}")
    return _save(tx, swap_id, status=SwapStatus.CANCELLED.value)


def reopen(tx: Tx, actor: Actor, swap_id: int) -> Outcome:
    """The author asks again: open, with the claim and any resolution cleared."""
    swap = _require(tx, swap_id)
    _author_only(swap, actor, "reopen")
    if swap.status is SwapStatus.OPEN:
        raise conflict("the swap is already open")
    return _save(
        tx,
        swap_id,
        status=SwapStatus.OPEN.value,
        claimed_by=None,
        claimed_at=None,
        resolved_at=None,
        thanks="",
        rating=None,
    )
