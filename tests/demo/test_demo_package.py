"""What importing the demo does: no textual ever, and a clear error without the server extra."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_demo_never_imports_textual() -> None:
    result = _python(
        """
        import sys
        import nuittui.demo
        from nuittui.demo import DemoServer, Simulator, ensure_demo_participant, run_demo
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_without_the_server_extra_the_demo_says_what_to_install() -> None:
    result = _python(
        """
        import sys
        sys.modules["uvicorn"] = None  # as if the server extra were not installed
        from nuittui.i18n import set_language
        set_language("en")
        from nuittui.demo import DemoUnavailable, run_demo
        try:
            run_demo(reset=False)
        except DemoUnavailable as exc:
            print(exc)
        try:
            from nuittui.demo import DemoServer
        except DemoUnavailable as exc:
            print(exc)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["the demo needs the server: pip install 'nuit-tui[server]'"] * 2
