"""``SyncEngine``: the façade the app and the shell use to read and write the event.

Two background tasks run on the caller's asyncio loop: the *pull* long-polls
``GET /v1/sync`` and saves each batch to the cache (one write per batch), and
the *drain* sends the outbox. Every blocking file operation runs in a worker
thread, so a UI loop never waits on an fsync.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from nuittui.cache import CacheError, CacheWriteError, LocalCache, Outbox, OutboxEntry
from nuittui.client import ClientError, RateLimited
from nuittui.i18n import _
from nuittui.models import DEFAULT_POLL_TIMEOUT, SyncBatch

from . import markers
from .backoff import Backoff
from .confirm import Confirmations
from .drain import Drainer
from .echo import EchoWait
from .errors import NotLoggedIn, SyncError, error_line
from .inflight import InFlight
from .outboxing import OutboxMixin
from .pull import apply_batch
from .reads import ReadsMixin
from .recovery import RecoveryMixin
from .state import ConnectionState, Status
from .views import Changed, ClaimedSwap, History, SyncSummary
from .writes import WritesMixin, checked_channel

if TYPE_CHECKING:
    import httpx

    from nuittui.cache import ApplyResult
    from nuittui.client import CityClient
    from nuittui.profiles import ResolvedProfile

__all__ = ["SyncEngine"]

log = logging.getLogger("nuittui.sync")

Subscriber = Callable[[Changed], None]

IDLE_SAVE = 60.0
"""An empty poll answer is saved (refreshing "last synced") at most this often."""


class SyncEngine(OutboxMixin, ReadsMixin, WritesMixin, RecoveryMixin):
    """The cache, the outbox and the link to the city server of one profile.

    Build it with ``SyncEngine.from_profile(profile)`` (or explicitly, for tests),
    then ``await engine.start()`` … ``await engine.stop()`` (or ``async with``).
    Reads (``swaps()``, ``messages()``…) answer from the cache; writes
    (``post_swap()``, ``send_message()``…) are queued durably and sent by the
    drain. ``subscribe`` tells the UI about every change.
    """

    def __init__(
        self,
        *,
        client: CityClient | Callable[[], CityClient],
        cache: LocalCache,
        outbox: Outbox,
        me: str | None,
        folder: Path | str | None = None,
        poll_timeout: float = DEFAULT_POLL_TIMEOUT,
        reconnect: Backoff | None = None,
        close_client: bool = False,
    ) -> None:
        self.handle = me
        """My handle on the server (None when unknown)."""
        # A factory is called on first use: the HTTP stack costs a quarter of a second to load.
        self._client: CityClient | None = None if callable(client) else client
        self._make_client = client if callable(client) else None
        self._cache = cache
        self._outbox = outbox
        self._folder = Path(folder) if folder is not None else cache.folder
        self._poll_timeout = poll_timeout
        self._reconnect = reconnect or Backoff()
        self._close_client = close_client
        self._writes = InFlight()
        self._drainer = Drainer(
            lambda: self.client,
            outbox,
            self._folder / markers.DRAIN_LOCK_FILE,
            self._on_sent,
            self._on_dead,
            writes=self._writes,
        )
        self._state = self.resting_state()
        self._subscribers: list[Subscriber] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._wake: asyncio.Event | None = None
        self._retry: asyncio.Event | None = None
        self._force_drain = False
        self._confirmed = Confirmations()
        self._echo = EchoWait(self._cache.reading)
        """Writes the server took whose event has not come back in a pull: still shown pending."""
        """Writes the server took (sent by the drain) whose event has not come back in a pull yet,
        with when they were sent: still shown as pending, so nothing flicks back to the old state."""
        self._last_save = float("-inf")
        self._token_problem: str | None = None

    @classmethod
    def from_profile(
        cls,
        profile: ResolvedProfile,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        **options: Any,
    ) -> SyncEngine:
        """The engine of a resolved profile: its server, token, cache and outbox (in its data dir).

        The HTTP client is made, and the token read, on first use (``await engine.connect()``
        does it off the loop); reading the token may raise ``nuittui.profiles.CredentialsError``.
        """

        def make_client() -> CityClient:
            from nuittui.client import CityClient

            return CityClient(
                base_url=profile.api_url, token=profile.token, transport=transport, timeout=timeout
            )

        folder = profile.data_dir
        cache = LocalCache(folder, history_per_channel=profile.config.cache.history_per_channel)
        return cls(
            client=make_client,
            cache=cache,
            outbox=Outbox.in_folder(folder),
            me=profile.handle,
            folder=folder,
            close_client=True,
            **options,
        )

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the background tasks run."""
        return bool(self._tasks)

    @property
    def client(self) -> CityClient:
        """The HTTP client (for the few calls that are not writes, e.g. ``revoke`` at logout)."""
        if self._client is None:
            assert self._make_client is not None
            self._client = self._make_client()
        return self._client

    async def connect(self) -> CityClient:
        """Make the HTTP client in a worker thread if it is not made yet, so the loop never waits on it."""
        if self._client is None:
            assert self._make_client is not None
            client = await asyncio.to_thread(self._make_client)
            if self._client is None:
                self._client = client
            elif self._close_client:  # made meanwhile by another caller: keep one
                await client.aclose()
        return self._client

    def token_unreadable(self, reason: str) -> None:
        """The profile's token could not be read (``reason``, one line): say so instead of "not logged in"."""
        self._token_problem = reason

    @property
    def folder(self) -> Path:
        """The profile's data folder (cache, outbox, read markers)."""
        return self._folder

    async def start(self) -> None:
        """Start pulling and draining in the background, on the running loop."""
        if self._tasks:
            return
        await self.connect()
        self._wake = asyncio.Event()
        self._retry = asyncio.Event()
        self._force_drain = True
        self._set_state(status="syncing")
        self._tasks = [
            asyncio.create_task(self._pull_loop(), name="nuittui-sync-pull"),
            asyncio.create_task(self._drain_loop(), name="nuittui-sync-drain"),
        ]

    async def stop(self) -> None:
        """Stop the background tasks (a write being sent stays queued and is replayed later)."""
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._writes.wait()  # a write cancelled mid-way finishes in its thread: nothing follows stop()
        if tasks:
            self._set_state(status="offline")

    async def aclose(self) -> None:
        """Stop, and close the HTTP client if the engine made it."""
        await self.stop()
        if self._close_client and self._client is not None:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def retry_now(self) -> None:
        """Try the server now: the pull stops waiting out its reconnect delay, and the drain sends
        what is queued, backoff or not (a user asked, or did something while offline)."""
        if self._retry is not None:
            self._retry.set()
        self._wake_drain(force=True)

    # -- state and subscribers -------------------------------------------------------------

    def resting_state(self) -> ConnectionState:
        """The state an engine starts in on this cache: offline, stale since the last sync, outbox counts.

        Reads the cache and the outbox (the app saves it with its launch view at exit).
        """
        synced = self._cache.last_synced_at()
        return ConnectionState(
            "offline",
            last_synced_at=synced,
            stale_since=synced,
            queued=self._outbox.pending_count(),
            dead_letters=self._outbox.dead_count(),
        )

    @property
    def state(self) -> ConnectionState:
        """The connection state now (cheap: no I/O)."""
        return self._state

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(Changed)`` after every apply and state change, on the engine's loop.

        Returns the function that unsubscribes it.
        """
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                self._subscribers.remove(callback)

        return unsubscribe

    def _set_state(self, **changes: Any) -> ConnectionState:
        state = self._state._replace(**changes)
        if state.status not in ("offline", "disk_full"):
            state = state._replace(stale_since=None)
        elif state.stale_since is None:
            state = state._replace(stale_since=state.last_synced_at)
        self._state = state
        return state

    def _notify(self, result: ApplyResult | None = None, claimed: list[ClaimedSwap] | None = None) -> None:
        change = Changed(state=self._state, result=result, claimed_swaps=claimed or [])
        for callback in list(self._subscribers):
            try:
                callback(change)
            except Exception:  # a broken subscriber must not stop the sync
                log.exception("a sync subscriber failed")

    async def _refresh_counts(self) -> None:
        def counts() -> tuple[list[OutboxEntry], int, datetime | None]:
            return self._outbox.pending(), self._outbox.dead_count(), self._cache.last_synced_at()

        queued, dead, synced = await asyncio.to_thread(counts)
        reason = next((entry.last_error for entry in queued if entry.last_error), None)
        self._set_state(queued=len(queued), queued_reason=reason, dead_letters=dead, last_synced_at=synced)

    async def _went_online(self, status: Status) -> bool:
        """Record a working link; True when the status changed."""
        was = self._state.status
        self._set_state(status=status, last_error=None)
        if was == "offline":
            self._wake_drain(force=True)  # the link is back: send what waited, backoff or not
        # For the status line of other processes; rewritten only when it changes.
        await self._writes.run(markers.write_link, self._folder, True)
        return was != status

    async def _went_offline(self, error: str) -> None:
        self._set_state(status="offline", last_error=error)
        await self._writes.run(markers.write_link, self._folder, False, error)
        self._notify()

    # -- pulling ---------------------------------------------------------------------------

    async def _pull_loop(self) -> None:
        catching_up = True
        while True:
            try:
                batch, result, _claimed = await self._pull_batch(0 if catching_up else self._poll_timeout)
            except Exception as err:  # the loop must outlive any failure; it is logged and retried
                if not isinstance(err, ClientError | CacheError | SyncError | OSError):
                    log.exception("the sync pull failed")
                if isinstance(err, CacheWriteError) and err.disk_full:
                    # The server answered: not offline. The cache still reads; saving waits for space.
                    self._set_state(status="disk_full", last_error=error_line(err))
                    self._notify()
                else:
                    await self._went_offline(error_line(err))
                hint = err.retry_after if isinstance(err, RateLimited) else None
                await self._wait_to_reconnect(self._reconnect.next_delay(hint))
                catching_up = True
                continue
            self._reconnect.reset()
            catching_up = batch.has_more or (result is not None and result.needs_reset)

    async def _wait_to_reconnect(self, delay: float) -> None:
        """Sleep ``delay`` seconds before the next try, or less if ``retry_now()`` is called."""
        retry = self._retry
        if retry is None:
            await asyncio.sleep(delay)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(retry.wait(), delay)
        retry.clear()

    async def _pull_batch(self, wait: float) -> tuple[SyncBatch, ApplyResult | None, list[ClaimedSwap]]:
        """One poll (waiting up to ``wait`` s for news) and its apply; the batch, the apply's result
        (None when an idle answer was not saved) and my swaps just claimed."""
        client = await self.connect()
        if client.token is None:
            raise NotLoggedIn(self._token_problem or _("not logged in: run `nuit-tui login`"))
        cursor = await asyncio.to_thread(self._cache.cursor)
        started = time.monotonic()
        batch = await client.sync(since=cursor, timeout=wait)
        idle = not batch.reset and not batch.events and batch.cursor == cursor
        if idle and time.monotonic() - self._last_save < IDLE_SAVE:
            echoed = self._echo.pulled((), started)
            if echoed:
                self._set_state(echoing=len(self._echo))
            if await self._went_online("online") or echoed:
                self._notify()
            return batch, None, []
        result, claimed = await self._writes.run(self._apply, batch, started)
        self._last_save = time.monotonic()
        for event in batch.events:
            if event.key:
                self._confirmed.confirmed(event.key, event.data)
        self._set_state(echoing=len(self._echo))
        await self._refresh_counts()
        await self._went_online("syncing" if batch.has_more or result.needs_reset else "online")
        self._notify(result, claimed)
        return batch, result, claimed

    def _apply(self, batch: SyncBatch, started: float) -> tuple[ApplyResult, list[ClaimedSwap]]:
        """Save a pull's batch, then (in the same worker thread) settle the sent writes it brings
        back: their pending copy goes the moment their result is in the cache."""

        def settle(result: ApplyResult) -> None:
            if result.reset:  # the whole state, whose events carry no keys: every write taken is in it
                self._echo.pulled((), float("inf"))
            elif result.cursor is not None:
                self._echo.pulled(result.confirmed_keys, started)

        return apply_batch(self._cache, self._outbox, batch, self.handle, settle)

    # -- one-shot sync and the outbox ------------------------------------------------------

    async def sync_once(self, *, drain: bool = True) -> SyncSummary:
        """Send the outbox (``drain``), then pull until the server has nothing more; what it did.

        Raises the ``ClientError`` of the pull when the server cannot be reached, and
        ``NotLoggedIn`` without a token.
        """
        summary = SyncSummary()
        if drain:
            summary.drain = await self._drain(force=True)
        while True:
            try:
                batch, result, claimed = await self._pull_batch(0)
            except (ClientError, NotLoggedIn) as err:
                await self._went_offline(error_line(err))
                raise
            summary.batches += 1
            summary.cursor = batch.cursor
            if result is not None:
                summary.events += len(batch.events) - result.stale
                summary.reset = summary.reset or result.reset
                summary.claimed_swaps.extend(claimed)
            if not batch.has_more and not (result is not None and result.needs_reset):
                return summary

    async def load_older(self, channel: str, limit: int = 50) -> History:
        """Fetch the page of history before the oldest cached message of ``channel`` into the cache."""
        channel = checked_channel(channel)
        cached = await asyncio.to_thread(self._cache.messages, channel)
        before = cached[0].seq if cached else None
        page = await (await self.connect()).messages(channel, before=before, limit=limit)
        added = await self._writes.run(self._cache.add_history, channel, page.messages)
        if added:
            self._notify()
        return History(added=added, has_more=page.has_more)
