"""``nuit-tui swap …``: post (from a pipe), list, show, and the actions on a swap."""

from __future__ import annotations

import json

from pydantic import TypeAdapter

from nuittui.models import SwapPublic

from .conftest import JOIN_CODE


def test_swap_post_from_a_pipe_then_list_and_show(logged_in, nuit) -> None:
    output = (
        "\x1b[1;31mTraceback (most recent call last):\x1b[0m\n"
        '  File "app.py", line 3\nZeroDivisionError: division by zero\n'
    )

    posted = nuit("swap", "post", "Division par zéro", "--tag", "Python", "--where", "salle 2", stdin=output)
    listed = nuit("swap", "list")
    shown = nuit("swap", "show", "1")
    as_json = nuit("swap", "list", "--json")

    assert posted.code == 0 and posted.out.strip() == "posted swap #1: Division par zéro"
    assert listed.code == 0 and "#1" in listed.out and "Division par zéro [python]" in listed.out
    assert shown.code == 0 and "where: salle 2" in shown.out
    assert '```\nTraceback (most recent call last):\n  File "app.py", line 3\nZeroDivisionError' in shown.out
    assert "\x1b" not in shown.out
    swaps = TypeAdapter(list[SwapPublic]).validate_python(json.loads(as_json.out))
    assert [(s.id, s.title, s.tags, s.location, s.author) for s in swaps] == [
        (1, "Division par zéro", ["python"], "salle 2", "alice")
    ]


def test_a_long_piped_output_keeps_its_end_and_says_so(logged_in, nuit) -> None:
    # Colours, and a progress line rewritten in place (carriage return, erase line).
    lines = [f"\x1b[32mline {n:05d}\x1b[0m 10%\r\x1b[Kline {n:05d} 100% done" for n in range(3000)]

    posted = nuit("swap", "post", "le build échoue", stdin="\n".join(lines) + "\nFATAL: the end matters\n")
    body = json.loads(nuit("swap", "show", "1", "--json").out)["swap"]["body"]

    assert posted.code == 0
    assert "(output cut: showing the last" in posted.err and "of 3001 lines)" in posted.err
    assert body.startswith("(output cut: showing the last ")
    assert body.rstrip("`\n").endswith("FATAL: the end matters")
    assert "line 02999 100% done" in body and "line 00000" not in body
    assert "\x1b" not in body and "\r" not in body
    assert 10_000 < len(body) < 12_400


def test_body_from_stdin_and_a_doubtful_title_takes_the_validating_path(logged_in, nuit) -> None:
    with_body = nuit(
        "swap", "post", "Besoin d'aide sur SQL", "--body", "-", stdin="Ma requête est lente.\nEXPLAIN ?"
    )
    # A non-breaking space: the fast path cannot vouch for it, the model cleans and checks it.
    odd = nuit("swap", "post", "Titre\u00a0insécable")
    too_long = nuit("swap", "post", "x" * 121)
    swaps = json.loads(nuit("swap", "list", "--json").out)

    assert with_body.code == 0 and odd.code == 0
    assert too_long.code == 1 and too_long.err.count("\n") == 1 and "title" in too_long.err
    assert [s["title"] for s in swaps] == ["Titre\u00a0insécable", "Besoin d'aide sur SQL"]
    assert swaps[1]["body"] == "Ma requête est lente.\nEXPLAIN ?"


def test_claim_release_resolve_and_refusals(logged_in, nuit) -> None:
    assert nuit("swap", "post", "mon swap", "--profile", "alice").code == 0
    bob = nuit(
        "login", logged_in.url, "--code", JOIN_CODE, "--handle", "bob", "--city", "rennes", "--profile", "bob"
    )

    own = nuit("swap", "claim", "1", "--profile", "alice")
    claimed = nuit("swap", "claim", "1", "--profile", "bob")
    released = nuit("--profile", "bob", "swap", "release", "1")
    again = nuit("swap", "claim", "1", "--profile", "bob")
    resolved = nuit("swap", "resolve", "1", "--thanks", "merci Bob !", "--rating", "5", "--profile", "alice")
    shown = json.loads(nuit("swap", "show", "1", "--json", "--profile", "alice").out)
    outbox = json.loads(nuit("outbox", "--json", "--profile", "alice").out)

    assert bob.code == 0 and "in Rennes" in bob.out
    assert own.code == 1 and own.out == "" and own.err.startswith("nuit-tui: refused: ")
    assert claimed.code == 0 and "claimed swap #1" in claimed.out
    assert released.code == 0 and again.code == 0 and resolved.code == 0
    swap = SwapPublic.model_validate(shown["swap"])
    assert (swap.status, swap.claimed_by, swap.thanks, swap.rating) == ("resolved", "bob", "merci Bob !", 5)
    assert shown["messages"] == []
    assert outbox == {"queued": [], "dead": []}  # the refusal was shown, nothing left to clean up


def test_list_filters_and_mine(logged_in, nuit) -> None:
    nuit("swap", "post", "python", "--tag", "python")
    nuit("swap", "post", "rust", "--tag", "rust")
    nuit(
        "login", logged_in.url, "--code", JOIN_CODE, "--handle", "bob", "--city", "rennes", "--profile", "bob"
    )
    nuit("swap", "post", "bob's", "--tag", "python", "--profile", "bob")
    nuit("swap", "claim", "1", "--profile", "bob")

    def titles(*args: str) -> list[str]:
        return [
            s["title"] for s in json.loads(nuit("swap", "list", "--json", "--profile", "alice", *args).out)
        ]

    assert titles() == ["bob's", "rust", "python"]
    assert titles("--tag", "python") == ["bob's", "python"]
    assert titles("--mine") == ["rust", "python"]
    assert titles("--city", "rennes") == ["bob's"]
    assert titles("--status", "claimed") == ["python"]
    assert nuit("swap", "list", "--status", "resolved").out.strip() == "no swaps"


def test_show_says_what_i_may_do_on_a_swap_and_why_i_may_not_claim(logged_in, nuit) -> None:
    nuit("swap", "post", "mon swap")
    nuit(
        "login", logged_in.url, "--code", JOIN_CODE, "--handle", "bob", "--city", "rennes", "--profile", "bob"
    )

    mine = nuit("swap", "show", "1", "--profile", "alice")
    theirs = nuit("swap", "show", "1", "--profile", "bob")
    nuit("swap", "claim", "1", "--profile", "bob")
    helping = nuit("swap", "show", "1", "--profile", "bob")

    assert "you can: resolve, cancel\n" in mine.out
    assert "no claim: This is your own swap: someone else claims it to help you.\n" in mine.out
    assert "you can: claim\n" in theirs.out and "no claim" not in theirs.out
    assert "you can: release\n" in helping.out and "no claim" not in helping.out
