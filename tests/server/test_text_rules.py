"""The contract's text rules, as client and server apply them: lengths are counted on the text sent."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import nuittui.models as contract
from nuittui.models import build_all
from nuittui.models.base import Model, PublicModel
from nuittui.models.limits import MAX_MESSAGE, MAX_NAME

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


def _limited_fields() -> list[tuple[type[BaseModel], str, int, bool]]:
    build_all()
    found = []
    for name in contract.__all__:
        model = getattr(contract, name)
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or model in (Model, PublicModel):
            continue
        for field, schema in model.model_json_schema()["properties"].items():
            limit = _max_length(schema)
            if limit is not None:
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
