"""The OpenAPI document, told the truth: error answers are ``application/problem+json``, and every
authenticated route may answer 403 (a suspended account)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from nuittui.models import PROBLEM_MEDIA_TYPE

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_FASTAPI_422 = ("HTTPValidationError", "ValidationError")


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with every 4xx/5xx answer moved to ``problem+json`` (built once)."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.get("responses", {})
            if "401" in responses:
                # Every request of a suspended account is refused, on every authenticated route.
                refused = responses.setdefault("403", {"description": "Your account is suspended"})
                if refused["description"] != "Your account is suspended":
                    refused["description"] += ", or your account is suspended"
            for status, response in operation.get("responses", {}).items():
                if status[:1] in ("4", "5"):
                    response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": _PROBLEM_REF}}
                    if status == "429":
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before retrying.",
                                "schema": {"type": "integer"},
                            }
                        }
    schemas = document.get("components", {}).get("schemas", {})
    for name in _FASTAPI_422:
        schemas.pop(name, None)
    app.openapi_schema = document
    return document
