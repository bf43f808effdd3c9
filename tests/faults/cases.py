"""The faults the tests put on the line, and small helpers to read what the shell says about them.

``QUICK`` are the faults that answer (or break) at once; ``SLOW`` (``trickle``, ``silent``) only
end when the client gives up, so they are tested against the program's deadlines
(``test_deadlines.py``). ``GARBAGE`` are the answers that are not the contract: five of them in a
row turn a write into a dead letter.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nuittui.cache import Outbox, OutboxEntry
from nuittui.models import MessageCreate, SwapCreate
from nuittui.profiles import resolve_profile
from nuittui.sync import SyncEngine, kinds

from .rig import Fault, Rig

__all__ = [
    "GARBAGE",
    "QUICK",
    "RATE_LIMITED",
    "SLOW",
    "Case",
    "claims_success",
    "engine_of",
    "names_reason",
    "numbers_next_to_queued",
    "queue_message",
    "queue_swap",
    "queued_line",
]


@dataclass(frozen=True)
class Case:
    """One fault as a test applies it."""

    name: str
    fault: Fault
    options: dict[str, Any] = field(default_factory=dict)
    forwards: bool = False
    """The server did the write (only the answer was spoiled)."""
    garbage: bool = False
    """An answer that is not the contract (five in a row: dead letter)."""
    words: tuple[str, ...] = ()
    """A message naming the reason has one of these (lower case)."""

    def apply(self, rig: Rig, **scope: Any) -> None:
        """Make this the rig's only rule (``scope``: ``only=``, ``but=``, ``times=``)."""
        rig.set(self.fault, **self.options, **scope)

    def __str__(self) -> str:
        return self.name


_LOST = ("connection", "reach", "reset", "lost", "network")
QUICK: tuple[Case, ...] = (
    Case("html", "html", garbage=True, words=("html", "json", "portal")),
    Case("wrong_schema", "wrong_schema", garbage=True, words=("contract", "json", "schema", "unexpected")),
    Case(
        "wrong_schema_after",
        "wrong_schema",
        {"after": True},
        forwards=True,
        garbage=True,
        words=("contract", "json", "schema", "unexpected"),
    ),
    Case(
        "truncated", "truncated", forwards=True, garbage=True, words=("truncat", "incomplete", "cut", *_LOST)
    ),
    Case("reset", "reset", words=_LOST),
    Case("reset_after", "reset", {"after": True}, forwards=True, words=_LOST),
    Case("rate_limited", "rate_limited", words=("429", "too many", "slow down", "rate")),
    Case("captive_redirect", "captive_redirect", garbage=True, words=("redirect", "captive")),
)
GARBAGE = tuple(c for c in QUICK if c.garbage)
RATE_LIMITED = next(c for c in QUICK if c.fault == "rate_limited")
SLOW: tuple[Case, ...] = (
    # About 270 bytes at one every 2 s: nine minutes for a client without a total deadline.
    Case("trickle", "trickle", {"every": 2.0, "size": 200}, words=("time", "answer", "slow", "respond")),
    Case("silent", "silent", words=("time", "answer", "slow", "respond")),
)

_QUEUED = re.compile(r"^(?:nuit-tui: )?queued: (.+)$")
_SUCCESS = re.compile(r"\b(posted|claimed swap|sent to #)", re.IGNORECASE)


def queued_line(stderr: str) -> str | None:
    """The stderr line saying a write waits in the outbox (``queued: …``), or None."""
    return next((line for line in stderr.splitlines() if _QUEUED.match(line)), None)


def claims_success(stdout: str) -> bool:
    """Whether a write command said the server took the write."""
    return bool(_SUCCESS.search(stdout))


def names_reason(line: str, case: Case) -> bool:
    """Whether ``line`` says why, in words that fit the fault."""
    lowered = line.lower()
    return any(word in lowered for word in case.words)


def numbers_next_to_queued(text: str) -> list[int]:
    """The whole numbers on the lines that speak of queued writes."""
    return [
        int(n) for line in text.splitlines() if "queued" in line.lower() for n in re.findall(r"\b\d+\b", line)
    ]


def queue_swap(data_dir: Path, title: str) -> OutboxEntry:
    """Queue a swap in a profile's outbox exactly as the engine and ``swap post`` do (nothing sent)."""
    body = SwapCreate(title=title).model_dump(mode="json")
    return _enqueue(data_dir, kinds.swap_create_request(body))


def queue_message(data_dir: Path, channel: str, text: str) -> OutboxEntry:
    """Queue a chat message as ``chat send`` does (nothing sent)."""
    body = MessageCreate(body=text).model_dump(mode="json")
    return _enqueue(data_dir, kinds.message_request(channel, body))


def _enqueue(data_dir: Path, request: kinds.QueuedRequest) -> OutboxEntry:
    data_dir.mkdir(parents=True, exist_ok=True)
    return Outbox.in_folder(data_dir).enqueue(
        request.kind,
        request.method,
        request.path,
        request.body,
        order_key=request.order_key,
        summary=request.summary,
    )


@asynccontextmanager
async def engine_of(profile: str) -> AsyncIterator[SyncEngine]:
    """The engine of a saved profile, as the app builds it (``from_profile``); closed on the way out."""
    engine = SyncEngine.from_profile(resolve_profile(profile))
    try:
        yield engine
    finally:
        await engine.aclose()
