"""The contract's text rules, as client and server apply them: lengths counted as sent, no invisible text."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import nuittui.models as contract
from nuittui.models import MessagePublic, build_all, clean_line, clean_text
from nuittui.models.base import Model, PublicModel
from nuittui.models.limits import (
    LINK_PATTERN,
    MAX_MESSAGE,
    MAX_NAME,
    VISIBLE_LINE_PATTERN,
    VISIBLE_TEXT_PATTERN,
)

from .helpers import assert_problem
from .world import World

BEL = "\x07"  # a character cleaning drops


def _max_length(schema: dict[str, Any]) -> tuple[int, bool] | None:
    """A property's maxLength and whether it applies to the items of a list; None without one."""
    for option in schema.get("anyOf", [schema]):
        if "maxLength" in option:
            return option["maxLength"], False
        if "maxLength" in option.get("items", {}):
            return option["items"]["maxLength"], True
    return None


def _is_link(schema: dict[str, Any]) -> bool:
    """Whether a property holds http(s) addresses (``LINK_PATTERN``), or a list of them."""
    options = schema.get("anyOf", [schema])
    patterns = [o.get("pattern", "") or o.get("items", {}).get("pattern", "") for o in options]
    return any(p == LINK_PATTERN for p in patterns)


def _limited_fields() -> list[tuple[type[BaseModel], str, int, bool]]:
    build_all()
    found = []
    for name in contract.__all__:
        model = getattr(contract, name)
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or model in (Model, PublicModel):
            continue
        for field, schema in model.model_json_schema()["properties"].items():
            limit = _max_length(schema)
            if limit is not None and not _is_link(schema):  # an address is checked as sent, never cleaned
                found.append((model, field, *limit))
    return found


LIMITED = _limited_fields()


def _errors_of(model: type[BaseModel], field: str, value: Any) -> list[dict[str, Any]]:
    """The errors validating ``{field: value}`` gives about that field (others may be missing)."""
    try:
        model.model_validate({field: value})
    except ValidationError as exc:
        return [e for e in exc.errors() if e["loc"][0] == field]
    return []


def test_every_limited_text_field_was_found() -> None:
    found = {(model.__name__, field) for model, field, *_ in LIMITED}

    assert {
        ("MessageCreate", "body"),
        ("RegisterRequest", "join_code"),
        ("RegisterRequest", "display_name"),
        ("RegisterRequest", "skills"),
        ("SwapCreate", "title"),
        ("SwapCreate", "body"),
        ("SwapResolve", "thanks"),
        ("ProjectUpdate", "description"),
        ("ProgressCreate", "text"),
        ("ScheduleItemCreate", "room"),
        ("EventPublic", "name"),
        ("City", "venue"),
        ("Theme", "description"),
    } <= found


@pytest.mark.parametrize(
    ("model", "field", "limit", "in_list"), LIMITED, ids=[f"{m.__name__}.{f}" for m, f, *_ in LIMITED]
)
def test_a_limit_counts_the_characters_sent_not_the_cleaned_ones(
    model: type[BaseModel], field: str, limit: int, in_list: bool
) -> None:
    at_limit = "x" + BEL * (limit - 1)
    over = at_limit + BEL  # one character too many, though cleaning leaves only "x"

    def wrap(value: str) -> Any:
        return [value] if in_list else value

    [refused] = _errors_of(model, field, wrap(over))
    kept = _errors_of(model, field, wrap(at_limit))

    assert refused["type"] == "string_too_long" and refused["ctx"] == {"max_length": limit}
    assert kept == []


async def test_a_message_padded_past_the_limit_with_dropped_characters_is_422(world: World) -> None:
    padded = "m" * MAX_MESSAGE + BEL * 5_000  # 4,000 letters and 5,000 bells: 9,000 characters sent
    fits = "m" * (MAX_MESSAGE - 10) + BEL * 10

    refused = await world.alice.post("/v1/channels/all/messages", json={"body": padded})
    posted = await world.alice.post("/v1/channels/all/messages", json={"body": fits})

    problem = assert_problem(refused, 422)
    assert problem.errors and problem.errors[0]["type"] == "string_too_long"
    assert f"at most {MAX_MESSAGE} characters" in problem.detail
    assert posted.status_code == 201 and posted.json()["body"] == "m" * (MAX_MESSAGE - 10)
    bodies = [m["body"] for m in (await world.alice.get("/v1/channels/all/messages")).json()["messages"]]
    assert bodies.count("m" * MAX_MESSAGE) == 0


