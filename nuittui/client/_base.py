"""The transport core of the client: headers, timeouts, error mapping, answer validation.

``CityClient`` adds one typed method per route on top of ``BaseClient``.
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import operator
import re
from typing import Any, Self, TypeVar, cast
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from nuittui import __version__
from nuittui.i18n import _
from nuittui.models import Problem
from nuittui.models.answers import AnswerMismatch, check_answer

from ._errors import BadResponse, Offline, api_error, one_line

__all__ = [
    "DEFAULT_USER_AGENT",
    "LONG_POLL_MARGIN",
    "READ_DEADLINE",
    "WRITE_DEADLINE",
    "BaseClient",
    "path_id",
    "path_segment",
]

T = TypeVar("T")

log = logging.getLogger("nuittui.client")

DEFAULT_USER_AGENT = f"nuit-tui/{__version__} httpx/{httpx.__version__}"
CONNECT_TIMEOUT = 5.0
"""Loopback or venue wifi: a server that takes longer than this to accept is as good as down."""
WRITE_TIMEOUT = 10.0
"""Bodies are at most 64 KiB, so this only trips on a stalled link."""
POOL_TIMEOUT = 5.0
"""Waiting this long for a free connection means the client is flooding itself."""
LONG_POLL_MARGIN = 15.0
"""A long poll's read timeout is its poll timeout plus this, so the server answers first."""
READ_DEADLINE = 15.0
"""The whole of one request, connect to last byte: a server trickling its answer is as good as down."""
WRITE_DEADLINE = 15.0
"""The whole of one write: it stays queued (its key makes the replay safe) and the user hears in seconds."""

# Visible ASCII only: anything else cannot travel in an HTTP header unharmed.
_HEADER_VALUE = re.compile(r"^[\x21-\x7e]+$")
_JSON_MIME = re.compile(r"^application/(?:[\w.+-]+\+)?json$")


def path_segment(value: str) -> str:
    """A string made safe as one URL path segment (``city:lyon`` → ``city%3Alyon``; no ``/``)."""
    return quote(value, safe="")


def path_id(value: int) -> str:
    """An object id as a path segment; refuses anything but an integer."""
    return str(operator.index(value))


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(tp: Any) -> TypeAdapter[Any]:
    # Building a TypeAdapter compiles a validator: do it once per answer type.
    adapter = _ADAPTERS.get(tp)
    if adapter is None:
        adapter = _ADAPTERS[tp] = TypeAdapter(tp)
    return adapter


def _encode(body: Any) -> bytes:
    # Our own fixed encoding: the server hashes the bytes for Idempotency-Key, so a replay
    # from the outbox must serialize exactly as the first attempt did, whatever httpx does.
    return jsonlib.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _is_json(response: httpx.Response) -> bool:
    mime = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return bool(_JSON_MIME.match(mime))


def _problem(response: httpx.Response) -> Problem | None:
    """The RFC 9457 body of an error answer, or None when it has none we can read."""
    if not _is_json(response) or not response.content:
        return None
    try:
        return Problem.model_validate_json(response.content)
    except ValidationError:
        pass
    # A framework's stock error ({"detail": "..."}) still says something useful.
    try:
        data = jsonlib.loads(response.content)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("detail"), str):
        return Problem(
            title=response.reason_phrase or "error", status=response.status_code, detail=data["detail"]
        )
    return None


