"""A write refused by the disk mid-apply: the cache keeps its previous state and recovers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from nuittui.cache import LocalCache, Outbox

from .cache_builders import Stream, reset_batch

HERE = Path(__file__).parent

CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from cache_builders import Stream
    from nuittui.cache import CacheWriteError, LocalCache, Outbox

    folder, cursor = Path(sys.argv[1]), int(sys.argv[2])
    cache, outbox = LocalCache(folder), Outbox.in_folder(folder)
    stream = Stream(seq=cursor, message_id=cursor)
    big = stream.batch([stream.message("all", body="x" * 3000) for _ in range(400)])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))  # no file may grow past 64 KiB
    try:
        cache.apply(big)
        print("applied?!")
    except CacheWriteError as exc:
        print("refused:", exc)
    try:
        outbox.enqueue("message", "POST", "/v1/channels/all/messages", {"body": "y" * 100_000}, summary="big")
    except CacheWriteError:
        print("outbox refused")
    print("cursor after failure:", cache.cursor(), "last:", cache.messages("all")[-1].seq)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # space is back
    cache.apply(big)
    print("cursor after retry:", cache.cursor(), "count:", len(cache.messages("all")))
    """
)


def test_a_refused_write_keeps_the_previous_cache_and_the_next_apply_succeeds(tmp_path: Path) -> None:
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    last = cache.messages("all")[-1].seq
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")])}

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path), str(stream.seq)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("refused:") and "was not saved" in lines[0]
    assert lines[1] == "outbox refused"
    assert lines[2] == f"cursor after failure: {stream.seq} last: {last}"
    assert lines[3] == f"cursor after retry: {stream.seq + 400} count: {8 + 400}"
    reopened = LocalCache(tmp_path)
    assert reopened.quarantined == [] and reopened.cursor() == stream.seq + 400
    assert Outbox.in_folder(tmp_path).pending_count() == 0
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_a_full_disk_is_told_in_the_users_language() -> None:
    import errno

    from nuittui.cache import CacheWriteError
    from nuittui.i18n import current_language, set_language

    before = current_language()
    set_language("fr")
    try:
        error = CacheWriteError(Path("all-6.json"), OSError(errno.ENOSPC, "No space left on device"))
    finally:
        set_language(before)

    assert error.disk_full
    assert str(error) == (
        "le disque est plein : all-6.json n'a pas été enregistré (sa copie précédente est gardée)"
    )
