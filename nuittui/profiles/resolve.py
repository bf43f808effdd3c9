"""Choosing the profile a command runs with.

Precedence: the ``--profile`` argument > ``NUIT_PROFILE`` > ``default_profile`` in
``config.toml`` > the only profile, if there is exactly one. ``NUIT_API_URL`` then
overrides the URL and ``NUIT_TOKEN`` the token. With no profile at all but
``NUIT_API_URL`` set, a profile named after the URL's host is used (nothing is saved).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from nuittui.i18n import _

from .config import load_config
from .errors import NoProfileError
from .names import check_api_url, check_profile_name, name_from_url
from .paths import config_path, display_path, profile_data_dir
from .settings import Config

__all__ = ["ProfileSource", "ResolvedProfile", "no_profile_message", "resolve_profile"]

ProfileSource = Literal["argument", "environment", "default", "single", "url"]


def no_profile_message() -> str:
    """What to tell a user who has no profile yet."""
    return _("no profile yet: run `nuit-tui login URL --code CODE --handle H`, or try `nuit-tui --demo`")


@dataclass(frozen=True)
class ResolvedProfile:
    """The profile a command runs with, after precedence and environment overrides.

    ``token`` is read on first access only (it may need the keyring, slow to import and
    possibly prompting), so code that only reads the local cache never touches it.
    """

    name: str
    """The profile's name; also the name of its data directory."""
    api_url: str
    """The city API's base URL (``NUIT_API_URL`` if set)."""
    handle: str | None
    """The user's handle on that server, if known."""
    city: str | None
    """The user's city id on that server, if known."""
    data_dir: Path
    """Where this profile's cache and outbox live (not created here)."""
    config: Config = field(repr=False)
    """The whole ``config.toml`` it was resolved from."""
    source: ProfileSource
    """What chose it: ``--profile``, ``NUIT_PROFILE``, ``default_profile``, the only one, or the URL."""
    env_token: str | None = field(default=None, repr=False, compare=False)
    """``NUIT_TOKEN`` when the profile was resolved; never shown."""

    @cached_property
    def token(self) -> str | None:
        """The bearer token: ``NUIT_TOKEN``, else the stored one; ``None`` when logged out."""
        if self.env_token:
            return self.env_token
        from .tokens import stored_token

        return stored_token(self.name, config=self.config)


def _known(config: Config) -> str:
    """The profile names, for a message."""
    return ", ".join(sorted(config.profiles)) or "-"


def _choose(name: str | None, environ: Mapping[str, str], config: Config) -> tuple[str | None, ProfileSource]:
    """The profile name asked for, and what asked for it; ``None`` when nothing chooses one."""
    if name:
        return check_profile_name(name), "argument"
    if environ.get("NUIT_PROFILE"):
        return check_profile_name(environ["NUIT_PROFILE"]), "environment"
    if config.default_profile:
        if config.default_profile not in config.profiles:
            raise NoProfileError(
                _(
                    "default_profile {name} in {path} is not a profile (known: {known})",
                    name=config.default_profile,
                    path=display_path(config_path()),
                    known=_known(config),
                )
            )
        return config.default_profile, "default"
    if len(config.profiles) == 1:
        return next(iter(config.profiles)), "single"
    return None, "url"


def resolve_profile(
    name: str | None = None, *, environ: Mapping[str, str] = os.environ, config: Config | None = None
) -> ResolvedProfile:
    """The profile to use: ``name`` (``--profile``) > ``NUIT_PROFILE`` > ``default_profile`` > the only one.

    Raises ``NoProfileError`` when none can be chosen, ``ConfigError`` for a malformed
    ``config.toml``, ``ProfileError`` for an invalid name or ``NUIT_API_URL``.
    """
    config = load_config() if config is None else config
    env_url = environ.get("NUIT_API_URL") or None
    api_url = check_api_url(env_url) if env_url else None
    chosen, source = _choose(name, environ, config)
    settings = config.profiles.get(chosen) if chosen else None
    if chosen is not None and settings is not None:
        api_url = api_url or settings.api_url
        handle, city = settings.handle, settings.city
    elif api_url is not None:
        # NUIT_API_URL alone is enough to talk to a server (CI, scripts): an unsaved profile
        chosen = chosen or name_from_url(api_url)
        handle = city = None
    else:
        raise NoProfileError(_missing_message(chosen, config))
    return ResolvedProfile(
        name=chosen,
        api_url=api_url,
        handle=handle,
        city=city,
        data_dir=profile_data_dir(chosen),
        config=config,
        source=source,
        env_token=environ.get("NUIT_TOKEN") or None,
    )


def _missing_message(chosen: str | None, config: Config) -> str:
    """Why no profile could be resolved."""
    if chosen is not None:
        if not config.profiles:
            return no_profile_message()
        return _("no profile named {name} (known: {known})", name=chosen, known=_known(config))
    if not config.profiles:
        return no_profile_message()
    return _(
        "several profiles ({known}): choose one with --profile NAME or NUIT_PROFILE, "
        "or set default_profile in {path}",
        known=_known(config),
        path=display_path(config_path()),
    )
