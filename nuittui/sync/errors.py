"""Errors of the sync engine: what the app and the shell tell the user in one line."""

# Named for what happened, like the client's NotFound or Conflict: no "Error" suffix.
# ruff: noqa: N818

from __future__ import annotations

__all__ = ["CityRequired", "InvalidWrite", "NotLoggedIn", "SyncError", "error_line"]


class SyncError(Exception):
    """Base of the engine's own errors; ``str(error)`` is one translated line for people."""


class InvalidWrite(SyncError, ValueError):
    """A write refused before it was queued: the contract's models rejected it."""

    def __init__(self, reason: str, *, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        """The model's reason, one line."""
        self.field = field
        """The field at fault, when the model says which."""


class NotLoggedIn(SyncError):
    """The profile has no token: writes are queued, but nothing can be sent or fetched."""


class CityRequired(SyncError):
    """Registering needs a city, and the event has several; ``cities`` lists their ids."""

    def __init__(self, message: str, cities: list[str]) -> None:
        super().__init__(message)
        self.cities = cities


def error_line(err: BaseException) -> str:
    """One line for people about a failure of the link or of the local files."""
    from nuittui.cache import CacheError
    from nuittui.client import ClientError, Unauthorized
    from nuittui.i18n import _

    if isinstance(err, Unauthorized):
        return _("the server refused the token: log in again with `nuit-tui login`")
    if isinstance(err, ClientError):
        return err.message
    if isinstance(err, CacheError | SyncError):
        return str(err)
    if isinstance(err, OSError):
        return err.strerror or str(err)
    return str(err) or type(err).__name__
