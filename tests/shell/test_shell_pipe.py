"""Piped output made readable: escapes gone, progress lines settled, the end kept."""

from __future__ import annotations

from nuittui.shell.pipe import captured_block, fence_for, strip_ansi


def test_escapes_and_rewritten_lines_read_as_the_terminal_showed_them() -> None:
    raw = (
        "\x1b[1;31merror\x1b[0m: build failed\r\n"
        "\x1b]0;window title\x07downloading 10%\r\x1b[Kdownloading 100%\n"
        "spinner |\b/\b-\b\\\bdone\n"
        "bell\x07 and \x9b31m8-bit CSI\n"
        "bidi \u202etxt.exe"
    )

    text = strip_ansi(raw)

    assert text.split("\n") == [
        "error: build failed",
        "downloading 100%",
        "spinner done",
        "bell and 8-bit CSI",
        "bidi txt.exe",
    ]


def test_long_output_keeps_its_last_lines_within_the_budget() -> None:
    lines = [f"frame {n}" for n in range(5000)] + ["Traceback: the last line"]

    block = captured_block("\n".join(lines), keep=1_000)
    short = captured_block("a\nb\n")
    huge_line = captured_block("y" * 50_000, keep=1_000)

    assert block.cut and block.total_lines == 5001 and block.text.endswith("Traceback: the last line")
    assert len(block.text) <= 1_000 and block.text.split("\n")[0].startswith("frame ")
    assert block.kept_lines == len(block.text.split("\n"))
    assert (short.text, short.cut) == ("a\nb", False)
    assert huge_line.text == "y" * 1_000 and huge_line.kept_lines == 1


def test_a_fence_outlasts_backticks_in_the_output() -> None:
    assert fence_for("plain") == "```"
    assert fence_for("a ``` inside") == "````"
    assert fence_for("`````") == "``````"
