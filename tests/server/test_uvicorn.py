"""The app behind a real uvicorn on 127.0.0.1: plain HTTP clients, a long poll over TCP."""

from __future__ import annotations

import threading
import time

import httpx

from nuittui.models import MAX_POLL_TIMEOUT, PROBLEM_MEDIA_TYPE, SyncBatch

from .conftest import JOIN_CODE


def _register(client: httpx.Client, handle: str) -> dict[str, str]:
    body = {"join_code": JOIN_CODE, "handle": handle, "display_name": handle.title(), "city": "lyon"}
    response = client.post("/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_register_post_and_sync_over_tcp(live_url: str) -> None:
    with httpx.Client(base_url=live_url, timeout=10) as client:
        alice = _register(client, "alice")
        start = SyncBatch.model_validate(client.get("/v1/sync", headers=alice).json())
        posted = client.post("/v1/channels/all/messages", json={"body": "Bonsoir !"}, headers=alice)
        batch = SyncBatch.model_validate(
            client.get("/v1/sync", params={"since": start.cursor}, headers=alice).json()
        )
        refused = client.get("/v1/me")

    assert start.reset and start.snapshot is not None
    assert posted.status_code == 201
    assert [(e.type, e.data["body"]) for e in batch.events] == [("message.create", "Bonsoir !")]
    assert batch.cursor == posted.json()["seq"]
    assert refused.status_code == 401 and refused.headers["content-type"] == PROBLEM_MEDIA_TYPE


def test_a_long_poll_over_tcp_wakes_on_a_post(live_url: str) -> None:
    with httpx.Client(base_url=live_url, timeout=30) as client:
        alice = _register(client, "alice")
        bob = _register(client, "bob")
        cursor = client.get("/v1/sync", headers=bob).json()["cursor"]
    answers: list[tuple[float, httpx.Response]] = []

    def poll() -> None:
        # Its own connection, as a second terminal would have.
        with httpx.Client(base_url=live_url, timeout=MAX_POLL_TIMEOUT + 10) as own:
            params = {"since": cursor, "timeout": MAX_POLL_TIMEOUT}
            response = own.get("/v1/sync", params=params, headers=bob)
            answers.append((time.perf_counter(), response))

    waiting = threading.Thread(target=poll)
    waiting.start()
    time.sleep(0.3)
    assert not answers, "the poll answered before anything happened"
    with httpx.Client(base_url=live_url, timeout=10) as client:
        posted_at = time.perf_counter()
        assert (
            client.post("/v1/channels/all/messages", json={"body": "Debout !"}, headers=alice).status_code
            == 201
        )
    waiting.join(timeout=MAX_POLL_TIMEOUT + 15)

    assert answers, "the poll never answered"
    woken_at, response = answers[0]
    # Woken by the commit, not by the poll's timeout: the bound only tells the two apart, since a
    # busy machine can take seconds over one fsync (speed is the benchmarks' business).
    assert woken_at - posted_at < MAX_POLL_TIMEOUT / 2
    assert [e["data"]["body"] for e in response.json()["events"]] == ["Debout !"]
