"""The ``Store``: one method per operation of the API; nothing outside this package touches SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Self

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from nuittui.models import (
    AuditEntry,
    ChannelPublic,
    EventPublic,
    EventType,
    EventUpdate,
    MessageCreate,
    MessagePage,
    MeUpdate,
    OrganizerScope,
    ProgressCreate,
    ProgressPublic,
    ProgressReport,
    ProjectCreate,
    ProjectPublic,
    ProjectUpdate,
    RecoveryCode,
    Role,
    ScheduleItemCreate,
    ScheduleItemPublic,
    ScheduleItemUpdate,
    SwapCreate,
    SwapPublic,
    SwapResolve,
    SwapStatus,
    UserPublic,
    compute_city_progress,
)

from ..errors import forbidden, not_found
from ..settings import ServerSettings
from . import (
    audit,
    chat,
    edition,
    eventrow,
    migrate,
    moderation,
    organizers,
    people,
    projects,
    recovery,
    schedule,
    swaps,
    views,
)
from . import schema as s
from .core import StoreCore, StoreError
from .edition import Edition, ImportedItem, ImportReport, Plan
from .tx import Tx
from .types import COMMAND_LINE, Actor, Outcome, WriteContext, WriteResult


class Store(StoreCore):
    """Reads answer public objects; writes answer a ``WriteResult`` (status, JSON body, object)."""

    @classmethod
    def open(cls, path: str | Path, *, settings: ServerSettings | None = None) -> Self:
        """Open an existing database, upgrading one made by an earlier version (``migrate.py``)."""
        store = super().open(path, settings=settings)
        try:
            migrate.upgrade(store.engine)
        except DBAPIError as exc:
            store.close()
            raise StoreError(f"cannot upgrade {path}: {exc.orig}") from None
        return store

    # ---- the event file and imported schedules ---------------------------------------------

    def plan_edition(self, new: Edition, *, prune: bool = False) -> Plan:
        """What applying an event file would change (nothing is written)."""
        with self.read() as conn:
            return edition.plan_edition(conn, new, prune=prune)[0]

    def apply_edition(self, new: Edition, *, prune: bool = False) -> Plan:
        """Apply an event file in one transaction (``EditionRefusedError``: nothing written)."""
        found: list[Plan] = []

        def mutation(tx: Tx) -> Outcome:
            plan = edition.apply_edition(tx, new, prune=prune)
            changes = [c for c in plan.changes if c.action != "keep"]
            if changes:
                detail = f"{len(changes)} change(s): " + "; ".join(c.line() for c in changes[:10])
                audit.record(tx, COMMAND_LINE, "event.import", "event", city=None, detail=detail)
            found.append(plan)
            return Outcome(200)

        self.write(None, mutation)
        return found[0]

    def import_schedule(self, items: list[ImportedItem], *, dry_run: bool = False) -> ImportReport:
        """Add or update imported schedule items by uid, in one transaction."""
        if dry_run:
            with self.read() as conn:  # dry_run writes nothing
                return edition.import_items(Tx(conn, now=self.clock(), key=None), items, dry_run=True)
        found: list[ImportReport] = []

        def mutation(tx: Tx) -> Outcome:
            report = edition.import_items(tx, items)
            if report.added or report.updated:
                cities = {i.item.city for i in items}
                city = next(iter(cities)) if len(cities) == 1 else None
                detail = f"{report.added} added, {report.updated} updated, {len(report.skipped)} skipped"
                audit.record(tx, COMMAND_LINE, "schedule.import", "schedule", city=city, detail=detail)
            found.append(report)
            return Outcome(200)

        self.write(None, mutation)
        return found[0]

    def schedule_changed_at(self) -> datetime | None:
        """When the schedule or the event last changed (None once those events are pruned)."""
        types = [EventType.SCHEDULE.value, EventType.SCHEDULE_DELETE.value, EventType.EVENT.value]
        with self.read() as conn:
            return conn.execute(
                select(func.max(s.events.c.created_at)).where(s.events.c.type.in_(types))
            ).scalar()

    def counts(self) -> dict[str, int]:
        """Rows per table, read in one transaction."""
        with self.read() as conn:
            return edition.counts(conn)

    # ---- people ---------------------------------------------------------------------------

    def register(
        self,
        *,
        code: str,
        handle: str,
        display_name: str,
        city: str,
        skills: list[str],
        token_digest: str,
        key_sha256: str | None = None,
        body_sha256: str = "",
    ) -> WriteResult:
        """A participant registers with the join code; a retry with its key gets a new token."""
        return self._issuing_token(
            key_sha256,
            lambda tx: people.register(
                tx,
                code=code,
                handle=handle,
                display_name=display_name,
                city=city,
                skills=skills,
                token_digest=token_digest,
                key_sha256=key_sha256,
                body_sha256=body_sha256,
            ),
        )

    def _issuing_token(self, key_sha256: str | None, mutation: Callable[[Tx], Outcome]) -> WriteResult:
        """Run a write that issues a token; a retry of its key replaces the token the first attempt
        issued (never delivered), which leaves the auth cache too."""
        replaced = None
        if key_sha256 is not None:
            with self.read() as conn:
                earlier = people.registration(conn, key_sha256)
            replaced = earlier["token_digest"] if earlier is not None else None
        try:
            return self.write(None, mutation)
        finally:
            if replaced is not None:
                self._auth_cache.pop(replaced, None)

    def create_user(
        self,
        *,
        handle: str,
        display_name: str,
        city: str,
        skills: list[str] | None = None,
        role: Role = Role.PARTICIPANT,
        token_digest: str | None = None,
    ) -> UserPublic:
        """A person created by the server itself (demo people); no token unless given."""
        result = self.write(
            None,
            lambda tx: people.create_user(
                tx,
                handle=handle,
                display_name=display_name,
                city=city,
                skills=skills or [],
                role=role,
                token_digest=token_digest,
            ),
        )
        assert isinstance(result.value, UserPublic)
        return result.value

    # ---- organizers (the command line) ----------------------------------------------------

    def add_organizer(
        self,
        *,
        handle: str,
        display_name: str,
        city: str,
        scope: OrganizerScope,
        token_digest: str | None,
        existing: bool = False,
    ) -> tuple[UserPublic, bool]:
        """A new organizer (with the token), or an existing person made one (``existing``: tokens
        kept). Returns the person and whether they are new."""
        result = self.write(
            None,
            lambda tx: organizers.add(
                tx,
                handle=handle,
                display_name=display_name,
                city=city,
                scope=scope,
                token_digest=token_digest,
                existing=existing,
            ),
        )
        assert isinstance(result.value, UserPublic)
        return result.value, result.status == 201

    def organizers(self) -> list[tuple[UserPublic, int]]:
        """Every organizer with how many tokens they hold."""
        with self.read() as conn:
            return organizers.listed(conn)

    def remove_organizer(self, handle: str) -> tuple[UserPublic, int]:
        """Make an organizer a participant and revoke their tokens; how many were revoked."""
        found: list[tuple[UserPublic, int]] = []

        def mutation(tx: Tx) -> Outcome:
            found.append(organizers.remove(tx, handle))
            return Outcome(200)

        self.write(None, mutation)
        return found[0]

    def new_organizer_token(self, handle: str, token_digest: str, *, keep_others: bool = False) -> int:
        """Give an organizer a new token (their others revoked unless ``keep_others``); how many were."""
        found: list[int] = []

        def mutation(tx: Tx) -> Outcome:
            found.append(organizers.new_token(tx, handle, token_digest, keep_others=keep_others))
            return Outcome(200)

        self.write(None, mutation)
        return found[0]

    def audit_log(self, *, city: str | None = None, limit: int | None = None) -> list[AuditEntry]:
        """The organizers' actions, newest first (one city's, or all)."""
        with self.read() as conn:
            return audit.entries(conn, city=city, limit=limit)

    # ---- moderation and recovery ----------------------------------------------------------

    def suspend(self, ctx: WriteContext | None, actor: Actor, handle: str, reason: str = "") -> WriteResult:
        """Suspend a participant."""
        return self.write(ctx, lambda tx: moderation.suspend(tx, actor, handle, reason))

    def unsuspend(self, ctx: WriteContext | None, actor: Actor, handle: str, reason: str = "") -> WriteResult:
        """Lift a suspension."""
        return self.write(ctx, lambda tx: moderation.unsuspend(tx, actor, handle, reason))

    def hide_message(
        self, ctx: WriteContext | None, actor: Actor, message_id: int, reason: str = ""
    ) -> WriteResult:
        """Hide a message for everyone."""
        return self.write(ctx, lambda tx: chat.hide_message(tx, actor, message_id, reason))

    def remove_member(
        self, ctx: WriteContext | None, actor: Actor, project_id: int, handle: str, reason: str = ""
    ) -> WriteResult:
        """Take someone out of a team (organizers of the project's city)."""
        return self.write(ctx, lambda tx: projects.remove_member(tx, actor, project_id, handle, reason))

    def issue_recovery(
        self, ctx: WriteContext | None, actor: Actor, handle: str, *, digest: str, revoke_tokens: bool
    ) -> RecoveryCode:
        """Store a recovery code's digest for ``handle``; the answer without the code (the caller has it).

        Never replayed by an Idempotency-Key (the code is not stored): each call makes a new code.
        """
        expires_at = self.clock() + timedelta(minutes=self.settings.recovery_code_minutes)
        unkeyed = replace(ctx, key=None) if ctx is not None else None
        result = self.write(
            unkeyed,
            lambda tx: recovery.issue(
                tx, actor, handle, digest=digest, expires_at=expires_at, revoke_tokens=revoke_tokens
            ),
        )
        assert isinstance(result.value, RecoveryCode)
        return result.value

    def redeem_recovery(
        self,
        *,
        handle: str,
        digest: str,
        token_digest: str,
        key_sha256: str | None = None,
        body_sha256: str = "",
    ) -> UserPublic:
        """Trade a recovery code for a token; 403 for a wrong, used or expired code (the failure is
        counted and committed first)."""
        result = self._issuing_token(
            key_sha256,
            lambda tx: recovery.redeem(
                tx,
                handle=handle,
                digest=digest,
                token_digest=token_digest,
                key_sha256=key_sha256,
                body_sha256=body_sha256,
            ),
        )
        if result.status == recovery.REFUSED:
            raise forbidden(recovery.WRONG_CODE)
        assert isinstance(result.value, UserPublic)
        return result.value

    def actor(self, handle: str) -> Actor:
        """A person as an actor, to act on their behalf (seeding); 404 when unknown."""
        with self.read() as conn:
            found = people.actor_by_handle(conn, handle)
        if found is None:
            raise not_found(f"user {handle}")
        return found

    def me(self, actor: Actor) -> UserPublic:
        """The caller's profile."""
        with self.read() as conn:
            return people.current_user(conn, actor)

    def update_me(self, ctx: WriteContext | None, actor: Actor, changes: MeUpdate) -> WriteResult:
        """Change one's own profile."""
        return self.write(ctx, lambda tx: people.update_me(tx, actor, changes))

    def list_users(self, *, city: str | None = None) -> list[UserPublic]:
        """Everyone, or one city's people."""
        with self.read() as conn:
            return views.users_public(conn, city=city)

    def get_user(self, handle: str) -> UserPublic:
        """One person (404)."""
        with self.read() as conn:
            user = views.user_public(conn, handle)
        if user is None:
            raise not_found(f"user {handle}")
        return user

    # ---- event ----------------------------------------------------------------------------

    def event(self) -> EventPublic:
        """The event."""
        with self.read() as conn:
            return views.event_public(conn)

    def update_event(self, ctx: WriteContext | None, actor: Actor, changes: EventUpdate) -> WriteResult:
        """Change the event (event organizers)."""
        return self.write(ctx, lambda tx: eventrow.update_event(tx, actor, changes))

    # ---- projects -------------------------------------------------------------------------

    def list_projects(
        self, *, theme: str | None = None, city: str | None = None, looking: bool | None = None
    ) -> list[ProjectPublic]:
        """Projects by id, filtered."""
        where = None
        if theme is not None:
            where = s.projects.c.theme == theme
        if city is not None:
            by_city = s.projects.c.city == city
            where = by_city if where is None else where & by_city
        with self.read() as conn:
            found = views.projects_public(conn, where)
        if looking is not None:
            found = [p for p in found if p.looking_for_members is looking]
        return found

    def get_project(self, project_id: int) -> ProjectPublic:
        """One project with its team (404)."""
        with self.read() as conn:
            project = views.project_public(conn, project_id)
        if project is None:
            raise not_found(f"project {project_id}")
        return project

    def create_project(self, ctx: WriteContext | None, actor: Actor, new: ProjectCreate) -> WriteResult:
        """A new project (organizers)."""
        return self.write(ctx, lambda tx: projects.create_project(tx, actor, new))

    def update_project(
        self, ctx: WriteContext | None, actor: Actor, project_id: int, changes: ProjectUpdate
    ) -> WriteResult:
        """Change a project."""
        return self.write(ctx, lambda tx: projects.update_project(tx, actor, project_id, changes))

    def join_project(self, ctx: WriteContext | None, actor: Actor, project_id: int) -> WriteResult:
        """Join a project's team."""
        return self.write(ctx, lambda tx: projects.join(tx, actor, project_id))

    def leave_project(self, ctx: WriteContext | None, actor: Actor, project_id: int) -> WriteResult:
        """Leave a project's team."""
        return self.write(ctx, lambda tx: projects.leave(tx, actor, project_id))

    def list_progress(self, project_id: int) -> list[ProgressPublic]:
        """A project's updates, newest first (404)."""
        with self.read() as conn:
            if views.project_public(conn, project_id) is None:
                raise not_found(f"project {project_id}")
            return views.progress_list(conn, project_id=project_id)

    def post_progress(
        self, ctx: WriteContext | None, actor: Actor, project_id: int, new: ProgressCreate
    ) -> WriteResult:
        """A team member posts an update."""
        return self.write(ctx, lambda tx: projects.post_progress(tx, actor, project_id, new))

    def progress_report(self) -> ProgressReport:
        """Every city's figures and the latest team updates."""
        with self.read() as conn:
            event = views.event_public(conn)
            cities = compute_city_progress(
                event.cities,
                views.users_public(conn),
                views.projects_public(conn),
                views.swaps_public(conn),
                views.progress_list(conn),
            )
            latest = views.progress_list(conn, limit=self.settings.latest_updates)
        return ProgressReport(cities=cities, latest_updates=latest)

    # ---- swaps ----------------------------------------------------------------------------

    def list_swaps(
        self,
        *,
        status: SwapStatus | None = None,
        city: str | None = None,
        tag: str | None = None,
        author: str | None = None,
        claimed_by: str | None = None,
    ) -> list[SwapPublic]:
        """Swaps, newest first, filtered."""
        wheres = []
        if status is not None:
            wheres.append(s.swaps.c.status == status.value)
        if city is not None:
            wheres.append(s.swaps.c.city == city)
        if author is not None:
            wheres.append(s.swaps.c.author == author)
        if claimed_by is not None:
            wheres.append(s.swaps.c.claimed_by == claimed_by)
        if tag is not None:
            tags = func.json_each(s.swaps.c.tags).table_valued("value")
            wheres.append(select(tags.c.value).where(tags.c.value == tag.lower()).exists())
        with self.read() as conn:
            found = views.swaps_public(conn, wheres)
        found.sort(key=lambda w: (w.created_at, w.id), reverse=True)
        return found

    def get_swap(self, swap_id: int) -> SwapPublic:
        """One swap (404)."""
        with self.read() as conn:
            swap = views.swap_by_id(conn, swap_id)
        if swap is None:
            raise not_found(f"swap {swap_id}")
        return swap

    def create_swap(self, ctx: WriteContext | None, actor: Actor, new: SwapCreate) -> WriteResult:
        """Ask for help."""
        return self.write(ctx, lambda tx: swaps.create_swap(tx, actor, new))

    def claim_swap(self, ctx: WriteContext | None, actor: Actor, swap_id: int) -> WriteResult:
        """Offer help on a swap."""
        return self.write(ctx, lambda tx: swaps.claim(tx, actor, swap_id))

    def release_swap(self, ctx: WriteContext | None, actor: Actor, swap_id: int) -> WriteResult:
        """Step back from a claimed swap."""
        return self.write(ctx, lambda tx: swaps.release(tx, actor, swap_id))

    def resolve_swap(
        self, ctx: WriteContext | None, actor: Actor, swap_id: int, outcome: SwapResolve
    ) -> WriteResult:
        """The author marks a swap solved."""
        return self.write(ctx, lambda tx: swaps.resolve(tx, actor, swap_id, outcome))

    def cancel_swap(self, ctx: WriteContext | None, actor: Actor, swap_id: int) -> WriteResult:
        """The author withdraws a swap."""
        return self.write(ctx, lambda tx: swaps.cancel(tx, actor, swap_id))

    def reopen_swap(self, ctx: WriteContext | None, actor: Actor, swap_id: int) -> WriteResult:
        """The author opens a swap again."""
        return self.write(ctx, lambda tx: swaps.reopen(tx, actor, swap_id))

    # ---- chat -----------------------------------------------------------------------------

    def list_channels(self) -> list[ChannelPublic]:
        """Every channel."""
        with self.read() as conn:
            return chat.channels(conn)

    def history(self, channel: str, *, before: int | None = None, limit: int = 50) -> MessagePage:
        """A page of a channel's history, newest last (404)."""
        with self.read() as conn:
            return chat.history(conn, channel, before=before, limit=limit)

    def post_message(
        self, ctx: WriteContext | None, actor: Actor, channel: str, new: MessageCreate
    ) -> WriteResult:
        """Post a message."""
        return self.write(ctx, lambda tx: chat.post_message(tx, actor, channel, new))

    # ---- schedule -------------------------------------------------------------------------

    def schedule(self, *, city: str | None = None) -> list[ScheduleItemPublic]:
        """Items by start; with ``city``, the global ones and that city's."""
        with self.read() as conn:
            return views.schedule_list(conn, city=city)

    def create_schedule_item(
        self, ctx: WriteContext | None, actor: Actor, new: ScheduleItemCreate
    ) -> WriteResult:
        """A new schedule item (organizers)."""
        return self.write(ctx, lambda tx: schedule.create_item(tx, actor, new))

    def update_schedule_item(
        self, ctx: WriteContext | None, actor: Actor, item_id: int, changes: ScheduleItemUpdate
    ) -> WriteResult:
        """Change a schedule item (organizers)."""
        return self.write(ctx, lambda tx: schedule.update_item(tx, actor, item_id, changes))

    def delete_schedule_item(self, ctx: WriteContext | None, actor: Actor, item_id: int) -> WriteResult:
        """Remove a schedule item (organizers)."""
        return self.write(ctx, lambda tx: schedule.delete_item(tx, actor, item_id))
