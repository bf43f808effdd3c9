"""What the server answers to each write the outbox can send: the rule for "delivered".

A queued write leaves the outbox only when the server's answer parses as the
contract's type for its route. The app's client and the shell's fast path both
check answers here, so a proxy's page, a captive portal or a truncated body is
never taken for a delivery.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .chat import MessagePublic
from .event import EventPublic
from .people import UserPublic
from .projects import ProgressPublic, ProjectPublic
from .schedule import ScheduleItemPublic
from .swaps import SwapPublic

__all__ = ["WRITE_ROUTES", "AnswerMismatch", "answer_type", "check_answer"]

WRITE_ROUTES: tuple[tuple[str, re.Pattern[str], type[Any]], ...] = (
    ("POST", re.compile(r"/v1/swaps"), SwapPublic),
    ("POST", re.compile(r"/v1/swaps/\d+/(?:claim|release|resolve|cancel|reopen)"), SwapPublic),
    ("POST", re.compile(r"/v1/channels/[^/]+/messages"), MessagePublic),
    ("POST", re.compile(r"/v1/projects/\d+/(?:join|leave)"), ProjectPublic),
    ("POST", re.compile(r"/v1/projects/\d+/progress"), ProgressPublic),
    ("PATCH", re.compile(r"/v1/projects/\d+"), ProjectPublic),
    ("PATCH", re.compile(r"/v1/event"), EventPublic),
    ("PATCH", re.compile(r"/v1/me"), UserPublic),
    ("PATCH", re.compile(r"/v1/schedule/\d+"), ScheduleItemPublic),
    ("POST", re.compile(r"/v1/messages/\d+/hide"), MessagePublic),
    ("POST", re.compile(r"/v1/users/[^/]+/(?:suspend|unsuspend)"), UserPublic),
    ("POST", re.compile(r"/v1/projects/\d+/members/[^/]+/remove"), ProjectPublic),
)
"""Every write the outbox queues, by method and path, with the contract type of its answer."""

_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


class AnswerMismatch(ValueError):  # noqa: N818 - named for what happened, like the client's errors
    """A 2xx answer that is not the contract's answer for its route; ``str()`` says how, in one line."""


def answer_type(method: str, path: str) -> type[Any] | None:
    """The contract type the server answers to ``method path``, or None for a route the outbox never sends."""
    method = method.upper()
    for route_method, pattern, tp in WRITE_ROUTES:
        if route_method == method and pattern.fullmatch(path):
            return tp
    return None


def _adapter(tp: type[Any]) -> TypeAdapter[Any]:
    adapter = _ADAPTERS.get(tp)
    if adapter is None:
        adapter = _ADAPTERS[tp] = TypeAdapter(tp)
    return adapter


def warm_up(method: str, path: str) -> None:
    """Build the validator ``check_answer`` will use for this route, ahead of the answer."""
    tp = answer_type(method, path)
    if tp is not None:
        _adapter(tp)


def check_answer(method: str, path: str, content_type: str, content: bytes) -> Any:
    """The answer's JSON when it parses as the contract's type for the route; else ``AnswerMismatch``."""
    tp = answer_type(method, path)
    if tp is None:
        raise AnswerMismatch(f"{method} {path} is not a write the outbox sends")
    mime = content_type.split(";", 1)[0].strip().lower()
    if not (mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json"))):
        shown = mime or "no content type"
        raise AnswerMismatch(f"the server answered {shown} instead of JSON to {method} {path}")
    try:
        _adapter(tp).validate_json(content)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        if first["type"] == "json_invalid":
            raise AnswerMismatch(
                f"the server's answer to {method} {path} is not valid JSON (cut short?)"
            ) from None
        where = ".".join(str(part) for part in first["loc"]) or "the body"
        raise AnswerMismatch(
            f"the server's answer to {method} {path} does not match the contract ({where}: {first['msg']})"
        ) from None
    return json.loads(content)
