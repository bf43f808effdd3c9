"""One router per resource of the city API, all mounted under ``/v1``."""

from fastapi import APIRouter

from . import auth, chat, event, moderation, progress, projects, published, schedule, swaps, sync, users

# The long poll first: it is by far the most frequent request, and routes match in order.
ROUTERS: list[APIRouter] = [
    sync.router,
    event.router,
    auth.router,
    users.router,
    projects.router,
    swaps.router,
    chat.router,
    schedule.router,
    published.router,
    progress.router,
    moderation.router,
]

__all__ = ["ROUTERS"]
