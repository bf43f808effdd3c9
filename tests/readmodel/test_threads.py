"""The chat's read model on a real cache: the channel list grouped for me with unread counts, and a
thread whose pending messages are a field of their own."""

from __future__ import annotations

from pathlib import Path

from nuittui.cache import LocalCache, Outbox
from nuittui.cache.folder import CacheFolder
from nuittui.i18n import set_language
from nuittui.models import EventType, SwapStatus
from nuittui.readmodel.threads import channel_lines, message_line, thread_view
from tests.cache.cache_builders import Stream, reset_batch, swap, user


def cached(tmp_path: Path) -> Stream:
    """A snapshot (8 messages in all, Lyon, Paris, team 1 and swap 2), then mine and others'."""
    stream = Stream()
    cache = LocalCache(tmp_path)
    cache.apply(reset_batch(stream)[0])
    cache.apply(
        stream.batch(
            [
                stream.upsert(EventType.USER, user("ada", "paris", team=3)),
                stream.upsert(
                    EventType.SWAP, swap(9, author="hugo", claimed_by="ada", status=SwapStatus.CLAIMED)
                ),
                stream.message("city:paris", author="hugo", body="@ada tu passes ?"),
                stream.message("city:paris", author="hugo", body="x-@ada pas une mention"),
                stream.message("city:paris", author="ada", body="j'arrive \x1b[2J@ada"),
                stream.message("all", author="hugo", body="salut\u202e tout le monde"),
            ]
        )
    )
    return stream


def test_channels_are_grouped_for_me_with_unread_and_mentions(tmp_path: Path) -> None:
    cached(tmp_path)
    rows = CacheFolder(tmp_path)

    lines = channel_lines(rows, "ada", [], {"all": 10_000})

    by_id = {line.channel.id: line for line in lines}
    assert [line.channel.id for line in lines][:4] == ["all", "city:paris", "team:3", "swap:9"]
    assert [line.group for line in lines][:4] == ["All cities", "My city", "My team", "My swaps"]
    assert by_id["city:lyon"].group == "Cities" and by_id["swap:2"].group == "Swaps"
    assert by_id["team:1"].channel.kind == "team" and by_id["team:1"].group == "Teams"
    assert by_id["city:paris"].channel.title == "Paris"
    # mine are not unread, a mention inside a word is not one, "all" is read up to its marker
    assert (by_id["city:paris"].unread, by_id["city:paris"].mentions) == (10, 1)
    assert by_id["all"].unread == 0
    # markers about to move count as moved; groups follow the language
    set_language("fr")
    try:
        moved = channel_lines(rows, "ada", [], {}, read={"city:paris": 10_000})
    finally:
        set_language("en")
    paris = next(line for line in moved if line.channel.id == "city:paris")
    assert (paris.unread, paris.mentions, paris.group) == (0, 0, "Ma ville")


def test_signed_out_every_channel_is_in_the_servers_order(tmp_path: Path) -> None:
    cached(tmp_path)

    lines = channel_lines(CacheFolder(tmp_path), None, [], {})

    assert lines[0].channel.id == "all" and lines[0].group == "All cities"
    assert {line.group for line in lines[1:]} <= {"Cities", "Teams", "Swaps"}
    assert all(line.mentions == 0 for line in lines)


def test_a_thread_and_my_pending_messages_apart(tmp_path: Path) -> None:
    cached(tmp_path)
    outbox = Outbox.in_folder(tmp_path)
    outbox.enqueue(
        "message",
        "POST",
        "/v1/channels/city%3Aparis/messages",
        {"body": "en route\x07"},
        order_key="city:paris",
        summary="Message in #city:paris",
    )
    later = outbox.enqueue(
        "message",
        "POST",
        "/v1/channels/city%3Aparis/messages",
        {"body": "annonce", "announcement": True},
        order_key="city:paris",
        summary="Message in #city:paris",
    )
    outbox.enqueue(
        "message", "POST", "/v1/channels/all/messages", {"body": "ailleurs"}, order_key="all", summary="x"
    )
    outbox.mark_failed(later.key, error="503 the server is busy", now=0)

    view = thread_view(CacheFolder(tmp_path), "ada", outbox.pending(), "city:paris", limit=3, title="Paris")

    assert view.title == "Paris" and view.me == "ada"
    assert [m.body for m in view.messages] == [
        "@ada tu passes ?",
        "x-@ada pas une mention",
        "j'arrive [2J@ada",
    ]
    assert [m.mentions_me for m in view.messages] == [True, False, False]  # my own is not a mention
    assert not any(m.pending for m in view.messages)
    assert view.newest_seq == view.messages[-1].seq and view.messages[-1].key.startswith("msg:")
    assert [(m.body, m.author, m.announcement, m.last_error) for m in view.pending] == [
        ("en route", "ada", False, None),
        ("annonce", "ada", True, "503 the server is busy"),
    ]
    assert all(m.pending and m.key.startswith("out:") and m.seq is None for m in view.pending)
    assert view.lines == view.messages + view.pending
    everything = thread_view(CacheFolder(tmp_path), "ada", [], "city:paris", limit=None)
    assert len(everything.messages) == 11 and everything.pending == () and everything.title == "city:paris"


def test_a_hidden_message_shows_no_text_and_odd_rows_are_left_out(tmp_path: Path) -> None:
    stream = cached(tmp_path)
    rows = CacheFolder(tmp_path)
    shown = rows.message_rows("all", limit=1)[0]
    hidden = stream.message("all", author="hugo", body="")  # the organizers hide it: sent again
    hidden.data.update(id=shown["id"], seq=shown["seq"], created_at=shown["created_at"], hidden=True)
    LocalCache(tmp_path).apply(stream.batch([hidden]))

    view = thread_view(CacheFolder(tmp_path), "ada", [], "all", limit=2)

    assert view.messages[0].body == "Pizza dans 10 minutes au rez-de-chaussée"
    assert view.messages[-1].body == "" and view.messages[-1].author == "hugo"
    assert view.messages[-1].hidden and view.messages[-1].to_json()["hidden"] is True
    json = view.messages[0].to_json()
    assert set(json) == {
        "id",
        "channel",
        "author",
        "body",
        "announcement",
        "hidden",
        "created_at",
        "seq",
        "pending",
        "key",
    }
    assert thread_view(CacheFolder(tmp_path), "ada", [], "city:nowhere").messages == ()
    assert message_line({**json, "id": "7"}, "ada") is None
    assert message_line({**json, "created_at": "hier"}, "ada") is None
