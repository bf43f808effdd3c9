"""The city API contract, shared by the server and the client.

Pydantic models only: this package imports nothing else of ours, nor
textual, httpx or tinydb. Limits live in the models, so bad input is
rejected at the edge.
"""

from pydantic import BaseModel

from .base import Model, PublicModel, utcnow
from .chat import (
    ALL_CHANNEL,
    CHANNEL_PATTERN,
    ChannelKind,
    ChannelPublic,
    MessageCreate,
    MessagePage,
    MessagePublic,
    channel_kind,
)
from .event import City, EventPublic, EventUpdate, Theme, known_zone
from .moderation import AuditEntry, ModerationNote
from .people import (
    Availability,
    MeUpdate,
    OrganizerScope,
    RecoverRequest,
    RecoveryCode,
    RecoveryCreate,
    RegisterRequest,
    RegisterResponse,
    Role,
    UserPublic,
)
from .problem import PROBLEM_MEDIA_TYPE, SUSPENDED_PROBLEM, Problem
from .progress import CityProgress, ProgressReport, compute_city_progress
from .projects import (
    ProgressCreate,
    ProgressPublic,
    ProjectCreate,
    ProjectPublic,
    ProjectUpdate,
    Stage,
    TeamMember,
    derive_looking,
)
from .schedule import (
    WELL_KNOWN_KINDS,
    ScheduleItemCreate,
    ScheduleItemPublic,
    ScheduleItemUpdate,
    ScheduleKind,
    outside_event,
)
from .swaps import ACTIVE_SWAP_STATUSES, SwapCreate, SwapPublic, SwapResolve, SwapStatus
from .sync import (
    DEFAULT_POLL_TIMEOUT,
    MAX_POLL_TIMEOUT,
    SNAPSHOT_MESSAGES_PER_CHANNEL,
    EventType,
    Snapshot,
    SyncBatch,
    SyncEvent,
    apply_events,
    latest_per_channel,
)
from .text import clean_line, clean_text

__all__ = [
    "ACTIVE_SWAP_STATUSES",
    "ALL_CHANNEL",
    "CHANNEL_PATTERN",
    "DEFAULT_POLL_TIMEOUT",
    "MAX_POLL_TIMEOUT",
    "PROBLEM_MEDIA_TYPE",
    "SNAPSHOT_MESSAGES_PER_CHANNEL",
    "SUSPENDED_PROBLEM",
    "WELL_KNOWN_KINDS",
    "AuditEntry",
    "Availability",
    "ChannelKind",
    "ChannelPublic",
    "City",
    "CityProgress",
    "EventPublic",
    "EventType",
    "EventUpdate",
    "MeUpdate",
    "MessageCreate",
    "MessagePage",
    "MessagePublic",
    "Model",
    "ModerationNote",
    "OrganizerScope",
    "Problem",
    "ProgressCreate",
    "ProgressPublic",
    "ProgressReport",
    "ProjectCreate",
    "ProjectPublic",
    "ProjectUpdate",
    "PublicModel",
    "RecoverRequest",
    "RecoveryCode",
    "RecoveryCreate",
    "RegisterRequest",
    "RegisterResponse",
    "Role",
    "ScheduleItemCreate",
    "ScheduleItemPublic",
    "ScheduleItemUpdate",
    "ScheduleKind",
    "Snapshot",
    "Stage",
    "SwapCreate",
    "SwapPublic",
    "SwapResolve",
    "SwapStatus",
    "SyncBatch",
    "SyncEvent",
    "TeamMember",
    "Theme",
    "UserPublic",
    "apply_events",
    "build_all",
    "channel_kind",
    "clean_line",
    "clean_text",
    "compute_city_progress",
    "derive_looking",
    "known_zone",
    "latest_per_channel",
    "outside_event",
    "utcnow",
]


def build_all() -> int:
    """Build now every model's validator, else built on first use; how many were built.

    A server calls it at start-up, so no request waits on a build.
    """
    exported = (globals()[name] for name in __all__)
    models = [v for v in exported if isinstance(v, type) and issubclass(v, BaseModel)]
    return sum(1 for model in models if model.model_rebuild() is not None)
