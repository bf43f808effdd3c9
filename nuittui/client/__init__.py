"""The async HTTP client of the city API.

``CityClient`` has one method per route of ``docs/api.md`` and returns the
models of ``nuittui.models``. It imports only the contract, httpx and the
standard library.

Exceptions — every failure is a ``ClientError``; ``permanent`` tells whether
sending the same request again could ever succeed::

    ClientError                 base; `.message` one clear line for people
    ├── Offline                 cannot reach the server, or no answer in time — retry later
    ├── ApiError                the server answered with an error; `.status`, `.problem`, `.detail`
    │   ├── Unauthorized        401
    │   ├── Forbidden           403
    │   ├── NotFound            404
    │   ├── Conflict            409
    │   ├── PayloadTooLarge     413
    │   ├── Rejected            422; `.errors` the server's reasons
    │   ├── RateLimited         429; `.retry_after: float | None` from Retry-After
    │   └── ServerError         5xx
    └── BadResponse             the answer is not JSON or not the contract

Transient (``permanent`` False): ``Offline``, ``RateLimited``, ``ServerError``,
``BadResponse`` (a captive portal or proxy answering instead of the server).
Permanent: the other ``ApiError`` classes. A read timeout after a write was
sent is ``Offline``: the write may have happened, which is what the
``Idempotency-Key`` of every mutating method is for.
"""

from typing import TYPE_CHECKING

from nuittui._lazy import lazy_exports

# The exceptions need no httpx: code that only catches them (the sync engine before its first
# request, the app before its first paint) loads without the HTTP stack.
from ._errors import (
    ApiError,
    BadResponse,
    ClientError,
    Conflict,
    Forbidden,
    NotFound,
    Offline,
    PayloadTooLarge,
    RateLimited,
    Rejected,
    ServerError,
    Unauthorized,
)

if TYPE_CHECKING:
    from ._base import DEFAULT_USER_AGENT, LONG_POLL_MARGIN
    from ._client import CityClient

_EXPORTS = {"DEFAULT_USER_AGENT": "_base", "LONG_POLL_MARGIN": "_base", "CityClient": "_client"}

__all__ = [
    "DEFAULT_USER_AGENT",
    "LONG_POLL_MARGIN",
    "ApiError",
    "BadResponse",
    "CityClient",
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
]

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
