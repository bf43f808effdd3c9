"""The app says why when something keeps it from syncing: a credentials file others can read."""

from __future__ import annotations

import pytest

from nuittui.app import NuitApp
from nuittui.profiles import credentials_path, resolve_profile, save_profile, save_token
from nuittui.starting import engine_for

from .conftest import BASE_URL, ME, MY_CITY, SIZE, screen_text, toasts, wait_until


async def test_a_credentials_file_others_can_read_is_explained_not_shown_as_logged_out(
    city, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    name = save_profile("lyon", BASE_URL, handle=ME, city=MY_CITY)
    save_token(name, city.token(ME))
    credentials_path().chmod(0o644)
    profile = resolve_profile(None)
    engine = engine_for(profile, transport=city.transport)

    app = NuitApp(engine=engine, clock=clock, profile=profile)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.engine.state.last_error is not None, "the first sync")
        status_line = screen_text(app).splitlines()[-2]
        said = toasts(app)
        reason = app.engine.state.last_error

    assert reason is not None and "readable by others; run: chmod 600" in reason
    assert str(credentials_path())[:20] in status_line and "not logged in" not in status_line
    assert any("readable by others" in toast for toast in said)


def test_the_status_bar_shows_a_full_disk_as_a_full_disk_with_the_age_of_the_data() -> None:
    from datetime import UTC, datetime

    from nuittui.sync.state import ConnectionState
    from nuittui.widgets.status_bar import status_content

    synced = datetime(2017, 3, 4, 20, 0, tzinfo=UTC)
    state = ConnectionState(
        "disk_full", last_synced_at=synced, stale_since=synced, last_error="the disk is full: x was not saved"
    )

    line = status_content(state, UTC).plain

    assert line.startswith("▲ disk full · stale since 20:00") and "offline" not in line
    assert line.endswith("the disk is full: x was not saved")


async def test_a_damaged_outbox_file_is_told_and_acknowledged_from_the_palette(city, clock, tmp_path) -> None:
    from nuittui.cache import Outbox
    from nuittui.cache.outbox import OUTBOX_FILE

    folder = tmp_path / "profile"
    folder.mkdir()
    outbox = Outbox.in_folder(folder)
    for body in ("un", "deux"):
        outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": body}, summary=body)
    journal = folder / OUTBOX_FILE
    data = journal.read_bytes()
    journal.write_bytes(data[: data.index(b'"deux"') + 2])  # the second write's record is cut short

    app = NuitApp(engine=city.engine(ME, folder=folder), clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.outbox_damage == 1, "the damage report")
        said = toasts(app)
        await wait_until(pilot, lambda: app.engine.state.queued == 0, "the intact write sent")
        await pilot.press("ctrl+p", *"acknowledge")
        await wait_until(
            pilot, lambda: "outbox: Acknowledge damage report" in screen_text(app), "the command"
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.outbox_damage == 0, "the acknowledgement")

    assert any("1 writes recovered, 1 unreadable records" in toast and "corrupt" in toast for toast in said)
    assert Outbox.in_folder(folder).recoveries() == []
    async with city.client() as other:
        bodies = [m.body for m in (await other.messages("all", limit=50)).messages]
    assert bodies.count("un") == 1 and "deux" not in bodies


def test_the_status_bar_says_why_writes_still_wait_while_online() -> None:
    from datetime import UTC

    from nuittui.sync.state import ConnectionState
    from nuittui.widgets.status_bar import status_content

    state = ConnectionState("online", queued=27, queued_reason="too many requests; retry in 10 s")

    assert status_content(state, UTC).plain == "● online · 27 queued · too many requests; retry in 10 s"
