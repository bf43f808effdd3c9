"""The fast paths answer exactly what the full path would, or step aside.

``swap post`` and ``status --line`` avoid pydantic, the client and keyring; these
tests hold their copies (limits, body encoding, profile precedence, file names)
to the real thing.
"""

from __future__ import annotations

import json
import os

import pytest
from pydantic import ValidationError

from nuittui.cache import OUTBOX_FILE, Outbox
from nuittui.cache.outbox import LEGACY_OUTBOX_FILE
from nuittui.client._base import _encode
from nuittui.models import SwapCreate
from nuittui.models import limits as model_limits
from nuittui.profiles import (
    CredentialsError,
    ProfileError,
    lean,
    load_config,
    resolve_profile,
    save_profile,
    save_token,
)
from nuittui.profiles import paths as profile_paths
from nuittui.profiles.tokens import stored_token
from nuittui.shell.lean import gate, post, statusline

TITLES = [
    "Bug",
    "  espaces autour  ",
    "x" * 120,
    "x" * 121,
    " " + "x" * 120,  # 121 characters sent: too long, though 120 once stripped
    "zéro\u200blargeur",
    "",
    "   ",
    "tab\tdedans",
    "ligne\nnouvelle",
    "insé\u00a0cable",
    "emoji 🐛 ok",
    "bidi \u202e inversé",
    "Ça marche pas",
]
TAGS = [[], ["python"], ["Python", "C++"], [" python"], ["a" * 24], ["a" * 25], ["é"], ["x"] * 8, ["x"] * 9]
BODIES = [
    "",
    "\n\nsuite\n",
    "ligne 1\n\tindentée",
    "retour\r\nwindows",
    "x" * 20_000,
    "x" * 20_001,
    "x" * 20_000 + "\n",  # 20,001 characters sent
    "\x1b[31m",
]


def _model(title: str, body: str = "", tags: list[str] | None = None, location: str = "") -> dict | None:
    try:
        return SwapCreate(title=title, body=body, tags=tags or [], location=location).model_dump(mode="json")
    except ValidationError:
        return None


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("tags", TAGS)
def test_the_gate_agrees_with_the_model_on_titles_and_tags(title: str, tags: list[str]) -> None:
    fast = gate.swap_body(title, tags=tags)
    if fast is not None:
        assert fast == _model(title, tags=tags)  # anything it vouches for, the model keeps the same way
    if _model(title, tags=tags) is None:
        assert fast is None  # anything the model refuses, it never lets through


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("location", ["", "salle 2", "x" * 121, "près\tde la fenêtre"])
def test_the_gate_agrees_with_the_model_on_bodies_and_places(body: str, location: str) -> None:
    fast = gate.swap_body("titre", body, location=location)
    model = _model("titre", body, location=location)
    if fast is not None:
        assert fast == model
    if model is None:
        assert fast is None


def test_the_copied_limits_and_names_match_their_sources() -> None:
    assert (gate.MAX_TITLE, gate.MAX_SWAP_BODY, gate.MAX_LOCATION, gate.MAX_TAGS) == (
        model_limits.MAX_TITLE,
        model_limits.MAX_SWAP_BODY,
        model_limits.MAX_LOCATION,
        model_limits.MAX_TAGS,
    )
    assert gate.TAG_PATTERN == model_limits.TAG_PATTERN
    assert statusline.OUTBOX_FILE == OUTBOX_FILE


@pytest.mark.parametrize(
    "body",
    [{"title": "Ça plante", "body": "«guillemets» 🐛\n\ttab", "tags": ["c++"], "project_id": None}, {}, None],
)
def test_the_fast_sender_encodes_bodies_byte_for_byte_like_the_client(body: object) -> None:
    # The server hashes the bytes for the Idempotency-Key: the engine's replay must match.
    assert post.encode_body(body) == _encode(body)


def _config_cases() -> list[tuple[dict[str, str], str | None]]:
    return [({}, None), ({}, "lyon"), ({"NUIT_PROFILE": "paris"}, None), ({"NUIT_PROFILE": "paris"}, "lyon")]


