"""Fixtures for the app's tests: the real city server in-process, an engine on it, the app on that engine.

The server holds the demo event (seven cities, six themes, 26 projects, 41 people, swaps
and chat), seeded once per session at the frozen time ``FROZEN_NOW`` (Saturday
4 March 2017, 20:42 in Paris) and copied for each test, so every test starts from
the same data and snapshots are deterministic. Two people have tokens:

- ``ME`` (``ada``, Lyon, skills python and javascript, in the team of project
  ``MY_PROJECT_TITLE``, author of the open swap ``MY_SWAP_TITLE``, mentioned once
  in ``city:lyon``) — the participant the app runs as;
- ``HELPER`` (``zoe-rennes``, Rennes, skills python and sql, no team) — a second
  client for "someone else does something" tests.

Fixtures (all plain sync fixtures, so both Pilot tests and ``snap_compare`` tests use them):

- ``clock``: a ``FrozenClock`` (call it for the time; ``advance(minutes=5)``); the server's
  store uses it too, so what the tests write is stamped ``FROZEN_NOW``;
- ``city``: a ``CityServer`` — ``.app`` (FastAPI), ``.store``, ``.token(handle)``,
  ``.add_user(...)`` (a new person with a token), ``.client(handle)`` (a ``CityClient``
  for someone else's machine: use it as ``async with``), ``.engine(handle)`` (a
  ``SyncEngine`` for that person, not started), ``.go_offline()`` / ``.go_online()``
  (the network between the engines built here and the server drops / comes back);
- ``engine``: ``city.engine(ME)``;
- ``make_app``: ``make_app(engine=None, **kwargs)`` → ``NuitApp(engine=…, clock=clock, **kwargs)``
  (the app starts and stops the engine itself);
- autouse: English UI, and XDG config/data dirs in ``tmp_path`` (the app may save settings);
- ``snap_compare``: the plugin's, with text fields' cursors steady (not blinking) in the SVG.

Helpers: ``wait_until(pilot, predicate, what)`` for "wakes within" checks; ``screen_text(app)``
(what the terminal shows, as plain text); ``toasts(app)`` (the notifications on screen);
``SIZE`` (120×40).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import shutil
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from nuittui.i18n import set_language
from nuittui.models import MessageCreate, Role, SwapCreate, utcnow
from nuittui.server.accounts import token_digest
from nuittui.server.app import create_app
from nuittui.server.demo import demo_data
from nuittui.server.seed import seed_demo
from nuittui.server.store import Store
from tests.server.helpers import lent_warm_app

if TYPE_CHECKING:
    from textual.app import App
    from textual.pilot import Pilot

    from nuittui.app import NuitApp
    from nuittui.client import CityClient
    from nuittui.sync import SyncEngine

FROZEN_NOW = datetime(2017, 3, 4, 19, 42, tzinfo=UTC)
"""Saturday 4 March 2017, 20:42 in Paris: the night of code has just started."""
SIZE = (120, 40)
"""The terminal size of the snapshot tests."""
BASE_URL = "http://city.test"

ME = "ada"
MY_CITY = "lyon"
MY_PROJECT_TITLE = "Budget participatif ouvert"
"""The Lyon project whose team ``ME`` is in (project index 0 of the demo)."""
MY_SWAP_TITLE = "pytest : ma fixture s'exécute deux fois"
MENTION_BODY = "@ada tu peux relire la PR du formulaire quand tu as deux minutes ?"
HELPER = "zoe-rennes"


class FrozenClock:
    """A clock that stays where it is told: ``clock()`` is the time, ``advance(...)`` moves it."""

    def __init__(self, now: datetime = FROZEN_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move forward by ``timedelta(**delta)``; returns the new time."""
        self.now += timedelta(**delta)
        return self.now


