"""caspian: an embedded knowledge-graph store (openCypher on LMDB), in process.

The engine is the C++ extension ``caspian._caspian``; this file defines the value and error
classes it creates, ``open``, and the pandas and networkx conversions. See docs/python.md.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterator, Mapping, Optional

from . import _caspian
from ._caspian import Database, Result, Statement, Transaction

__all__ = [
    "open", "Database", "Result", "Statement", "Transaction", "Node", "Relationship", "Path",
    "Duration", "Summary", "Notification", "Error", "QuerySyntaxError", "SemanticError",
    "QueryTypeError", "ConstraintError", "StorageError", "CorruptError", "UsageError",
    "ResourceError", "InternalError",
]


def open(path: Optional[str] = None, *, read_only: bool = False, map_size: Optional[int] = None,
         max_memory: Optional[int] = None, timeout: Optional[float] = None,
         busy_timeout: Optional[float] = None) -> Database:
    """Opens (creating it when absent) the database in directory ``path``; without a path, a
    temporary database removed on close. ``timeout`` (seconds) and ``max_memory`` (bytes) bound
    every statement; ``busy_timeout`` (seconds) bounds how long a write waits for another."""
    return _caspian._open(None if path is None else str(path), read_only=read_only,
                          map_size=map_size, max_memory=max_memory, timeout=timeout,
                          busy_timeout=busy_timeout)


class _Entity(Mapping[str, Any]):
    """Properties by mapping access; equal and hashed by id."""

    __slots__ = ("id", "_properties")

    def __getitem__(self, name: str) -> Any:
        return self._properties[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._properties)

    def __len__(self) -> int:
        return len(self._properties)

    @property
    def key(self) -> Any:
        """The ``key`` property (a node's unique key), or None."""
        return self._properties.get("key")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.id))


class Node(_Entity):
    __slots__ = ("labels",)

    def __init__(self, id: int, labels: tuple = (), properties: Optional[dict] = None):
        self.id = id
        self.labels = tuple(labels)
        self._properties = dict(properties or {})

    def __repr__(self) -> str:
        labels = "".join(":" + label for label in self.labels)
        return f"Node({self.id}{labels} {self._properties!r})"


class Relationship(_Entity):
    __slots__ = ("type", "start", "end")

    def __init__(self, id: int, type: str, start: int, end: int,
                 properties: Optional[dict] = None):
        self.id = id
        self.type = type
        self.start = start
        self.end = end
        self._properties = dict(properties or {})

    def __repr__(self) -> str:
        return (f"Relationship({self.id} ({self.start})-[:{self.type}]->({self.end})"
                f" {self._properties!r})")


class Path:
    """Nodes and the relationships between them: len(path) relationships, len + 1 nodes."""

    __slots__ = ("nodes", "relationships")

    def __init__(self, nodes: tuple, relationships: tuple):
        self.nodes = tuple(nodes)
        self.relationships = tuple(relationships)

    @property
    def start(self) -> Node:
        return self.nodes[0]

    @property
    def end(self) -> Node:
        return self.nodes[-1]

    def __len__(self) -> int:
        return len(self.relationships)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Path) and other.nodes == self.nodes
                and other.relationships == self.relationships)

    def __hash__(self) -> int:
        return hash((self.nodes, self.relationships))

    def __repr__(self) -> str:
        return f"Path({', '.join(repr(n) for n in self.nodes)})"


class Duration:
    """An openCypher duration: months, days, seconds and nanoseconds kept apart (a month has no
    fixed number of days). Equal when every component is."""

    __slots__ = ("months", "days", "seconds", "nanoseconds")

    def __init__(self, months: int = 0, days: int = 0, seconds: int = 0, nanoseconds: int = 0):
        carry, nanoseconds = divmod(nanoseconds, 1_000_000_000)
        self.months, self.days = months, days
        self.seconds, self.nanoseconds = seconds + carry, nanoseconds

    def _parts(self) -> tuple:
        return (self.months, self.days, self.seconds, self.nanoseconds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Duration) and other._parts() == self._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        return (f"Duration(months={self.months}, days={self.days}, seconds={self.seconds}, "
                f"nanoseconds={self.nanoseconds})")


class Notification:
    """A warning about a statement (an unknown label, type or property name)."""

    __slots__ = ("code", "title", "description", "line", "column")

    def __init__(self, code: str, title: str, description: str, line: int, column: int):
        self.code, self.title, self.description = code, title, description
        self.line, self.column = line, column

    def __repr__(self) -> str:
        return f"Notification({self.line}:{self.column}: {self.description})"


