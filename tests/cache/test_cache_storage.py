"""AtomicJSONStorage: atomic, private, durable files that fail loudly and cleanly."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from nuittui.cache import AtomicJSONStorage, CacheWriteError, CorruptCacheError


def test_write_then_read_round_trips_and_creates_private_parents(tmp_path: Path) -> None:
    path = tmp_path / "profile" / "data" / "state.json"
    storage = AtomicJSONStorage(path)
    storage.write({"cursor": 42, "body": "Pizza dans 10 minutes 🍕"})

    assert AtomicJSONStorage(path).read() == {"cursor": 42, "body": "Pizza dans 10 minutes 🍕"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert os.listdir(path.parent) == ["state.json"]  # no temporary file left behind


def test_a_missing_file_reads_as_an_empty_database(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "nothing.json").read() is None


def test_each_write_replaces_the_file_rather_than_rewriting_it_in_place(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    storage = AtomicJSONStorage(path)
    storage.write({"v": 1})
    with open(path, "rb") as reader_of_old_version:
        storage.write({"v": 2})
        # A reader that opened the old version still reads a whole, valid file.
        assert reader_of_old_version.read() == b'{"v":1}'
    assert storage.read() == {"v": 2}


def test_works_as_a_tinydb_storage(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.table("swaps").insert_multiple(
            [{"title": "PostGIS lent", "city": "lyon"}, {"title": "CORS", "city": "paris"}]
        )
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert [d["title"] for d in db.table("swaps").search(Query().city == "lyon")] == ["PostGIS lent"]


@pytest.mark.parametrize(
    "content",
    [b'{"cursor": 12, "users": [', b"", b"\x00\x00\x00\x00", b"[1, 2, 3]", b"\xff\xfe garbage"],
    ids=["truncated", "empty", "zeros", "not-an-object", "binary"],
)
def test_an_unreadable_file_raises_corrupt_cache_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    with pytest.raises(CorruptCacheError) as caught:
        AtomicJSONStorage(path).read()
    assert caught.value.path == path


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_temp_file(tmp_path: Path) -> None:
    # A real kernel refusal: the child may not grow any file past 1 KiB (EFBIG).
    path = tmp_path / "state.json"
    AtomicJSONStorage(path).write({"cursor": 7})
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from nuittui.cache import AtomicJSONStorage, CacheWriteError
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
        try:
            AtomicJSONStorage({str(path)!r}).write({{"cursor": 8, "padding": "x" * 10_000}})
        except CacheWriteError as exc:
            print("refused:", exc)
            sys.exit(0)
        sys.exit(1)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "was not saved" in done.stdout
    assert AtomicJSONStorage(path).read() == {"cursor": 7}
    assert os.listdir(tmp_path) == ["state.json"]


def test_a_full_disk_is_reported_as_such(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "outbox.json"
    AtomicJSONStorage(path).write({"queue": {}})

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(CacheWriteError) as caught:
        AtomicJSONStorage(path).write({"queue": {"1": {"body": "Salut"}}})
    monkeypatch.undo()

    assert caught.value.disk_full
    assert "disk is full" in str(caught.value)
    assert AtomicJSONStorage(path).read() == {"queue": {}}
    assert os.listdir(tmp_path) == ["outbox.json"]
