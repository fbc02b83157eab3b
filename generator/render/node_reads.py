"""Name lookups of IR nodes, recorded, so that a value built from a few nodes is cached by them.

A model's docs page shows an example that follows its fields into other models and aliases, and
so does the JSON of its shipped round-trip test. Keyed by the whole client, every edit would
miss on all of them; building them to key by their content costs what the cache saves (a fifth
of a warm regeneration of the full OpenAI document, issue 7). So the builders look nodes up
through ``NodeTable``s, and ``Reads.record`` lists the names they asked for, found or not: the
value is a function of its own inputs and of exactly those lookups.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

Node = TypeVar("Node")
Result = TypeVar("Result")
# Iterating a table reads all of it: recorded under this name, which no node has.
EVERY_NAME = ""


class Reads:
    """The tables of one run, and the lookups made in them while ``record`` runs."""

    def __init__(self) -> None:
        self.tables: dict[str, Mapping[str, object]] = {}
        self.digests: dict[tuple[str, str], str] = {}  # what the render cache found, this run
        self._seen: set[tuple[str, str]] | None = None

    def table(self, label: str, nodes: Mapping[str, Node]) -> NodeTable[Node]:
        """``nodes`` behind a table whose lookups are recorded under ``label``."""
        self.tables[label] = nodes
        return NodeTable(label, nodes, self)

    def note(self, label: str, name: str) -> None:
        """Record one lookup (ignored outside ``record``)."""
        if self._seen is not None:
            self._seen.add((label, name))

    def record(self, compute: Callable[[], Result]) -> tuple[Result, list[tuple[str, str]]]:
        """``compute()`` and the (table, name) lookups it made, sorted."""
        if self._seen is not None:
            raise RuntimeError("Reads.record does not nest")
        self._seen = set()
        try:
            result = compute()
            return result, sorted(self._seen)
        finally:
            self._seen = None


class NodeTable(Mapping[str, Node]):
    """A read-only name -> node mapping that tells its ``Reads`` every name asked for."""

    def __init__(self, label: str, nodes: Mapping[str, Node], reads: Reads) -> None:
        self._label = label
        self._nodes = nodes
        self._reads = reads

    def __getitem__(self, name: str) -> Node:
        self._reads.note(self._label, name)
        return self._nodes[name]

    def __contains__(self, name: object) -> bool:
        self._reads.note(self._label, str(name))
        return name in self._nodes

    def get(self, name: str, default: Node | None = None) -> Node | None:  # type: ignore[override]
        self._reads.note(self._label, name)
        return self._nodes.get(name, default)

    def __iter__(self) -> Iterator[str]:
        self._reads.note(self._label, EVERY_NAME)
        return iter(self._nodes)

    def __len__(self) -> int:
        self._reads.note(self._label, EVERY_NAME)
        return len(self._nodes)
