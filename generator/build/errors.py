"""The document's common error body, decoded for statuses an operation does not declare.

OpenAI declares ``ErrorResponse`` for 429 on 161 operations and for 400 on a few, yet every
operation answers a bad request with that body (issue 16). The schema most error responses of
the document use stands in as the ``default`` response of each operation that has none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

from oapigen import ir
from oapigen.build.apis import API_NAMES
from oapigen.build.context import ModuleContext
from oapigen.build.media import JSON
from oapigen.build.models import type_info
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir import naming
from oapigen.spec.pointer import deref, operations, ref_pointer


def with_common_errors(builder: SchemaBuilder, apis: tuple[ir.Api, ...]) -> tuple[ir.Api, ...]:
    """Each operation without a ``default`` response decodes other errors as the common body."""
    pointer = common_error_pointer(builder.document)
    named = builder.named.get(pointer or "")
    if named is None:
        return apis
    result = []
    for api in apis:
        ctx = ModuleContext("api:" + api.module, reserved=API_NAMES)
        shape = builder.named_shape(named, ctx)
        fallback = ir.Response(
            pointer=named.pointer,
            status="default",
            description="Any status the operation does not declare: the API's common error body.",
            content_type="application/json",
            type=type_info(shape),
            decode_expr=shape.decode("data"),
            example_json=None,
            read_expr="response.json()",
        )
        operations_ = tuple(
            replace(op, responses=(*op.responses, fallback)) if _lacks_default(op) else op
            for op in api.operations
        )
        if operations_ == api.operations:
            result.append(api)
            continue
        imports = sorted({*api.imports, *ctx.runtime_refs}, key=naming.natural_key)
        hints = sorted({*api.type_checking_imports, *ctx.hint_refs}, key=naming.natural_pair_key)
        result.append(
            replace(
                api,
                operations=operations_,
                imports=tuple(imports),
                type_checking_imports=tuple(hints),
            )
        )
    return tuple(result)


def _lacks_default(op: ir.Operation) -> bool:
    # Without a 2xx the default response is the success: nothing to stand in for.
    statuses = {r.status for r in op.responses}
    return "default" not in statuses and any(s.startswith("2") for s in statuses)


def common_error_pointer(document: Any) -> str | None:
    """The component schema most non-2xx JSON responses use (ties: the first by pointer)."""
    counts: Counter[str] = Counter()
    for *_, op, _ in operations(document):
        responses = op.get("responses")
        for status, raw in (responses if isinstance(responses, dict) else {}).items():
            if str(status).startswith("2"):
                continue
            response, _ = deref(document, raw)
            content = response.get("content") if isinstance(response, dict) else None
            for media_type, media in (content if isinstance(content, dict) else {}).items():
                schema = media.get("schema") if isinstance(media, dict) else None
                ref = schema.get("$ref") if isinstance(schema, dict) else None
                if JSON.match(str(media_type)) and isinstance(ref, str):
                    counts[ref_pointer(ref) or ""] += 1
    counts.pop("", None)
    if not counts:
        return None
    return min(counts, key=lambda pointer: (-counts[pointer], pointer))
