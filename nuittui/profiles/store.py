"""Adding, listing and logging out of profiles in ``config.toml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .config import edit_config, load_config
from .names import check_api_url, check_profile_name, name_from_url
from .settings import Config
from .tokens import delete_token

__all__ = ["ProfileInfo", "delete_profile", "list_profiles", "save_profile"]


@dataclass(frozen=True)
class ProfileInfo:
    """One saved profile, as ``nuit-tui profiles`` lists it (its token is not read)."""

    name: str
    """The profile's name."""
    api_url: str
    """The city API's base URL."""
    handle: str | None
    """The user's handle on that server, if known."""
    city: str | None
    """The user's city id on that server, if known."""
    is_default: bool
    """Whether ``default_profile`` names it."""


def save_profile(
    name: str | None,
    api_url: str,
    handle: str | None = None,
    city: str | None = None,
    make_default: bool = True,
) -> str:
    """Add or update a profile in ``config.toml`` and return its name.

    ``name`` defaults to one made from the URL's host (``127.0.0.1-8000``). The token is
    saved apart, with ``save_token``. ``make_default`` sets ``default_profile`` to it.
    """
    api_url = check_api_url(api_url)
    name = check_profile_name(name) if name else name_from_url(api_url)

    def add(raw: dict[str, Any]) -> None:
        profiles = raw.get("profiles")
        if not isinstance(profiles, dict):
            profiles = raw["profiles"] = {}
        entry = profiles.get(name)
        # keep any key a newer version wrote in this profile's table
        entry = dict(entry) if isinstance(entry, dict) else {}
        entry["api_url"] = api_url
        for key, value in (("handle", handle), ("city", city)):
            if value is not None:
                entry[key] = value
        profiles[name] = entry
        if make_default:
            raw["default_profile"] = name

    edit_config(add)
    return name


def delete_profile(name: str, *, forget: bool = False) -> None:
    """Log ``name`` out: delete its token. With ``forget``, also remove its entry from ``config.toml``.

    ``nuit-tui logout`` removes the token only: the entry stays, and so does
    ``default_profile`` if it names it, so the cache still reads offline and a later
    ``nuit-tui login`` finds the same profile. With ``forget`` the entry goes, and
    ``default_profile`` too when it named it. The data directory (cache, outbox with
    possibly unsent writes) is never removed here.
    """
    check_profile_name(name)
    config = load_config()
    delete_token(name, config=config)
    if not forget:
        return

    def remove(raw: dict[str, Any]) -> None:
        profiles = raw.get("profiles")
        if isinstance(profiles, dict):
            profiles.pop(name, None)
        if raw.get("default_profile") == name:
            del raw["default_profile"]

    if name in config.profiles or config.default_profile == name:
        edit_config(remove)


def list_profiles(config: Config | None = None) -> list[ProfileInfo]:
    """The saved profiles, by name."""
    config = load_config() if config is None else config
    return [
        ProfileInfo(
            name=name,
            api_url=settings.api_url,
            handle=settings.handle,
            city=settings.city,
            is_default=name == config.default_profile,
        )
        for name, settings in sorted(config.profiles.items())
    ]
