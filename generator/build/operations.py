"""One path operation -> its IR: parameters, body, responses, auth."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from oapigen import ir
from oapigen.build.context import ModuleContext
from oapigen.build.json_values import json_repr
from oapigen.build.media import (
    CHUNKS,
    EVENTS,
    binary_types,
    build_body,
    build_responses,
    response_variants,
)
from oapigen.build.models import deprecated_note, type_info
from oapigen.build.names import Member, settle_members
from oapigen.build.pagination import plan_pagination
from oapigen.build.schemas import SchemaBuilder
from oapigen.build.stream_flag import stream_flag
from oapigen.build.text_answers import text_formats
from oapigen.build.undeclared import keep_undeclared_bodies
from oapigen.ir import naming
from oapigen.ir.operations import path_literal
from oapigen.ir.shapes import guard, primitive
from oapigen.spec.pointer import deref, join

# Names the generated method body uses itself; a parameter by that name gets a trailing "_".
_METHOD_LOCALS = frozenset(
    {
        "self",
        "query",
        "headers",
        "response",
        "status",
        "data",
        "content",
        "content_type",
        "cookies",
        "exc",
        "warnings",
        "json",
        "Mapping",
        "Iterator",
        "ApiClient",
        "ApiDecodeError",
        "streams",
        "bodies",
        "pagination",
        "serde",
    }
)

_HEADER_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def build_operation(
    builder: SchemaBuilder,
    *,
    path: str,
    method: str,
    item: dict[str, Any],
    op: dict[str, Any],
    pointer: str,
    ctx: ModuleContext,
    prefer: str | None = None,
    py_name: str,
    paging: dict[str, str] | None = None,
) -> ir.Operation:
    """One operation: parameters, body, responses and auth (``prefer``: a response media type,
    or CHUNKS; ``paging``: the operation's ``[tool.oapigen] pagination`` entry)."""
    op_id = op.get("operationId")
    op_id = op_id if isinstance(op_id, str) and op_id else f"{method} {path}"
    base = naming.pascal(op_id) or "Operation"
    params = _params(builder, item, op, pointer=pointer, ctx=ctx, base=base)
    body = build_body(builder, op, pointer=pointer, ctx=ctx, base=base)
    responses = keep_undeclared_bodies(
        _empty_success_is_none(
            build_responses(builder, op, pointer=pointer, ctx=ctx, base=base, prefer=prefer)
        ),
        method,
    )
    success = [r for r in responses if r.status.startswith("2") and r.type is not None]
    if not any(r.status.startswith("2") for r in responses):
        # Only a default response: it describes the success too.
        success = [r for r in responses if r.status == "default" and r.type is not None]
    hints = list(dict.fromkeys(r.type.hint for r in success if r.type))
    docs = [r.type.doc for r in success if r.type]
    # The plain method of an operation whose request can ask for a text answer returns it.
    texts = text_formats(builder.document, op) if prefer is None and success else ()
    if texts:
        hints, docs = [*hints, "str"], [*docs, "str"]
    if success and any(r.decode_expr == "None" for r in responses):
        hints.append("None")
    return_hint = " | ".join(hints) if hints else "None"
    first = success[0].type if success else None
    events = any(r.content_type == EVENTS for r in success)
    # Every method of an operation that offers a stream sets its flag: one switch, the method.
    variants = response_variants(builder.document, op)
    offers = events or any(str(v).startswith(EVENTS) for v in variants)
    flag = stream_flag(builder.document, op) if offers and body else None
    accept = [r.content_type for r in responses if r.content_type]
    if texts:
        accept.append("text/plain")
    if prefer == CHUNKS:
        # Whichever binary answer the server picks (a video, or its thumbnail) is streamed.
        accept = [*binary_types(builder.document, op), *accept]
    pagination = None
    if prefer is None:
        pagination = plan_pagination(
            builder,
            op,
            params=params,
            body=body,
            pointer=pointer,
            method=method.upper(),
            ctx=ctx,
            return_hint=return_hint,
            override=paging,
        )
    return ir.Operation(
        pointer=pointer,
        operation_id=op_id,
        py_name=py_name,
        method=method.upper(),
        path=path,
        path_expr=_path_expr(path, params),
        summary=_text(op.get("summary")),
        description=deprecated_note(_description(op, prefer, flag, events=events), op),
        deprecated=op.get("deprecated") is True,
        params=params,
        body=body,
        responses=responses,
        return_hint=return_hint,
        return_doc=" | ".join(docs) or "None",
        return_link=first.link if first else None,
        accept=", ".join(dict.fromkeys(accept)),
        stream=prefer == CHUNKS or events,
        stream_flag=flag,
        stream_flag_on=events,
        text_formats=texts,
        pagination=pagination,
        auth=_auth(builder.document, op),
        example_response=success[0].example_json if success else None,
    )


def _params(
    builder: SchemaBuilder,
    item: dict[str, Any],
    op: dict[str, Any],
    *,
    pointer: str,
    ctx: ModuleContext,
    base: str,
) -> tuple[ir.Param, ...]:
    merged: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    sources = [("/".join(pointer.split("/")[:-1]), item), (pointer, op)]
    for owner, holder in sources:
        for i, raw in enumerate(holder.get("parameters") or []):
            param, via = deref(builder.document, raw)
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                where = via or join(owner, "parameters", i)
                merged[(param["name"], str(param.get("in")))] = (where, param)
    kept = {}
    for (wire, location), (where, param) in merged.items():
        if location in {"header", "cookie"} and not _HEADER_TOKEN.match(wire):
            builder.diags.error(
                join(where, "name"),
                "bad-header-name",
                f"{location} name {wire!r} is not an HTTP token",
            )
            continue
        kept[(wire, location)] = (where, param)
    members = [
        Member(wire=wire, pointer=where, name=_param_name(naming.identifier(wire)), location=loc)
        for (wire, loc), (where, _) in kept.items()
    ]
    py_names = settle_members(
        members, kind="parameter", diags=builder.diags, renames=builder.renames, reserve=_param_name
    )
    result = []
    for (wire, location), (where, param) in kept.items():
        py_name = py_names[where]
        schema = param.get("schema")
        shape = (
            builder.shape(schema, join(where, "schema"), ctx, base + naming.pascal(wire))
            if isinstance(schema, dict)
            else primitive("str")
        )
        style = param.get("style") or ("form" if location in {"query", "cookie"} else "simple")
        explode = param.get("explode", style == "form")
        result.append(
            ir.Param(
                pointer=where,
                py_name=py_name,
                wire_name=wire,
                location=location,
                required=param.get("required") is True or location == "path",
                type=type_info(shape),
                style=str(style),
                explode=bool(explode),
                description=deprecated_note(_text(param.get("description")), param),
                deprecated=param.get("deprecated") is True,
                encode_expr=guard(shape, py_name, shape.encode(py_name)),
                example_repr=_placeholder(schema, wire),
            )
        )
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    result.sort(key=lambda p: (not p.required, order.get(p.location, 4)))
    return tuple(result)


def _param_name(name: str) -> str:
    return name + "_" if name in _METHOD_LOCALS else name


def _empty_success_is_none(
    responses: tuple[ir.Response, ...],
) -> tuple[ir.Response, ...]:
    """A 2xx without a body next to one with a body (200 and 204) returns None."""
    success = [r for r in responses if r.status.startswith("2")]
    if not any(r.type is not None for r in success):
        return responses
    return tuple(
        (
            dataclasses.replace(r, decode_expr="None")
            if r.status.startswith("2") and r.type is None
            else r
        )
        for r in responses
    )


def _description(
    op: dict[str, Any], prefer: str | None, flag: ir.StreamFlag | None, *, events: bool
) -> str:
    text = _text(op.get("description")) or _text(op.get("summary"))
    notes = []
    if prefer == EVENTS:
        note = "Streamed variant: yields the text/event-stream response's events as they arrive"
        sets = f"; it sets ``{flag.wire_name}`` in the request body itself." if flag else "."
        notes.append(note + sets)
    elif prefer == CHUNKS:
        notes.append(
            "Chunked variant: returns the binary body unread, as a BinaryStream to iterate "
            "chunk by chunk or write to a file (``write_to``) without holding it whole; use it "
            "as a context manager, or read it to its end, to free the connection."
        )
    elif prefer is not None:
        notes.append(f"Variant asking for (``Accept``) and returning the {prefer} answer.")
    if flag and not events:
        notes.append(
            f"It sends ``{flag.wire_name}`` {flag.off_text}: the ``_stream`` method streams."
        )
    if not notes:
        return text
    note = " ".join(notes)
    return f"{text.rstrip()}\n\n{note}" if text.strip() else note


def _path_expr(path: str, params: tuple[ir.Param, ...]) -> str:
    """The request path as concatenated literals and encoded parameters: nothing is ever spliced."""
    by_wire = {p.wire_name: p for p in params if p.location == "path"}
    parts = []
    for i, piece in enumerate(re.split(r"({[^{}]+})", path)):
        if i % 2 and piece[1:-1] in by_wire:
            parts.append(f"serde.path_value({by_wire[piece[1:-1]].py_name})")
        elif piece:
            parts.append(repr(path_literal(piece)))
    return " + ".join(parts) or "''"


def _auth(document: Any, op: dict[str, Any]) -> tuple[str, ...]:
    requirements = op.get("security", document.get("security") or [])
    names: list[str] = []
    for requirement in requirements or []:
        if isinstance(requirement, dict):
            names.extend(str(k) for k in requirement if str(k) not in names)
    return tuple(names)


def _placeholder(schema: Any, wire: str) -> str:
    if isinstance(schema, dict):
        found = json_repr(schema["example"]) if "example" in schema else None
        if found is not None:
            return found
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            first = json_repr(schema["enum"][0])
            if first is not None:
                return first
        kind = schema.get("type")
        if kind == "integer":
            return "56"
        if kind == "number":
            return "3.4"
        if kind == "boolean":
            return "True"
    return repr(wire + "_example")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
