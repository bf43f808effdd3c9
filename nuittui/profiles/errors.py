"""The errors of profiles, config and credentials: one-line messages, never a traceback.

Every message is already translated and safe to show as is: it names the file and
what to do, and it never contains a token.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ConfigError", "CredentialsError", "NoProfileError", "ProfileError"]


class ProfileError(Exception):
    """Base of every error of ``nuittui.profiles``; ``str(error)`` is the message to show."""


class ConfigError(ProfileError):
    """``config.toml`` (or the credentials file) cannot be parsed or holds an invalid value."""

    def __init__(self, message: str, *, path: Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        """The file at fault, if any."""
        self.line = line
        """The 1-based line at fault, when the TOML parser knows it."""


class CredentialsError(ProfileError):
    """A token cannot be stored or read safely (open file permissions, keyring failure)."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        """The credentials file at fault, if the file is the problem."""


class NoProfileError(ProfileError):
    """No profile could be chosen: none exists, the one asked for does not, or several do."""
