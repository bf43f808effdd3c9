"""The server's database layer: SQLite through SQLAlchemy Core, behind the ``Store`` class."""

from .core import StoreError
from .store import Store
from .types import SYSTEM, Actor, Outcome, WriteContext, WriteResult

__all__ = ["SYSTEM", "Actor", "Outcome", "Store", "StoreError", "WriteContext", "WriteResult"]
