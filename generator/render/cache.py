"""Rendered files kept by a digest of what they are rendered from, so a warm run re-renders
only the files whose IR changed (issue 7: one edited description re-rendered all 4,000 files).

A file's key is the generator's code and templates, the template's name and a pickle of the
values handed to it. Pickle writes values, not identities, so equal bytes mean equal inputs
and a hit is always right; values that do not pickle are rendered every time.
"""

from __future__ import annotations

import dataclasses
import io
import json
import operator
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from oapigen import cache, ir
from oapigen.render.node_reads import EVERY_NAME, Reads
from oapigen.resources import PACKAGE_DIR


class RenderCache:
    """Rendered text by template and values, in the ``render`` kind of the cache folder."""

    def __init__(self, cache_dir: Path | None, template_roots: list[Path]) -> None:
        """No ``cache_dir``, no caching: every file is rendered."""
        self.cache_dir = cache_dir
        self.salt = _salt(tuple(template_roots)) if cache_dir is not None else ""
        # The digest of each IR node keyed so far, by identity (the node is kept alive here).
        self._node_digests: dict[int, tuple[object, str]] = {}

    def text(self, template: str, values: dict[str, Any], render: Callable[[], str]) -> str:
        """``render()``, or what it gave before for the same template and values."""
        if self.cache_dir is None:
            return render()
        try:
            name = cache.key(self.salt, template, self._key_bytes(values))
        except (pickle.PicklingError, TypeError, AttributeError):
            return render()
        return cache.text(self.cache_dir, "render", name, render)

    def traced(
        self, template: str, values: dict[str, Any], reads: Reads, render: Callable[[], str]
    ) -> str:
        """``render()``, kept by ``values`` and by the nodes it looks up in ``reads``' tables.

        One entry under ``values`` holds the names looked up last time, the digest of what they
        were, and the text. Rendering is deterministic: when every node it read is the same,
        it reads the same names and gives the same text.
        """
        if self.cache_dir is None:
            return render()
        try:
            own = cache.key(self.salt, template, self._key_bytes(values))
        except (pickle.PicklingError, TypeError, AttributeError):
            return render()
        stored = cache.read(self.cache_dir, "traced", own)
        if stored is not None:
            try:
                digest, names, text = stored.split(b"\n", 2)
                looked_up = [(str(label), str(name)) for label, name in json.loads(names)]
                if digest.decode() == self._reads_digest(looked_up, reads):
                    return text.decode("utf-8")
            except (ValueError, TypeError, KeyError):
                pass  # a damaged entry: render again, and replace it
        fresh, looked_up = reads.record(render)
        try:
            entry = [self._reads_digest(looked_up, reads), json.dumps(looked_up), fresh]
        except (pickle.PicklingError, TypeError, AttributeError):
            return fresh  # a node that does not pickle: not kept
        cache.write(self.cache_dir, "traced", own, "\n".join(entry).encode("utf-8"))
        return fresh

    def _key_bytes(self, values: Any) -> bytes:
        buffer = io.BytesIO()
        _NodeDigestPickler(buffer, self).dump(values)
        return buffer.getvalue()

    def node_digest(self, node: object) -> str:
        """A digest of the node's whole pickle, computed once per node and run."""
        known = self._node_digests.get(id(node))
        if known is None or known[0] is not node:
            known = (node, cache.key(_dumps(node)))
            self._node_digests[id(node)] = known
        return known[1]

    def _reads_digest(self, looked_up: list[tuple[str, str]], reads: Reads) -> str:
        """What the looked-up names are now: each node's digest, or that it is absent."""
        now = [reads.digests.get(pair) or self._lookup_digest(pair, reads) for pair in looked_up]
        return cache.key(json.dumps([looked_up, now]))

    def _lookup_digest(self, pair: tuple[str, str], reads: Reads) -> str:
        label, name = pair
        nodes = reads.tables[label]
        if name == EVERY_NAME:
            digest = cache.key(_dumps(sorted(nodes.items())))
        elif name not in nodes:
            digest = "absent"
        elif type(nodes[name]) in _BY_DIGEST:
            digest = self.node_digest(nodes[name])
        else:
            digest = cache.key(_dumps(nodes[name]))
        reads.digests[pair] = digest
        return digest


# Nodes that many keys hold (the client's outline, each model, alias and API): written into a
# key as the digest of their full pickle, which is computed once per run.
_BY_DIGEST = (ir.Client, ir.Model, ir.Alias, ir.Api)


class _KeyPickler(pickle.Pickler):
    """Pickle, with slotted dataclasses written as their class and field values.

    The standard way goes through dataclasses' Python ``__getstate__``, which looks the fields
    up again for each of ~20,000 IR nodes: a third of the key's cost on the full document.
    The bytes still round-trip (``_rebuild``), so equal bytes still mean equal values.
    """

    def reducer_override(self, obj: Any) -> Any:
        getter = _field_getter(type(obj))
        if getter is None:
            return NotImplemented
        return _rebuild, (type(obj), getter(obj))


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _field_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    if cls not in _GETTERS:
        names = (
            [field.name for field in dataclasses.fields(cls)]
            if dataclasses.is_dataclass(cls) and "__slots__" in vars(cls)
            else None
        )
        if names is None:
            _GETTERS[cls] = None
        elif not names:
            _GETTERS[cls] = lambda obj: ()
        elif len(names) == 1:
            only = operator.attrgetter(names[0])
            _GETTERS[cls] = lambda obj: (only(obj),)
        else:
            _GETTERS[cls] = operator.attrgetter(*names)
    return _GETTERS[cls]


class _NodeDigestPickler(_KeyPickler):
    """The key pickler, with the nodes of ``_BY_DIGEST`` written as their digest."""

    def __init__(self, file: io.BytesIO, owner: RenderCache) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._owner = owner

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in _BY_DIGEST:
            return _node_by_digest, (self._owner.node_digest(obj),)
        return super().reducer_override(obj)


def _node_by_digest(digest: str) -> str:
    """Stands for a node in a key; keys are never unpickled."""
    return digest


def _rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    obj: Any = object.__new__(cls)
    for field, value in zip(dataclasses.fields(cls), values, strict=True):
        object.__setattr__(obj, field.name, value)
    return obj


def _dumps(values: Any) -> bytes:
    buffer = io.BytesIO()
    _KeyPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(values)
    return buffer.getvalue()


def outline(client: ir.Client) -> ir.Client:
    """The client without its models, aliases and APIs: what a page about one of them may read.

    Handing this to a per-node template keeps its key small and honest: a page cannot depend
    on another node without that node being in its values.
    """
    return dataclasses.replace(client, models=(), aliases=(), apis=())


def _salt(template_roots: tuple[Path, ...]) -> str:
    # The filters are generator code, so its digest is in the salt with the templates'.
    return cache.key(
        "render 1",
        sys.version,
        version("jinja2"),
        cache.tree_digest([PACKAGE_DIR, *template_roots]),
    )
