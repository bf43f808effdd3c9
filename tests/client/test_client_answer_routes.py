"""Every write the outbox can queue has a contract answer to check: none is refused for want of one.

``nuittui.models.answers`` says what "delivered" means per route. A kind of write whose path it
did not know would never be delivered (its every answer a mismatch, then a dead letter).
"""

from __future__ import annotations

import pytest

from nuittui.models.answers import AnswerMismatch, answer_type, check_answer
from nuittui.sync import kinds

QUEUED = [
    kinds.swap_create_request({"title": "x"}),
    *(kinds.swap_action_request(7, action) for action in ("claim", "release", "resolve", "cancel", "reopen")),
    kinds.message_request("city:lyon", {"body": "x"}),
    kinds.message_request("team:3", {"body": "x"}),
    kinds.team_request(3, "join"),
    kinds.team_request(3, "leave"),
    kinds.progress_request(3, {"text": "x"}),
    kinds.looking_request(3, True),
    kinds.event_update_request({"title": "x"}),
    kinds.me_request({"display_name": "x"}),
    kinds.schedule_update_request(4, {"title": "x"}),
    kinds.hide_request(5),
    kinds.suspension_request("zoé-ok", "suspend"),
    kinds.suspension_request("zoe", "unsuspend"),
    kinds.member_remove_request(3, "zoe"),
]


@pytest.mark.parametrize("request_", QUEUED, ids=lambda r: f"{r.kind} {r.method} {r.path}")
def test_every_queued_write_has_an_answer_type_and_garbage_is_refused(request_: kinds.QueuedRequest) -> None:
    assert answer_type(request_.method, request_.path) is not None, "no contract answer for this write"
    with pytest.raises(AnswerMismatch, match="does not match the contract"):
        check_answer(request_.method, request_.path, "application/json", b'{"ok": true}')
    with pytest.raises(AnswerMismatch, match="instead of JSON"):
        check_answer(request_.method, request_.path, "text/html", b"<html>portal</html>")


def test_the_list_above_covers_every_kind_of_write() -> None:
    named = {
        value
        for name, value in vars(kinds).items()
        if name.isupper() and isinstance(value, str) and not name.endswith("_ORDER")
    }
    assert named <= {request.kind for request in QUEUED}
