"""The exceptions the client raises, and how a server's error answer maps onto them."""

# The names are the API's words (NotFound, Conflict…), as in httpx; no "Error" suffix.
# ruff: noqa: N818

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from nuittui.models import Problem, clean_line

__all__ = [
    "ApiError",
    "BadResponse",
    "ClientError",
    "Conflict",
    "Forbidden",
    "NotFound",
    "Offline",
    "PayloadTooLarge",
    "RateLimited",
    "Rejected",
    "ServerError",
    "Unauthorized",
    "api_error",
    "parse_retry_after",
]

MAX_MESSAGE = 300
"""Longest error message kept: a server's ``detail`` is untrusted and shown in one line."""


def one_line(text: str) -> str:
    """Untrusted text made fit for a one-line message: controls stripped, length bounded."""
    line = clean_line(text)
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…"


class ClientError(Exception):
    """Base of every error of ``nuittui.client``; ``message`` is one clear line for people."""

    def __init__(self, message: str) -> None:
        self.message = one_line(message)
        super().__init__(self.message)

    @property
    def permanent(self) -> bool:
        """True when sending the same request again cannot succeed (the outbox dead-letters it)."""
        return True

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class Offline(ClientError):
    """The server could not be reached, or did not answer in time: retry later.

    A write that timed out after it was sent may or may not have happened;
    sending it again with the same ``Idempotency-Key`` is safe.
    """

    @property
    def permanent(self) -> bool:
        """Always False: the network comes back."""
        return False


class BadResponse(ClientError):
    """The server answered something that is not JSON, or not the contract.

    Transient on purpose: at a venue this is usually a captive portal or a proxy
    answering in the server's place, and a replay with its Idempotency-Key is safe.
    """

    @property
    def permanent(self) -> bool:
        """Always False: see the class docstring."""
        return False


class ApiError(ClientError):
    """The server answered with an error status; ``problem`` is its RFC 9457 body if it sent one."""

    def __init__(self, message: str, *, status: int, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.problem = problem

    @property
    def detail(self) -> str:
        """The problem's ``detail`` (untrusted text, cleaned to one line), or an empty string."""
        return one_line(self.problem.detail) if self.problem is not None else ""

    @property
    def permanent(self) -> bool:
        """4xx are permanent but for 408 and 425 (too early/slow: the server asks to retry)."""
        return self.status < 500 and self.status not in (408, 425)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.status}, {self.message!r})"


class Unauthorized(ApiError):
    """401: no token, or one the server does not know (revoked, or another server's)."""


class Forbidden(ApiError):
    """403: the server knows you, and this is not yours to do (or the join code is wrong)."""


class NotFound(ApiError):
    """404: no such object, channel or route."""


class Conflict(ApiError):
    """409: the object's state forbids it (team full, swap already claimed, handle taken…)."""


class PayloadTooLarge(ApiError):
    """413: the request body is over the server's limit (64 KiB)."""


class Rejected(ApiError):
    """422: the body is invalid, or an Idempotency-Key was reused with another request."""

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The server's reasons (``loc``, ``msg``, ``type`` each), possibly empty."""
        if self.problem is None or self.problem.errors is None:
            return []
        return list(self.problem.errors)


class RateLimited(ApiError):
    """429: too many requests; ``retry_after`` is the server's hint in seconds, if it gave one."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 429,
        problem: Problem | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, problem=problem)
        self.retry_after = retry_after

    @property
    def permanent(self) -> bool:
        """Always False: wait ``retry_after`` and try again."""
        return False


class ServerError(ApiError):
    """5xx: the server (or a proxy in front of it) failed; retry later."""

    @property
    def permanent(self) -> bool:
        """Always False: a server error says nothing about the request itself."""
        return False


_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
    422: Rejected,
    429: RateLimited,
}


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delay-seconds or an HTTP date), else None."""
    if value is None or not (value := value.strip()):
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


def api_error(
    status: int, problem: Problem | None, *, reason: str = "", retry_after: str | None = None
) -> ApiError:
    """The exception for an error answer: its class from the status, its message from the problem."""
    message = ""
    if problem is not None:
        message = one_line(problem.detail) or one_line(problem.title)
    if not message:
        message = f"the server answered {status} {one_line(reason)}".rstrip()
    if status == 429:
        return RateLimited(
            message, status=status, problem=problem, retry_after=parse_retry_after(retry_after)
        )
    cls = ServerError if status >= 500 else _BY_STATUS.get(status, ApiError)
    return cls(message, status=status, problem=problem)
