"""The public surface of a generated client, as plain JSON data.

What code importing the client can touch: API methods with their arguments and return types,
model classes with their fields, type aliases. Every entry keeps its spec pointer. The generator
stores it as ``.oapigen-api.json`` in the output folder, so the next run can tell what changed
without the previous spec file.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

from oapigen import cache, ir
from oapigen.apidiff import types as api_types

API_FILE = ".oapigen-api.json"
FORMAT = 1
IN, OUT = "request", "response"

Surface = dict[str, Any]


def surface(client: ir.Client) -> Surface:
    """The surface of ``client``, in document order."""
    operations = {}
    for api in client.apis:
        for op in api.operations:
            operations[f"{api.name}.{op.py_name}"] = _operation(op)
            if op.pagination is not None:
                # The _iter twin: the same arguments, every item of every page.
                twin = {**_operation(op), "returns": f"Iterator[{op.pagination.item_hint}]"}
                operations[f"{api.name}.{op.py_name}_iter"] = twin
    models = {
        m.name: {"pointer": m.pointer, "fields": [_field(f) for f in m.fields]}
        for m in client.models
    }
    aliases = {a.name: {"pointer": a.pointer, "type": a.type.hint} for a in client.aliases}
    return {
        "format": FORMAT,
        "operations": operations,
        "models": models,
        "aliases": aliases,
    }


def _operation(op: ir.Operation) -> dict[str, Any]:
    args = [
        {
            "name": p.py_name,
            "in": p.location,
            "required": p.required,
            "type": p.type.hint,
            "pointer": p.pointer,
        }
        for p in op.params
    ]
    if op.body is not None:
        args.append(
            {
                "name": op.body.py_name,
                "in": "body",
                "required": op.body.required,
                "type": op.body.type.hint,
                "pointer": op.body.pointer,
            }
        )
    # Signature order: required arguments are positional, the rest keyword-only.
    args.sort(key=lambda a: not a["required"])
    success = [r for r in op.responses if r.type is not None and r.status.startswith("2")]
    return {
        "pointer": op.pointer,
        "operation_id": op.operation_id,
        "method": op.method,
        "path": op.path,
        "args": args,
        "returns": op.return_hint,
        "returns_pointer": success[0].pointer if success else op.pointer,
    }


def _field(f: ir.Field) -> dict[str, Any]:
    return {
        "name": f.py_name,
        "wire": f.wire_name,
        "type": f.type.hint,
        "required": f.required,
        "default": f.default_repr,
        "pointer": f.pointer,
    }


def directions(data: Surface) -> dict[str, frozenset[str]]:
    """For each model and alias: whether requests write it, responses carry it, or both."""
    found: dict[str, set[str]] = {}
    models, aliases = data["models"], data["aliases"]

    def visit(hint: str, way: str) -> None:
        for name in api_types.names(hint):
            if way in found.setdefault(name, set()):
                continue
            found[name].add(way)
            if name in models:
                for f in models[name]["fields"]:
                    visit(f["type"], way)
            elif name in aliases:
                visit(aliases[name]["type"], way)

    for op in data["operations"].values():
        for arg in op["args"]:
            visit(arg["type"], IN)
        visit(op["returns"], OUT)
    both = frozenset({IN, OUT})
    return {name: frozenset(found.get(name) or both) for name in (*models, *aliases)}


def dumps(data: Surface) -> str:
    """The stored form: stable JSON, one key per line."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def cached_dumps(data: Surface, cache_dir: Path | None) -> str:
    """``dumps(data)``, kept in the cache by the pickle of ``data``.

    json's indenting encoder is pure Python (~50 ms on the full OpenAI document); pickling the
    same data is C, and equal bytes mean equal data, key order included.
    """
    if cache_dir is None:
        return dumps(data)
    # This module's code decides the text: its folder's digest (read once per process) is in.
    own = cache.tree_digest([Path(__file__).resolve().parent])
    name = cache.key("surface 1", own, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    return cache.text(cache_dir, "surface", name, lambda: dumps(data))


def loads(text: str) -> Surface | None:
    """A stored surface, or None when it is missing, damaged or of another format."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if not all(isinstance(data.get(k), dict) for k in ("operations", "models", "aliases")):
        return None
    return data
