"""The Projects section: the six themes, each theme's projects, and the way into a project.

Projects looking for members stand out with a marker and a colour. ``c``
switches between my city's projects and every city's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from nuittui.i18n import _
from nuittui.readmodel.projects import (
    ProjectLine,
    ProjectsView,
    TeamPending,
    ThemeLine,
    looking_label,
    pending_label,
    projects_view,
    theme_projects,
)
from nuittui.widgets.fitting import Hanging

from .base import SectionScreen
from .project_detail import ProjectDetailScreen

__all__ = [
    "LOOKING_MARKER",
    "ProjectOption",
    "ProjectsScreen",
    "ThemeOption",
    "project_content",
    "theme_content",
]

LOOKING_MARKER = "●"
"""Marks a team looking for members."""
MY_TEAM_MARKER = "★"
"""Marks my own team."""


class ThemeOption(Option):
    """A theme in the list, carrying the line it shows."""

    def __init__(self, theme: ThemeLine, prompt: Content) -> None:
        super().__init__(Hanging(prompt), id=f"theme-{theme.id}")
        self.theme = theme


class ProjectOption(Option):
    """A project in the list, carrying the line it shows."""

    def __init__(self, project: ProjectLine, prompt: Content) -> None:
        super().__init__(Hanging(prompt), id=f"project-{project.id}")
        self.project = project


def theme_content(theme: ThemeLine) -> Content:
    """``Theme name`` and its counts: how many projects, how many look for members."""
    projects, looking = theme.projects, theme.looking
    counts = _("1 project") if projects == 1 else _("{count} projects", count=projects)
    if looking:
        counts += " · " + (_("1 looking") if looking == 1 else _("{count} looking", count=looking))
    return Content.assemble((theme.name, "bold"), "\n  ", (counts, "dim"))


def project_content(
    project: ProjectLine, cities: Mapping[str, str], pending: TeamPending | None = None
) -> Content:
    """One project line: marker, title, city, team size, whether it looks for members, and my team
    writes for it still waiting for the server."""
    mine = project.mine
    city = cities.get(project.city, project.city)
    if mine:
        marker: tuple[str, str] = (MY_TEAM_MARKER + " ", "bold $text-accent")
    elif project.looking_for_members:
        marker = (LOOKING_MARKER + " ", "bold $text-success")
    else:
        marker = ("  ", "")
    title_style = "bold $text-success" if project.looking_for_members and not mine else "bold"
    parts: list[tuple[str, str] | str] = [
        marker,
        (project.title, title_style),
        "  ",
        (f"{city} · {project.size}", "dim"),
    ]
    if mine:
        parts.append(("  " + _("my team"), "italic $text-accent"))
    elif project.looking_for_members:
        parts.append(("  " + _("looking for members"), "italic $text-success"))
    if pending is not None and pending.change:
        parts.append(("  ⧗ " + pending_label(pending.change), "italic $text-warning"))
    if pending is not None and pending.looking is not None:
        parts.append(("  ⧗ " + looking_label(pending.looking), "italic $text-warning"))
    line = Content.assemble(*parts)
    if project.summary:
        line = line + Content("\n    ") + Content.styled(project.summary, "dim")
    return line


class ProjectsScreen(SectionScreen):
    """Themes on the left with their counts, the highlighted theme's projects on the right."""

    SECTION = "projects"
    KEPT = ("only_my_city",)
    SHOWS = frozenset({"event", "users", "projects", "progress"})
    # English here: the base translates bindings per instance, after the language is set
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "c",
            "toggle_city",
            "My city / all",
            id="projects.city",
            tooltip="Show my city's projects only, or every city's",
        ),
        # out of the footer (Tab does the same; F1 lists it)
        Binding(
            "t",
            "focus_themes",
            "Themes",
            id="projects.themes",
            tooltip="Move to the list of themes",
            show=False,
        ),
    ]

    DEFAULT_CSS = """
    ProjectsScreen #projects-body { height: 1fr; }
    ProjectsScreen #themes { width: 40%; max-width: 38; min-width: 20; height: 1fr; }
    ProjectsScreen #projects-pane { width: 1fr; height: 1fr; }
    ProjectsScreen #projects-heading { padding: 0 1; color: $text-muted; }
    ProjectsScreen #projects { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.only_my_city = True
        self.theme_id: str | None = None
        self._view = ProjectsView()
        """What the lists show, as last read from the cache."""

    def compose_section(self) -> ComposeResult:
        """Themes and projects side by side."""
        with Horizontal(id="projects-body"):
            yield OptionList(id="themes", markup=False)
            with Vertical(id="projects-pane"):
                yield Static(id="projects-heading", markup=False)
                yield OptionList(id="projects", markup=False)

    def read_view(self) -> ProjectsView:
        """The themes, the projects the city filter lets through (every city's while mine is
        unknown), and my pending team changes: the read model's projection, off the UI loop."""
        engine = self.engine
        return projects_view(
            engine.rows(), engine.handle, engine.unconfirmed(), only_my_city=self.only_my_city
        )

    def show_view(self, view: ProjectsView) -> None:
        """Redraw both lists, keeping what is highlighted."""
        self._view = view
        themes = view.themes
        theme_list = self.query_one("#themes", OptionList)
        highlighted = theme_list.highlighted
        theme_list.set_options(ThemeOption(t, theme_content(t)) for t in themes)
        if themes:
            index = next((i for i, t in enumerate(themes) if t.id == self.theme_id), highlighted or 0)
            theme_list.highlighted = min(index, len(themes) - 1)
            self.theme_id = themes[theme_list.highlighted or 0].id
        self._show_projects()

    def _show_projects(self) -> None:
        view = self._view
        theme = next((t for t in view.themes if t.id == self.theme_id), None)
        chosen = theme_projects(view, self.theme_id)
        scope = _("my city") if self.only_my_city and view.my_city else _("all cities")
        heading = _("{theme} — {scope} (c to change)", theme=theme.name if theme else "", scope=scope)
        self.query_one("#projects-heading", Static).update(Content(heading))
        project_list = self.query_one("#projects", OptionList)
        previous = project_list.highlighted_option
        project_list.set_options(
            ProjectOption(p, project_content(p, view.cities, view.pending.get(p.id))) for p in chosen
        )
        if not chosen:
            project_list.add_option(Option(Content(_("No project in this theme here.")), disabled=True))
        else:
            known = previous.project.id if isinstance(previous, ProjectOption) else None
            project_list.highlighted = next((i for i, p in enumerate(chosen) if p.id == known), 0)

    @on(OptionList.OptionHighlighted, "#themes")
    def _theme_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option, ThemeOption) and event.option.theme.id != self.theme_id:
            self.theme_id = event.option.theme.id
            self._show_projects()

    @on(OptionList.OptionSelected, "#themes")
    def _theme_selected(self) -> None:
        self.query_one("#projects", OptionList).focus()

    @on(OptionList.OptionSelected, "#projects")
    def _project_selected(self, event: OptionList.OptionSelected) -> None:
        if isinstance(event.option, ProjectOption):
            self.app.push_screen(ProjectDetailScreen(event.option.project.id))

    def open_project(self, project_id: int, then: str | None = None) -> None:
        """Show a project's page (the palette's team commands); ``then`` runs one of its actions."""
        self.app.push_screen(ProjectDetailScreen(project_id, then=then))

    def action_toggle_city(self) -> None:
        """Switch between my city's projects and every city's."""
        self.only_my_city = not self.only_my_city
        self.refresh_data()

    def action_focus_themes(self) -> None:
        """Focus the list of themes."""
        self.query_one("#themes", OptionList).focus()
