"""Issue 16's count of a document's response examples, beside the round-trip test's own.

Issue 16 says the round trip holds for "583 of 583 response examples" of the 2026 document;
the round-trip test counts 595 cases. Both start from the same two sources, OpenAI's
``x-oaiMeta`` examples:

- the issue counts every JSON answer in an operation's examples (244), and so does the test
  (four of them answer deletes declared bodiless: kept as an UnknownVariant, they round-trip);
- the issue counts the examples of schemas a server may send (339), the test every schema
  example (351): twelve schemas only a request reaches (request bodies such as
  ``CreateGroupBody``) are no response.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from oapigen.spec.pointer import HTTP_METHODS, join

_SCHEMAS = "#/components/schemas/"


@dataclass(frozen=True, slots=True)
class IssueCount:
    """The response examples issue 16 counts in one document."""

    # Pointers of the operations whose examples hold a JSON answer, once per answer.
    answers: tuple[str, ...]
    # Pointers of the component schemas whose JSON example counts (no request-only schema).
    schemas: tuple[str, ...]

    @property
    def total(self) -> int:
        """How many response examples the issue counts."""
        return len(self.answers) + len(self.schemas)


def issue_count(document: dict[str, Any]) -> IssueCount:
    """Count as issue 16 does: operations' JSON answers, and examples of response schemas."""
    answers = []
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                meta = operation.get("x-oaiMeta") or {}
                pointer = join("/paths", path, method)
                answers += [pointer] * len(_json_answers(meta.get("examples")))
    request_only = _request_only(document)
    schemas = [
        f"/components/schemas/{key}"
        for key, schema in document["components"]["schemas"].items()
        if key not in request_only and _json_example(schema) is not None
    ]
    return IssueCount(answers=tuple(answers), schemas=tuple(schemas))


def _json_answers(value: Any) -> list[Any]:
    entries = value if isinstance(value, list) else [value]
    texts = [entry.get("response") for entry in entries if isinstance(entry, dict)]
    return [found for found in map(_loads, texts) if found is not None]


def _json_example(schema: Any) -> Any:
    meta = schema.get("x-oaiMeta") if isinstance(schema, dict) else None
    return _loads(meta.get("example")) if isinstance(meta, dict) else None


def _loads(text: Any) -> Any:
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None  # a streamed or prose example, not a JSON document


def _request_only(document: dict[str, Any]) -> set[str]:
    """Keys of the component schemas a request reaches and no response does."""
    sent: set[str] = set()
    received: set[str] = set()
    for item in document["paths"].values():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                _refs(operation.get("requestBody"), sent)
                _refs(operation.get("parameters"), sent)
                _refs(operation.get("responses"), received)
    schemas = document["components"]["schemas"]
    return _reached(schemas, sent) - _reached(schemas, received)


def _reached(schemas: dict[str, Any], roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        key = todo.pop()
        if key in seen or key not in schemas:
            continue
        seen.add(key)
        found: set[str] = set()
        _refs(schemas[key], found)
        todo += found
    return seen


def _refs(node: Any, found: set[str]) -> None:
    """Collect the component schema keys ``node`` refers to (examples aside)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMAS):
            found.add(ref.removeprefix(_SCHEMAS).replace("~1", "/").replace("~0", "~"))
        for key, value in node.items():
            if key != "x-oaiMeta":
                _refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _refs(value, found)
