"""Read a spec file into plain Python data, safely and within limits."""

from __future__ import annotations

import datetime
import gc
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from oapigen.diagnostics import Collector, SpecError

try:  # libyaml is ~10x faster; the pure-Python loader is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 64 * 1024 * 1024
# Aliases are shared by reference when loaded but expanded by every walk over the
# document, so a few hundred bytes can stand for billions of nodes.
MAX_EXPANDED_NODES = 20_000_000
# The validator recurses per level and hits Python's recursion limit near 200 levels; the
# deepest OpenAI spec is 22 levels deep.
MAX_DEPTH = 128
# Past these, black alone takes minutes on the generated file (measured: 10,000 properties in one
# schema took 63 s and 490 MB); the largest OpenAI schema has 30 properties.
MAX_PROPERTIES = 1_000
MAX_STRING_CHARS = 1_048_576
# An anchor is `&name` at the start of a node: after whitespace, a flow indicator or a JSON-style
# key's colon. Text without one has no aliases, so the node walk below has nothing to expand and
# is skipped (it costs ~0.45 s on the 3 MB OpenAI document); depth is still checked after
# construction. A false match (`?a=1&b=2` in prose) only costs that walk.
# ``&name`` at the start, after white space or after ``[{,:``. The look-behind is checked by
# hand: a pattern that starts with one cannot skip ahead to the ``&`` (45 ms on 3 MB, not 2).
_ANCHOR_CANDIDATE = re.compile(r"&[^\s\[\]{},]")
_BEFORE_ANCHOR = "[{,:"


