"""The chat against the real server: send (pending, then confirmed), new lines, unread and mentions,
older history at the top, copy a message, offline and back."""

from __future__ import annotations

from textual.widgets import OptionList

from nuittui.models import MessageCreate
from nuittui.readmodel.threads import channel_lines
from nuittui.screens.chat import ChannelOption, ChatScreen
from nuittui.screens.thread import ComposeArea, ThreadView
from nuittui.widgets import MessageList
from tests.app.conftest import HELPER, ME, MENTION_BODY, MY_CITY, SIZE, screen_text, wait_until


async def open_chat(app, pilot) -> ChatScreen:
    await wait_until(pilot, lambda: app.engine.state.status == "online", "the first sync")
    await pilot.press("4")
    await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen), "the chat")
    await pilot.pause()
    assert app.focused is not None and app.focused.id == "channels"  # section keys still work here
    await pilot.press("i")  # write in the open channel
    return app.screen


def rows(app):
    return app.screen.query_one(ThreadView).messages.rows


async def server_bodies(city, channel: str) -> list[str]:
    async with city.client(HELPER) as helper:
        page = await helper.messages(channel, limit=200)
    return [m.body for m in page.messages]


async def test_send_shows_pending_then_confirmed_once(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(app, pilot)
        city.go_offline()  # hold the message in the outbox long enough to see it pending
        await wait_until(pilot, lambda: app.engine.state.status == "offline", "offline")
        await pilot.press(*"Bonsoir")
        await pilot.press("enter")
        await wait_until(pilot, lambda: rows(app) and rows(app)[-1].body == "Bonsoir", "my message")
        assert rows(app)[-1].pending
        assert "⧗" in screen_text(app)
        assert app.screen.query_one(ComposeArea).text == ""
        city.go_online()
        await wait_until(
            pilot,
            lambda: [(r.body, r.pending) for r in rows(app) if r.body == "Bonsoir"] == [("Bonsoir", False)],
            "the server's copy in place of mine",
            timeout=15,
        )
        assert [r.body for r in rows(app)].count("Bonsoir") == 1
        assert (await server_bodies(city, "all")).count("Bonsoir") == 1


async def test_enter_sends_and_ctrl_j_adds_a_line(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(app, pilot)
        await pilot.press(*"ligne un")
        await pilot.press("ctrl+j")
        await pilot.press(*"ligne deux")
        assert app.screen.query_one(ComposeArea).text == "ligne un\nligne deux"
        await pilot.press("enter")
        await wait_until(
            pilot,
            lambda: rows(app)[-1].body == "ligne un\nligne deux" and not rows(app)[-1].pending,
            "the two-line message confirmed",
        )
        assert "ligne un\nligne deux" in await server_bodies(city, "all")


async def test_unread_and_mentions_counted_then_cleared_when_read(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chat = await open_chat(app, pilot)
        channel = f"city:{MY_CITY}"
        entry = next(e for e in chat._entries if e.channel.id == channel)
        assert entry.mentions == 1
        assert entry.unread >= 1
        chat.open_channel(channel)
        await wait_until(pilot, lambda: rows(app) and rows(app)[-1].body == MENTION_BODY, "the Lyon channel")
        await wait_until(
            pilot,
            lambda: next(e for e in chat._entries if e.channel.id == channel).unread == 0,
            "the channel read",
        )
        option = next(
            o
            for o in chat.query_one("#channels").options
            if isinstance(o, ChannelOption) and o.entry.channel.id == channel
        )
        assert "@1" not in option.prompt.plain
        engine = app.engine
        lines = channel_lines(engine.rows(), engine.handle, engine.unconfirmed(), engine.read_markers())
        assert next(line for line in lines if line.channel.id == channel).mentions == 0


async def test_a_new_message_from_someone_else_appears(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(app, pilot)
        async with city.client(HELPER) as helper:
            await helper.send_message("all", MessageCreate(body="Rennes est réveillée ?"))
        await wait_until(pilot, lambda: rows(app)[-1].body == "Rennes est réveillée ?", "the new message")
        assert rows(app)[-1].author == HELPER


async def test_reaching_the_top_loads_older_history(make_app, city) -> None:
    actor = city.store.actor("camille-lyon")
    for number in range(210):
        city.store.post_message(None, actor, "city:paris", MessageCreate(body=f"message {number}"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chat = await open_chat(app, pilot)
        chat.open_channel("city:paris")
        await wait_until(
            pilot, lambda: rows(app) and rows(app)[-1].body == "message 209", "the Paris channel"
        )
        first_count = len(rows(app))
        assert first_count == 200  # a snapshot carries the latest 200 of each channel
        messages = app.screen.query_one(MessageList)
        messages.focus()
        await pilot.press("home", "up")
        await wait_until(pilot, lambda: len(rows(app)) > first_count, "older messages")
        assert rows(app)[0].body.startswith("L'Agenda des assos")  # the oldest message of Paris


async def test_copy_a_message_as_markdown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(app, pilot)
        app.screen.query_one(MessageList).focus()
        await pilot.press("end", "y")
        assert app.clipboard.startswith("**@erwan-rennes** (")
        assert "Le jury, c'est demain" in app.clipboard


async def test_offline_still_reads_queues_and_delivers_once(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(app, pilot)
        city.go_offline()
        await wait_until(pilot, lambda: "offline" in screen_text(app), "the status bar saying offline")
        assert "stale since" in screen_text(app)
        # everything still reads from the cache
        await pilot.press("escape", "3")
        assert "Les vidéos LSF ne se lancent pas sous Firefox" in screen_text(app)
        await pilot.press("4")
        await pilot.press("i", *"Hors ligne")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "1 queued" in screen_text(app), "the queued count")
        city.go_online()
        await wait_until(
            pilot, lambda: "online" in screen_text(app) and "queued" not in screen_text(app), "back"
        )
        await wait_until(pilot, lambda: not rows(app)[-1].pending, "the message confirmed")
        assert (await server_bodies(city, "all")).count("Hors ligne") == 1
        assert [r.body for r in rows(app)].count("Hors ligne") == 1
        assert app.engine.handle == ME


async def test_a_new_message_is_appended_and_the_rest_stays_as_it_was(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chat = await open_chat(app, pilot)
        await wait_until(pilot, lambda: len(rows(app)) > 2, "the channel's messages")
        messages = app.screen.query_one(MessageList)
        messages.focus()
        await pilot.press("end", "up")  # the cursor on the message before the newest
        chosen, first, count = messages.cursor_row, rows(app)[0], len(rows(app))
        channels = chat.query_one("#channels", OptionList)
        paris = chat._index_of("city:paris")
        channels.highlighted = paris  # the user moved in the list, without opening it
        option = channels.highlighted_option
        async with city.client(HELPER) as helper:
            await helper.send_message("all", MessageCreate(body="Rennes est réveillée ?"))
        await wait_until(pilot, lambda: rows(app)[-1].body == "Rennes est réveillée ?", "the new message")
        await pilot.pause()
        assert len(rows(app)) == count + 1
        assert rows(app)[0] is first  # appended: what was shown is not read and drawn again
        assert messages.cursor_row is chosen and "Rennes est réveillée ?" in screen_text(app)
        assert channels.highlighted == paris and channels.highlighted_option is option


async def test_my_pending_message_becomes_confirmed_in_place(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_chat(app, pilot)
        city.go_offline()  # held in the outbox: pending until the link is back
        await wait_until(pilot, lambda: app.engine.state.status == "offline", "offline")
        await pilot.press(*"Bonne nuit", "enter")
        await wait_until(pilot, lambda: rows(app) and rows(app)[-1].body == "Bonne nuit", "my message")
        where, first = len(rows(app)) - 1, rows(app)[0]
        assert rows(app)[where].pending and rows(app)[where].key.startswith("out:")
        await wait_until(
            pilot, lambda: "⧗ not sent yet: cannot reach the server" in screen_text(app), "why it waits"
        )
        assert rows(app)[0] is first
        city.go_online()
        await wait_until(pilot, lambda: not rows(app)[where].pending, "the server's copy", timeout=15)
        assert rows(app)[where].body == "Bonne nuit" and rows(app)[where].key.startswith("msg:")
        assert len(rows(app)) == where + 1 and rows(app)[0] is first
        assert "⧗" not in screen_text(app) and "not sent yet" not in screen_text(app)


async def test_a_message_elsewhere_counts_there_and_the_open_thread_stays(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chat = await open_chat(app, pilot)
        await wait_until(pilot, lambda: len(rows(app)) > 2, "the channel's messages")
        shown = list(rows(app))
        channels = chat.query_one("#channels", OptionList)
        paris = channels.get_option_at_index(chat._index_of("city:paris"))
        before = paris.entry.unread
        highlighted = channels.highlighted
        async with city.client(HELPER) as helper:
            await helper.send_message("city:paris", MessageCreate(body="Paris, vous dormez ?"))
        await wait_until(pilot, lambda: paris.entry.unread == before + 1, "Paris's unread count")
        assert f"{before + 1:>3}" in paris.prompt.plain  # the line redrawn in place, same option
        assert channels.highlighted == highlighted
        assert list(rows(app)) == shown and all(a is b for a, b in zip(rows(app), shown, strict=True))


async def test_choosing_a_channel_shows_it_and_writes_in_it(make_app, city) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        chat = await open_chat(app, pilot)
        await wait_until(pilot, lambda: len(rows(app)) > 2, "the channel's messages")
        await pilot.press("escape", "c")  # from the compose box to the channel list
        channels = chat.query_one("#channels", OptionList)
        assert app.focused is channels
        channels.highlighted = chat._index_of("city:paris")
        await pilot.press("enter")
        thread = chat.query_one(ThreadView)
        await wait_until(pilot, lambda: thread.channel == "city:paris", "Paris's messages")
        # the compose box takes the focus with the messages (in the same frame), not before or later
        assert isinstance(app.focused, ComposeArea)
        await pilot.press(*"Salut Paris")
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "Salut Paris" in [r.body for r in rows(app) if not r.pending], "the message sent"
        )
        assert "Salut Paris" in await server_bodies(city, "city:paris")
        assert "Salut Paris" not in await server_bodies(city, "all")
