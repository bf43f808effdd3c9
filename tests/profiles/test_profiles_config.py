"""config.toml: reading, clear one-line errors, unknown keys, and rewriting without losing anything."""

from __future__ import annotations

import ast
import inspect
import itertools
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from nuittui.profiles import (
    CacheSettings,
    Config,
    ConfigError,
    ProfileError,
    ProfileSettings,
    UiSettings,
    delete_profile,
    list_profiles,
    load_config,
    load_token,
    name_from_url,
    read_config,
    resolve_profile,
    save_config,
    save_profile,
    save_token,
    settings,
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_no_file_means_defaults(config_file: Path) -> None:
    loaded = read_config()

    assert loaded.path == config_file
    assert loaded.warnings == []
    config = loaded.config
    assert (config.ui.language, config.credentials, config.cache.history_per_channel) == (
        "auto",
        "auto",
        5000,
    )
    assert config.profiles == {} and config.keys == {}


def test_every_documented_key_is_read(config_file: Path) -> None:
    write(
        config_file,
        """\
default_profile = "lyon"
credentials = "file"

[ui]
language = "fr"
theme = "nord"

[keys]
"swaps.new" = "ctrl+n"

[cache]
history_per_channel = 800

[profiles.lyon]
api_url = "https://lyon.nuitducode.example/"
handle = "ada"
city = "lyon"
""",
    )

    config = load_config()

    assert config.default_profile == "lyon"
    assert config.credentials == "file"
    assert (config.ui.language, config.ui.theme) == ("fr", "nord")
    assert config.keys == {"swaps.new": "ctrl+n"}
    assert config.cache.history_per_channel == 800
    assert config.profiles["lyon"].api_url == "https://lyon.nuitducode.example"  # trailing slash dropped
    assert (config.profiles["lyon"].handle, config.profiles["lyon"].city) == ("ada", "lyon")


def test_every_setting_is_documented() -> None:
    # Each key's docstring follows its field in settings.py (read here, not at start-up: costly).
    tree = ast.parse(inspect.getsource(settings))
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    for model in (Config, UiSettings, CacheSettings, ProfileSettings):
        body = classes[model.__name__].body
        documented = {
            field.target.id
            for field, after in itertools.pairwise(body)
            if isinstance(field, ast.AnnAssign)
            and isinstance(field.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
            and after.value.value.strip()
        }
        assert set(model.model_fields) == documented, f"{model.__name__}: undocumented keys"


def test_malformed_toml_names_file_and_line(config_file: Path) -> None:
    write(config_file, 'default_profile = "lyon"\n\n[ui\ntheme = "nord"\n')

    with pytest.raises(ConfigError) as caught:
        load_config()

    message = str(caught.value)
    assert message.startswith("~/.config/nuit-tui/config.toml, line 3: invalid TOML: ")
    assert "\n" not in message and "Traceback" not in message
    assert caught.value.line == 3 and caught.value.path == config_file


def test_invalid_value_names_the_key(config_file: Path) -> None:
    write(config_file, '[ui]\nlanguage = "de"\n')

    with pytest.raises(
        ConfigError, match=r"^~/.config/nuit-tui/config.toml: ui.language: Input should be 'fr'"
    ):
        load_config()


def test_invalid_profile_url_names_the_profile(config_file: Path) -> None:
    write(config_file, '[profiles.lyon]\napi_url = "lyon.example"\n')

    with pytest.raises(ConfigError, match=r"profiles.lyon.api_url: not an http\(s\) URL: 'lyon.example'$"):
        load_config()


def test_profile_name_that_could_escape_the_data_dir_is_refused(config_file: Path) -> None:
    write(config_file, '[profiles.".."]\napi_url = "https://lyon.example"\n')

    with pytest.raises(ConfigError, match=r"invalid profile name '\.\.'"):
        load_config()


def test_not_utf8_is_a_clear_error(config_file: Path) -> None:
    config_file.parent.mkdir(parents=True)
    config_file.write_bytes(b'[ui]\ntheme = "caf\xe9"\n')

    with pytest.raises(ConfigError, match=r"config\.toml: not UTF-8 text"):
        load_config()


def test_unknown_keys_are_ignored_with_warnings(config_file: Path) -> None:
    write(
        config_file,
        """\
colour = "blue"

[ui]
theme = "nord"
font = "mono"

[profiles.lyon]
api_url = "https://lyon.example"
nickname = "ada"

[plugins]
x = 1
""",
    )

    loaded = read_config()

    assert loaded.config.ui.theme == "nord"
    assert loaded.config.profiles["lyon"].api_url == "https://lyon.example"
    assert loaded.warnings == [
        "~/.config/nuit-tui/config.toml: unknown key colour ignored",
        "~/.config/nuit-tui/config.toml: unknown key ui.font ignored",
        "~/.config/nuit-tui/config.toml: unknown key profiles.lyon.nickname ignored",
        "~/.config/nuit-tui/config.toml: unknown key plugins ignored",
    ]


def test_save_config_keeps_unknown_keys_and_leaves_defaults_out(config_file: Path) -> None:
    write(config_file, 'colour = "blue"\n\n[ui]\nfont = "mono"\nlanguage = "fr"\n')
    config = load_config()
    config.ui.theme = "nord"
    config.ui.language = "auto"  # back to the default, but the file had it: it is written
    config.keys["quit"] = "ctrl+q"

    save_config(config)

    raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert raw == {
        "colour": "blue",
        "ui": {"font": "mono", "language": "auto", "theme": "nord"},
        "keys": {"quit": "ctrl+q"},
    }
    assert load_config() == config


def test_settings_refuse_an_invalid_value_on_assignment(config_file: Path) -> None:
    config = load_config()

    with pytest.raises(ValidationError, match="language"):
        config.ui.language = "de"  # type: ignore[assignment]


def test_save_profile_derives_its_name_and_becomes_default(config_file: Path) -> None:
    name = save_profile(None, "http://127.0.0.1:8000/", handle="ada", city="lyon")

    assert name == "127.0.0.1-8000"
    profile = resolve_profile(environ={})
    assert (profile.name, profile.api_url, profile.handle, profile.city) == (
        "127.0.0.1-8000",
        "http://127.0.0.1:8000",
        "ada",
        "lyon",
    )


def test_save_profile_without_make_default_keeps_the_default(config_file: Path) -> None:
    save_profile("lyon", "https://lyon.example", "ada", "lyon")
    save_profile("paris", "https://paris.example", "bob", "paris", make_default=False)

    assert [(info.name, info.is_default) for info in list_profiles()] == [("lyon", True), ("paris", False)]
    assert resolve_profile(environ={}).name == "lyon"


def test_save_profile_updates_in_place_and_keeps_unknown_keys(config_file: Path) -> None:
    write(config_file, '[profiles.lyon]\napi_url = "https://old.example"\nhandle = "ada"\nnote = "x"\n')

    save_profile("lyon", "https://lyon.example", city="lyon")

    raw = tomllib.loads(config_file.read_text(encoding="utf-8"))
    assert raw["profiles"]["lyon"] == {
        "api_url": "https://lyon.example",
        "handle": "ada",
        "city": "lyon",
        "note": "x",
    }


def test_save_profile_refuses_a_bad_url_or_name(config_file: Path) -> None:
    with pytest.raises(ProfileError, match="not an http"):
        save_profile("lyon", "ftp://lyon.example")
    with pytest.raises(ProfileError, match="invalid profile name"):
        save_profile("Lyon Centre", "https://lyon.example")
    assert not config_file.exists()


def test_save_profile_does_not_overwrite_a_malformed_file(config_file: Path) -> None:
    write(config_file, "[ui\n")

    with pytest.raises(ConfigError, match="line 1"):
        save_profile("lyon", "https://lyon.example")
    assert config_file.read_text(encoding="utf-8") == "[ui\n"


def test_logout_removes_the_token_and_keeps_the_profile(config_file: Path) -> None:
    save_profile("lyon", "https://lyon.example", "ada", "lyon")
    save_token("lyon", "nuit_abc")

    delete_profile("lyon")

    assert load_token("lyon", environ={}) is None
    profile = resolve_profile(environ={})
    assert (profile.name, profile.source, profile.token) == ("lyon", "default", None)


def test_forget_removes_the_entry_and_the_default(config_file: Path) -> None:
    save_profile("lyon", "https://lyon.example", "ada", "lyon")
    save_profile("paris", "https://paris.example", "bob", "paris", make_default=False)
    save_token("lyon", "nuit_abc")

    delete_profile("lyon", forget=True)

    assert load_token("lyon", environ={}) is None
    assert [info.name for info in list_profiles()] == ["paris"]
    assert load_config().default_profile is None
    assert resolve_profile(environ={}).name == "paris"  # the only one left


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1-8000"),
        ("http://127.0.0.1:8000/v1/", "127.0.0.1-8000"),
        ("https://lyon.nuitducode.example", "lyon.nuitducode.example"),
        ("https://Lyon.NuitDuCode.example:443", "lyon.nuitducode.example"),
        ("http://localhost:80", "localhost"),
        ("http://[::1]:8000", "ipv6-1-8000"),
        ("https://bücher.example", "xn--bcher-kva.example"),
    ],
)
def test_name_from_url(url: str, name: str) -> None:
    assert name_from_url(url) == name
