"""Profile names: slug-like, since one names a directory, a TOML table and a keyring entry."""

from __future__ import annotations

import contextlib
import re
from urllib.parse import urlsplit

from nuittui.i18n import _

from .errors import ProfileError

__all__ = ["MAX_NAME_LENGTH", "check_api_url", "check_profile_name", "is_profile_name", "name_from_url"]

MAX_NAME_LENGTH = 64
# starts with a letter or digit, so never "." or ".." nor a hidden directory
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_profile_name(name: str) -> bool:
    """Whether ``name`` is a valid profile name: lowercase letters, digits, ``.``, ``-``, ``_``."""
    return _NAME.fullmatch(name) is not None


def check_profile_name(name: str) -> str:
    """Return ``name`` if it is a valid profile name, else raise ``ProfileError``."""
    if not is_profile_name(name):
        raise ProfileError(
            _(
                "invalid profile name {name}: use lowercase letters, digits, dots, dashes or "
                "underscores, starting with a letter or digit (at most 64)",
                name=repr(name),
            )
        )
    return name


def check_api_url(url: str) -> str:
    """Return ``url`` without a trailing slash if it is an http(s) URL with a host, else raise."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ProfileError(_("not an http(s) URL: {url}", url=repr(url)))
    return url.strip().rstrip("/")


def name_from_url(url: str) -> str:
    """A default profile name from an API URL's host and port: ``127.0.0.1-8000``, ``lyon.example``."""
    parts = urlsplit(check_api_url(url))
    host = parts.hostname or ""
    with contextlib.suppress(UnicodeError):
        # an internationalised host becomes its ASCII (punycode) form
        host = host.encode("idna").decode("ascii")
    port = parts.port
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        host = f"{host}-{port}"
    if ":" in host:
        # an IPv6 address: its colons become dashes, after a prefix so it starts with a letter
        host = "ipv6-" + re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")
    slug = re.sub(r"[^a-z0-9.-]+", "-", host.lower()).strip(".-")
    slug = slug[:MAX_NAME_LENGTH].rstrip(".-")
    return slug if is_profile_name(slug) else "default"
