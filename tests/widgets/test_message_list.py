"""The chat message view, driven through a real Textual app (``run_test`` + Pilot)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from textual.app import App, ComposeResult
from textual.message import Message

from nuittui.models import MessagePublic
from nuittui.readmodel.threads import MessageLine
from nuittui.widgets import MessageList, MessageRow
from nuittui.widgets.message_paint import PENDING_MARK

START = datetime(2017, 3, 4, 8, 0, tzinfo=UTC)
PHRASE = "le code de la nuit citoyenne tourne sur sept villes avec des équipes qui corrigent leurs bugs"
WORDS = PHRASE.split()


def make_rows(count: int, *, prefix: str = "m", start: int = 0) -> list[MessageRow]:
    """``count`` messages of varied length (some wrap at 120 columns), each naming its own number."""
    rows = []
    for n in range(start, start + count):
        words = " ".join(WORDS[(n + i) % len(WORDS)] for i in range(3 + (n * 7) % 40))
        rows.append(
            MessageRow(
                key=f"{prefix}{n}",
                author=("alice", "bob", "chloé")[n % 3],
                body=f"<{prefix}{n}> {words}",
                created_at=START + timedelta(seconds=n),
            )
        )
    return rows


class Host(App[None]):
    """A tiny app holding one list and recording what it posts."""

    def __init__(self) -> None:
        super().__init__()
        self.posted: list[Message] = []
        self.pwned = False

    def compose(self) -> ComposeResult:
        yield MessageList(id="chat")

    def on_message_list_reached_top(self, message: MessageList.ReachedTop) -> None:
        self.posted.append(message)

    def on_message_list_selected(self, message: MessageList.Selected) -> None:
        self.posted.append(message)

    def on_message_list_unread_changed(self, message: MessageList.UnreadChanged) -> None:
        self.posted.append(message)

    def action_pwned(self) -> None:
        self.pwned = True

    def of_type(self, kind: type[Message]) -> list[Message]:
        return [m for m in self.posted if isinstance(m, kind)]


def screen_lines(chat: MessageList) -> list[str]:
    """The text of every line the list shows now, as drawn."""
    return [chat.render_line(y).text for y in range(chat.scrollable_content_region.height)]


def screen_text(chat: MessageList) -> str:
    return "\n".join(screen_lines(chat))


async def open_list(pilot, rows, *, me: str | None = "bob") -> MessageList:
    chat = pilot.app.query_one(MessageList)
    chat.set_messages(rows, me=me)
    await pilot.pause()
    return chat


async def test_hundred_thousand_messages_open_at_the_newest_and_scroll_back_to_it() -> None:
    rows = make_rows(100_000)
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = await open_list(pilot, rows)
        assert "<m99999>" in screen_text(chat)
        chat.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert "<m0>" in screen_text(chat)
        assert "<m99999>" not in screen_text(chat)
        chat.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        lines = screen_lines(chat)
        assert "<m99999>" in "\n".join(lines)
        assert lines[-1].strip(), "the newest message ends on the last line of the view"


async def test_append_at_the_bottom_follows_the_new_message() -> None:
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, make_rows(500))
        chat.append(make_rows(2, prefix="new"))
        await pilot.pause()
        assert "<new1>" in screen_text(chat)
        assert chat.unread == 0
        assert chat.is_vertical_scroll_end


async def test_append_while_reading_history_keeps_the_view_and_counts_new_messages() -> None:
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, make_rows(500))
        chat.scroll_to(y=chat.max_scroll_y // 2, animate=False)
        await pilot.pause()
        before = screen_lines(chat)
        chat.append(make_rows(3, prefix="new"))
        await pilot.pause()
        assert screen_lines(chat) == before
        assert chat.unread == 3
        assert app.of_type(MessageList.UnreadChanged)[-1].count == 3
        chat.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert chat.unread == 0
        assert "<new2>" in screen_text(chat)


async def test_prepend_of_older_history_keeps_the_same_message_in_view() -> None:
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, make_rows(300, start=1000))
        chat.scroll_to(y=40, animate=False)
        await pilot.pause()
        before = screen_lines(chat)
        chat.prepend(make_rows(1000))
        await pilot.pause()
        assert screen_lines(chat) == before
        assert chat.rows[0].key == "m0"


async def test_scrolling_to_the_top_asks_for_older_history() -> None:
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, make_rows(300))
        assert not app.of_type(MessageList.ReachedTop)
        chat.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert len(app.of_type(MessageList.ReachedTop)) == 1
        chat.prepend(make_rows(50, prefix="old"))
        await pilot.pause()
        assert "<m0>" in screen_text(chat), "the view stayed on the message it showed"
        chat.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert len(app.of_type(MessageList.ReachedTop)) == 2
        assert "<old0>" in screen_text(chat)


INJECTIONS = [
    "[@click=app.pwned]click me[/]",
    "[/",
    "[TODO] fix",
    "a\\[b]",
    "[bold red]not bold[/bold red]",
    "\x1b[31mred?\x1b[0m",
    "\x1b]52;c;cHduZWQ=\x07clip",
    "abc\u202edcba",
]


async def test_injection_strings_show_literally_and_clicking_them_does_nothing() -> None:
    rows = [
        MessageRow(key=f"x{i}", author="mallory", body=body, created_at=START)
        for i, body in enumerate(INJECTIONS)
    ]
    rows.append(MessageRow(key="long", author="[@click=app.pwned]m[/]", body="x" * 10_000, created_at=START))
    app = Host()
    async with app.run_test(size=(100, 60)) as pilot:
        chat = await open_list(pilot, rows)
        chat.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(chat)
        for shown in [
            "[@click=app.pwned]click me[/]",
            "[/",
            "[TODO] fix",
            "a\\[b]",
            "[bold red]not bold[/bold red]",
            "[31mred?[0m",
            "]52;c;cHduZWQ=clip",
            "abcdcba",
            "[@click=app.pwned]m[/]",
        ]:
            assert shown in text
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        shown_lines = [y for y, line in enumerate(screen_lines(chat)) if line.strip()][:20]
        for y in shown_lines:
            for segment in chat.render_line(y):
                assert not (segment.style and segment.style.meta), "no segment carries an action"
            await pilot.click(MessageList, offset=(4, y))
        await pilot.pause()
        assert app.is_running
        assert not app.pwned


async def test_ten_thousand_character_line_wraps_to_the_width() -> None:
    body = " ".join(f"w{n:04d}" for n in range(1700))[:10_000]
    app = Host()
    async with app.run_test(size=(60, 20)) as pilot:
        chat = await open_list(pilot, [MessageRow(key="k", author="a", body=body, created_at=START)])
        assert chat.virtual_size.height > 10_000 // 60
        chat.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        lines = screen_lines(chat)
        assert all(len(line.rstrip()) <= chat.scrollable_content_region.width for line in lines)
        assert lines[1].split() == body.split()[: len(lines[1].split())]


async def test_pending_mark_my_name_and_mentions_of_me_are_styled() -> None:
    rows = [
        MessageRow(key="a", author="alice", body="ping @bob, lunch? (not @bobby)", created_at=START),
        MessageRow(key="b", author="bob", body="on my way", created_at=START, pending=True),
    ]
    app = Host()
    async with app.run_test(size=(80, 10)) as pilot:
        chat = await open_list(pilot, rows, me="bob")
        lines = screen_lines(chat)
        header_of_pending = next(line for line in lines if "bob" in line and ":" in line)
        assert PENDING_MARK in header_of_pending
        assert PENDING_MARK not in next(line for line in lines if "alice" in line)

        mention = chat.get_component_rich_style("message-list--mention", partial=True)
        y = next(i for i, line in enumerate(lines) if "ping" in line)
        segments = {segment.text: segment.style for segment in chat.render_line(y)}
        assert segments["@bob"].bgcolor == mention.bgcolor
        assert all(style.bgcolor != mention.bgcolor for text, style in segments.items() if text != "@bob")

        mine = chat.get_component_rich_style("message-list--author-me", partial=True)
        other = chat.get_component_rich_style("message-list--author", partial=True)
        assert mine.color != other.color
        y_mine = lines.index(header_of_pending)
        author_styles = {s.text: s.style for s in chat.render_line(y_mine)}
        assert author_styles["bob"].color == mine.color


async def test_announcements_stand_out_on_every_line() -> None:
    rows = [
        MessageRow(key="a", author="alice", body="bonjour", created_at=START),
        MessageRow(key="b", author="orga", body="le jury\ncommence", created_at=START, announcement=True),
    ]
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        chat = await open_list(pilot, rows)
        lines = screen_lines(chat)
        highlight = chat.get_component_rich_style("message-list--announcement").bgcolor
        first = next(i for i, line in enumerate(lines) if "orga" in line)
        for y in range(first, first + 3):
            assert {s.style.bgcolor for s in chat.render_line(y)} == {highlight}
        assert highlight not in {s.style.bgcolor for s in chat.render_line(0)}


async def test_times_show_in_the_event_time_zone() -> None:
    rows = [MessageRow(key="a", author="alice", body="bonjour", created_at=START)]
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        chat = app.query_one(MessageList)
        chat.timezone = ZoneInfo("Europe/Paris")
        chat = await open_list(pilot, rows)
        assert "09:00 alice" in screen_text(chat)


async def test_resizing_rewraps_the_messages() -> None:
    app = Host()
    async with app.run_test(size=(120, 30)) as pilot:
        chat = await open_list(pilot, make_rows(200))
        wide = chat.virtual_size.height
        await pilot.resize_terminal(40, 30)
        await pilot.pause()
        narrow = chat.virtual_size.height
        assert narrow > wide
        assert all(len(line.rstrip()) <= 40 for line in screen_lines(chat))
        assert "<m199>" in screen_text(chat), "still at the newest message"


async def test_code_blocks_keep_their_lines_and_are_cut_with_an_ellipsis() -> None:
    body = "look:\n```python\nprint('" + "x" * 100 + "')\n```\nbroken"
    app = Host()
    async with app.run_test(size=(50, 12)) as pilot:
        chat = await open_list(pilot, [MessageRow(key="k", author="a", body=body, created_at=START)])
        lines = screen_lines(chat)
        code = next(i for i, line in enumerate(lines) if "print(" in line)
        assert lines[code].rstrip().endswith("…")
        assert "broken" in lines[code + 2]
        code_style = chat.get_component_rich_style("message-list--code", partial=True)
        assert any(s.style.bgcolor == code_style.bgcolor for s in chat.render_line(code) if "print" in s.text)


async def test_cursor_keys_select_messages() -> None:
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, make_rows(400))
        chat.focus()
        await pilot.press("up")
        assert app.of_type(MessageList.Selected)[-1].row.key == "m399"
        await pilot.press("up", "up")
        assert chat.cursor_row is not None and chat.cursor_row.key == "m397"
        await pilot.press("home")
        await pilot.pause()
        assert app.of_type(MessageList.Selected)[-1].row.key == "m0"
        assert "<m0>" in screen_text(chat)
        await pilot.press("pagedown")
        assert chat.cursor is not None and chat.cursor > 0
        await pilot.press("end")
        await pilot.pause()
        assert app.of_type(MessageList.Selected)[-1].row.key == "m399"
        assert "<m399>" in screen_text(chat)


async def test_a_confirmed_message_replaces_its_pending_copy() -> None:
    pending = MessageRow(key="outbox-1", author="bob", body="hello", created_at=START, pending=True)
    app = Host()
    async with app.run_test(size=(60, 10)) as pilot:
        chat = await open_list(pilot, [*make_rows(3), pending])
        assert PENDING_MARK in screen_text(chat)
        confirmed = MessagePublic(id=42, channel="all", author="bob", body="hello", created_at=START, seq=7)
        shown = chat.rows[:3]
        chat.update([*shown, MessageRow.from_message(confirmed)], me="bob")
        await pilot.pause()
        assert PENDING_MARK not in screen_text(chat)
        assert chat.rows[-1].key == "msg:42" and len(chat.rows) == 4
        assert all(a is b for a, b in zip(chat.rows[:3], shown, strict=True))  # the others untouched


async def test_setting_the_same_channel_again_keeps_the_view() -> None:
    rows = make_rows(600)
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, rows)
        chat.scroll_to(y=100, animate=False)
        await pilot.pause()
        before = screen_lines(chat)
        chat.set_messages([*rows, *make_rows(5, prefix="new")], me="bob")
        await pilot.pause()
        assert screen_lines(chat) == before


@pytest.mark.parametrize("width", [3, 12])
async def test_tiny_widths_still_draw(width: int) -> None:
    rows = [MessageRow(key="k", author="alice", body="日本語のテキスト and words 👍🏽", created_at=START)]
    app = Host()
    async with app.run_test(size=(width, 10)) as pilot:
        chat = await open_list(pilot, rows)
        assert chat.virtual_size.height >= 2
        assert screen_lines(chat)


async def test_update_changes_only_what_differs_and_keeps_the_view() -> None:
    rows = make_rows(300, start=100)
    app = Host()
    async with app.run_test(size=(80, 20)) as pilot:
        chat = await open_list(pilot, rows[200:])
        chat.focus()
        await pilot.press("end", "up")
        chosen, first = chat.cursor_row, chat.rows[0]
        pending = MessageLine(
            "out:1", "all", "bob", "en route", START, pending=True, last_error="503 the server is busy"
        )
        chat.update([*rows[200:], pending], me="bob")
        await pilot.pause()
        assert chat.rows[0] is first and chat.cursor_row is chosen
        assert f"{PENDING_MARK} not sent yet: 503 the server is busy" in screen_text(chat)
        confirmed = MessageLine("msg:9", "all", "bob", "en route", START, id=9, seq=9)
        later = MessageRow(key="z", author="alice", body="bienvenue", created_at=START)
        chat.update([*rows[100:], confirmed, later], me="bob")  # older history, confirmed, new
        await pilot.pause()
        assert len(chat.rows) == 202 and chat.rows[100] is first and chat.cursor_row is chosen
        assert chat.rows[-2] is confirmed and chat.rows[-1] is later  # in place of the pending copy
        assert "bienvenue" in screen_text(chat) and PENDING_MARK not in screen_text(chat)
