"""Organizer mode: the forms behind the palette's ``organizer: …`` commands, and what runs them.

Shown only to a signed-in organizer (the read model's ``organizer_view``). A city organizer acts on
their own city (announces there, moves its items, suspends its people); an event organizer on every
city.
The forms are ``FormScreen``s (the swap form's box: fields that scroll, buttons and the error
line always in view, F1 and Esc in the footer). Every action but the recovery code is queued
through the outbox like any write; the recovery code is a direct call, shown once in a modal.

Names, titles, handles and message bodies are data: shown as ``Content``, never as markup.
"""

from nuittui.readmodel.organizer import is_organizer, scope_city

from .announce import AnnounceForm
from .common import Announcement, Move, Suspension, login_line
from .moderation import HideForm, SuspendForm
from .move import MoveForm
from .palette import Organizer, selected_message
from .recovery import RecoveryCodeScreen, RecoveryForm

__all__ = [
    "AnnounceForm",
    "Announcement",
    "HideForm",
    "Move",
    "MoveForm",
    "Organizer",
    "RecoveryCodeScreen",
    "RecoveryForm",
    "SuspendForm",
    "Suspension",
    "is_organizer",
    "login_line",
    "scope_city",
    "selected_message",
]
