"""Paths -> IR operations grouped into API classes (one per tag)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from oapigen import ir
from oapigen.build.context import ModuleContext
from oapigen.build.media import EVENTS, build_body, build_responses, offers_events
from oapigen.build.models import deprecated_note, type_info
from oapigen.build.names import Member, NameTable, collision_warning, settle_members
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir import naming
from oapigen.ir.operations import path_literal
from oapigen.ir.shapes import guard, primitive
from oapigen.spec.pointer import deref, join, operations

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
    }
)


# What an API module imports from the runtime and the standard library (see api.py.jinja).
API_NAMES = frozenset(
    {"ApiClient", "ApiDecodeError", "Timeout", "Iterator", "Mapping", "Any", "Literal"}
    | {"TYPE_CHECKING", "UNSET", "Unset"}
)


def build_apis(builder: SchemaBuilder, *, group_by: str = "tag") -> tuple[ir.Api, ...]:
    """Every operation, grouped into API classes (by tag or path segment), in document order."""
    found = list(operations(builder.document))
    keys = {pointer: group_key(path, op, group_by) for path, _, _, op, pointer in found}
    classes = _api_classes(builder, keys.values(), pointers=keys)
    groups: dict[str, list[ir.Operation]] = {}
    contexts: dict[str, ModuleContext] = {}
    seen: dict[tuple[str, str], str] = {}
    for path, item, method, op, pointer in found:
        tag = keys[pointer]
        ctx = contexts.setdefault(tag, ModuleContext("api:" + classes[tag][1], reserved=API_NAMES))
        variants = [None, EVENTS] if offers_events(builder.document, op) else [None]
        for prefer in variants:
            py_name = _method_name(
                builder, op, path=f"{method} {path}", pointer=pointer, prefer=prefer
            )
            if (tag, py_name) in seen:
                py_name = _settle_method(builder, py_name, pointer, seen[(tag, py_name)])
            seen[(tag, py_name)] = pointer
            operation = build_operation(
                builder,
                path=path,
                method=method,
                item=item,
                op=op,
                pointer=pointer,
                ctx=ctx,
                prefer=prefer,
                py_name=py_name,
            )
            groups.setdefault(tag, []).append(operation)
    descriptions = _tag_descriptions(builder.document)
    return tuple(
        _api(tag, members, classes[tag], contexts[tag], descriptions.get(tag, ""))
        for tag, members in groups.items()
    )


def _api(
    tag: str, members: list[ir.Operation], names: tuple[str, str], ctx: ModuleContext, text: str
) -> ir.Api:
    return ir.Api(
        name=names[0],
        module=names[1],
        tag=tag,
        description=text,
        operations=tuple(members),
        imports=tuple(sorted(ctx.runtime_refs, key=naming.natural_key)),
        type_checking_imports=tuple(sorted(ctx.hint_refs, key=naming.natural_pair_key)),
        helpers=tuple(ctx.helpers),
    )


_VERSION = re.compile(r"v\d+([a-z]+\d*)?|\d+(\.\d+)*|api")


def group_key(path: str, op: dict[str, Any], group_by: str) -> str:
    """The API an operation joins: its first tag, else the first path segment past a version."""
    tags = op.get("tags")
    if group_by == "tag" and isinstance(tags, list) and tags:
        return str(tags[0])
    for segment in path.split("/"):
        if segment and not segment.startswith("{") and not _VERSION.fullmatch(segment.lower()):
            return segment
    return "Default"


def _api_classes(
    builder: SchemaBuilder, tags: Any, *, pointers: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """tag -> (class, module); tags that meet ("Foo", "foo") are parted by their spelling."""
    first: dict[str, str] = {}
    for pointer, tag in pointers.items():
        first.setdefault(tag, pointer)
    table = NameTable({}, {})
    classes = {}
    for tag in sorted(set(tags)):
        wanted = builder.renames.get("tag:" + tag) or naming.class_name(tag) + "Api"
        name, module, other = table.settle(naming.class_name(wanted), "tag:" + tag)
        if other is not None:
            collision_warning(
                builder.diags,
                pointer=first[tag],
                what=f"tag {tag!r}",
                name=name.rsplit("_", 1)[0],
                other=first[other[4:]],
                chosen=name,
                key="tag:" + tag,
            )
        classes[tag] = (name, module)
    return classes


def _method_name(
    builder: SchemaBuilder, op: dict[str, Any], *, path: str, pointer: str, prefer: str | None
) -> str:
    op_id = op.get("operationId")
    op_id = builder.renames.get("#" + pointer) or (
        op_id if isinstance(op_id, str) and op_id else path
    )
    py_name = naming.identifier(op_id + (" stream" if prefer == EVENTS else ""))
    if py_name in _API_ATTRIBUTES:  # the instance attribute would shadow the method
        py_name += "_"
    return py_name


def _settle_method(builder: SchemaBuilder, py_name: str, pointer: str, other: str) -> str:
    chosen = f"{py_name}_{naming.suffix(pointer)}"
    collision_warning(
        builder.diags,
        pointer=pointer,
        what="operation",
        name=py_name,
        other=other,
        chosen=chosen,
        key="#" + pointer,
    )
    return chosen


def _tag_descriptions(document: Any) -> dict[str, str]:
    found = {}
    for tag in document.get("tags") or []:
        if isinstance(tag, dict) and isinstance(tag.get("name"), str):
            found[tag["name"]] = str(tag.get("description") or "")
    return found


_API_ATTRIBUTES = frozenset({"api_client"})
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
) -> ir.Operation:
    """One operation: parameters, body, responses and auth (``prefer``: a response media type)."""
    op_id = op.get("operationId")
    op_id = op_id if isinstance(op_id, str) and op_id else f"{method} {path}"
    base = naming.pascal(op_id) or "Operation"
    params = _params(builder, item, op, pointer=pointer, ctx=ctx, base=base)
    body = build_body(builder, op, pointer=pointer, ctx=ctx, base=base)
    responses = _empty_success_is_none(
        build_responses(builder, op, pointer=pointer, ctx=ctx, base=base, prefer=prefer)
    )
    success = [r for r in responses if r.status.startswith("2") and r.type is not None]
    if not any(r.status.startswith("2") for r in responses):
        # Only a default response: it describes the success too.
        success = [r for r in responses if r.status == "default" and r.type is not None]
    hints = list(dict.fromkeys(r.type.hint for r in success if r.type))
    if success and any(r.decode_expr == "None" for r in responses):
        hints.append("None")
    return_hint = " | ".join(hints) if hints else "None"
    first = success[0].type if success else None
    return ir.Operation(
        pointer=pointer,
        operation_id=op_id,
        py_name=py_name,
        method=method.upper(),
        path=path,
        path_expr=_path_expr(path, params),
        summary=_text(op.get("summary")),
        description=deprecated_note(_description(op, prefer), op),
        deprecated=op.get("deprecated") is True,
        params=params,
        body=body,
        responses=responses,
        return_hint=return_hint,
        return_doc=" | ".join(r.type.doc for r in success if r.type) or "None",
        return_link=first.link if first else None,
        accept=", ".join(dict.fromkeys(r.content_type for r in responses if r.content_type)),
        stream=any(r.content_type == EVENTS for r in success),
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


def _description(op: dict[str, Any], prefer: str | None) -> str:
    text = _text(op.get("description")) or _text(op.get("summary"))
    if prefer != EVENTS:
        return text
    note = (
        "Streamed variant: yields the decoded events of the text/event-stream response as "
        "they arrive (the request itself may have to ask for a stream)."
    )
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
        if "example" in schema:
            return repr(schema["example"])
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return repr(schema["enum"][0])
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
