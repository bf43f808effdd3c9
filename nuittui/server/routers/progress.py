"""``GET /v1/progress``: how every city is doing."""

from __future__ import annotations

from fastapi import APIRouter

from nuittui.models import ProgressReport

from ..deps import CurrentUser, StoreDep
from ..errors import problems

router = APIRouter(tags=["progress"])


@router.get(
    "/progress",
    response_model=ProgressReport,
    responses=problems(401),
    summary="Per-city figures and the latest team updates",
)
def progress_report(actor: CurrentUser, store: StoreDep) -> ProgressReport:
    """Participants, teams, swaps per city; the latest updates, newest first."""
    return store.progress_report()
