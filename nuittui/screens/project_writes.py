"""The fate of my team writes made from a project's page: still to reach the cache (queued, or taken by
the server and not synced back yet: the engine's ``unconfirmed()``), confirmed, or refused; read off
the UI loop, judged on it from that reading."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from nuittui.i18n import _
from nuittui.readmodel.projects import ProjectDetail

if TYPE_CHECKING:
    from nuittui.sync import SyncEngine

__all__ = ["Outcome", "Writes", "outcomes", "read_writes"]


class Writes(NamedTuple):
    """Where the writes I watch stand, as last read."""

    queued: frozenset[str] = frozenset()
    """Keys not in the cache yet: still queued, or taken by the server and not synced back."""
    dead: Mapping[str, str] = {}
    """Key → why the server refused it for good."""


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
    )


def outcomes(watching: Mapping[str, str], writes: Writes, detail: ProjectDetail) -> list[Outcome]:
    """The fate of my watched writes that is known now (each said once: the caller forgets them)."""
    found: list[Outcome] = []
    for key, action in watching.items():
        if key in writes.dead:
            found.append(Outcome(key, writes.dead[key], _refusal_title(action), error=True))
        elif key in writes.queued:
            continue
        elif action in ("looking-on", "looking-off", "progress"):
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