async def test_a_name_padded_with_spaces_past_the_limit_is_422(world: World) -> None:
    # Spaces around a one-line field are stripped, and still count: 66 characters sent.
    padded = " " + "n" * MAX_NAME + " "

    response = await world.alice.patch("/v1/me", json={"display_name": padded})

    assert_problem(response, 422)
    assert (await world.alice.get("/v1/me")).json()["display_name"] != "n" * MAX_NAME


# ---- invisible format characters ----------------------------------------------------------------

EMOJI_SEQUENCES = [
    "👩\u200d💻",  # woman technologist
    "🏳\ufe0f\u200d🌈",  # rainbow flag: the joiner follows a presentation selector
    "❤\ufe0f\u200d🔥",  # heart on fire
    "🐈\u200d⬛",  # black cat
    "🙂\u200d↔\ufe0f",  # head shaking horizontally
    "👩🏽\u200d🚀",  # astronaut with a skin tone
    "👨\u200d👩\u200d👧",  # family
]
FORMAT = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
"""Every format character this Python's Unicode table knows."""
SCRIPT_JOINERS = [
    "می\u200cخواهم",  # Persian: the non-joiner keeps the letters apart
    "क्\u200dष",  # Devanagari: the joiner after a virama
]


def test_every_format_character_is_removed_between_letters() -> None:
    kept = [c for c in FORMAT if clean_text(f"a{c}b") != "ab" or clean_line(f"a{c}b") != "ab"]

    assert len(FORMAT) >= 160, "the Unicode table of this Python was read"
    assert [f"U+{ord(c):04X}" for c in kept] == []


@pytest.mark.parametrize("text", EMOJI_SEQUENCES + SCRIPT_JOINERS)
def test_joiners_are_kept_where_writing_needs_them(text: str) -> None:
    assert clean_text(text) == text
    assert clean_line(f" {text} ") == text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\u200d👍", "👍"),  # a joiner with nothing before it
        ("👍\u200d", "👍"),
        ("👩\u200d\u200d💻", "👩💻"),  # two joiners join nothing
        ("👩\u200c💻", "👩💻"),  # the non-joiner is for letters
        ("a\u200d👍", "a👍"),
        ("al\u200cice", "alice"),  # Latin needs neither
        ("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", "🏴"),  # tags go, flag stays
        ("co\xadop\ufeff\u2060", "coop"),
    ],
)
def test_joiners_and_tags_go_everywhere_else(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean
    assert clean_text(clean_text(dirty)) == clean_text(dirty)


def test_the_schema_pattern_sees_no_visible_character_in_format_characters() -> None:
    invisible = "".join(FORMAT)

    assert re.search(VISIBLE_LINE_PATTERN, invisible) is None
    assert re.search(VISIBLE_TEXT_PATTERN, invisible + "\n") is None
    assert re.search(VISIBLE_LINE_PATTERN, "\u200bx") is not None


async def test_invisible_characters_are_stripped_from_names_and_text(world: World) -> None:
    renamed = await world.alice.patch("/v1/me", json={"display_name": "Al\u200bice\ufeff"})
    invisible = await world.alice.patch("/v1/me", json={"display_name": "\u200b\u2060\u200d"})
    posted = await world.alice.post(
        "/v1/channels/all/messages", json={"body": "bravo\u200b 👩\u200d💻 می\u200cخواهم\u00ad"}
    )

    assert renamed.status_code == 200 and renamed.json()["display_name"] == "Alice"
    assert_problem(invisible, 422)
    assert posted.status_code == 201 and posted.json()["body"] == "bravo 👩\u200d💻 می\u200cخواهم"


def test_the_client_strips_them_from_what_a_server_answers() -> None:
    message = MessagePublic.model_validate(
        {
            "id": 1,
            "channel": "all",
            "author": "eve\u200b",
            "body": "a\u2062b",
            "created_at": "2017-03-04T19:00:00Z",
            "seq": 1,
        }
    )

    assert (message.author, message.body) == ("eve", "ab")
