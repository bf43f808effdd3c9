"""``nuit-tui team list``, ``team join PROJECT``, ``team leave``, ``team update TEXT [--stage STAGE]`` and
``team looking on|off``."""

from __future__ import annotations

import argparse
import asyncio

from nuittui.i18n import _
from nuittui.readmodel.home import me_row
from nuittui.readmodel.projects import project_detail, projects_view
from nuittui.sync import SyncEngine, SyncError

from ..output import align, emit_json, one_line, out
from ..session import open_engine, quick_sync
from .writing import report, send_now

__all__ = ["join", "leave", "list_projects", "looking", "update"]


def list_projects(args: argparse.Namespace) -> int:
    """The projects of my city (``--city``, ``--all``), with their teams: the ids ``join`` takes."""
    return asyncio.run(_list(args))


async def _list(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        await quick_sync(engine)
        rows = engine.rows()
        view = projects_view(
            rows,
            engine.handle,
            engine.unconfirmed(),
            city=None if args.all else (args.city.strip().lower() if args.city else None),
            only_my_city=not args.all,
            looking_only=args.looking,
        )
        if args.json:
            from nuittui.models import ProjectPublic

            stored = rows.table_rows("projects")
            emit_json(
                [ProjectPublic.model_validate(stored[p.id]).model_dump(mode="json") for p in view.projects]
            )
            return 0
        if not view.projects:
            out(_("no project here (nuit-tui team list --all: every city)"))
            return 0
        table = [[_("id"), _("project"), _("city"), _("team"), ""]]
        for p in view.projects:
            looking = _("looking for members") if p.looking_for_members else ""
            note = _("my team") if p.mine else looking
            table.append([str(p.id), one_line(p.title, 50), view.cities.get(p.city, p.city), p.size, note])
        for line in align(table, right=(0,)):
            out(line.rstrip())
        return 0
    finally:
        await engine.aclose()


def join(args: argparse.Namespace) -> int:
    """Join a project's team."""
    return asyncio.run(_join(args))


async def _join(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        entry = await engine.join_team(args.project)
        status, summary = await send_now(engine, entry)
        return await report(engine, entry, status, summary, _("joined team #{id}", id=args.project))
    finally:
        await engine.aclose()


async def _my_team(engine: SyncEngine) -> int:
    """The project whose team I am in (after a quick sync), or ``SyncError``."""
    await quick_sync(engine)
    me = me_row(engine.rows(), engine.handle, engine.unconfirmed())
    team = me.get("team") if me else None
    if not isinstance(team, int):
        raise SyncError(_("you are not in a team: nuit-tui team join PROJECT"))
    return team


def leave(args: argparse.Namespace) -> int:
    """Leave my team."""
    return asyncio.run(_leave(args))


async def _leave(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        team = await _my_team(engine)
        entry = await engine.leave_team(team)
        status, summary = await send_now(engine, entry)
        return await report(engine, entry, status, summary, _("left team #{id}", id=team))
    finally:
        await engine.aclose()


def update(args: argparse.Namespace) -> int:
    """Post my team's progress; the stage stays as it is unless ``--stage`` says otherwise."""
    return asyncio.run(_update(args))


async def _update(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        team = await _my_team(engine)
        stage = args.stage
        if stage is None:
            project = project_detail(engine.rows(), engine.handle, engine.unconfirmed(), team)
            stage = project.stage if project is not None else "exploring"
        entry = await engine.post_progress(team, {"text": args.text, "stage": stage})
        status, summary = await send_now(engine, entry)
        done = _("posted progress for team #{id} ({stage})", id=team, stage=stage)
        return await report(engine, entry, status, summary, done)
    finally:
        await engine.aclose()


def looking(args: argparse.Namespace) -> int:
    """Say whether my team is looking for members (``on``) or not (``off``)."""
    return asyncio.run(_looking(args))


async def _looking(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    try:
        team = await _my_team(engine)
        wanted = args.state == "on"
        entry = await engine.set_looking(team, wanted)
        status, summary = await send_now(engine, entry)
        done = (
            _("team #{id} is looking for members", id=team)
            if wanted
            else _("team #{id} is not looking for members", id=team)
        )
        return await report(engine, entry, status, summary, done)
    finally:
        await engine.aclose()
