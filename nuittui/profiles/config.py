"""Reading and writing ``config.toml``: one-line errors, unknown keys kept but reported.

Rewrites go through the raw TOML document, so keys this version does not know (from a
newer nuit-tui, say) survive them; comments do not, since the TOML writer has none.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, get_args, get_origin

import tomli_w
from pydantic import BaseModel, ValidationError

from nuittui.i18n import _

from .atomic import atomic_write
from .errors import ConfigError
from .paths import config_path, display_path
from .settings import Config

__all__ = ["LoadedConfig", "edit_config", "load_config", "parse_toml", "read_config", "save_config"]

# Python < 3.14 only puts the position in the message: "... (at line 3, column 5)"
_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")


class LoadedConfig:
    """A parsed ``config.toml``: the settings, and the keys that were ignored."""

    __slots__ = ("config", "path", "warnings")

    def __init__(self, config: Config, path: Path, warnings: list[str]) -> None:
        self.config = config
        """The validated settings (defaults when the file does not exist)."""
        self.path = path
        """The file they were read from."""
        self.warnings = warnings
        """One translated line per unknown key, to show the user; the keys are otherwise ignored."""


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """Parse TOML ``text`` read from ``path``; a syntax error is a ``ConfigError`` naming file and line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line: int | None = getattr(error, "lineno", None)
        reason = str(getattr(error, "msg", "") or error)
        match = _POSITION.search(reason)
        if match:
            reason = reason[: match.start()]
            line = int(match.group(1)) if match.group(1) else text.count("\n") + 1
        where = (
            display_path(path)
            if line is None
            else _("{path}, line {line}", path=display_path(path), line=line)
        )
        message = _("{where}: invalid TOML: {reason}", where=where, reason=reason)
        raise ConfigError(message, path=path, line=line) from None


def _read_raw(path: Path) -> dict[str, Any]:
    """The raw TOML document at ``path``, or an empty one if the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ConfigError(_("{path}: not UTF-8 text", path=display_path(path)), path=path) from None
    except OSError as error:
        raise ConfigError(
            _("cannot read {path}: {reason}", path=display_path(path), reason=error.strerror or error),
            path=path,
        ) from None
    return parse_toml(text, path)


def _validate(raw: Mapping[str, Any], path: Path) -> Config:
    """``raw`` as a ``Config``; an invalid value is a ``ConfigError`` naming its key."""
    try:
        return Config.model_validate(raw)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        first = problems[0]
        key = ".".join(str(part) for part in first["loc"]) or "config"
        ctx = first.get("ctx") or {}
        # our own validators' messages are already translated; keep them without pydantic's prefix
        problem = str(ctx["error"]) if first["type"] == "value_error" and "error" in ctx else first["msg"]
        fields = {"path": display_path(path), "key": key, "problem": problem}
        if len(problems) == 1:
            message = _("{path}: {key}: {problem}", **fields)
        else:
            message = _("{path}: {key}: {problem} (and {count} more)", count=len(problems) - 1, **fields)
        raise ConfigError(message, path=path) from None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model ``annotation`` is, if it is one."""
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _item_model(annotation: Any) -> type[BaseModel] | None:
    """The model of the values of ``dict[str, Model]``, if ``annotation`` is one."""
    if get_origin(annotation) is dict:
        return _model_of(get_args(annotation)[1])
    return None


def _unknown_keys(model: type[BaseModel], raw: Mapping[str, Any], prefix: str = "") -> list[str]:
    """The dotted keys of ``raw`` that ``model`` does not define, tables included."""
    found: list[str] = []
    for key, value in raw.items():
        dotted = f"{prefix}{key}"
        field = model.model_fields.get(key)
        if field is None:
            found.append(dotted)
            continue
        sub, item = _model_of(field.annotation), _item_model(field.annotation)
        if sub is not None and isinstance(value, Mapping):
            found += _unknown_keys(sub, value, dotted + ".")
        elif item is not None and isinstance(value, Mapping):
            for name, entry in value.items():
                if isinstance(entry, Mapping):
                    found += _unknown_keys(item, entry, f"{dotted}.{name}.")
    return found


def read_config(path: Path | None = None) -> LoadedConfig:
    """Read ``config.toml`` (``path`` defaults to the user's), with the list of ignored keys."""
    path = config_path() if path is None else path
    raw = _read_raw(path)
    config = _validate(raw, path)
    warnings = [
        _("{path}: unknown key {key} ignored", path=display_path(path), key=key)
        for key in _unknown_keys(Config, raw)
    ]
    return LoadedConfig(config, path, warnings)


def load_config(path: Path | None = None) -> Config:
    """Read ``config.toml``: defaults if it does not exist, ``ConfigError`` if it is malformed."""
    return read_config(path).config


def edit_config(edit: Callable[[dict[str, Any]], None], path: Path | None = None) -> Config:
    """Apply ``edit`` to the raw TOML document, check the result, and write it atomically."""
    path = config_path() if path is None else path
    raw = _read_raw(path)
    edit(raw)
    config = _validate(raw, path)
    atomic_write(path, tomli_w.dumps(raw).encode("utf-8"))
    return config


def save_config(config: Config, path: Path | None = None) -> None:
    """Write ``config`` to ``config.toml`` atomically, keeping keys it does not know.

    Keys left at their default and absent from the file stay absent, so a later
    version's new defaults still apply to them.
    """

    def overlay(raw: dict[str, Any]) -> None:
        merged = _overlay(Config, raw, config)
        raw.clear()
        raw.update(merged)

    edit_config(overlay, path)


def _overlay(model: type[BaseModel], raw: Mapping[str, Any], value: BaseModel) -> dict[str, Any]:
    """``value`` written over the raw table ``raw``: known keys from ``value``, unknown ones from ``raw``."""
    out = {key: item for key, item in raw.items() if key not in model.model_fields}
    for key, field in model.model_fields.items():
        current = getattr(value, key)
        raw_item = raw.get(key)
        sub, item_model = _model_of(field.annotation), _item_model(field.annotation)
        written: Any
        if sub is not None:
            written = _overlay(sub, _table(raw_item), current)
            if written or key in raw:
                out[key] = written
            continue
        if item_model is not None:
            raw_items = _table(raw_item)
            written = {
                name: _overlay(item_model, _table(raw_items.get(name)), entry)
                for name, entry in current.items()
            }
        else:
            written = current
        if written is None:
            continue  # TOML has no null: an unset optional key is left out
        if key in raw or written != field.get_default(call_default_factory=True):
            out[key] = dict(written) if isinstance(written, dict) else written
    return out


def _table(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a TOML table, else an empty one (a malformed value is replaced, not merged)."""
    return value if isinstance(value, Mapping) else {}
