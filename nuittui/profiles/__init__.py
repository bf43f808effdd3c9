"""Profiles, config and credentials of nuit-tui (used by the shell commands and the app).

- ``config.toml`` in the config dir: settings and one ``[profiles.<name>]`` per server;
- tokens in the system keyring, or a 0600 ``credentials.toml`` when there is none;
- per-profile data (cache, outbox) under ``<data dir>/profiles/<name>/``.

Importing this package is cheap: names load on first use (``paths`` needs no pydantic,
so the app finds its launch view before loading the config's models), and keyring is
imported only when a token is read or written, so ``nuit-tui status --line`` in a tmux
status bar stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nuittui._lazy import lazy_exports

if TYPE_CHECKING:
    from .config import LoadedConfig, load_config, read_config, save_config
    from .errors import ConfigError, CredentialsError, NoProfileError, ProfileError
    from .names import check_api_url, check_profile_name, is_profile_name, name_from_url
    from .paths import (
        config_dir,
        config_path,
        credentials_path,
        data_dir,
        display_path,
        profile_data_dir,
    )
    from .resolve import ProfileSource, ResolvedProfile, no_profile_message, resolve_profile
    from .settings import CacheSettings, Config, CredentialsMode, Language, ProfileSettings, UiSettings
    from .store import ProfileInfo, delete_profile, list_profiles, save_profile
    from .tokens import (
        KEYRING_SERVICE,
        TokenStore,
        delete_token,
        load_token,
        save_token,
        stored_token,
        token_store,
    )

_EXPORTS = {
    "LoadedConfig": "config",
    "load_config": "config",
    "read_config": "config",
    "save_config": "config",
    "ConfigError": "errors",
    "CredentialsError": "errors",
    "NoProfileError": "errors",
    "ProfileError": "errors",
    "check_api_url": "names",
    "check_profile_name": "names",
    "is_profile_name": "names",
    "name_from_url": "names",
    "config_dir": "paths",
    "config_path": "paths",
    "credentials_path": "paths",
    "data_dir": "paths",
    "display_path": "paths",
    "profile_data_dir": "paths",
    "ProfileSource": "resolve",
    "ResolvedProfile": "resolve",
    "no_profile_message": "resolve",
    "resolve_profile": "resolve",
    "CacheSettings": "settings",
    "Config": "settings",
    "CredentialsMode": "settings",
    "Language": "settings",
    "ProfileSettings": "settings",
    "UiSettings": "settings",
    "ProfileInfo": "store",
    "delete_profile": "store",
    "list_profiles": "store",
    "save_profile": "store",
    "KEYRING_SERVICE": "tokens",
    "TokenStore": "tokens",
    "delete_token": "tokens",
    "load_token": "tokens",
    "save_token": "tokens",
    "stored_token": "tokens",
    "token_store": "tokens",
}


__all__ = [
    "KEYRING_SERVICE",
    "CacheSettings",
    "Config",
    "ConfigError",
    "CredentialsError",
    "CredentialsMode",
    "Language",
    "LoadedConfig",
    "NoProfileError",
    "ProfileError",
    "ProfileInfo",
    "ProfileSettings",
    "ProfileSource",
    "ResolvedProfile",
    "TokenStore",
    "UiSettings",
    "check_api_url",
    "check_profile_name",
    "config_dir",
    "config_path",
    "credentials_path",
    "data_dir",
    "delete_profile",
    "delete_token",
    "display_path",
    "is_profile_name",
    "list_profiles",
    "load_config",
    "load_token",
    "name_from_url",
    "no_profile_message",
    "profile_data_dir",
    "read_config",
    "resolve_profile",
    "save_config",
    "save_profile",
    "save_token",
    "stored_token",
    "token_store",
]

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS)
