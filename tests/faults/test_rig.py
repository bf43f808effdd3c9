"""The rig itself: each fault does what it says, to httpx and to ``http.client`` alike."""

from __future__ import annotations

import http.client
import json
import time

import httpx
import pytest

from tests.sync.live import LiveServer

from .rig import CAPTIVE_URL, Rig


def post(
    rig: Rig, token: str, path: str, body: object, key: str, timeout: float = 10
) -> http.client.HTTPResponse:
    """One POST through the rig with ``http.client`` (as the shell's fast path sends it)."""
    connection = http.client.HTTPConnection("127.0.0.1", rig.port, timeout=timeout)
    connection.request(
        "POST",
        path,
        body=json.dumps(body).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": key,
            "Content-Type": "application/json",
        },
    )
    return connection.getresponse()


def swaps_titled(server: LiveServer, token: str, title: str) -> int:
    listed = server.call(token, "GET", "/v1/swaps")
    return sum(1 for s in listed.json() if s["title"] == title)


def test_pass_relays_answers_on_kept_alive_connections_and_records_requests(server, rig) -> None:
    token = server.register("ada")
    with httpx.Client(base_url=rig.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        event = client.get("/v1/event")
        created = client.post("/v1/swaps", json={"title": "via the rig"}, headers={"Idempotency-Key": "k-1"})
        again = client.post("/v1/swaps", json={"title": "via the rig"}, headers={"Idempotency-Key": "k-1"})
        polled = client.get("/v1/sync", params={"timeout": 0})

    assert event.status_code == 200 and event.json()["name"]
    assert created.status_code == 201 and again.json() == created.json()
    assert polled.status_code == 200 and "cursor" in polled.json()
    assert [(s.method, s.path, s.key, s.fault) for s in rig.seen] == [
        ("GET", "/v1/event", None, "pass"),
        ("POST", "/v1/swaps", "k-1", "pass"),
        ("POST", "/v1/swaps", "k-1", "pass"),
        ("GET", "/v1/sync", None, "pass"),
    ]
    assert rig.seen[-1].target == "/v1/sync?timeout=0"
    assert rig.connections == 1  # one kept-alive connection carried the four requests
    assert swaps_titled(server, token, "via the rig") == 1


def test_http_client_goes_through_too(server, rig) -> None:
    token = server.register("ada")
    answer = post(rig, token, "/v1/swaps", {"title": "lean"}, "k-lean")
    assert answer.status == 201 and json.loads(answer.read())["title"] == "lean"
    assert rig.requests(method="POST", key="k-lean")


@pytest.mark.parametrize(
    ("fault", "status", "mime", "check"),
    [
        ("html", 200, "text/html; charset=utf-8", lambda body, _r: b"<html>" in body),
        ("wrong_schema", 200, "application/json", lambda body, _r: json.loads(body) == {"ok": True}),
        (
            "rate_limited",
            429,
            "application/problem+json",
            lambda body, r: json.loads(body)["status"] == 429 and r.getheader("Retry-After") == "7",
        ),
        (
            "captive_redirect",
            302,
            "text/html; charset=utf-8",
            lambda _b, r: r.getheader("Location") == CAPTIVE_URL,
        ),
    ],
)
def test_answering_faults_never_reach_the_server(server, rig, fault, status, mime, check) -> None:
    token = server.register("ada")
    rig.set(fault, retry_after=7)
    answer = post(rig, token, "/v1/swaps", {"title": "never there"}, "k-1")
    body = answer.read()
    assert (answer.status, answer.getheader("Content-Type")) == (status, mime)
    assert check(body, answer)
    assert swaps_titled(server, token, "never there") == 0
    assert [s.fault for s in rig.seen] == [fault]


def test_wrong_schema_after_the_write_replaces_the_real_answer(server, rig) -> None:
    token = server.register("ada")
    rig.set("wrong_schema", after=True)
    answer = post(rig, token, "/v1/swaps", {"title": "there, unheard"}, "k-1")
    assert json.loads(answer.read()) == {"ok": True}
    assert swaps_titled(server, token, "there, unheard") == 1
    assert rig.seen[0].fault == "wrong_schema+after"


def test_truncated_sends_half_the_real_body_after_the_write(server, rig) -> None:
    token = server.register("ada")
    rig.set("truncated")
    answer = post(rig, token, "/v1/swaps", {"title": "half heard"}, "k-1")
    assert answer.status == 201
    with pytest.raises(http.client.IncompleteRead):
        answer.read()
    assert swaps_titled(server, token, "half heard") == 1


@pytest.mark.parametrize("after", [False, True])
def test_reset_breaks_the_connection_before_or_after_the_write(server, rig, after) -> None:
    token = server.register("ada")
    rig.set("reset", after=after)
    with pytest.raises(ConnectionResetError):
        post(rig, token, "/v1/swaps", {"title": "reset"}, "k-1").read()
    assert swaps_titled(server, token, "reset") == (1 if after else 0)


def test_silent_reads_the_request_and_never_answers(server, rig) -> None:
    token = server.register("ada")
    rig.set("silent")
    connection = http.client.HTTPConnection("127.0.0.1", rig.port, timeout=0.5)
    connection.request(
        "POST",
        "/v1/swaps",
        body=b'{"title": "silence"}',
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"},
    )
    with pytest.raises(TimeoutError):
        connection.getresponse()
    connection.close()
    assert rig.requests(key="k-1")
    assert swaps_titled(server, token, "silence") == 0
    rig.wait_for(lambda _seen: rig.open_connections == 0)  # the rig noticed the client hang up


def test_trickle_sends_a_whole_answer_byte_by_byte_and_stops_when_the_client_leaves(rig) -> None:
    rig.set("trickle", every=0.002, size=60)
    with httpx.Client(base_url=rig.url, timeout=30) as client:
        answer = client.get("/v1/event")
    assert answer.status_code == 200 and len(answer.content) == 60 and answer.json()["id"] == 1

    rig.set("trickle", every=5)
    connection = http.client.HTTPConnection("127.0.0.1", rig.port, timeout=0.5)
    connection.request("GET", "/v1/event")
    with pytest.raises(TimeoutError):
        connection.getresponse().read()
    connection.close()
    rig.wait_for(lambda _seen: rig.open_connections == 0)


def test_rules_are_scoped_by_method_path_and_count(server, rig) -> None:
    token = server.register("ada")
    rig.set("html", only="POST /v1/swaps", times=2)
    rig.add("rate_limited", but="/v1/sync")
    with httpx.Client(base_url=rig.url, headers={"Authorization": f"Bearer {token}"}, timeout=10) as client:
        statuses = [
            client.post("/v1/swaps", json={"title": "a"}).headers["content-type"].split(";")[0],
            client.post("/v1/swaps", json={"title": "b"}).headers["content-type"].split(";")[0],
            client.post("/v1/swaps", json={"title": "c"}).status_code,
            client.get("/v1/sync", params={"timeout": 0}).status_code,
            client.get("/v1/event").status_code,
        ]
        rig.clear()
        statuses.append(client.get("/v1/event").status_code)
    assert statuses == ["text/html", "text/html", 429, 200, 429, 200]
    assert [s.fault for s in rig.seen] == ["html", "html", "rate_limited", "pass", "rate_limited", "pass"]
    with pytest.raises(ValueError, match="unknown fault"):
        rig.set("lie")  # type: ignore[arg-type]


def test_stop_ends_every_thread_even_with_clients_stuck_on_it(server) -> None:
    rig = Rig(server.url).start()
    rig.set("silent", only="/v1/event")
    rig.add("trickle", every=30)
    stuck = []
    for path in ("/v1/event", "/v1/schedule"):
        connection = http.client.HTTPConnection("127.0.0.1", rig.port, timeout=60)
        connection.request("GET", path)
        stuck.append(connection)
    rig.wait_for(lambda seen: len(seen) == 2)
    started = time.monotonic()
    rig.stop()  # asserts that no thread survived
    assert time.monotonic() - started < 30  # bounded: a deadline, not a speed
    for connection in stuck:
        connection.close()
