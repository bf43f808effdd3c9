"""The organizers' shell: signing in with a token or a recovery code, and the org commands."""

from __future__ import annotations

import json

from .conftest import JOIN_CODE


def test_login_with_an_organizer_token_saves_the_profile(server, orga, nuit) -> None:
    result = nuit("login", server.url, "--token", orga, "--profile", "orga")
    status = nuit("status", "--json", "--profile", "orga")

    assert result.code == 0, result.err
    assert result.out.startswith("logged in as Orga Lyon (orga) in ") and "profile orga" in result.out
    assert status.code == 0, status.err
    assert json.dumps(json.loads(status.out))  # the saved profile works for every command


def test_login_with_a_bad_token_is_one_line(server, nuit) -> None:
    result = nuit("login", server.url, "--token", "nuit_not-a-real-token", "--profile", "x")

    assert result.code == 1
    assert result.err.startswith("nuit-tui: the server refused this token") and result.err.count("\n") == 1


def test_login_with_a_recovery_code(server, orga, nuit) -> None:
    server.register("bob", city="lyon")
    answer = server.call(orga, "POST", "/v1/users/bob/recovery", json={})
    assert answer.status_code == 201, answer.text
    code = answer.json()["code"]

    result = nuit("login", server.url, "--recover", code, "--handle", "bob", "--profile", "bob")
    again = nuit("login", server.url, "--recover", code, "--handle", "bob", "--profile", "bob2")

    assert result.code == 0, result.err
    assert "(bob)" in result.out and "profile bob" in result.out
    assert again.code == 1 and again.err.startswith("nuit-tui: the recovery code was refused")
    assert again.err.count("\n") == 1


def test_login_with_a_join_code_still_needs_a_handle(server, nuit) -> None:
    result = nuit("login", server.url, "--code", JOIN_CODE)

    assert result.code == 1 and "--handle" in result.err
