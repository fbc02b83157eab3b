"""The published openapi-spec-validator, run on a checked document, its findings placed in it."""

from __future__ import annotations

import gc
import pickle
from concurrent.futures import BrokenExecutor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oapigen import cache
from oapigen.cache import validation as validation_cache
from oapigen.spec.explain import explain
from oapigen.diagnostics import Collector
from oapigen.spec.pointer import join

Findings = list[tuple[str, str]]


def report(findings: Findings, diags: Collector, *, lenient: bool) -> None:
    """Record the upstream validator's findings: warnings when lenient, else errors."""
    record = diags.warning if lenient else diags.error
    for pointer, message in findings:
        record(pointer, "spec-invalid", message)


@dataclass(slots=True)
class Validation:
    """The upstream validator's findings on one document: ready, or coming from a process."""

    future: Future[Findings]
    cache_dir: Path | None = None
    # The cache entry the findings still go to once they come (empty: stored already).
    entry: str = ""

    def result(self) -> Findings:
        """The findings, once they are there (stored in the cache on first use)."""
        found = self.future.result()
        if self.entry:
            validation_cache.write(self.cache_dir, self.entry, found)
            self.entry = ""
        return found


def report_when_done(pending: Validation, diags: Collector, *, lenient: bool) -> None:
    """Wait for :func:`start`'s findings and record them; a lost validator process is one error."""
    try:
        found = pending.result()
    except BrokenExecutor as exc:  # killed (out of memory, a signal): say so in one line
        diags.error("", "validator-died", f"the spec validator's process ended early: {exc}")
        return
    report(found, diags, lenient=lenient)


def findings(document: Any, version: str, cache_dir: Path | None) -> Findings:
    """The upstream validator's findings on ``document``, kept in the cache by its exact content."""
    return start(document, version, cache_dir, apart=False).result()


def start(document: Any, version: str, cache_dir: Path | None, *, apart: bool) -> Validation:
    """The findings, as a future: computed now, or with ``apart`` in a process of their own.

    On a large document the validator takes many seconds of CPU, which building and rendering
    can overlap on another core. The process is spawned, not forked: forking a host that runs
    threads can copy a held lock into the child.
    """
    if cache_dir is None and not apart:
        return _done(run(document, version))
    # One snapshot, taken now: the cache key, and the child's copy (nothing later can change it).
    snapshot = pickle.dumps(document, protocol=5)
    # The findings' pointers are placed by this folder's code: its digest is part of the key.
    context = f"{version} {cache.tree_digest([Path(__file__).resolve().parent])}"
    name, stored = validation_cache.read(cache_dir, snapshot, context)
    if stored is not None:
        return _done(stored)
    if not apart:
        found = run(document, version)
        validation_cache.write(cache_dir, name, found)
        return _done(found)
    # Imported here (~25 ms): a run that validates in this process never starts one.
    import multiprocessing  # noqa: PLC0415
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415

    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    pending = pool.submit(_run_snapshot, snapshot, version)
    pool.shutdown(wait=False)  # returns at once; the worker exits when the call is done
    return Validation(pending, cache_dir, name)


def _done(found: Findings) -> Validation:
    done: Future[Findings] = Future()
    done.set_result(found)
    return Validation(done)


def _run_snapshot(snapshot: bytes, version: str) -> Findings:
    # This process is ours and ends after this one call: the collector need not walk the
    # document and the validator's modules, while unpickling, while validating nor at exit
    # (the parent waits for that exit).
    gc.disable()
    document = pickle.loads(snapshot)  # our own pickle, from the parent
    gc.freeze()
    gc.enable()
    found = run(document, version)
    gc.freeze()
    return found


def run(document: Any, version: str) -> Findings:
    """Run the published validator for ``version`` and place each of its errors in ``document``."""
    # Imported on use (~0.2 s): a run answered from a cache never loads it.
    from openapi_spec_validator import (  # noqa: PLC0415
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    cls = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    found: Findings = []
    locator = _Locator(document)
    try:
        for err in cls(document).iter_errors():
            # The validator checks each schema on its own, so its path is relative to that schema:
            # find the node it was looking at to turn that path into a document pointer.
            relative = list(err.absolute_path)
            pointer = locator.find(err)
            where = "/".join(str(p) for p in relative)
            message = explain(err, pointer)[:300] + (
                f" (at {where})" if where and pointer is None else ""
            )
            if (pointer or "", message) not in found:
                found.append((pointer or "", message))
    # The validator raises untyped errors on bad input (a dangling $ref it follows raises
    # referencing's PointerToNowhere): any of them is a finding.
    except Exception as exc:
        found.append(("", f"validator stopped: {type(exc).__name__}: {str(exc)[:300]}"))
    return found


class _Locator:
    """Finds where in the document a validator error points."""

    MAX_SEARCHES = 200  # each search walks the document: keep bad specs linear

    def __init__(self, document: Any) -> None:
        self.document = document
        self.searches = 0
        self._nodes: list[tuple[str, Any]] | None = None
        self._by_id: dict[int, str] = {}
        self._pending: dict[tuple[tuple[str, ...], int], list[str]] = {}

    def nodes(self) -> list[tuple[str, Any]]:
        """Every container of the document with its pointer (built once, on first need)."""
        if self._nodes is None:
            found: list[tuple[str, Any]] = []
            stack: list[tuple[str, Any]] = [("", self.document)]
            while stack:
                pointer, node = stack.pop()
                found.append((pointer, node))
                items = node.items() if isinstance(node, dict) else enumerate(node)
                stack.extend((join(pointer, k), v) for k, v in items if isinstance(v, dict | list))
            self._nodes = found
            self._by_id = {id(node): pointer for pointer, node in found}
        return self._nodes

    def pointer_of(self, node: Any) -> str | None:
        """The pointer of a container of the document, by identity."""
        self.nodes()
        return self._by_id.get(id(node))

    def find(self, err: Any) -> str | None:
        """The pointer of the value ``err`` is about, when it can be told."""
        relative, instance = list(err.absolute_path), err.instance
        if isinstance(instance, dict | list):
            return self.pointer_of(instance)
        if not relative:
            # A schema's own value (its default or example) was checked against the schema.
            schema = err.schema if isinstance(err.schema, dict) else None
            where = self.pointer_of(schema) if schema is not None else None
            for name in ("default", "example", "const"):
                if where is not None and schema is not None and name in schema:
                    if schema[name] is instance:
                        return join(where, name)
            return where
        key = (tuple(map(str, relative)), id(instance))
        if key not in self._pending:
            if self.searches >= self.MAX_SEARCHES:
                return None
            self.searches += 1
            self._pending[key] = [
                join(pointer, *relative)
                for pointer, node in self.nodes()
                if _follow(node, relative) is instance
            ]
        # Equal scalars can be one object (True, None): each error takes the next place found.
        pending = self._pending[key]
        return pending.pop(0) if pending else None


def _follow(node: Any, path: list[Any]) -> Any:
    for token in path:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        else:
            return _MISSING
    return node


_MISSING = object()