class BaseClient:
    """One reused ``httpx.AsyncClient`` speaking to one city API server.

    Every failure comes out as a ``ClientError``: httpx's transport errors
    become ``Offline``, error answers ``ApiError`` subclasses, and malformed
    answers ``BadResponse``.
    """

    def __init__(
        self,
        *,
        base_url: str,
        token: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        user_agent: str = DEFAULT_USER_AGENT,
    ) -> None:
        url = httpx.URL(base_url)
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"the server address must be an http(s) URL, not {base_url!r}")
        self._token: str | None = None
        self.token = token
        self._timeout = httpx.Timeout(
            connect=CONNECT_TIMEOUT, read=timeout, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT
        )
        self._http = httpx.AsyncClient(
            base_url=url,
            transport=transport,
            timeout=self._timeout,
            headers={"User-Agent": user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )

    @property
    def base_url(self) -> httpx.URL:
        """The server's address, as given."""
        return self._http.base_url

    @property
    def token(self) -> str | None:
        """The bearer token sent with every request, or None for the public routes only."""
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        if value is not None and not _HEADER_VALUE.match(value):
            raise ValueError("a token is visible ASCII without spaces")
        self._token = value

    @property
    def closed(self) -> bool:
        """True once ``aclose`` ran."""
        return self._http.is_closed

    async def aclose(self) -> None:
        """Close the connections (and the transport). The client cannot be used afterwards."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def send(
        self, method: str, path: str, *, json: Any = None, idempotency_key: str | None = None
    ) -> Any:
        """Send one queued write and return its answer's JSON, checked against the contract.

        The outbox replays queued writes with it: ``json`` is the already
        serialisable body, ``idempotency_key`` the key the write was queued with.
        A 2xx answer that is not the contract's answer for the route (a proxy's
        page, a captive portal, a body cut short) is ``BadResponse``: the write
        is not taken as delivered.
        """
        response = await self.request(
            method, path, json=json, idempotency_key=idempotency_key, deadline=WRITE_DEADLINE
        )
        try:
            return check_answer(
                method.upper(), path, response.headers.get("content-type", ""), response.content
            )
        except AnswerMismatch as exc:
            raise BadResponse(str(exc)) from None

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
        timeouts: httpx.Timeout | None = None,
        deadline: float = READ_DEADLINE,
    ) -> httpx.Response:
        """Send one request; return the 2xx answer, raise a ``ClientError`` for anything else.

        ``timeouts`` bound each step (connect, each read); ``deadline`` bounds the whole
        request, answer included, in seconds: past it the request is ``Offline``.
        """
        method = method.upper()
        headers: dict[str, str] = {}
        if self._token is not None:
            headers["Authorization"] = f"Bearer {self._token}"
        if idempotency_key is not None:
            if len(idempotency_key) > 255 or not _HEADER_VALUE.match(idempotency_key):
                raise ValueError("an Idempotency-Key is 1 to 255 visible ASCII characters")
            headers["Idempotency-Key"] = idempotency_key
        content = None
        if json is not None:
            content = _encode(json)
            headers["Content-Type"] = "application/json"
        query = {k: _query_value(v) for k, v in (params or {}).items() if v is not None}
        try:
            async with asyncio.timeout(deadline):
                request = self._http.build_request(
                    method,
                    path,
                    params=query or None,
                    content=content,
                    headers=headers,
                    timeout=timeouts if timeouts is not None else httpx.USE_CLIENT_DEFAULT,
                )
                response = await self._http.send(request, stream=True)
                try:
                    await response.aread()
                except httpx.TimeoutException:
                    raise  # slow, not broken: the same as no answer
                except httpx.TransportError as exc:
                    # The answer began and broke off: not the contract's answer, whatever it would have said.
                    why = str(exc) or type(exc).__name__
                    raise BadResponse(
                        _(
                            "the server's answer to {method} {path} was cut short ({reason})",
                            method=method,
                            path=path,
                            reason=why,
                        )
                    ) from exc
                finally:
                    await response.aclose()
        except TimeoutError as exc:
            raise Offline(
                _("the server did not send its whole answer within {seconds} s", seconds=f"{deadline:g}")
            ) from exc
        except httpx.TimeoutException as exc:
            raise Offline(
                _("the server did not answer in time ({reason})", reason=type(exc).__name__)
            ) from exc
        except httpx.ConnectError as exc:
            why = str(exc) or _("connection failed")
            raise Offline(
                _("cannot reach the server at {url} ({reason})", url=self._where(), reason=why)
            ) from exc
        except httpx.TransportError as exc:
            why = str(exc) or type(exc).__name__
            raise Offline(_("the connection to the server was lost ({reason})", reason=why)) from exc
        except httpx.DecodingError as exc:
            raise BadResponse(
                _("the server's answer to {method} {path} could not be decoded", method=method, path=path)
            ) from exc
        log.debug("%s %s -> %s", method, path, response.status_code)
        if response.is_success:
            return response
        if response.status_code >= 400:
            raise api_error(
                response.status_code,
                _problem(response),
                reason=response.reason_phrase,
                retry_after=response.headers.get("retry-after"),
            )
        if response.is_redirect:
            where = one_line(response.headers.get("location", ""))
            raise BadResponse(
                _(
                    "the server redirects {path} to {where}: check the server address",
                    path=path,
                    where=repr(where),
                )
            )
        raise BadResponse(
            _(
                "the server answered {status} to {method} {path}",
                status=response.status_code,
                method=method,
                path=path,
            )
        )

    async def call(
        self,
        tp: type[T] | Any,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
        timeouts: httpx.Timeout | None = None,
        deadline: float = READ_DEADLINE,
    ) -> T:
        """Send one request and validate its answer against ``tp`` (a model or e.g. ``list[Model]``)."""
        response = await self.request(
            method,
            path,
            params=params,
            json=json,
            idempotency_key=idempotency_key,
            timeouts=timeouts,
            deadline=deadline,
        )
        self._require_json(response)
        try:
            return cast(T, _adapter(tp).validate_json(response.content))
        except ValidationError as exc:
            first = exc.errors(include_url=False, include_input=False)[0]
            if first["type"] == "json_invalid":
                raise BadResponse(
                    _("the server's answer to {method} {path} is not valid JSON", method=method, path=path)
                ) from exc
            loc = ".".join(str(part) for part in first["loc"]) or "the body"
            raise BadResponse(
                _(
                    "the server's answer to {method} {path} does not match the contract ({where}: {problem})",
                    method=method,
                    path=path,
                    where=loc,
                    problem=first["msg"],
                )
            ) from exc

    @staticmethod
    def _require_json(response: httpx.Response) -> None:
        if not _is_json(response):
            kind = response.headers.get("content-type", "") or "no content type"
            request = response.request
            raise BadResponse(
                _(
                    "the server answered {kind} instead of JSON to {method} {path}",
                    kind=kind,
                    method=request.method,
                    path=request.url.path,
                )
            )

    def _where(self) -> str:
        url = self._http.base_url
        return f"{url.host}:{url.port}" if url.port else url.host


def _query_value(value: Any) -> Any:
    # httpx would send True as "true" too; be explicit since the server parses the text.
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
