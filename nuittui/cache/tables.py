"""One cached table (users, projects, progress, swaps or schedule), saved as one file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CorruptCacheError
from .layout import parse_table
from .storage import AtomicJSONStorage, FileSignature, file_signature


@dataclass(slots=True, eq=False)
class Table:
    """Rows keyed by id (or handle), loaded lazily and reloaded when the file changes."""

    kind: str
    file: str | None
    """The live file ``state.json`` names, None while the table has never been saved."""
    rows: dict[Any, dict[str, Any]] | None = None
    signature: FileSignature | None = None
    dirty: bool = False

    def load(self, directory: Path) -> dict[Any, dict[str, Any]]:
        """The rows, read from disk unless the loaded copy is current."""
        if self.dirty and self.rows is not None:
            return self.rows
        if self.file is None:
            if self.rows is None:
                self.rows = {}
            return self.rows
        path = directory / self.file
        signature = file_signature(path)
        if signature is None:
            raise CorruptCacheError(path, "the file is missing")
        if self.rows is not None and signature == self.signature:
            return self.rows
        data, self.signature = AtomicJSONStorage(path, create_dirs=False).read_with_signature()
        self.rows = parse_table(data, path, self.kind)
        return self.rows
