"""The profile and token of a command, read straight from ``config.toml`` and ``credentials.toml``.

The same precedence as ``nuittui.profiles.resolve_profile`` (``--profile`` >
``NUIT_PROFILE`` > ``default_profile`` > the only profile), with tomllib and
platformdirs only: no pydantic, no keyring. Anything it is not sure about
(``NUIT_API_URL``, a keyring-only setup, a file open to others, a malformed value)
returns ``None`` and the caller takes the full path, which explains the problem.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .paths import config_dir, data_dir

__all__ = ["LeanProfile", "lean_language", "lean_profile", "lean_token", "read_config"]

_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_CREDENTIALS_MODES = ("auto", "keyring", "file")


@dataclass(frozen=True, slots=True)
class LeanProfile:
    """What the fast paths need of a profile."""

    name: str
    api_url: str
    handle: str | None
    city: str | None
    data_dir: Path
    credentials: str
    """``auto``, ``keyring`` or ``file``, as in ``config.toml``."""


def read_config() -> dict[str, Any] | None:
    """The raw ``config.toml``; None when missing or unreadable (the full path reports why)."""
    try:
        with open(config_dir() / "config.toml", "rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None


def lean_language(config: Mapping[str, Any] | None) -> str | None:
    """``[ui] language`` when it names a language (``fr`` or ``en``), else None (follow the locale)."""
    ui = config.get("ui") if config else None
    language = ui.get("language") if isinstance(ui, Mapping) else None
    return language if language in ("fr", "en") else None


def _http_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return value.strip().rstrip("/")


def _optional_str(value: Any) -> tuple[bool, str | None]:
    if value is None:
        return True, None
    return (isinstance(value, str) and len(value) <= 64), value if isinstance(value, str) else None


def lean_profile(
    name: str | None,
    config: Mapping[str, Any] | None,
    environ: Mapping[str, str] = os.environ,
) -> LeanProfile | None:
    """The profile to use, or None when the full resolver must decide."""
    if config is None or environ.get("NUIT_API_URL"):
        return None
    profiles = config.get("profiles")
    if not isinstance(profiles, Mapping):
        return None
    default = config.get("default_profile")
    chosen = name or environ.get("NUIT_PROFILE") or default
    if not chosen and len(profiles) == 1:
        chosen = next(iter(profiles))
    credentials = config.get("credentials", "auto")
    if not isinstance(chosen, str) or not _NAME.fullmatch(chosen) or credentials not in _CREDENTIALS_MODES:
        return None
    if default is not None and (not isinstance(default, str) or default not in profiles):
        return None  # the full path reports a default_profile that names nothing
    entry = profiles.get(chosen)
    if not isinstance(entry, Mapping):
        return None
    api_url = _http_url(entry.get("api_url"))
    handle_ok, handle = _optional_str(entry.get("handle"))
    city_ok, city = _optional_str(entry.get("city"))
    if api_url is None or not handle_ok or not city_ok:
        return None
    return LeanProfile(
        name=chosen,
        api_url=api_url,
        handle=handle,
        city=city,
        data_dir=data_dir() / "profiles" / chosen,
        credentials=credentials,
    )


def lean_token(profile: LeanProfile, environ: Mapping[str, str] = os.environ) -> str | None:
    """``NUIT_TOKEN``, else the token in a private ``credentials.toml``; None: ask the full path.

    A file others may read, a keyring-only setup, or no entry in the file (the token
    may be in the keyring) all return None: ``nuittui.profiles`` handles and explains them.
    """
    if environ.get("NUIT_TOKEN"):
        return environ["NUIT_TOKEN"]
    if profile.credentials == "keyring":
        return None
    try:
        with open(config_dir() / "credentials.toml", "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
                return None
            document = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    table = document.get("profiles")
    entry = table.get(profile.name) if isinstance(table, Mapping) else None
    token = entry.get("token") if isinstance(entry, Mapping) else None
    if not isinstance(token, str) or not token or not token.isprintable() or " " in token:
        return None
    return token
