"""Path and query parameters shared by the routers, bounded so no value can overflow SQLite."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

MAX_ID = 2**53 - 1
"""Largest id or seq accepted: exact in JSON numbers, far below SQLite's 64-bit limit."""

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID, description="The object's id.")]
