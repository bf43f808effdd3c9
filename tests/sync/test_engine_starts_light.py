"""Reading the cache loads neither the HTTP stack nor the file locks: the first paint waits on neither."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from nuittui.profiles import resolve_profile, save_profile, save_token
    from nuittui.readmodel.board import board_view
    from nuittui.sync import SyncEngine

    name = save_profile("lyon", "http://127.0.0.1:9", handle="ada", city="lyon")
    save_token(name, "nuit_secret")
    engine = SyncEngine.from_profile(resolve_profile(name))
    board = board_view(engine.rows(), engine.handle, engine.unconfirmed())
    print("reads", list(board.swaps), list(board.pending), engine.rows().event_row(), engine.state.status)
    print("loaded before", [name for name in ("httpx", "filelock") if name in sys.modules])
    client = asyncio.run(engine.connect())
    print("httpx after", "httpx" in sys.modules)
    print("client", client.base_url, client.token == "nuit_secret", engine.client is client)
    """
)


def test_the_engine_reads_the_cache_without_loading_http_then_connects_with_the_stored_token(
    tmp_path: Path,
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NUIT_")}
    env |= {
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",  # the token goes to the 0600 file
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "reads [] [] None offline",
        "loaded before []",
        "httpx after True",
        "client http://127.0.0.1:9 True True",
    ]
