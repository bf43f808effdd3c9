"""The first run: connect to my city's server, or try the demo.

With no profile yet the app opens here. "Connect to my city" registers with
the venue's join code through the sync façade, saves the profile and its
token, and dismisses with ``"connected"``; "Try the demo" dismisses with
``"demo"`` and the app starts the embedded demo. Two other ways in, chosen
with the tabs above the form (or F3): an organizer's token (``nuit-server
organizer add`` prints it), or a recovery code an organizer gave, with the
handle; both are checked by the server the way ``nuit-tui login --token`` and
``--recover`` check them, then saved like a registration. Every failure (bad
code or token, handle taken, server unreachable) is shown inline, in plain
text, and nothing typed is lost.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, Literal, get_args

from pydantic import ValidationError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Tab, Tabs

from nuittui.i18n import _
from nuittui.models import EventPublic, RegisterRequest

from .base import translate_bindings

__all__ = ["URL_LOOKUP_DELAY", "Note", "SignInMode", "WelcomeResult", "WelcomeScreen", "parse_skills"]

WelcomeResult = Literal["connected", "demo"]
SignInMode = Literal["register", "token", "recover"]
"""How the form signs in: the venue's join code (a new account), a token, or a recovery code."""
MODES: tuple[SignInMode, ...] = get_args(SignInMode)
_FIRST_FIELD = {"register": "#join-code", "token": "#token", "recover": "#recover-handle"}

URL_LOOKUP_DELAY = 0.4
"""Seconds of quiet typing in the URL field before the server is asked for its event."""

_FIELD_PROBLEMS = {
    "join_code": "Enter the join code given at your venue.",
    "handle": "A handle is 2 to 32 lowercase letters, digits, - or _, starting with a letter or digit.",
    "display_name": "Enter a display name (at most 64 characters).",
    "city": "Choose your city.",
    "skills": "Skills: at most 20, each at most 32 characters.",
}


def parse_skills(text: str) -> list[str]:
    """``"python, design ,, data"`` → ``["python", "design", "data"]`` (order kept, duplicates dropped)."""
    seen: dict[str, None] = {}
    for part in text.replace(";", ",").split(","):
        skill = part.strip()
        if skill and skill.casefold() not in {s.casefold() for s in seen}:
            seen[skill] = None
    return list(seen)


class Note(Static):
    """A line under the form that takes no room while it has nothing to say (plain text)."""

    def __init__(self, *, id: str) -> None:
        super().__init__("", id=id, markup=False)
        self.display = False

    def say(self, text: str) -> None:
        """Show ``text``; an empty one hides the line."""
        self.update(Content(text))
        self.display = bool(text)