def load_spec(path: Path, *, display: str | None = None) -> Any:
    """Load YAML or JSON from ``path``; raise SpecError with one diagnostic on failure."""
    name = display or str(path)
    diags = Collector(name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            diags.error(":1:1", "too-large", f"spec is {size} bytes; the limit is {MAX_BYTES}")
            diags.raise_if_errors()
        raw = path.read_bytes()
    except OSError as exc:
        diags.error(":1:1", "unreadable", f"cannot read spec: {exc.strerror or exc}")
        raise SpecError(diags.items) from None
    json_only = path.suffix.lower() == ".json"
    return parse_spec(raw, name=name, json_only=json_only)


def parse_spec(raw: bytes, *, name: str, json_only: bool = False, any_value: bool = False) -> Any:
    """Parse spec bytes; YAML unless ``json_only``; a mapping unless ``any_value`` (a part)."""
    with _collector_paused():
        return _parse_checked(raw, name=name, json_only=json_only, any_value=any_value)


def _parse_checked(raw: bytes, *, name: str, json_only: bool, any_value: bool) -> Any:
    diags = Collector(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        diags.error(":1:1", "encoding", f"spec is not UTF-8 (byte {exc.start})")
        raise SpecError(diags.items) from None
    data = _parse_json(text, diags) if json_only else _parse_yaml(text, diags)
    if not isinstance(data, dict) and not any_value:
        diags.error(":1:1", "not-a-mapping", "a spec must be a mapping at the top level")
    diags.raise_if_errors()
    for pointer, code, message in _limit_violations(data):
        diags.error(pointer, code, message)
    diags.raise_if_errors()
    return data


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a document is parsed and walked, as it was after.

    A parse makes millions of objects that either live on (the document) or die by their
    reference counts (the YAML nodes): every full collection meanwhile walks the growing heap
    for nothing (0.65 s of a 1.2 s load of the 3 MB OpenAI document, measured).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _limit_violations(data: Any) -> list[tuple[str, str, str]]:
    """Every string too long, ``properties`` map too big or nesting too deep, with its pointer."""
    found: list[tuple[str, str, str]] = []
    # Pointers are built for containers and offenders only: scalars are most of the nodes.
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack:
        pointer, item, depth = stack.pop()
        if depth > MAX_DEPTH and isinstance(item, dict | list):
            found.append((pointer, "too-deep", f"nesting deeper than {MAX_DEPTH}"))
            continue
        if isinstance(item, dict):
            props = item.get("properties")
            if isinstance(props, dict) and len(props) > MAX_PROPERTIES:
                found.append(
                    (
                        pointer + "/properties",
                        "too-many-properties",
                        f"{len(props)} properties; the limit is {MAX_PROPERTIES}",
                    )
                )
            for key, value in item.items():
                if len(key) > MAX_STRING_CHARS:
                    message = f"a key of {len(key)} characters; the limit is {MAX_STRING_CHARS}"
                    found.append((pointer, "too-long", message))
                if isinstance(value, dict | list) or _too_long(value):
                    child = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
                    stack.append((child, value, depth + 1))
        elif isinstance(item, list):
            stack.extend(
                (f"{pointer}/{i}", value, depth + 1)
                for i, value in enumerate(item)
                if isinstance(value, dict | list) or _too_long(value)
            )
        elif _too_long(item):
            message = f"a string of {len(item)} characters; the limit is {MAX_STRING_CHARS}"
            found.append((pointer, "too-long", message))
    return sorted(found)


def _too_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > MAX_STRING_CHARS


def _may_define_anchor(text: str) -> bool:
    for match in _ANCHOR_CANDIDATE.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1].isspace() or text[start - 1] in _BEFORE_ANCHOR:
            return True
    return False


def _parse_json(text: str, diags: Collector) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        diags.error(f":{exc.lineno}:{exc.colno}", "json-syntax", exc.msg)
    except ValueError as exc:  # an integer past Python's 4,300-digit conversion limit
        diags.error(":1:1", "json-syntax", str(exc).split(":", 1)[0])
    except RecursionError:
        diags.error(":1:1", "too-deep", "JSON nesting is too deep")
    raise SpecError(diags.items)


def _parse_yaml(text: str, diags: Collector) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _may_define_anchor(text):
            _check_expansion(node, diags)
            diags.raise_if_errors()
        return _json_data(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ":1:1"
        problem = exc.problem or exc.context or "invalid YAML"
        # PyYAML 6.0.4 and later stop deep nesting themselves, before RecursionError would.
        code = "too-deep" if "nesting depth" in problem else "yaml-syntax"
        diags.error(where, code, problem)
    except yaml.YAMLError as exc:
        diags.error(":1:1", "yaml-syntax", str(exc).splitlines()[0])
    except ValueError as exc:  # an integer past Python's 4,300-digit conversion limit
        diags.error(":1:1", "yaml-syntax", str(exc).split(":", 1)[0])
    except RecursionError:
        diags.error(":1:1", "too-deep", "YAML nesting is too deep")
    finally:
        loader.dispose()
    raise SpecError(diags.items)


def _check_expansion(root: yaml.Node, diags: Collector) -> None:
    """Count the nodes a full walk would visit, counting each alias as often as it is used."""
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, done = stack.pop()
        if not done and id(node) in sizes:
            continue
        if not done and id(node) in entered:
            mark = node.start_mark
            where = f":{mark.line + 1}:{mark.column + 1}"
            diags.error(where, "alias-cycle", "an alias refers to itself")
            return
        if depth > MAX_DEPTH:
            mark = node.start_mark
            where = f":{mark.line + 1}:{mark.column + 1}"
            diags.error(where, "too-deep", f"nesting deeper than {MAX_DEPTH}")
            return
        children = _children(node)
        if done:
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 1) for c in children)
            if sizes[id(node)] > MAX_EXPANDED_NODES:
                mark = node.start_mark
                diags.error(
                    f":{mark.line + 1}:{mark.column + 1}",
                    "alias-bomb",
                    f"aliases expand to more than {MAX_EXPANDED_NODES} nodes",
                )
                return
            continue
        entered.add(id(node))
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _json_data(data: Any) -> Any:
    """YAML's reading of plain scalars, brought back to the JSON data OpenAPI describes.

    PyYAML reads YAML 1.1: ``200:`` is an int key and an unquoted ``2020-01-01`` or
    ``2020-01-01T10:00:00Z`` a date. OpenAPI's YAML is JSON's data (YAML 1.2 with the JSON schema's
    tags): keys are always strings, and a date is text. Left a date, an unquoted `default` on a
    ``format: date`` schema was refused as "not of the schema's type 'string'" (issue 15). The
    text is the ISO form of the value, so a timestamp written with ``Z`` reads ``+00:00``.
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if any(not isinstance(k, str) for k in item):
                fixed = {_key_text(k): v for k, v in item.items()}
                item.clear()
                item.update(fixed)
            for key, value in item.items():
                if isinstance(value, dict | list):
                    stack.append(value)
                elif isinstance(value, datetime.date):  # a datetime is a date too
                    item[key] = value.isoformat()  # the same key: no resize while iterating
        elif isinstance(item, list):
            for index, value in enumerate(item):
                if isinstance(value, dict | list):
                    stack.append(value)
                elif isinstance(value, datetime.date):
                    item[index] = value.isoformat()
    return data


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, datetime.date):
        return key.isoformat()
    return "null" if key is None else str(key)
