"""``nuit-server export``: the results of an edition as spreadsheet-safe CSV or JSON files.

Everything is read in one read transaction (the sync snapshot), so the files agree
with each other even while the server runs. Files: ``projects``, ``people``,
``swaps``, ``progress`` (every team update, by project, for the jury), ``cities``
(a summary per city) and, in CSV, ``helped`` (who helped whom: helper's city ×
requester's city); in JSON the table is inside ``cities.json``.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from nuittui.models import Snapshot, SwapPublic, SwapStatus

from .store import Store

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet will not run as a formula: ``=1+1`` becomes ``'=1+1``.

    Cells starting with = + - @, a tab or a carriage return are prefixed with an apostrophe
    (OWASP's advice for CSV injection); numbers are left as they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 60, 1)


def _iso(moment: datetime | None) -> str:
    return moment.isoformat() if moment is not None else ""


def _projects(state: Snapshot) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "title": p.title,
            "theme": p.theme,
            "city": p.city,
            "brought_by": p.brought_by,
            "stage": p.stage.value,
            "team_size": p.max_team_size,
            "members": len(p.members),
            "member_handles": [m.handle for m in p.members],
            "skills_needed": p.skills_needed,
            "links": p.links,
            "summary": p.summary,
        }
        for p in state.projects
    ]


def _people(state: Snapshot) -> list[dict[str, Any]]:
    titles = {p.id: p.title for p in state.projects}
    return [
        {
            "handle": u.handle,
            "display_name": u.display_name,
            "city": u.city,
            "role": u.role.value,
            "team": u.team,
            "team_title": titles.get(u.team, "") if u.team is not None else "",
            "skills": u.skills,
        }
        for u in state.users
    ]


def _swaps(state: Snapshot) -> list[dict[str, Any]]:
    cities = {u.handle: u.city for u in state.users}
    return [
        {
            "id": s.id,
            "title": s.title,
            "tags": s.tags,
            "status": s.status.value,
            "requester": s.author,
            "requester_city": s.city,
            "helper": s.claimed_by or "",
            "helper_city": cities.get(s.claimed_by, "") if s.claimed_by else "",
            "created_at": _iso(s.created_at),
            "claimed_at": _iso(s.claimed_at),
            "resolved_at": _iso(s.resolved_at),
            "minutes_to_claim": _minutes(s.created_at, s.claimed_at),
            "minutes_to_resolve": _minutes(s.created_at, s.resolved_at),
            "rating": s.rating,
            "thanks": s.thanks,
        }
        for s in state.swaps
    ]


def _progress(state: Snapshot) -> list[dict[str, Any]]:
    titles = {p.id: p.title for p in state.projects}
    return [
        {
            "project_id": u.project_id,
            "project_title": titles.get(u.project_id, ""),
            "city": u.city,
            "author": u.author,
            "stage": u.stage.value,
            "text": u.text,
            "created_at": _iso(u.created_at),
        }
        for u in sorted(state.progress, key=lambda u: (u.project_id, u.created_at, u.id))
    ]


def _helped(swaps: Iterable[SwapPublic], cities_of: dict[str, str]) -> dict[str, dict[str, int]]:
    """``table[helper city][requester city]``: swaps with a helper, by the two cities."""
    table: dict[str, dict[str, int]] = {}
    for swap in swaps:
        if swap.claimed_by is None:
            continue
        helper_city = cities_of.get(swap.claimed_by, "?")
        row = table.setdefault(helper_city, {})
        row[swap.city] = row.get(swap.city, 0) + 1
    return table


def _cities(state: Snapshot, helped: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    rows = []
    for city in state.event.cities:
        people = [u for u in state.users if u.city == city.id]
        projects = [p for p in state.projects if p.city == city.id]
        asked = [s for s in state.swaps if s.city == city.id]
        waits = [m for s in asked if (m := _minutes(s.created_at, s.claimed_at)) is not None]
        rows.append(
            {
                "city": city.id,
                "name": city.name,
                "people": len(people),
                "projects": len(projects),
                "teams": sum(1 for p in projects if p.members),
                "members": sum(len(p.members) for p in projects),
                "swaps_asked": len(asked),
                "swaps_resolved": sum(1 for s in asked if s.status is SwapStatus.RESOLVED),
                "median_minutes_to_claim": statistics.median(waits) if waits else None,
                "helped_other_cities": sum(n for c, n in helped.get(city.id, {}).items() if c != city.id),
                "helped_by_other_cities": sum(
                    row.get(city.id, 0) for helper, row in helped.items() if helper != city.id
                ),
            }
        )
    return rows


def _write_csv(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    # utf-8 with a BOM: spreadsheets then read the accents right
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            cells = []
            for name in columns:
                value = row.get(name)
                if isinstance(value, list):
                    value = ", ".join(str(v) for v in value)
                cells.append("" if value is None else safe_cell(value))
            writer.writerow(cells)


def export_results(store: Store, folder: Path, *, fmt: str = "csv") -> list[tuple[Path, int]]:
    """Write the files into ``folder`` (made if needed); each path written and its row count."""
    _, state = store.snapshot()
    cities_of = {u.handle: u.city for u in state.users}
    helped = _helped(state.swaps, cities_of)
    tables = {
        "projects": _projects(state),
        "people": _people(state),
        "swaps": _swaps(state),
        "progress": _progress(state),
        "cities": _cities(state, helped),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, int]] = []
    if fmt == "json":
        for name, rows in tables.items():
            path = folder / f"{name}.json"
            body: Any = rows
            if name == "cities":
                body = {"cities": rows, "helped": helped}
            path.write_bytes(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
            written.append((path, len(rows)))
        return written
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        columns = list(rows[0]) if rows else _COLUMNS[name]
        _write_csv(path, rows, columns)
        written.append((path, len(rows)))
    ids = [c.id for c in state.event.cities]
    matrix = [
        {"helper_city": helper, **{requester: helped.get(helper, {}).get(requester, 0) for requester in ids}}
        for helper in ids
    ]
    path = folder / "helped.csv"
    _write_csv(path, matrix, ["helper_city", *ids])
    written.append((path, len(matrix)))
    return written


_COLUMNS = {
    "projects": ["id", "title", "theme", "city", "brought_by", "stage", "team_size", "members"],
    "people": ["handle", "display_name", "city", "role", "team", "team_title", "skills"],
    "swaps": ["id", "title", "status", "requester", "requester_city", "helper", "helper_city"],
    "progress": ["project_id", "project_title", "city", "author", "stage", "text", "created_at"],
    "cities": ["city", "name", "people", "projects", "teams"],
}