class WelcomeScreen(Screen[WelcomeResult]):
    """Connect to my city (a form) or try the demo; errors are shown under the form."""

    # English here: translated per instance, after the language is set
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "demo", "Try the demo", id="welcome.demo", tooltip="Start the demo event"),
        Binding(
            "ctrl+s",
            "connect",
            "Connect",
            id="welcome.connect",
            tooltip="Register with the join code, or sign in with the token or recovery code, and connect",
        ),
        Binding(
            "f3",
            "next_mode",
            "Other sign-in",
            id="welcome.mode",
            tooltip="Sign in with a join code, an organizer's token or a recovery code",
        ),
    ]

    DEFAULT_CSS = """
    WelcomeScreen #welcome-title { text-style: bold; color: $accent; padding: 1 2 0 2; width: 100%; }
    WelcomeScreen #welcome-intro { padding: 0 2 1 2; color: $text-muted; width: 100%; }
    WelcomeScreen #welcome-body { height: 1fr; }
    WelcomeScreen #connect-pane { width: 2fr; border: round $primary; padding: 0 1; height: auto; }
    WelcomeScreen #demo-pane { width: 1fr; border: round $secondary; padding: 0 1; height: auto; }
    WelcomeScreen .pane-title { text-style: bold; padding-bottom: 1; }
    WelcomeScreen #connect-form { grid-size: 2; grid-columns: 26 1fr; grid-rows: 3; height: auto; }
    WelcomeScreen .field-label { color: $text-muted; height: 3; content-align: left middle; }
    WelcomeScreen #city-field { height: 3; }
    WelcomeScreen #event-info { color: $text-muted; height: auto; }
    WelcomeScreen #event-info.-found { color: $text-success; }
    WelcomeScreen #welcome-error { color: $text-error; text-style: bold; height: auto; }
    WelcomeScreen #welcome-status { color: $text-muted; height: auto; }
    WelcomeScreen #city-select.-hidden, WelcomeScreen #city-text.-hidden { display: none; }
    WelcomeScreen Button { margin-top: 1; }
    WelcomeScreen #sign-in-modes { margin-bottom: 1; }
    WelcomeScreen.-mode-register .token-only, WelcomeScreen.-mode-register .recover-only { display: none; }
    WelcomeScreen.-mode-token .register-only, WelcomeScreen.-mode-token .recover-only { display: none; }
    WelcomeScreen.-mode-recover .register-only, WelcomeScreen.-mode-recover .token-only { display: none; }
    WelcomeScreen.-narrow #connect-form { grid-columns: 16 1fr; }
    WelcomeScreen.-narrow #demo-pane { width: 24; }
    """
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (typed by Textual)
    """Under 100 columns (a laptop's terminal), the labels wrap in a narrower column: the fields get room."""

    def __init__(self, *, api_url: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self._initial_url = api_url
        self.event: EventPublic | None = None
        """The event of the server at the URL typed, once it answered."""
        self.busy = False
        self.mode: SignInMode = "register"

    def compose(self) -> ComposeResult:
        """The two choices side by side, the form on the left."""
        yield Static(Content(_("Welcome to the Nuit du Code Citoyen")), id="welcome-title")
        yield Static(
            Content(
                _("48 hours, several cities, one app. Connect to your city's server, or look around first.")
            ),
            id="welcome-intro",
        )
        with Horizontal(id="welcome-body"):
            with VerticalScroll(id="connect-pane"):
                yield Static(Content(_("Connect to my city")), classes="pane-title")
                yield Tabs(
                    Tab(_("Join code"), id="mode-register"),
                    Tab(_("Organizer token"), id="mode-token"),
                    Tab(_("Recovery code"), id="mode-recover"),
                    id="sign-in-modes",
                )
                with Grid(id="connect-form"):
                    yield Label(Content(_("Server URL")), classes="field-label")
                    yield Input(
                        self._initial_url, placeholder="https://lyon.nuitducode.example", id="api-url"
                    )
                    yield Label(Content(_("Join code")), classes="field-label register-only")
                    yield Input(
                        placeholder=_("the code shown at the venue"),
                        password=True,
                        id="join-code",
                        classes="register-only",
                    )
                    yield Label(Content(_("Handle")), classes="field-label register-only")
                    yield Input(
                        placeholder=_("letters, digits, - and _, e.g. ada"),
                        id="handle",
                        max_length=32,
                        classes="register-only",
                    )
                    yield Label(Content(_("Display name")), classes="field-label register-only")
                    yield Input(
                        placeholder=_("how others see you"),
                        id="display-name",
                        max_length=64,
                        classes="register-only",
                    )
                    yield Label(Content(_("City")), classes="field-label register-only")
                    with Vertical(id="city-field", classes="register-only"):
                        yield Select[str](
                            [], prompt=_("choose your city"), id="city-select", classes="-hidden"
                        )
                        yield Input(placeholder=_("your city's id, e.g. lyon"), id="city-text")
                    yield Label(Content(_("Skills (comma-separated)")), classes="field-label register-only")
                    yield Input(placeholder="python, design, data", id="skills", classes="register-only")
                    yield Label(Content(_("Token")), classes="field-label token-only")
                    yield Input(
                        placeholder=_("paste the organizer's token"),
                        password=True,
                        id="token",
                        classes="token-only",
                    )
                    yield Label(Content(_("Handle")), classes="field-label recover-only")
                    yield Input(
                        placeholder=_("your handle, e.g. ada"),
                        id="recover-handle",
                        max_length=32,
                        classes="recover-only",
                    )
                    yield Label(Content(_("Recovery code")), classes="field-label recover-only")
                    yield Input(
                        placeholder=_("the code an organizer gave you"),
                        id="recover-code",
                        classes="recover-only",
                    )
                yield Note(id="event-info")
                yield Note(id="welcome-error")
                yield Note(id="welcome-status")
                yield Button(_("Connect to my city"), id="connect", variant="primary")
            with Vertical(id="demo-pane"):
                yield Static(Content(_("Try the demo")), classes="pane-title")
                yield Static(
                    Content(
                        _(
                            "A whole event on this machine: seven cities, 26 projects, people chatting "
                            "and posting bug swaps. Nothing leaves your computer."
                        )
                    )
                )
                yield Button(_("Try the demo"), id="demo", variant="success")
        yield Footer()

    def on_mount(self) -> None:
        """Start in the URL field; look the URL up if one was given."""
        self.add_class("-mode-register")
        self.query_one("#api-url", Input).focus()
        if self._initial_url:
            self.look_up_event(self._initial_url)

    # -- how to sign in ---------------------------------------------------------------------
    @on(Tabs.TabActivated, "#sign-in-modes")
    def _mode_chosen(self, event: Tabs.TabActivated) -> None:
        mode = (event.tab.id or "").removeprefix("mode-")
        if mode in MODES and mode != self.mode:
            self.set_mode(mode)

    def set_mode(self, mode: SignInMode) -> None:
        """Show the fields of ``mode`` (what was typed in the others is kept); not while signing in."""
        tabs = self.query_one("#sign-in-modes", Tabs)
        if self.busy:
            tabs.active = f"mode-{self.mode}"
            return
        for each in MODES:
            self.set_class(each == mode, f"-mode-{each}")
        self.mode = mode
        if tabs.active != f"mode-{mode}":
            tabs.active = f"mode-{mode}"
        labels = {
            "register": _("Connect to my city"),
            "token": _("Sign in with the token"),
            "recover": _("Sign in with the recovery code"),
        }
        self.query_one("#connect", Button).label = labels[mode]
        self.show_error("")
        if not tabs.has_focus:
            url = self.query_one("#api-url", Input)
            (url if not url.value.strip() else self.query_one(_FIRST_FIELD[mode])).focus()

    def action_next_mode(self) -> None:
        """The next way to sign in: join code, organizer token, recovery code."""
        self.set_mode(MODES[(MODES.index(self.mode) + 1) % len(MODES)])

    # -- the server's event, to choose a city from ------------------------------------------
    @on(Input.Changed, "#api-url")
    def _url_changed(self, event: Input.Changed) -> None:
        self.look_up_event(event.value)

    @work(exclusive=True, exit_on_error=False, group="welcome-event")
    async def look_up_event(self, url: str) -> None:
        """Ask the server at ``url`` for its event (after a pause in typing), to list its cities."""
        from nuittui.sync import fetch_event

        await asyncio.sleep(URL_LOOKUP_DELAY)
        url = url.strip()
        if not url:
            self._show_event(None, "")
            return
        self.query_one("#event-info", Note).say(_("Looking for the event at this address…"))
        try:
            found = await fetch_event(url)
        except Exception as error:  # any failure only means "type your city"
            self._show_event(None, _("No event found there yet: {reason}", reason=_reason(error)))
            return
        self._show_event(found, "")

    def _show_event(self, event: EventPublic | None, note: str) -> None:
        self.event = event
        info = self.query_one("#event-info", Note)
        select = self.query_one("#city-select", Select)
        text = self.query_one("#city-text", Input)
        if event is None or not event.cities:
            info.say(note)
            info.remove_class("-found")
            select.add_class("-hidden")
            text.remove_class("-hidden")
            return
        count = len(event.cities)
        info.say(_("{event} — {count} cities", event=event.name, count=count))
        info.add_class("-found")
        previous = select.value if select.value != Select.NULL else text.value.strip()
        select.set_options((Content(c.name), c.id) for c in event.cities)
        ids = [c.id for c in event.cities]
        if previous in ids:
            select.value = previous
        elif len(ids) == 1:
            select.value = ids[0]
        select.remove_class("-hidden")
        text.add_class("-hidden")

    def chosen_city(self) -> str:
        """The city picked in the list (when the server answered) or typed."""
        select = self.query_one("#city-select", Select)
        if not select.has_class("-hidden"):
            value = select.value
            return value if isinstance(value, str) else ""
        return self.query_one("#city-text", Input).value.strip()

    # -- connecting -------------------------------------------------------------------------
    def show_error(self, text: str) -> None:
        """Say what went wrong, under the form (plain text: it may quote the server)."""
        self.query_one("#welcome-error", Note).say(text)
        self.query_one("#welcome-status", Note).say("")

    def _values(self) -> tuple[str, RegisterRequest] | None:
        """The URL and the registration from the form, or None after showing what is wrong."""
        from nuittui.profiles import ProfileError, check_api_url

        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        try:
            url = check_api_url(value("#api-url"))
        except ProfileError as error:
            self.show_error(str(error))
            self.query_one("#api-url", Input).focus()
            return None
        try:
            request = RegisterRequest(
                join_code=value("#join-code"),
                handle=value("#handle"),
                display_name=value("#display-name") or value("#handle"),
                city=self.chosen_city(),
                skills=parse_skills(value("#skills")),
            )
        except ValidationError as error:
            first = error.errors(include_url=False, include_input=False)[0]
            name = str(first["loc"][0]) if first.get("loc") else ""
            self.show_error(_(_FIELD_PROBLEMS[name]) if name in _FIELD_PROBLEMS else str(first["msg"]))
            self._focus_field(name)
            return None
        return url, request

    def _focus_field(self, name: str) -> None:
        selectors = {
            "join_code": "#join-code",
            "handle": "#handle",
            "display_name": "#display-name",
            "skills": "#skills",
            "city": "#city-text" if self.query_one("#city-select").has_class("-hidden") else "#city-select",
        }
        if name in selectors:
            self.query_one(selectors[name]).focus()

    @on(Button.Pressed, "#connect")
    @on(Input.Submitted, "#skills")
    @on(Input.Submitted, "#token")
    @on(Input.Submitted, "#recover-code")
    def action_connect(self) -> None:
        """Register with the form's values, or sign in with the token or recovery code; then save
        the profile."""
        if self.busy:
            return
        if self.mode != "register":
            self._sign_in()
            return
        values = self._values()
        if values is None:
            return
        self.query_one("#welcome-error", Note).say("")
        self.query_one("#welcome-status", Note).say(_("Connecting…"))
        self.busy = True
        self.connect(*values)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        if event.input.id not in ("skills", "token", "recover-code"):
            self.focus_next()

    def _sign_in(self) -> None:
        """Check the URL and the token (or handle and recovery code), then ask the server."""
        from nuittui.profiles import ProfileError, check_api_url

        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        try:
            url = check_api_url(value("#api-url"))
        except ProfileError as error:
            self.show_error(str(error))
            self.query_one("#api-url", Input).focus()
            return
        if self.mode == "token":
            if not value("#token"):
                self.show_error(_("Paste the organizer's token (nuit-server organizer add prints it)."))
                self.query_one("#token", Input).focus()
                return
            secret, handle = value("#token"), ""
        else:
            handle, secret = value("#recover-handle"), value("#recover-code")
            if not handle:
                self.show_error(_(_FIELD_PROBLEMS["handle"]))
                self.query_one("#recover-handle", Input).focus()
                return
            if not secret:
                self.show_error(_("Enter the recovery code an organizer gave you."))
                self.query_one("#recover-code", Input).focus()
                return
        self.query_one("#welcome-error", Note).say("")
        self.query_one("#welcome-status", Note).say(_("Signing in…"))
        self.busy = True
        self.sign_in(self.mode, url, secret, handle)

    @work(exclusive=True, exit_on_error=False, group="welcome-connect")
    async def sign_in(self, mode: SignInMode, url: str, secret: str, handle: str = "") -> None:
        """Check the token (or trade the recovery code for one) with the server, save the profile
        and its token, and close the screen; a refusal is said under the field."""
        from nuittui.profiles import save_profile, save_token
        from nuittui.sync.signin import check_token, redeem_recovery

        try:
            if mode == "token":
                user, token = await check_token(url, secret), secret
            else:
                answer = await redeem_recovery(url, handle, secret)
                user, token = answer.user, answer.token

            def save() -> None:
                name = save_profile(None, url, handle=user.handle, city=user.city)
                save_token(name, token)

            await asyncio.to_thread(save)
        except Exception as error:  # shown inline: a refused token or code, no server
            self.busy = False
            self.show_error(_reason(error))
            self.query_one(_FIRST_FIELD[mode] if mode == "token" else "#recover-code").focus()
            return
        self.busy = False
        self.dismiss("connected")

    @work(exclusive=True, exit_on_error=False, group="welcome-connect")
    async def connect(self, url: str, request: RegisterRequest) -> None:
        """Register through the façade, save the profile and its token, and close the screen."""
        from nuittui.profiles import save_profile, save_token
        from nuittui.sync import register

        try:
            response = await register(
                url, request.join_code, request.handle, request.display_name, request.city, request.skills
            )
            user = response.user

            def save() -> None:
                name = save_profile(None, url, handle=user.handle, city=user.city)
                save_token(name, response.token)

            await asyncio.to_thread(save)
        except Exception as error:  # shown inline: a bad code, a taken handle, no server
            self.busy = False
            self.show_error(_reason(error))
            return
        self.busy = False
        self.dismiss("connected")

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        """Leave for the demo event."""
        if not self.busy:
            self.dismiss("demo")


def _reason(error: BaseException) -> str:
    """One line for people from any failure."""
    return str(getattr(error, "message", "") or error) or type(error).__name__