@pytest.mark.parametrize(("environ", "argument"), _config_cases())
@pytest.mark.parametrize("default", [None, "lyon", "paris"])
def test_the_fast_profile_resolution_matches_the_full_one(environ, argument, default) -> None:
    save_profile("lyon", "http://127.0.0.1:8000/", handle="alice", city="lyon", make_default=False)
    save_profile(
        "paris", "https://paris.example", handle="bob", city="paris", make_default=default == "paris"
    )
    if default == "lyon":
        save_profile("lyon", "http://127.0.0.1:8000", handle="alice", city="lyon", make_default=True)

    try:
        full = resolve_profile(argument, environ=environ)
    except ProfileError:
        full = None
    fast = lean.lean_profile(argument, lean.read_config(), environ)

    if fast is None:
        assert full is None
    else:
        assert full is not None
        assert (fast.name, fast.api_url, fast.handle, fast.city, fast.data_dir) == (
            full.name,
            full.api_url,
            full.handle,
            full.city,
            full.data_dir,
        )


def test_the_fast_path_steps_aside_for_what_it_does_not_handle() -> None:
    save_profile("lyon", "http://127.0.0.1:8000", handle="alice", city="lyon")

    assert lean.lean_profile(None, lean.read_config(), {"NUIT_API_URL": "http://other:1"}) is None
    assert lean.lean_profile("nope", lean.read_config(), {}) is None
    assert lean.lean_profile(None, None, {}) is None
    assert not post.lean_sendable({"HTTPS_PROXY": "http://proxy:3128"})
    assert post.lean_sendable({})


def test_the_fast_token_matches_the_stored_one_and_refuses_an_open_file(home) -> None:
    save_profile("lyon", "http://127.0.0.1:8000", handle="alice", city="lyon")
    save_token("lyon", "nuit_secret", config=load_config())
    profile = lean.lean_profile(None, lean.read_config(), {})
    assert profile is not None
    credentials = profile_paths.credentials_path()

    assert lean.lean_token(profile, {}) == stored_token("lyon") == "nuit_secret"
    assert lean.lean_token(profile, {"NUIT_TOKEN": "nuit_env"}) == "nuit_env"
    os.chmod(credentials, 0o644)
    assert lean.lean_token(profile, {}) is None
    with pytest.raises(CredentialsError):
        stored_token("lyon")


def test_the_status_line_counts_the_outbox_as_the_outbox_does(tmp_path) -> None:
    outbox = Outbox.in_folder(tmp_path)
    swap = outbox.enqueue("swap.create", "POST", "/v1/swaps", {"title": "x"}, summary="Swap")
    claim = outbox.enqueue("swap.claim", "POST", "/v1/swaps/3/claim", None, summary="Claim")
    outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": "y"}, summary="Msg")
    outbox.dead_letter(claim.key, "409 already claimed")
    outbox.mark_failed(swap.key, error="timeout", now=0)
    with open(outbox.path, "ab") as journal:
        journal.write(b"0badc0de {not a record}\n12")  # a damaged line, and a write in progress

    facts = statusline.StatusFacts()
    statusline._outbox_facts(tmp_path, facts)

    assert (facts.queued, facts.pending_swaps, facts.dead) == (2, 1, 1)
    assert (outbox.pending_count(), outbox.dead_count()) == (2, 1)


def test_the_status_line_reads_the_old_outbox_file_until_it_is_imported(tmp_path) -> None:
    old = {"meta": {"1": {"format": 1, "next_id": 3}}, "queue": {"1": {"kind": "swap.create"}}, "dead": {}}
    (tmp_path / LEGACY_OUTBOX_FILE).write_bytes(json.dumps(old).encode())

    facts = statusline.StatusFacts()
    statusline._outbox_facts(tmp_path, facts)

    assert (facts.queued, facts.pending_swaps, facts.dead) == (1, 1, 0)
