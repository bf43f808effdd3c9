"""Five answers in a row that are not the contract turn a write into a dead letter — never into nothing.

Before the fifth the write stays queued; from the fifth on it is a dead letter the user sees in
``nuit-tui outbox`` (and can retry: then it lands exactly once). When the server did take it (only
its answers were spoiled), the next pull brings its event back with the key, and that settles the
dead letter: the user is not told "refused" about a write that is on the server.
"""

from __future__ import annotations

import asyncio

import pytest

from .cases import GARBAGE, Case, engine_of, queued_line
from .exactly_once import ExactlyOnce, Write

IN_A_ROW = 5
MOST_ROUNDS = 12
"""A bound on the loops below: each round sends the write at least once."""


def check_by_count(ledger: ExactlyOnce, write: Write, answered: int) -> bool:
    """Queued before the fifth garbage answer, a dead letter from it on; True once dead."""
    standing = ledger.standing(write)
    if answered < IN_A_ROW:
        assert (standing.queued, standing.dead) == (1, 0), f"after {answered} garbage answers: {standing}"
        return False
    assert (standing.queued, standing.dead) == (0, 1), f"after {answered} garbage answers: {standing}"
    return True


@pytest.mark.parametrize("case", GARBAGE, ids=str)
async def test_the_engine_dead_letters_a_write_after_five_garbage_answers(
    case: Case, alice, rig, ledger, nuit
) -> None:
    title = "pip install tourne en boucle"
    write = ledger.swap(title)
    case.apply(rig, only="POST /v1/swaps")
    async with engine_of(alice.profile) as engine:
        entry = await engine.post_swap({"title": title})
        for _round in range(MOST_ROUNDS):
            await engine.drain()
            if check_by_count(ledger, write, len(rig.requests(key=entry.key))):
                break
        else:
            pytest.fail(f"still not a dead letter after {MOST_ROUNDS} drains")

        dead = ledger.outbox().get(entry.key)
        assert dead is not None and dead.dead_reason, dead
        assert engine.write_status(entry.key).state == "dead"
        assert engine.state.dead_letters == 1
        listing = await asyncio.to_thread(nuit, "outbox")
        assert "refused" in listing.out and title in listing.out, listing.out
        ledger.check()

        rig.clear()
        await engine.sync_once()

        ledger.check(settled=True)  # a dead letter is not sent again behind the user's back
        if case.forwards:
            # The server did take it: its event came back with the key and settled the dead letter.
            assert (ledger.standing(write).landed, ledger.standing(write).dead) == (1, 0)
            assert engine.write_status(entry.key).state == "sent"
            assert engine.state.dead_letters == 0
            listing = await asyncio.to_thread(nuit, "outbox")
            assert title not in listing.out, listing.out
            return
        assert ledger.standing(write).dead == 1

        await engine.retry_dead(entry.key)
        await engine.sync_once()

        ledger.check(settled=True)
        assert ledger.standing(write).landed == 1


@pytest.mark.parametrize("case", [c for c in GARBAGE if c.name in ("html", "wrong_schema")], ids=str)
def test_the_shell_shows_a_write_refused_after_five_garbage_answers(
    case: Case, alice, rig, nuit, ledger
) -> None:
    title = "le wifi coupe toutes les 5 minutes"
    write = ledger.swap(title)
    case.apply(rig, only="POST /v1/swaps")

    posted = nuit("swap", "post", title)

    assert posted.code == 0 and queued_line(posted.err), (posted.out, posted.err)
    entries = ledger.entries(write)[0]
    assert len(entries) == 1, "the write is not in the outbox"
    key = entries[0].key
    for _round in range(MOST_ROUNDS):
        if check_by_count(ledger, write, len(rig.requests(key=key))):
            break
        synced = nuit("sync")
        assert synced.code == 0, synced.err  # the pull passes: only the write meets garbage
    else:
        pytest.fail(f"still not a dead letter after {MOST_ROUNDS} syncs")

    listing = nuit("outbox")
    assert "refused" in listing.out and title in listing.out, listing.out
    ledger.check()

    rig.clear()
    assert nuit("sync").code == 0
    ledger.check(settled=True)
    assert ledger.standing(write).dead == 1

    assert nuit("outbox", "--retry", key[:8]).code == 0
    assert nuit("sync").code == 0
    ledger.check(settled=True)
    assert ledger.standing(write).landed == 1
