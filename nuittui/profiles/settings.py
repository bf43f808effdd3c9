"""The shape of ``config.toml``, as pydantic models with the documentation of every key.

```toml
default_profile = "lyon"
credentials = "auto"

[ui]
language = "fr"
theme = "textual-dark"

[keys]
"swaps.new" = "ctrl+n"

[cache]
history_per_channel = 5000

[profiles.lyon]
api_url = "https://lyon.nuitducode.example"
handle = "ada"
city = "lyon"
```
Unknown keys are ignored (``load_config`` lists them as warnings), so an older
nuit-tui still reads a newer one's file.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import ProfileError
from .names import check_api_url, check_profile_name

__all__ = ["CacheSettings", "Config", "CredentialsMode", "Language", "ProfileSettings", "UiSettings"]

Language = Literal["fr", "en", "auto"]
CredentialsMode = Literal["auto", "keyring", "file"]


class _Section(BaseModel):
    """A table of ``config.toml``, unknown keys dropped.

    Every key is documented by the docstring under its field. They are not copied into the
    fields' descriptions (``use_attribute_docstrings``): that reads this file's source at start-up.
    """

    model_config = ConfigDict(extra="ignore", validate_assignment=True)


class UiSettings(_Section):
    """``[ui]``: how the app looks."""

    language: Language = "auto"
    """The interface language; ``auto`` follows the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``)."""

    theme: str = Field(default="textual-dark", min_length=1, max_length=64)
    """The name of the Textual theme the app starts with."""


class CacheSettings(_Section):
    """``[cache]``: how much of the event is kept on disk."""

    history_per_channel: int = Field(default=5000, ge=1, le=1_000_000)
    """The most chat messages kept per channel; older ones are dropped from the local cache."""


class ProfileSettings(_Section):
    """``[profiles.<name>]``: one city server and who you are on it. The token is never here."""

    api_url: str = Field(max_length=2048)
    """The city API's base URL, such as ``https://lyon.nuitducode.example``."""

    handle: str | None = Field(default=None, max_length=64)
    """Your handle on that server, as registered by ``nuit-tui login``."""

    city: str | None = Field(default=None, max_length=64)
    """The id of your city on that server."""

    @field_validator("api_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        """An http(s) URL with a host, kept without its trailing slash."""
        try:
            return check_api_url(value)
        except ProfileError as error:
            # pydantic reports ValueErrors as validation errors, with their location
            raise ValueError(str(error)) from None


class Config(_Section):
    """The whole of ``config.toml``."""

    default_profile: str | None = None
    """The profile used when neither ``--profile`` nor ``NUIT_PROFILE`` names one."""

    credentials: CredentialsMode = "auto"
    """Where tokens go: ``auto`` (the system keyring when one works, else a 0600 file),
    ``keyring`` (the keyring only) or ``file`` (the 0600 ``credentials.toml`` only)."""

    ui: UiSettings = Field(default_factory=UiSettings)
    """Interface settings."""

    keys: dict[str, str] = Field(default_factory=dict)
    """Remapped key bindings: binding id → key string (such as ``"ctrl+n"``)."""

    cache: CacheSettings = Field(default_factory=CacheSettings)
    """Local cache settings."""

    profiles: dict[str, ProfileSettings] = Field(default_factory=dict)
    """The known servers, by profile name."""

    @field_validator("default_profile")
    @classmethod
    def _valid_default(cls, value: str | None) -> str | None:
        """A profile name, when set."""
        if value is not None:
            _check_name(value)
        return value

    @field_validator("profiles")
    @classmethod
    def _valid_names(cls, value: dict[str, ProfileSettings]) -> dict[str, ProfileSettings]:
        """Every profile name is slug-like: it names a directory and a keyring entry."""
        for name in value:
            _check_name(name)
        return value


def _check_name(name: str) -> None:
    """``check_profile_name`` for a validator: pydantic turns ValueErrors into located errors."""
    try:
        check_profile_name(name)
    except ProfileError as error:
        raise ValueError(str(error)) from None
