"""Registering again after a lost answer: the same Idempotency-Key and body give a new token for the
account the first attempt made (never "handle taken"); the undelivered token stops working."""

from __future__ import annotations

import httpx

from .conftest import JOIN_CODE

BODY = {"join_code": JOIN_CODE, "handle": "bob", "display_name": "Bob", "city": "lyon", "skills": []}


async def _me(api: httpx.AsyncClient, token: str) -> int:
    return (await api.get("/v1/me", headers={"Authorization": f"Bearer {token}"})).status_code


async def test_a_retry_with_the_same_key_gets_a_new_token_for_the_same_account(
    api: httpx.AsyncClient,
) -> None:
    key = {"Idempotency-Key": "0b6c2a4e-registration"}
    first = await api.post("/v1/auth/register", json=BODY, headers=key)
    lost_token = first.json()["token"]  # the answer that never reached the person
    again = await api.post("/v1/auth/register", json=BODY, headers=key)
    without_key = await api.post("/v1/auth/register", json=BODY)
    other_body = await api.post("/v1/auth/register", json=BODY | {"display_name": "Robert"}, headers=key)

    assert first.status_code == again.status_code == 201
    assert again.json()["user"]["handle"] == "bob" and again.json()["token"] != lost_token
    assert await _me(api, again.json()["token"]) == 200
    assert await _me(api, lost_token) == 401
    assert without_key.status_code == 409  # a new request: the handle is taken
    assert other_body.status_code == 422
    users = (await api.get("/v1/users", headers={"Authorization": f"Bearer {again.json()['token']}"})).json()
    assert [u["handle"] for u in users].count("bob") == 1


async def test_a_key_does_not_get_past_the_join_code(api: httpx.AsyncClient) -> None:
    key = {"Idempotency-Key": "0b6c2a4e-registration"}
    assert (await api.post("/v1/auth/register", json=BODY, headers=key)).status_code == 201

    wrong = await api.post("/v1/auth/register", json=BODY | {"join_code": "faux"}, headers=key)

    assert wrong.status_code == 403
