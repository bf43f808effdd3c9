"""Tokens: the 0600 file, the keyring when one works, NUIT_TOKEN, and refusing an open file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import keyring
import pytest

from nuittui.profiles import (
    KEYRING_SERVICE,
    CredentialsError,
    delete_token,
    load_config,
    load_token,
    resolve_profile,
    save_profile,
    save_token,
    token_store,
)

from .fake_keyrings import LockedKeyring, MemoryKeyring


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def set_credentials(config_file: Path, value: str) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(f'credentials = "{value}"\n', encoding="utf-8")


def test_without_keyring_the_token_goes_to_a_0600_file(credentials_file: Path) -> None:
    old_umask = os.umask(0o022)  # a usual umask: a plain file would be 0644
    try:
        where = save_token("lyon", "nuit_abc")
    finally:
        os.umask(old_umask)

    assert where == "file"
    assert mode(credentials_file) == 0o600
    assert load_token("lyon", environ={}) == "nuit_abc"
    assert [p.name for p in credentials_file.parent.iterdir()] == ["credentials.toml"]  # no temp file left


def test_the_file_keeps_every_profile(credentials_file: Path) -> None:
    save_token("lyon", "nuit_lyon")
    save_token("paris", "nuit_paris")
    save_token("lyon", "nuit_lyon2")

    assert load_token("lyon", environ={}) == "nuit_lyon2"
    assert load_token("paris", environ={}) == "nuit_paris"
    assert load_token("nantes", environ={}) is None


def test_a_file_readable_by_others_is_refused(credentials_file: Path) -> None:
    save_token("lyon", "nuit_abc")
    credentials_file.chmod(0o644)

    with pytest.raises(CredentialsError) as caught:
        load_token("lyon", environ={})

    assert str(caught.value) == (
        "~/.config/nuit-tui/credentials.toml is readable by others; "
        "run: chmod 600 ~/.config/nuit-tui/credentials.toml"
    )
    assert "nuit_abc" not in str(caught.value)
    with pytest.raises(CredentialsError, match="readable by others"):
        _ = resolve_profile(environ={"NUIT_API_URL": "https://lyon.example", "NUIT_PROFILE": "lyon"}).token


def test_a_file_writable_by_the_group_is_refused(credentials_file: Path) -> None:
    save_token("lyon", "nuit_abc")
    credentials_file.chmod(0o620)

    with pytest.raises(CredentialsError, match=r"credentials\.toml is writable by others; run: chmod 600"):
        load_token("lyon", environ={})


def test_saving_again_closes_an_open_file(credentials_file: Path) -> None:
    save_token("lyon", "nuit_abc")
    credentials_file.chmod(0o644)

    save_token("paris", "nuit_paris")  # a fresh token is never lost to the refusal

    assert mode(credentials_file) == 0o600
    assert load_token("lyon", environ={}) == "nuit_abc"


def test_nuit_token_wins(credentials_file: Path) -> None:
    save_token("lyon", "nuit_stored")

    assert load_token("lyon", environ={"NUIT_TOKEN": "nuit_env"}) == "nuit_env"
    assert load_token("lyon", environ={"NUIT_TOKEN": ""}) == "nuit_stored"


def test_keyring_is_used_when_available_and_no_file_written(
    memory_keyring: MemoryKeyring, credentials_file: Path
) -> None:
    where = save_token("lyon", "nuit_abc")

    assert where == "keyring"
    assert memory_keyring.passwords == {(KEYRING_SERVICE, "lyon"): "nuit_abc"}
    assert not credentials_file.exists()
    assert load_token("lyon", environ={}) == "nuit_abc"

    delete_token("lyon")

    assert memory_keyring.passwords == {}
    assert load_token("lyon", environ={}) is None


def test_a_token_left_in_the_file_is_still_found_then_moved(credentials_file: Path) -> None:
    save_token("lyon", "nuit_old")  # saved while no keyring worked
    save_token("paris", "nuit_paris")
    backend = MemoryKeyring()
    keyring.set_keyring(backend)

    assert load_token("lyon", environ={}) == "nuit_old"
    save_token("lyon", "nuit_new")
    assert backend.passwords == {(KEYRING_SERVICE, "lyon"): "nuit_new"}
    assert "nuit_old" not in credentials_file.read_text(encoding="utf-8")  # no stale plaintext copy
    assert load_token("paris", environ={}) == "nuit_paris"


def test_credentials_file_mode_ignores_the_keyring(
    memory_keyring: MemoryKeyring, config_file: Path, credentials_file: Path
) -> None:
    set_credentials(config_file, "file")

    assert save_token("lyon", "nuit_abc") == "file"
    assert memory_keyring.passwords == {}
    assert mode(credentials_file) == 0o600


def test_keyring_mode_without_a_keyring_says_so(config_file: Path, credentials_file: Path) -> None:
    set_credentials(config_file, "keyring")

    with pytest.raises(CredentialsError, match='credentials = "keyring" is set, but no usable keyring'):
        token_store()
    with pytest.raises(CredentialsError, match="no usable keyring"):
        save_token("lyon", "nuit_abc")
    assert not credentials_file.exists()


def test_auto_falls_back_to_the_file_when_the_keyring_refuses(
    locked_keyring: LockedKeyring, credentials_file: Path
) -> None:
    assert save_token("lyon", "nuit_abc") == "file"
    assert mode(credentials_file) == 0o600
    assert load_token("lyon", environ={}) == "nuit_abc"


def test_keyring_mode_reports_a_refusing_keyring(
    locked_keyring: LockedKeyring, config_file: Path, credentials_file: Path
) -> None:
    set_credentials(config_file, "keyring")

    with pytest.raises(CredentialsError, match="the keyring failed: the keyring is locked"):
        save_token("lyon", "nuit_abc")
    assert not credentials_file.exists()


def test_delete_token_removes_the_file_when_empty(credentials_file: Path) -> None:
    save_token("lyon", "nuit_abc")

    delete_token("lyon")
    delete_token("lyon")  # twice is fine

    assert not credentials_file.exists()


def test_a_bad_token_is_refused_without_echoing_it(credentials_file: Path) -> None:
    with pytest.raises(CredentialsError) as caught:
        save_token("lyon", "nuit_abc\nnext")

    assert "nuit_abc" not in str(caught.value)
    assert not credentials_file.exists()


def test_resolved_profile_reads_the_keyring_token(memory_keyring: MemoryKeyring) -> None:
    save_profile("lyon", "https://lyon.example", "ada", "lyon")
    save_token("lyon", "nuit_abc", config=load_config())

    assert resolve_profile(environ={}).token == "nuit_abc"
