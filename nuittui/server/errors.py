"""Every error the API answers is ``application/problem+json`` with the ``Problem`` model."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from nuittui.models import PROBLEM_MEDIA_TYPE, SUSPENDED_PROBLEM, Problem

log = logging.getLogger(__name__)

_DESCRIPTIONS = {
    401: "No token, or an unknown one",
    403: "Not allowed for you",
    404: "No such object",
    409: "The object's state forbids it",
    413: "Body over the size limit",
    422: "Invalid request, or an Idempotency-Key reused with another request",
    429: "Rate limited; retry after the Retry-After header's seconds",
}


class ApiError(Exception):
    """An error answer: raised anywhere in the server, rendered as a problem by the handlers."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        title: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        type_: str = "about:blank",
    ) -> None:
        super().__init__(detail or str(status))
        self.status = status
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.type = type_

    def problem(self) -> Problem:
        """The body of this error."""
        return Problem(
            type=self.type, title=self.title, status=self.status, detail=self.detail, errors=self.errors
        )


def not_found(what: str) -> ApiError:
    """404 for a missing object, e.g. ``not_found("swap 12")``."""
    return ApiError(404, f"no {what}")


def forbidden(detail: str) -> ApiError:
    """403: the caller may not do this to this object."""
    return ApiError(403, detail)


SUSPENDED_DETAIL = (
    "your account is suspended by the organizers: nothing you send is accepted (queued messages and"
    " changes are refused); talk to an organizer of your venue"
)


def suspended() -> ApiError:
    """403 to every request of a suspended account, with its own problem type."""
    return ApiError(403, SUSPENDED_DETAIL, title="Account suspended", type_=SUSPENDED_PROBLEM)


def conflict(detail: str) -> ApiError:
    """409: the object's state forbids the change."""
    return ApiError(409, detail)


def invalid(field: tuple[str | int, ...], message: str, kind: str = "value_error") -> ApiError:
    """422 for one field the models cannot check alone (an unknown city, theme or project)."""
    return ApiError(422, message, errors=[{"loc": list(field), "msg": message, "type": kind}])


class BodyTooLarge(StarletteHTTPException):
    """Raised by the body-size middleware while the body streams in; answered as 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"request body over {limit} bytes")


def problem_response(
    status: int,
    detail: str = "",
    *,
    title: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    type_: str = "about:blank",
) -> Response:
    """A ``problem+json`` response."""
    problem = Problem(
        type=type_, title=title or HTTPStatus(status).phrase, status=status, detail=detail, errors=errors
    )
    return Response(
        content=orjson.dumps(problem.model_dump(mode="json", exclude_none=True)),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each error status it can answer, documented as a Problem."""
    return {status: {"model": Problem, "description": _DESCRIPTIONS[status]} for status in statuses}


def validation_errors(raw: Iterable[Any]) -> list[dict[str, Any]]:
    """A 422's reasons without the input, which may be large or private."""
    return [
        {
            "loc": [str(p) if not isinstance(p, int) else p for p in err.get("loc", ())],
            "msg": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        }
        for err in raw
    ]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return problem_response(
        exc.status, exc.detail, title=exc.title, errors=exc.errors, headers=exc.headers, type_=exc.type
    )


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> str:
    # Each method of a path is its own route: ask every route, not only the first that matched.
    allowed = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
        )
    ]
    return ", ".join(allowed)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else ""
    headers = dict(exc.headers or {})
    if status == 400:
        # FastAPI's 400 is a body it could not read (not UTF-8, say): an invalid body, 422 here.
        reason = {"loc": ["body"], "msg": "the body is not valid JSON", "type": "json_invalid"}
        return problem_response(422, "body: the body is not valid JSON", errors=[reason])
    if status == 404 and detail == "Not Found":
        detail = f"no route {request.url.path}"
    elif status == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
        detail = f"{request.method} is not allowed here; use {headers['Allow']}"
    elif detail == HTTPStatus(status).phrase:
        detail = ""
    return problem_response(status, detail, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc.errors())
    if not errors:
        return problem_response(422, "invalid request")
    where = ".".join(str(p) for p in errors[0]["loc"])
    message = str(errors[0]["msg"])
    return problem_response(422, f"{where}: {message}" if where else message, errors=errors)


async def _unexpected(request: Request, exc: Exception) -> Response:
    # The traceback goes to the log, never to the client.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(500, "internal error")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error of ``app`` through the problem renderers."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)
