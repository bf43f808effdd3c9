"""The in-process demo server, its sandbox database and the demo participant's profile."""

from __future__ import annotations

import os
import stat
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from nuittui.demo import DEMO_PROFILE, DemoError, DemoServer, ensure_demo_participant, run_demo
from nuittui.demo.sandbox import prepare_demo_db, seeded_at
from nuittui.models import utcnow
from nuittui.models.limits import MAX_HEADER_BYTES
from nuittui.profiles import delete_token, list_profiles, profile_data_dir, stored_token
from nuittui.server.demo import demo_offset, event_definition

from .conftest import port_is_closed


def _get(url: str, path: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(url + path, headers=headers, timeout=10)


def test_the_server_serves_the_seeded_event_on_a_free_port_then_stops(data_home: Path) -> None:
    with DemoServer() as server:
        assert server.url.startswith("http://127.0.0.1:")
        event = _get(server.url, "/v1/event").json()
        oversize = httpx.get(server.url + "/v1/event", headers={"X-Pad": "p" * MAX_HEADER_BYTES})
        files = [Path(f"{server.db_path}{suffix}") for suffix in ("", "-wal", "-shm")]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
        port = server.port
    assert oversize.status_code == 431, "the demo bounds request heads as nuit-server serve does"
    if os.name == "posix":
        assert modes == {"demo.db": 0o600, "demo.db-wal": 0o600, "demo.db-shm": 0o600}
    assert len(event["cities"]) == 7
    assert len(event["themes"]) == 6
    assert server.created
    assert (data_home / "demo" / "demo.db").is_file()
    assert port_is_closed(port)


def test_a_restart_keeps_the_sandbox_and_reset_starts_afresh(seeded_sandbox: Path) -> None:
    with DemoServer() as server:
        profile = ensure_demo_participant(server)
        token = profile.token
        assert token is not None
        me = _get(server.url, "/v1/me", token).json()
        assert (me["handle"], me["display_name"], me["city"]) == ("moi", "Vous (démo)", "lyon")
        posted = httpx.post(
            server.url + "/v1/swaps",
            headers={"Authorization": f"Bearer {token}"},
            json={"title": "Mon test ne passe pas", "tags": ["python"]},
        )
        assert posted.status_code == 201
        swap = f"/v1/swaps/{posted.json()['id']}"
    # The app's cache of the demo lives in the demo profile's data folder.
    cache = profile_data_dir(DEMO_PROFILE)
    cache.mkdir(parents=True)
    (cache / "state.json").write_text("{}")

    with DemoServer() as server:
        again = ensure_demo_participant(server)
        assert not server.created
        assert again.token == token, "same database: the participant keeps their token"
        assert again.api_url == server.url, "the port changed: the profile follows it"
        assert _get(server.url, swap, token).status_code == 200
    assert cache.is_dir()

    with DemoServer(reset=True) as server:
        fresh = ensure_demo_participant(server)
        assert server.created
        assert not cache.exists(), "a reset forgets the old cache and outbox"
        assert fresh.token != token
        assert _get(server.url, "/v1/me", token).status_code == 401
        assert _get(server.url, swap, fresh.token).status_code == 404


def test_the_demo_profile_is_saved_without_becoming_the_default(seeded_sandbox: Path) -> None:
    with DemoServer() as server:
        ensure_demo_participant(server)
        [saved] = list_profiles()
        assert (saved.name, saved.api_url, saved.handle, saved.city) == ("demo", server.url, "moi", "lyon")
        assert not saved.is_default

        # A lost token cannot log "moi" in again: the sandbox registers a spare handle instead.
        delete_token(DEMO_PROFILE)
        other = ensure_demo_participant(server)
        assert other.handle == "moi-2"
        assert _get(server.url, "/v1/me", stored_token(DEMO_PROFILE)).json()["handle"] == "moi-2"


def test_a_stale_or_unfinished_sandbox_is_seeded_again(seeded_sandbox: Path) -> None:
    db = seeded_sandbox
    assert not prepare_demo_db(db), "seeded a moment ago: kept"
    two_days_ago = utcnow() - timedelta(days=2)
    db.with_name("demo.db.seeded").write_text(two_days_ago.isoformat())
    cache = profile_data_dir(DEMO_PROFILE)
    cache.mkdir(parents=True)
    assert prepare_demo_db(db), "seeded two days ago: now is no longer Saturday evening"
    assert not cache.exists(), "the old cache described the old database"
    seeded = seeded_at(db)
    assert seeded is not None and utcnow() - seeded < timedelta(minutes=5)

    with DemoServer(db_path=db) as server:
        starts = _get(server.url, "/v1/event").json()["starts_at"]
    shift = demo_offset(seeded)
    assert datetime.fromisoformat(starts) == event_definition().starts_at + shift

    db.with_name("demo.db.seeded").unlink()  # as if seeding had been interrupted
    assert prepare_demo_db(db)


async def test_the_server_and_the_participant_work_inside_an_event_loop(seeded_sandbox: Path) -> None:
    async with DemoServer() as server:
        # The app's loop is running: the synchronous helper must not try to nest another.
        profile = ensure_demo_participant(server)
        async with httpx.AsyncClient(base_url=server.url) as client:
            me = await client.get("/v1/me", headers={"Authorization": f"Bearer {profile.token}"})
            assert me.json()["handle"] == "moi"
    assert port_is_closed(server.port)


def test_a_server_that_cannot_start_says_why_in_one_line(home: Path) -> None:
    blocker = home / "not-a-folder"
    blocker.write_text("")
    with (
        pytest.raises(DemoError, match="cannot prepare the demo's database"),
        DemoServer(db_path=blocker / "demo.db"),
    ):
        pass


def test_run_demo_yields_the_profile_and_a_stop_handle(seeded_sandbox: Path) -> None:
    with run_demo(simulate=False) as demo:
        assert demo.profile_name == "demo"
        assert demo.profile.api_url == demo.url
        assert _get(demo.url, "/v1/me", demo.profile.token).json()["handle"] == "moi"
        demo.stop()
        assert port_is_closed(demo.server.port)