class SwitchableTransport(httpx.AsyncBaseTransport):
    """The real ASGI transport to the server, with a switch that cuts the line.

    Down: new requests fail to connect and requests in flight (a long poll) are
    dropped, as when the venue's wifi goes away. It wraps the real transport; the
    server and the client are untouched.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.is_down = False
        self._cut: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}

    def _cut_event(self) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        event = self._cut.get(loop)
        if event is None:
            event = self._cut[loop] = asyncio.Event()
        return event

    def down(self) -> None:
        """Cut the line: every request fails until ``up()``."""
        self.is_down = True
        for loop, event in list(self._cut.items()):
            if loop.is_closed():
                self._cut.pop(loop, None)
            else:
                loop.call_soon_threadsafe(event.set)

    def up(self) -> None:
        """The line is back."""
        self.is_down = False
        self._cut.clear()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.is_down:
            raise httpx.ConnectError("the network is down", request=request)
        cut = self._cut_event()
        sending = asyncio.ensure_future(self.inner.handle_async_request(request))
        cutting = asyncio.ensure_future(cut.wait())
        try:
            done, _ = await asyncio.wait({sending, cutting}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            sending.cancel()
            cutting.cancel()
            raise
        if sending in done:
            cutting.cancel()
            return sending.result()
        sending.cancel()
        raise httpx.ReadError("the connection was lost", request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass
class DemoTemplate:
    """The seeded database every test copies, and the tokens it holds."""

    path: Path
    tokens: dict[str, str] = field(default_factory=dict)


def _new_token(handle: str) -> str:
    # Deterministic per handle: a test DB copy and its tokens always agree.
    return f"nuit_test_{handle}_token_0123456789abcdef0123456789abcdef"


def build_demo_template(folder: Path, now: datetime = FROZEN_NOW) -> DemoTemplate:
    """Create the seeded database in ``folder``: the demo event at ``now``, plus ``ME`` and ``HELPER``."""
    data = demo_data(now)
    path = folder / "city.db"
    Store.create(path, event=data.event, join_code=data.join_code).close()
    store = Store.open(path)
    try:
        seed_demo(store, data, now=lambda: now)
        tokens = {}
        store.clock = lambda: now - timedelta(minutes=20)
        for handle, name, city, skills in (
            (ME, "Ada L.", MY_CITY, ["python", "javascript"]),
            (HELPER, "Zoé R.", "rennes", ["python", "sql"]),
        ):
            tokens[handle] = _new_token(handle)
            store.create_user(
                handle=handle,
                display_name=name,
                city=city,
                skills=skills,
                role=Role.PARTICIPANT,
                token_digest=token_digest(tokens[handle]),
            )
        my_project = next(p for p in store.list_projects() if p.title == MY_PROJECT_TITLE)
        store.join_project(None, store.actor(ME), my_project.id)
        store.clock = lambda: now - timedelta(minutes=12)
        store.create_swap(
            None,
            store.actor(ME),
            SwapCreate(
                title=MY_SWAP_TITLE,
                body='Elle est en `scope="module"` mais se relance pour chaque test.',
                tags=["python", "pytest"],
                location="Mezzanine, table 4",
            ),
        )
        store.clock = lambda: now - timedelta(minutes=6)
        store.post_message(
            None, store.actor("camille-lyon"), f"city:{MY_CITY}", MessageCreate(body=MENTION_BODY)
        )
    finally:
        store.close()
    return DemoTemplate(path=path, tokens=tokens)


class CityServer:
    """The real server on a copy of the seeded database, reached in-process through ASGI."""

    def __init__(
        self, db_path: Path, tokens: dict[str, str], clock: Callable[[], datetime], home: Path
    ) -> None:
        fresh = create_app(db_path=db_path)
        self._lent = contextlib.ExitStack()
        self.app = self._lent.enter_context(lent_warm_app(fresh, fresh.state.settings))
        self.store: Store = self.app.state.store
        self.store.clock = clock
        self.url = BASE_URL
        self.home = home
        self.transport = SwitchableTransport(httpx.ASGITransport(app=self.app))
        self._tokens = dict(tokens)

    def token(self, handle: str) -> str:
        """The token of someone who has one (``ME``, ``HELPER``, or added with ``add_user``)."""
        return self._tokens[handle]

    def add_user(
        self,
        handle: str,
        *,
        city: str = MY_CITY,
        display_name: str | None = None,
        skills: list[str] | None = None,
        role: Role = Role.PARTICIPANT,
    ) -> str:
        """Create a person with a token (display names may be anything: injection tests use this)."""
        token = self._tokens[handle] = _new_token(handle)
        self.store.create_user(
            handle=handle,
            display_name=display_name or handle,
            city=city,
            skills=skills or [],
            role=role,
            token_digest=token_digest(token),
        )
        return token

    def client(self, handle: str = HELPER) -> CityClient:
        """A client on someone else's machine (not cut by ``go_offline``); ``async with`` it."""
        from nuittui.client import CityClient

        return CityClient(
            base_url=self.url, token=self.token(handle), transport=httpx.ASGITransport(app=self.app)
        )

    def engine(self, handle: str = ME, *, folder: Path | None = None, **options: Any) -> SyncEngine:
        """A sync engine for ``handle`` with its cache and outbox in ``folder`` (not started).

        It reconnects within a fraction of a second (``options`` go to ``SyncEngine``).
        """
        from nuittui.cache import LocalCache, Outbox
        from nuittui.client import CityClient
        from nuittui.sync import Backoff, SyncEngine

        folder = folder or self.home / "profiles" / handle
        folder.mkdir(parents=True, exist_ok=True)
        client = CityClient(base_url=self.url, token=self.token(handle), transport=self.transport)
        options.setdefault("reconnect", Backoff(base=0.2, cap=0.5))
        return SyncEngine(
            client=client,
            cache=LocalCache.open(folder),
            outbox=Outbox.in_folder(folder),
            me=handle,
            **options,
        )

    def go_offline(self) -> None:
        """The network between the engines built here and the server drops."""
        self.transport.down()

    def go_online(self) -> None:
        """The network comes back."""
        self.transport.up()

    def close(self) -> None:
        """Close the database."""
        self.store.close()
        self._lent.close()


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare``, text fields' cursors steady when the SVG is taken.

    A focused ``Input``'s cursor blinks every 0.5 s: when the steps before a snapshot take longer
    (a busy machine, a parallel run), the SVG caught it hidden and the test failed. With
    ``cursor_blink`` off the cursor stays shown, as in the stored snapshots.
    """
    from textual.widgets import Input

    def compare(app: Any, *args: Any, run_before: Callable[..., Any] | None = None, **kwargs: Any) -> bool:
        async def steady(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if isinstance(result, Awaitable):
                    await result
            for text_field in pilot.app.screen.query(Input):
                text_field.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, *args, run_before=steady, **kwargs)

    return compare


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """The seeded database, built once per session."""
    return build_demo_template(tmp_path_factory.mktemp("demo-template"))


@pytest.fixture(autouse=True)
def _english_and_private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English strings, and config/data dirs the app may write to inside the test's folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("NUIT_PROFILE", raising=False)
    monkeypatch.delenv("NUIT_API_URL", raising=False)
    monkeypatch.delenv("NUIT_TOKEN", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FrozenClock:
    """The frozen time of the test (the app's clock and the server's)."""
    return FrozenClock()


@pytest.fixture
def city(tmp_path: Path, demo_template: DemoTemplate, clock: FrozenClock) -> Iterator[CityServer]:
    """The real server on a fresh copy of the seeded database."""
    db_path = tmp_path / "city.db"
    shutil.copyfile(demo_template.path, db_path)
    server = CityServer(db_path, demo_template.tokens, clock, tmp_path)
    yield server
    server.close()


@pytest.fixture
def engine(city: CityServer) -> SyncEngine:
    """The sync engine of ``ME`` on ``city`` (the app starts it)."""
    return city.engine(ME)


@pytest.fixture
def make_app(city: CityServer, clock: FrozenClock) -> Callable[..., NuitApp]:
    """A factory: ``make_app(engine=None, **kwargs)`` → ``NuitApp`` of ``ME`` on ``city``, clock frozen."""

    def _make(engine: SyncEngine | None = None, **kwargs: Any) -> NuitApp:
        from nuittui.app import NuitApp

        return NuitApp(engine=engine or city.engine(ME), clock=clock, **kwargs)

    return _make


async def wait_until(
    pilot: Pilot[Any],
    predicate: Callable[[], bool | Awaitable[bool]],
    what: str = "the condition",
    timeout: float = 60.0,  # noqa: ASYNC109 (a failure bound: passing tests never come near it)
) -> None:
    """Let the app run until ``predicate()`` is true; fail after ``timeout`` seconds saying ``what``.

    The bound only ends a test that fails: on a busy machine (a parallel run, other jobs) one
    step of the app can take seconds, and a waiting test returns as soon as the condition holds.
    """
    deadline = utcnow() + timedelta(seconds=timeout)
    while True:
        result = predicate()
        if isinstance(result, Awaitable):
            result = await result
        if result:
            await pilot.pause()
            return
        if utcnow() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.02)


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text (one line per row), the way a user reads it."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def toasts(app: App[Any]) -> list[str]:
    """The title and message of every notification shown, oldest first."""
    return [f"{n.title}: {n.message}" if n.title else n.message for n in app._notifications]