class Summary:
    """What a statement changed (``counters``, also as attributes) and its notifications."""

    def __init__(self, counters: dict, notifications: list):
        self.counters = counters
        self.notifications = notifications
        for name, value in counters.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.counters.items() if v}
        return f"Summary({changed}, notifications={self.notifications})"


class Error(Exception):
    """A statement or database error. ``kind``: syntax, semantic, type, constraint, storage,
    corrupt, usage, resource or internal; ``line``/``column``: 1-based position in the
    statement (None without one); ``error_class``/``detail``: the openCypher names ('' if none).
    str(e) is the rendered message with the statement line and a caret."""

    def __init__(self, kind: str, message: str, line: Optional[int] = None,
                 column: Optional[int] = None, error_class: str = "", detail: str = "",
                 rendered: Optional[str] = None):
        super().__init__(rendered or message)
        self.kind, self.message = kind, message
        self.line, self.column = line, column
        self.error_class, self.detail = error_class, detail


class QuerySyntaxError(Error):
    """The statement does not parse."""


class SemanticError(Error):
    """Unknown or misused names, wrong arguments: found before the statement runs."""


class QueryTypeError(Error):
    """A value of the wrong type while evaluating."""


class ConstraintError(Error):
    """A broken rule: a duplicate key, deleting a node that has relationships, ..."""


class StorageError(Error):
    """LMDB failed (a full disk, permissions)."""


class CorruptError(Error):
    """Stored bytes do not decode."""


class UsageError(Error):
    """Misuse: a closed database, a write to a read-only one, a bad path."""


class ResourceError(Error):
    """A statement passed a limit (time, memory, rows) or waited too long for a writer."""


class InternalError(Error):
    """A bug in caspian."""


_ERRORS = {"syntax": QuerySyntaxError, "semantic": SemanticError, "type": QueryTypeError,
           "constraint": ConstraintError, "storage": StorageError, "corrupt": CorruptError,
           "usage": UsageError, "resource": ResourceError, "internal": InternalError}


def _error(kind: str, *args: Any) -> Error:
    return _ERRORS.get(kind, Error)(kind, *args)


class _NanoTime(_dt.time):
    """A datetime.time with nanoseconds beyond its microseconds (``nanosecond``, 0-999)."""

    nanosecond = 0

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, nanosecond={self.nanosecond})"


class _NanoDateTime(_dt.datetime):
    """A datetime.datetime with nanoseconds beyond its microseconds (``nanosecond``, 0-999)."""

    nanosecond = 0

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, nanosecond={self.nanosecond})"


def _nano_time(h: int, m: int, s: int, us: int, tz: Any, ns: int) -> _dt.time:
    t = _NanoTime(h, m, s, us, tz)
    t.nanosecond = ns
    return t


def _nano_datetime(y: int, mo: int, d: int, h: int, mi: int, s: int, us: int, tz: Any, fold: int,
                   ns: int) -> _dt.datetime:
    t = (_NanoDateTime if ns else _dt.datetime)(y, mo, d, h, mi, s, us, tz, fold=fold)
    if ns:
        t.nanosecond = ns
    return t


def _to_df(self: Result) -> Any:
    """The remaining rows as a pandas DataFrame: int, float and bool columns typed, others (and
    columns with nulls) as objects."""
    import pandas

    arrays = self._column_arrays()
    return pandas.DataFrame(dict(zip(self.columns, arrays)), columns=self.columns)


def _to_networkx(self: Result) -> Any:
    """A networkx MultiDiGraph of every node and relationship in the remaining rows (in lists,
    maps and paths too): nodes by id with ``labels`` and their properties, edges keyed by id
    with ``type`` and their properties."""
    import networkx

    graph = networkx.MultiDiGraph()

    def add(value: Any) -> None:
        if isinstance(value, Node):
            graph.add_node(value.id, **{**value._properties, "labels": value.labels})
        elif isinstance(value, Relationship):
            graph.add_edge(value.start, value.end, key=value.id,
                           **{**value._properties, "type": value.type})
        elif isinstance(value, Path):
            for item in value.nodes + value.relationships:
                add(item)
        elif isinstance(value, list):
            for item in value:
                add(item)
        elif isinstance(value, dict):
            for item in value.values():
                add(item)

    for row in self:
        for value in row:
            add(value)
    return graph


Result.to_df = _to_df
Result.to_networkx = _to_networkx
_caspian._register({"Node": Node, "Relationship": Relationship, "Path": Path,
                    "Duration": Duration, "Summary": Summary, "Notification": Notification,
                    "_nano_time": _nano_time, "_nano_datetime": _nano_datetime,
                    "_error": _error})
