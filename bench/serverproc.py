"""A real ``nuit-server`` in its own process for the benchmarks, and CPU accounting of processes."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from loadclient import RawConnection

JOIN_CODE = "bench-2017"
_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux ``/proc``; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14 and 15)


def machine_busy_seconds() -> float:
    """CPU time every core of the machine has spent busy so far (``/proc/stat``; 0 elsewhere)."""
    try:
        with Path("/proc/stat").open() as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / _TICK  # guest time is already inside user time


def free_port(host: str) -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "nuittui.server.cli", *args]


@dataclass
class Server:
    """``nuit-server serve --no-rate-limit`` on 127.0.0.1, a free port, over a fresh database.

    With ``floor``: ``floor_app.py`` instead, the bare long poll on the same stack.
    """

    db: Path
    extra_args: list[str] = field(default_factory=list)
    floor: bool = False
    host: str = "127.0.0.1"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def name(self) -> str:
        """A short name for files: the database's stem."""
        return self.db.stem

    def start(self) -> None:
        """Create the database and start serving on a free port (its log goes to ``<db>.log``)."""
        self.port = free_port(self.host)
        if self.floor:
            command = [
                sys.executable,
                str(Path(__file__).with_name("floor_app.py")),
                "--port",
                str(self.port),
            ]
        else:
            subprocess.run(
                _cli("init", "--db", str(self.db), "--join-code", JOIN_CODE),
                check=True,
                stdout=subprocess.DEVNULL,
            )
            command = _cli(
                "serve",
                "--db",
                str(self.db),
                "--host",
                self.host,
                "--port",
                str(self.port),
                "--no-rate-limit",
                *self.extra_args,
            )
        self._log = self.db.with_suffix(".log").open("wb")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
        self.process = None


def _py_spy() -> str:
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else "py-spy"


class Profiler:
    """``py-spy record`` attached to a process, writing collapsed stacks (``--profile``)."""

    def __init__(self, pid: int, out: Path | None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        if out is not None:
            # CPU samples only, per thread: the event loop and the worker threads apart.
            self.process = subprocess.Popen(
                [
                    _py_spy(),
                    "record",
                    "--pid",
                    str(pid),
                    "--format",
                    "raw",
                    "--threads",
                    "--nonblocking",
                    "--rate",
                    "250",
                    "--output",
                    str(out),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(0.5)

    def stop(self) -> None:
        """Stop recording; py-spy writes its file on SIGINT."""
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)
            self.process = None


async def wait_until_up(host: str, port: int, deadline_s: float = 10) -> None:
    """Wait until ``GET /v1/event`` answers."""
    end = time.monotonic() + deadline_s
    while True:
        conn = RawConnection(host, port)
        try:
            status, _ = await conn.request("GET", "/v1/event")
            if status == 200:
                return
        except OSError:
            pass
        finally:
            await conn.close()
        if time.monotonic() > end:
            raise RuntimeError("the server does not answer")
        await asyncio.sleep(0.05)


async def register_users(
    host: str, port: int, count: int, *, prefix: str, concurrency: int = 16
) -> list[str]:
    """Register ``count`` participants through the API; answers their tokens in order."""
    tokens: list[str | None] = [None] * count
    probe = RawConnection(host, port)
    try:
        _, event = await probe.request("GET", "/v1/event")
    finally:
        await probe.close()
    cities = [c["id"] for c in orjson.loads(event)["cities"]]
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        queue.put_nowait(i)

    async def worker() -> None:
        conn = RawConnection(host, port)
        try:
            while not queue.empty():
                i = queue.get_nowait()
                body = orjson.dumps(
                    {
                        "join_code": JOIN_CODE,
                        "handle": f"{prefix}{i:04d}",
                        "display_name": f"Bench {i}",
                        "city": cities[i % len(cities)],
                    }
                )
                status, answer = await conn.request("POST", "/v1/auth/register", body)
                if status != 201:
                    raise RuntimeError(f"register answered {status}: {answer[:200]!r}")
                tokens[i] = orjson.loads(answer)["token"]
        finally:
            await conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return [t for t in tokens if t is not None]


async def current_cursor(host: str, port: int, token: str) -> int:
    """The server's cursor, from a reset answer."""
    conn = RawConnection(host, port, token)
    try:
        status, body = await conn.request("GET", "/v1/sync")
    finally:
        await conn.close()
    if status != 200:
        raise RuntimeError(f"sync answered {status}")
    return int(orjson.loads(body)["cursor"])


class CpuMeter:
    """CPU used over a window by the server, the load processes, this process and everything else."""

    def __init__(self, server: int, load: list[int]) -> None:
        self.server = server
        self.load = load
        self._start = self._read()

    def _read(self) -> tuple[float, float, float, float, float]:
        return (
            cpu_seconds(self.server),
            sum(cpu_seconds(p) for p in self.load),
            time.process_time(),
            machine_busy_seconds(),
            time.perf_counter(),
        )

    def stop(self) -> dict[str, float]:
        """Seconds of CPU per part over the window, and the window's wall time."""
        end = self._read()
        server, load, me, busy, wall = (b - a for a, b in zip(self._start, end, strict=True))
        return {
            "wall": wall,
            "server": server,
            "load": load,
            "me": me,
            "others": max(0.0, busy - server - load - me),
        }


def pct_of(seconds: float, wall: float) -> float:
    """``seconds`` of CPU over ``wall`` seconds, as a percentage of one core."""
    return round(100 * seconds / wall, 1) if wall > 0 else 0.0
