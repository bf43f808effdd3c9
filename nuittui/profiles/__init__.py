"""Profiles, config and credentials of nuit-tui (used by the shell commands and the app).

- ``config.toml`` in the config dir: settings and one ``[profiles.<name>]`` per server;
- tokens in the system keyring, or a 0600 ``credentials.toml`` when there is none;
- per-profile data (cache, outbox) under ``<data dir>/profiles/<name>/``.

Importing this package is cheap: keyring is imported only when a token is read or
written, so ``nuit-tui status --line`` in a tmux status bar stays fast.
"""

from __future__ import annotations

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
