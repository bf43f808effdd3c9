"""The fate of my team writes made from a project's page: still queued, taken by the server but not
synced back yet, confirmed, or refused; read off the UI loop, judged on it from that reading."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from nuittui.i18n import _
from nuittui.readmodel.projects import PendingProgress, ProjectDetail

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine, WriteStatus

__all__ = ["Outcome", "Writes", "outcomes", "read_writes", "synced_looking", "synced_progress"]


class Writes(NamedTuple):
    """Where the writes I watch stand, as last read."""

    queued: frozenset[str] = frozenset()
    """Keys still in the outbox and not confirmed."""
    dead: Mapping[str, str] = {}
    """Key → why the server refused it for good."""
    status: Mapping[str, WriteStatus] = {}


class Outcome(NamedTuple):
    """A toast about one of my writes: confirmed, or refused (``title`` and ``error``)."""

    key: str
    text: str
    title: str | None = None
    error: bool = False


def read_writes(engine: SyncEngine, keys: Iterable[str]) -> Writes:
    """Where the writes ``keys`` stand (reads the outbox: off the UI loop)."""
    keys = list(keys)
    if not keys:
        return Writes()
    wanted = set(keys)
    return Writes(
        queued=frozenset(e.key for e in engine.unconfirmed() if e.key in wanted),
        dead={
            e.key: e.dead_reason or _("refused by the server")
            for e in engine.dead_letters()
            if e.key in wanted
        },
        status={key: engine.write_status(key) for key in keys},
    )


def _syncing(writes: Writes, key: str, action: str, detail: ProjectDetail) -> bool:
    """Whether the server took my write ``key`` but its result is not in the cache yet: then the
    page keeps showing it as pending rather than flick back to the old state."""
    status = writes.status.get(key)
    answer = status.answer if status is not None else None
    if status is None or status.state != "sent" or not isinstance(answer, dict):
        return False
    if action == "progress":
        return answer.get("id") not in detail.progress_ids
    looking = answer.get("looking_for_members")
    if not isinstance(looking, bool) or looking == detail.looking_for_members:
        return False
    try:  # a later change by someone else is in the cache: mine is synced and superseded
        return detail.updated_at is not None and detail.updated_at <= datetime.fromisoformat(
            str(answer.get("updated_at"))
        )
    except (TypeError, ValueError):
        return False


def synced_looking(watching: Mapping[str, str], writes: Writes, detail: ProjectDetail) -> bool | None:
    """The "looking" the server took from me but the cache does not show yet; None when none."""
    for key, action in reversed(list(watching.items())):
        if action.startswith("looking-") and _syncing(writes, key, action, detail):
            return bool(writes.status[key].answer["looking_for_members"])
    return None


def synced_progress(
    watching: Mapping[str, str], writes: Writes, detail: ProjectDetail
) -> list[PendingProgress]:
    """My updates the server took that the cache does not hold yet, newest first."""
    found: list[PendingProgress] = []
    for key, action in reversed(list(watching.items())):
        if action == "progress" and _syncing(writes, key, action, detail):
            answer = writes.status[key].answer
            if isinstance(answer.get("text"), str) and isinstance(answer.get("stage"), str):
                found.append(PendingProgress(answer["text"], answer["stage"], key))
    return found


def outcomes(watching: Mapping[str, str], writes: Writes, detail: ProjectDetail) -> list[Outcome]:
    """The fate of my watched writes that is known now (each said once: the caller forgets them)."""
    found: list[Outcome] = []
    for key, action in watching.items():
        if key in writes.dead:
            found.append(Outcome(key, writes.dead[key], _refusal_title(action), error=True))
        elif key in writes.queued:
            continue
        elif action in ("looking-on", "looking-off", "progress"):
            if not _syncing(writes, key, action, detail):
                found.append(Outcome(key, _confirmed_text(action, detail.title)))
        elif detail.member == (action == "join"):
            text = (
                _("You joined {team}", team=detail.title)
                if action == "join"
                else _("You left {team}", team=detail.title)
            )
            found.append(Outcome(key, text))
    return found


def _refusal_title(action: str) -> str:
    return {
        "join": _("Could not join the team"),
        "leave": _("Could not leave the team"),
        "looking-on": _("Could not change whether the team is looking"),
        "looking-off": _("Could not change whether the team is looking"),
        "progress": _("Could not post the update"),
    }.get(action, _("Refused"))


def _confirmed_text(action: str, team: str) -> str:
    if action == "progress":
        return _("Progress update posted for {team}", team=team)
    if action == "looking-on":
        return _("{team} is looking for members", team=team)
    return _("{team} is not looking for members", team=team)
