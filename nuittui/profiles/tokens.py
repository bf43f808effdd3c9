"""Where tokens live: ``NUIT_TOKEN``, else the system keyring, else a 0600 ``credentials.toml``.

``config.toml``'s ``credentials`` picks the store: ``auto`` uses the keyring when a real
backend exists (not keyring's fail or null one) and the file otherwise; ``keyring`` uses
the keyring only and says so when there is none; ``file`` uses the file only. keyring is
imported here lazily, on the first token read or write: it is slow to import, and
``nuit-tui status --line`` never needs it. A token is never logged nor put in a message.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import tomli_w

from nuittui.i18n import _

from .atomic import atomic_write
from .config import load_config, parse_toml
from .errors import CredentialsError
from .names import check_profile_name
from .paths import credentials_path, display_path
from .settings import Config

__all__ = [
    "KEYRING_SERVICE",
    "TokenStore",
    "delete_token",
    "load_token",
    "save_token",
    "stored_token",
    "token_store",
]

KEYRING_SERVICE = "nuit-tui"
"""The keyring service name; the profile name is the keyring's user name."""

TokenStore = Literal["keyring", "file"]
_HEADER = "# nuit-tui tokens, one per profile. Keep this file private: chmod 600.\n"


def _keyring_usable() -> bool:
    """Whether keyring has a real backend (its fail and null backends store nothing)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null
    except ImportError:
        return False
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration means: no keyring
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    # the chainer with nothing to chain behaves like the null backend
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def token_store(config: Config | None = None) -> TokenStore:
    """The store ``save_token`` would use; ``CredentialsError`` if ``credentials = "keyring"`` has none.

    ``nuit-tui login`` calls it before registering: the server shows a token only once.
    """
    config = load_config() if config is None else config
    if config.credentials == "file":
        return "file"
    if _keyring_usable():
        return "keyring"
    if config.credentials == "keyring":
        raise CredentialsError(
            _(
                'credentials = "keyring" is set, but no usable keyring was found: install one, '
                'or set credentials = "auto" or "file" in config.toml'
            )
        )
    return "file"


def _keyring_failed(error: Exception) -> CredentialsError:
    """The error to show when the keyring refuses an operation."""
    return CredentialsError(_("the keyring failed: {reason}", reason=str(error) or type(error).__name__))


def save_token(profile: str, token: str, *, config: Config | None = None) -> TokenStore:
    """Store ``profile``'s token (keyring or 0600 file, see ``token_store``); returns where it went.

    With ``credentials = "auto"``, a keyring that refuses the write falls back to the file.
    Saving to the keyring removes any copy the file held, so no stale plaintext stays behind.
    """
    check_profile_name(profile)
    if not token or not token.isprintable():
        raise CredentialsError(_("a token must be a non-empty line of printable text"))
    config = load_config() if config is None else config
    if token_store(config) == "keyring":
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(KEYRING_SERVICE, profile, token)
        except KeyringError as error:
            if config.credentials == "keyring":
                raise _keyring_failed(error) from None
        else:
            _forget_in_file(profile)
            return "keyring"
    _write_in_file(profile, token)
    return "file"


def load_token(
    profile: str, *, config: Config | None = None, environ: Mapping[str, str] = os.environ
) -> str | None:
    """``profile``'s token: ``NUIT_TOKEN`` if set, else the keyring, else the file; ``None`` if none."""
    from_env = environ.get("NUIT_TOKEN")
    if from_env:
        return from_env
    return stored_token(profile, config=config)


def stored_token(profile: str, *, config: Config | None = None) -> str | None:
    """``profile``'s saved token, ignoring ``NUIT_TOKEN``: the keyring first, then the file."""
    check_profile_name(profile)
    config = load_config() if config is None else config
    if token_store(config) == "keyring":
        import keyring
        from keyring.errors import KeyringError

        try:
            token = keyring.get_password(KEYRING_SERVICE, profile)
        except KeyringError as error:
            if config.credentials == "keyring":
                raise _keyring_failed(error) from None
            token = None
        if token or config.credentials == "keyring":
            return token or None
    # "auto" also reads the file: a token saved there while no keyring worked still counts
    entry = _profiles_table(_read_file(credentials_path(), check_mode=True)).get(profile)
    token = entry.get("token") if isinstance(entry, Mapping) else None
    return token if isinstance(token, str) and token else None


def delete_token(profile: str, *, config: Config | None = None) -> None:
    """Remove ``profile``'s token from the keyring and the file, wherever it is; no error if absent."""
    check_profile_name(profile)
    config = load_config() if config is None else config
    if config.credentials != "file" and _keyring_usable():
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(KEYRING_SERVICE, profile)
        except PasswordDeleteError:
            pass  # nothing stored for this profile
        except KeyringError as error:
            if config.credentials == "keyring":
                raise _keyring_failed(error) from None
    _forget_in_file(profile)


def _read_file(path: Path, *, check_mode: bool) -> dict[str, Any]:
    """The credentials document; refused if others may read or write it (unless ``check_mode`` is off)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise CredentialsError(
            _("cannot read {path}: {reason}", path=display_path(path), reason=error.strerror or error),
            path=path,
        ) from None
    with os.fdopen(fd, "rb") as file:
        # the mode of what was opened, not of what the path names a moment later
        mode = os.fstat(file.fileno()).st_mode
        if check_mode and os.name == "posix":
            _check_private(path, mode)
        data = file.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialsError(_("{path}: not UTF-8 text", path=display_path(path)), path=path) from None
    return parse_toml(text, path)


def _check_private(path: Path, mode: int) -> None:
    """Refuse a credentials file that the group or other users may read or write."""
    shown = display_path(path)
    if mode & (stat.S_IRGRP | stat.S_IROTH):
        message = _("{path} is readable by others; run: chmod 600 {path}", path=shown)
    elif mode & (stat.S_IWGRP | stat.S_IWOTH):
        message = _("{path} is writable by others; run: chmod 600 {path}", path=shown)
    else:
        return
    raise CredentialsError(message, path=path)


def _profiles_table(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ``[profiles]`` table of the credentials document (empty if missing or malformed)."""
    table = document.get("profiles")
    return table if isinstance(table, Mapping) else {}


def _write_document(path: Path, document: dict[str, Any]) -> None:
    """Write the credentials document 0600, atomically; remove the file when it holds no token."""
    if not _profiles_table(document) and set(document) <= {"profiles"}:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    # the config dir holds the tokens: keep it private when we are the ones creating it
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    atomic_write(path, (_HEADER + tomli_w.dumps(document)).encode("utf-8"), private=True)


def _write_in_file(profile: str, token: str) -> None:
    """Put ``profile``'s token in the credentials file, keeping the other profiles' tokens."""
    path = credentials_path()
    # a file open to others is still rewritten (0600, which closes it): the server shows a token once
    document = _read_file(path, check_mode=False)
    profiles = dict(_profiles_table(document))
    profiles[profile] = {"token": token}
    document["profiles"] = profiles
    _write_document(path, document)


def _forget_in_file(profile: str) -> None:
    """Remove ``profile``'s token from the credentials file, if the file holds one."""
    path = credentials_path()
    document = _read_file(path, check_mode=False)
    profiles = dict(_profiles_table(document))
    if profiles.pop(profile, None) is None:
        return
    document["profiles"] = profiles
    _write_document(path, document)
