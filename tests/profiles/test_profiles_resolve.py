"""Choosing a profile: precedence, environment overrides, and what a user without one is told."""

from __future__ import annotations

from pathlib import Path

import pytest

from nuittui.i18n import set_language
from nuittui.profiles import (
    NoProfileError,
    ProfileError,
    resolve_profile,
    save_profile,
    save_token,
)

THREE = """\
default_profile = "lyon"

[profiles.lyon]
api_url = "https://lyon.nuitducode.example"
handle = "ada"
city = "lyon"

[profiles.paris]
api_url = "https://paris.nuitducode.example"
handle = "bob"

[profiles.nantes]
api_url = "https://nantes.nuitducode.example"
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("argument", "env", "expected", "source"),
    [
        ("nantes", "paris", "nantes", "argument"),  # --profile beats NUIT_PROFILE
        (None, "paris", "paris", "environment"),  # NUIT_PROFILE beats default_profile
        (None, None, "lyon", "default"),
        (None, "", "lyon", "default"),  # an empty variable counts as unset
    ],
)
def test_precedence_argument_env_default(
    config_file: Path, argument: str | None, env: str | None, expected: str, source: str
) -> None:
    write(config_file, THREE)
    environ = {} if env is None else {"NUIT_PROFILE": env}

    profile = resolve_profile(argument, environ=environ)

    assert (profile.name, profile.source) == (expected, source)
    assert profile.api_url == f"https://{expected}.nuitducode.example"


def test_the_only_profile_is_used_without_a_default(config_file: Path) -> None:
    write(config_file, '[profiles.lyon]\napi_url = "https://lyon.nuitducode.example"\nhandle = "ada"\n')

    profile = resolve_profile(environ={})

    assert (profile.name, profile.handle, profile.source) == ("lyon", "ada", "single")


def test_several_profiles_and_no_default_asks_to_choose(config_file: Path) -> None:
    write(config_file, THREE.replace('default_profile = "lyon"\n', ""))

    with pytest.raises(NoProfileError, match=r"several profiles \(lyon, nantes, paris\): choose one"):
        resolve_profile(environ={})


def test_no_profile_tells_how_to_get_one() -> None:
    with pytest.raises(NoProfileError) as caught:
        resolve_profile(environ={})

    assert str(caught.value) == (
        "no profile yet: run `nuit-tui login URL --code CODE --handle H`, or try `nuit-tui --demo`"
    )


def test_no_profile_message_in_french() -> None:
    set_language("fr")

    with pytest.raises(NoProfileError, match="aucun profil"):
        resolve_profile(environ={})


def test_unknown_profile_lists_the_known_ones(config_file: Path) -> None:
    write(config_file, THREE)

    with pytest.raises(NoProfileError, match=r"no profile named berlin \(known: lyon, nantes, paris\)"):
        resolve_profile("berlin", environ={})


def test_default_profile_naming_nothing_is_reported(config_file: Path) -> None:
    write(config_file, THREE.replace('default_profile = "lyon"', 'default_profile = "lille"'))

    with pytest.raises(NoProfileError, match=r"default_profile lille in ~/.config/nuit-tui/config.toml"):
        resolve_profile(environ={})


def test_invalid_profile_name_is_refused(config_file: Path) -> None:
    write(config_file, THREE)

    with pytest.raises(ProfileError, match=r"invalid profile name '\.\./etc'"):
        resolve_profile("../etc", environ={})


def test_env_overrides_url_and_token(config_file: Path) -> None:
    write(config_file, THREE)
    save_token("lyon", "nuit_stored")

    profile = resolve_profile(environ={"NUIT_API_URL": "http://127.0.0.1:9000/", "NUIT_TOKEN": "nuit_env"})

    assert profile.name == "lyon"
    assert profile.api_url == "http://127.0.0.1:9000"
    assert profile.handle == "ada"  # the rest of the profile still applies
    assert profile.token == "nuit_env"
    assert resolve_profile(environ={}).token == "nuit_stored"


def test_url_from_env_alone_is_enough(home: Path) -> None:
    profile = resolve_profile(environ={"NUIT_API_URL": "http://127.0.0.1:8000", "NUIT_TOKEN": "nuit_ci"})

    assert (profile.name, profile.api_url, profile.token) == (
        "127.0.0.1-8000",
        "http://127.0.0.1:8000",
        "nuit_ci",
    )
    assert profile.source == "url"
    assert not (home / ".config" / "nuit-tui" / "config.toml").exists()  # nothing saved


def test_bad_url_in_env_is_refused(config_file: Path) -> None:
    write(config_file, THREE)

    with pytest.raises(ProfileError, match="not an http"):
        resolve_profile(environ={"NUIT_API_URL": "lyon.example"})


def test_data_dir_is_per_profile_under_the_data_dir(home: Path) -> None:
    save_profile("lyon", "https://lyon.nuitducode.example", "ada", "lyon")
    save_profile("paris", "https://paris.nuitducode.example", "bob", "paris", make_default=False)

    lyon = resolve_profile(environ={})
    paris = resolve_profile("paris", environ={})

    assert lyon.data_dir == home / ".local" / "share" / "nuit-tui" / "profiles" / "lyon"
    assert paris.data_dir.name == "paris" and paris.data_dir.parent == lyon.data_dir.parent
    assert not lyon.data_dir.exists()  # resolving only reads


def test_real_environment_is_the_default(config_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(config_file, THREE)
    monkeypatch.setenv("NUIT_PROFILE", "paris")

    assert resolve_profile().name == "paris"


def test_a_token_never_shows_in_the_profile_repr(config_file: Path) -> None:
    write(config_file, THREE)
    save_token("lyon", "nuit_very_secret")

    profile = resolve_profile(environ={"NUIT_TOKEN": "nuit_env_secret"})

    assert profile.token == "nuit_env_secret"
    assert "secret" not in repr(profile)
