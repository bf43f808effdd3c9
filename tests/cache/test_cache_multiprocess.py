"""The app and shell commands of one profile share the folder without clobbering each other."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson

from nuittui.cache import LocalCache, Outbox
from nuittui.models import EventType, SwapStatus, apply_events

from .cache_builders import Stream, message, reset_batch, swap, user

HERE = Path(__file__).parent


def child_env() -> dict[str, str]:
    """The environment of a helper process: it imports the test builders too."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}


def test_what_one_instance_writes_the_other_reads_and_neither_clobbers(tmp_path: Path) -> None:
    stream = Stream()
    app = LocalCache(tmp_path)
    app.apply(reset_batch(stream)[0])
    shell = LocalCache(tmp_path)
    assert len(shell.swaps()) == 3 and shell.cursor() == stream.seq  # loaded into memory now

    app.apply(stream.batch([stream.message("all", "alice-lyon", "posté depuis l'app")]))
    assert shell.messages("all")[-1].body == "posté depuis l'app"

    # The shell's copy of the swaps predates the app's write: it must merge, not overwrite.
    shell.apply(stream.batch([stream.upsert(EventType.SWAP, swap(7, "hugo-paris", "paris"))]))
    for cache in (app, shell):
        assert cache.swap(7) is not None
        assert cache.messages("all")[-1].body == "posté depuis l'app"
        assert cache.cursor() == stream.seq


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import orjson
    from nuittui.cache import LocalCache, Outbox
    from nuittui.models import MessagePublic, SyncBatch, SyncEvent

    folder, work = Path(sys.argv[1]), Path(sys.argv[2])
    events = [SyncEvent.model_validate(e) for e in orjson.loads((work / "stream.json").read_bytes())]
    pages = orjson.loads((work / "history-paris.json").read_bytes())
    history = [MessagePublic.model_validate(m) for m in pages]
    cache, outbox = LocalCache(folder), Outbox.in_folder(folder)
    print("ready", flush=True)
    sys.stdin.readline()  # start together with the test
    for step, start in enumerate(range(0, len(events), 7)):
        part = events[start : start + 7]
        cache.apply(SyncBatch(cursor=part[-1].seq, events=part))
        cache.add_history("city:paris", history[step * 2 : step * 2 + 2])
        entry = outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": f"shell {step}"},
                               order_key="all", summary="shell")
        print(entry.key, flush=True)
    """
)


def test_a_second_process_writing_at_the_same_time_loses_nothing(tmp_path: Path) -> None:
    folder, work = tmp_path / "data", tmp_path / "work"
    work.mkdir()
    stream = Stream()
    batch, snap = reset_batch(stream)
    LocalCache(folder).apply(batch)
    # Both processes follow the same server stream, in different batch sizes (like app and shell).
    events = []
    for i in range(280):
        if i % 4 == 3:
            events.append(stream.upsert(EventType.SWAP, swap(10 + i % 40, status=SwapStatus.OPEN, minutes=i)))
        elif i % 10 == 5:
            events.append(stream.upsert(EventType.USER, user(f"nouveau{i}", "lille")))
        else:
            events.append(stream.message(["all", "team:1", "city:nantes"][i % 3]))
    (work / "stream.json").write_bytes(orjson.dumps([e.model_dump(mode="json") for e in events]))
    # Each process also pages in older history of its own city channel.
    history = {
        city: [message(100_000 + n * 2 + k, f"city:{city}", seq=n + 1) for n in range(80)]
        for k, city in enumerate(("lyon", "paris"))
    }
    (work / "history-paris.json").write_bytes(
        orjson.dumps([m.model_dump(mode="json") for m in history["paris"]])
    )

    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(work)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "ready"
    cache, outbox = LocalCache(folder), Outbox.in_folder(folder)
    child.stdin.write("go\n")
    child.stdin.flush()
    mine = []
    for step, start in enumerate(range(0, len(events), 5)):
        part = events[start : start + 5]
        cache.apply(stream.batch(part).model_copy(update={"cursor": part[-1].seq}))
        cache.add_history("city:lyon", history["lyon"][step * 2 : step * 2 + 2])
        mine.append(
            outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": "app"}, summary="app").key
        )
    theirs = child.stdout.read().split()
    assert child.wait(timeout=60) == 0

    final = LocalCache(folder)
    expected = apply_events(snap, events)
    assert final.cursor() == events[-1].seq
    assert sorted(final.swaps(), key=lambda s: s.id) == expected.swaps
    assert final.users() == expected.users
    for channel in ("all", "team:1", "city:nantes"):
        assert final.messages(channel) == [m for m in expected.messages if m.channel == channel]
    for city in ("lyon", "paris"):
        ids = {m.id for m in final.messages(f"city:{city}")}
        assert {m.id for m in history[city]} <= ids
    pending = Outbox.in_folder(folder).pending()
    assert len(theirs) == 40 and len(mine) == 56
    assert {e.key for e in pending} == set(mine) | set(theirs)
    assert len({e.id for e in pending}) == len(pending)
