"""How fast the shell twin starts: ``nuit-tui swap post`` end to end, and ``nuit-tui status --line``.

A real ``nuit-server`` on 127.0.0.1, a profile logged in under a temporary XDG
home, and each command run as a real process. ``swap post`` is compared with
``python -c "import httpx"`` measured in the same run, alternating (goal: at most
1.3x, medians of at least 15 runs each). Wall time is what a person waits; CPU
time (user + system of the child) is printed too, as it is far less disturbed by
other work on the machine.

    python bench/bench_shell.py [--runs 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL = 1.3
PY = sys.executable
BIN = Path(PY).parent / "nuit-tui"


def nuit_tui(*args: str) -> list[str]:
    """The command line of ``nuit-tui ARGS`` (the installed script, else ``python -m nuittui.cli``)."""
    return [str(BIN), *args] if BIN.exists() else [PY, "-m", "nuittui.cli", *args]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """Wall and CPU seconds of one run of ``cmd``, its exit code and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout = proc.stdout.read() if proc.stdout else b""
    if proc.stderr:
        proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, proc.returncode, stdout.decode(errors="replace")


def start_server(db: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """``nuit-server serve`` on a free port of 127.0.0.1; the process and its URL."""
    helptext = subprocess.run(
        [PY, "-m", "nuittui.server.cli", "serve", "--help"], env=env, capture_output=True, text=True
    ).stdout
    extra = ["--no-rate-limit"] if "--no-rate-limit" in helptext else []
    proc = subprocess.Popen(
        [PY, "-m", "nuittui.server.cli", "serve", "--db", str(db), "--port", "0", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().decode()
    match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not match:
        proc.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return proc, f"http://127.0.0.1:{match.group(1)}"


def summary(values: list[float]) -> dict[str, float]:
    """Median and 90th percentile, in milliseconds."""
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {"median_ms": statistics.median(ordered) * 1000, "p90_ms": p90 * 1000}


def main() -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (at least 15)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args()
    runs = max(args.runs, 15)

    home = Path(tempfile.mkdtemp(prefix="nuit-bench-shell-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUIT_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: with bytecode, kept out of the repo
    env |= {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
        "LANG": "C.UTF-8",
    }
    db = home / "city.db"
    subprocess.run(
        [PY, "-m", "nuittui.server.cli", "init", "--db", str(db), "--join-code", "bench"],
        env=env,
        check=True,
        capture_output=True,
    )
    server, url = start_server(db, env)
    try:
        login = subprocess.run(
            nuit_tui("login", url, "--code", "bench", "--handle", "bencher", "--city", "lyon"),
            env=env,
            capture_output=True,
            text=True,
        )
        if login.returncode != 0:
            raise SystemExit(f"login failed: {login.stderr.strip()}")
        commands = {
            "python -c 'import httpx'": [PY, "-c", "import httpx"],
            "nuit-tui swap post": None,
            "python -c 'pass'": [PY, "-c", "pass"],
            "nuit-tui status --line": nuit_tui("status", "--line"),
        }
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(-2, runs):  # two warm-up rounds (bytecode, disk cache), not counted
            for name, cmd in commands.items():
                if cmd is None:
                    cmd = nuit_tui("swap", "post", f"bench swap {round_}", "--tag", "bench")
                wall, cpu, code, out = timed(cmd, env)
                if code != 0 or (name == "nuit-tui swap post" and "posted swap #" not in out):
                    raise SystemExit(f"{name} failed (exit {code}): {out.strip()}")
                if round_ >= 0:
                    walls[name].append(wall)
                    cpus[name].append(cpu)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)

    results = {
        name: {**summary(walls[name]), "cpu_median_ms": statistics.median(cpus[name]) * 1000}
        for name in commands
    }
    base, post = results["python -c 'import httpx'"], results["nuit-tui swap post"]
    ratio = post["median_ms"] / base["median_ms"]
    cpu_ratio = post["cpu_median_ms"] / base["cpu_median_ms"]
    report = {
        "runs": runs,
        "results": results,
        "swap_post_ratio": ratio,
        "swap_post_cpu_ratio": cpu_ratio,
        "goal": GOAL,
        "goal_met": ratio <= GOAL,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"nuit-tui shell benchmark: {runs} runs each, alternating, medians (after 2 warm-up rounds)")
    print(f"{'command':<28} {'wall median':>12} {'wall p90':>10} {'CPU median':>11}")
    for name, row in results.items():
        print(
            f"{name:<28} {row['median_ms']:>9.1f} ms {row['p90_ms']:>7.1f} ms {row['cpu_median_ms']:>8.1f} ms"
        )
    verdict = "goal met" if report["goal_met"] else "goal NOT met"
    print(f"swap post / import httpx: {ratio:.2f}x wall ({cpu_ratio:.2f}x CPU); goal <= {GOAL}x: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
