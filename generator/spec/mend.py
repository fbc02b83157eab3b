"""Vendor defects that can be fixed one way only, fixed by default, each with a warning (issue 15).

Published descriptions carry small defects the upstream validator rightly rejects but that
leave no doubt about the API: a ``default`` its own schema does not allow (``'true'`` on a
boolean, ``null`` on a schema that is not nullable, a value outside the enum, ``'<now>'`` as a
date-time), a response keyed ``4xx`` for ``4XX``, a ``pattern`` in ECMA-262 syntax that
Python's ``re`` cannot read. A default only documents what the server applies when a field is
left out, so one its schema forbids is dropped, never guessed at; ``4xx`` is read as ``4XX``;
a pattern no generated code checks is dropped. Whatever else the validator finds stays an error.

``strict`` (a team checking its own spec) makes each of them an ``error[repairable]`` instead,
naming the defect and what the default mode would do about it.

The mends are made in place, before our checks and the validator see the document: it has just
been loaded, and nothing else holds it yet.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from oapigen.diagnostics import Collector
from oapigen.spec.kinds import ANY, LIST, MAP, child_kind
from oapigen.spec.pointer import deref, join

_STATUS_RANGE = re.compile(r"[1-5][xX]{2}")
# RFC 3339, as the validator's format checker reads them; a value these refuse, it refuses too.
_FORMATS = {
    "date-time": re.compile(
        r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"
    ),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
}
Path = tuple[str | int, ...]


def mend(document: Any, diags: Collector, *, strict: bool = False) -> None:
    """Fix every defect above in ``document``, one ``warning[repaired]`` each.

    ``strict``: one ``error[repairable]`` each instead. The document is mended all the same,
    so the upstream validator does not report the defect a second time.
    """
    if not isinstance(document, dict):
        return
    _Mender(document, diags, strict=strict).walk()


class _Mender:
    def __init__(self, document: dict[str, Any], diags: Collector, *, strict: bool) -> None:
        self.document = document
        self.diags = diags
        self.strict = strict

    def walk(self) -> None:
        """Every node whose kind is known (schemas, operations, ...), each once."""
        seen: set[tuple[int, str]] = set()
        stack: list[tuple[Any, str, Path]] = [(self.document, "document", ())]
        while stack:
            node, kind, path = stack.pop()
            if not isinstance(node, dict) or (id(node), kind) in seen:
                continue
            seen.add((id(node), kind))
            if kind == "schema":
                self.schema(node, path)
            elif kind == "operation":
                self.responses(node.get("responses"), (*path, "responses"))
            for key, value in node.items():
                shape, holds = child_kind(kind, key)
                if holds == ANY or not isinstance(key, str) or key.startswith("x-"):
                    continue
                here = (*path, key)
                if shape == MAP and isinstance(value, dict):
                    stack.extend((v, holds, (*here, k)) for k, v in value.items())
                elif shape == LIST and isinstance(value, list):
                    stack.extend((v, holds, (*here, i)) for i, v in enumerate(value))
                else:
                    stack.append((value, holds, here))

    def tell(self, path: Path, *, defect: str, fix: str, repaired: str) -> None:
        """A warning saying what was ``repaired``, or (strict) an error naming the ``defect``."""
        if self.strict:
            message = f"{defect} (strict mode; otherwise {fix})"
            self.diags.error(join("", *path), "repairable", message)
        else:
            self.diags.warning(join("", *path), "repaired", repaired)

    def schema(self, schema: dict[str, Any], path: Path) -> None:
        """Drop a default the schema forbids and a pattern Python cannot compile."""
        if "default" in schema and "$ref" not in schema:
            why = self.default_problem(schema)
            if why is not None:
                value = schema.pop("default")
                if isinstance(value, list) and path and path[-1] == "items":
                    why += " (a list default belongs on the array schema, one level up)"
                defect = f"default {value!r} {why}"
                self.tell(
                    (*path, "default"), defect=defect, fix="dropped", repaired=f"dropped: {defect}"
                )
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            # A pattern nested past the parser's recursion or size limits is no regex either.
            except (re.error, RecursionError, OverflowError) as exc:
                del schema["pattern"]
                defect = f"pattern {pattern!r} is not a regular expression Python reads ({exc})"
                self.tell(
                    (*path, "pattern"),
                    defect=defect,
                    fix="dropped, as no generated code checks it",
                    repaired=f"dropped: {defect}; no generated code checks it",
                )

    def default_problem(self, schema: dict[str, Any]) -> str | None:
        """Why the schema's own default cannot be a value of it, or None when it can (or may)."""
        value = schema["default"]
        types = _types(schema)
        if value is None:
            return (
                None
                if self.may_be_null(schema, types)
                else "is null and the schema is not nullable"
            )
        if types is not None and not any(_fits(value, name) for name in types):
            return f"is not of the schema's type {' or '.join(types)!r}"
        enum = schema.get("enum")
        if isinstance(enum, list) and not any(_same(value, item) for item in enum):
            return "is not one of the values the enum allows"
        pattern = _FORMATS.get(str(schema.get("format")))
        if isinstance(value, str) and pattern is not None and not pattern.fullmatch(value):
            return f"is not a {schema['format']}"
        return None

    def may_be_null(self, schema: dict[str, Any], types: list[str] | None) -> bool:
        """False only when no reading of the schema lets null through."""
        if schema.get("nullable") is True:
            return True
        if types is not None:
            return "null" in types
        branches = schema.get("oneOf", schema.get("anyOf"))
        if not isinstance(branches, list) or not branches or "enum" in schema:
            return True  # nothing in the schema itself says: leave it to the validator
        return any(self.branch_may_be_null(branch) for branch in branches)

    def branch_may_be_null(self, branch: Any) -> bool:
        """Whether one branch of a ``oneOf``/``anyOf`` may let null through."""
        try:
            target, _ = deref(self.document, branch)
        except (KeyError, TypeError, ValueError):
            return True
        if not isinstance(target, dict) or target.get("nullable") is True:
            return True
        kinds = _types(target)
        return kinds is None or "null" in kinds

    def responses(self, responses: Any, path: Path) -> None:
        """``4xx`` read as ``4XX`` (order kept), unless ``4XX`` is there too."""
        if not isinstance(responses, dict):
            return
        renamed = {
            key: key.upper()
            for key in responses
            if isinstance(key, str)
            and _STATUS_RANGE.fullmatch(key)
            and key != key.upper()
            and key.upper() not in responses
        }
        if not renamed:
            return
        items = [(renamed.get(key, key), value) for key, value in responses.items()]
        responses.clear()
        responses.update(items)
        for old, new in renamed.items():
            # A strict error points at the key as the spec writes it.
            self.tell(
                (*path, old if self.strict else new),
                defect=f"response status {old!r} is no status: a range is written {new!r}",
                fix=f"read as {new!r}",
                repaired=f"response status {old!r} read as {new!r}",
            )


def _types(schema: dict[str, Any]) -> list[str] | None:
    """The type names a schema lists, or None when it lists none (or something unreadable)."""
    declared = schema.get("type")
    if isinstance(declared, str):
        return [declared]
    if isinstance(declared, list) and declared and all(isinstance(t, str) for t in declared):
        return list(declared)
    return None


def _fits(value: Any, name: str) -> bool:
    """Whether ``value`` is a value of the JSON type ``name`` (an unknown name: yes)."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    checks = {
        "null": value is None,
        "boolean": isinstance(value, bool),
        "integer": number and whole,
        "number": number,
        # YAML reads an unquoted date as a date: it was text in the spec.
        "string": isinstance(value, str | datetime.date),
        "array": isinstance(value, list),
        "object": isinstance(value, dict),
    }
    return checks.get(name, True)


def _same(value: Any, item: Any) -> bool:
    """JSON equality: ``true`` is not ``1``, ``1`` is ``1.0``."""
    return bool(value == item) and isinstance(value, bool) == isinstance(item, bool)
