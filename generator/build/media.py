"""Request bodies and responses of an operation: media types, shapes, how to read and send them."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from oapigen import ir
from oapigen.build.context import ModuleContext
from oapigen.build.examples import operation_request_example, operation_response_examples
from oapigen.build.json_values import json_text
from oapigen.build.models import type_info
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir import naming
from oapigen.ir.shapes import Shape, primitive
from oapigen.spec.pointer import deref, join

JSON = re.compile(r"^application/(.+\+)?json(;.*)?$")
EVENTS = "text/event-stream"
# The variant of an operation reading a binary answer as it arrives (``..._chunks``).
CHUNKS = "chunks"
FORM = "application/x-www-form-urlencoded"
_BODY_PREFERENCE = ("json", "multipart/form-data", FORM)
# The bodies whose model's dict form (TypedDict twin) a method takes: JSON and forms.
_TAKES_DICTS = re.compile(
    r"^(application/(.+\+)?json|multipart/form-data|application/x-www-form-urlencoded)(;.*)?$"
)
# A dotted name called on the event alone: passed as it is, without a lambda around it.
_PLAIN_CALL = re.compile(r"[A-Za-z_][\w.]*\(_e\)")


def response_variants(document: Any, op: dict[str, Any]) -> list[str | None]:
    """The operation's methods: None (the preferred media type), then each other media type
    of its first 2xx response (an event stream is the ``_stream`` twin), then ``CHUNKS`` when
    it offers a binary answer (read as it arrives)."""
    for status, raw in (op.get("responses") or {}).items():
        response, _ = deref(document, raw)
        content = response.get("content") if isinstance(response, dict) else None
        if not str(status).startswith("2") or not isinstance(content, dict) or not content:
            continue
        chosen = pick_response_type(content)
        others: list[str | None] = [str(key) for key in content if key != chosen]
        if _first_binary(content):
            others.append(CHUNKS)
        return [None, *others]
    return [None]


def with_response_types(
    document: Any, op: dict[str, Any], types: tuple[str, ...]
) -> dict[str, Any]:
    """The operation with ``types`` added to its first 2xx response (``[tool.oapigen]
    response_types``): answers the spec forgets, such as OpenAI's transcription as text/plain.

    Text types are read as ``str``, any other as ``bytes``; the document is left as it is.
    """
    responses = dict(op.get("responses") or {})
    for status, raw in responses.items():
        response, _ = deref(document, raw)
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        content = dict(response.get("content") or {})
        for media in types:
            binary = {} if media.startswith("text/") else {"format": "binary"}
            content.setdefault(media, {"schema": {"type": "string", **binary}})
        responses[status] = {**response, "content": content}
        return {**op, "responses": responses}
    return op


def binary_types(document: Any, op: dict[str, Any]) -> list[str]:
    """The binary media types the first 2xx response offers (the Accept of ``_chunks``)."""
    for status, raw in (op.get("responses") or {}).items():
        response, _ = deref(document, raw)
        content = response.get("content") if isinstance(response, dict) else None
        if str(status).startswith("2") and isinstance(content, dict) and content:
            return [
                str(key)
                for key in content
                if response_kind(str(key), _schema_of(content, key)) == "bytes"
            ]
    return []


def pick_response_type(content: dict[str, Any]) -> str:
    """The media type the plain method asks for: structured JSON, else binary, else text.

    JSON whose schema is a bare string beside a binary type (a video, an archive) is only
    the same content in another wrapping: the binary answer is the one callers want.
    """
    ranks = {"json": 0, "bytes": 1, "text": 2, "events": 3}

    def rank(key: str) -> int:
        schema = _schema_of(content, key)
        kind = response_kind(key, schema)
        if kind == "json" and isinstance(schema, dict) and schema.get("type") == "string":
            return 2
        return ranks[kind]

    return min(map(str, content), key=rank)


def _first_binary(content: dict[str, Any]) -> str | None:
    """The first binary media type of a response's content, if any."""
    return next(
        (str(k) for k in content if response_kind(str(k), _schema_of(content, k)) == "bytes"),
        None,
    )


def _schema_of(content: dict[str, Any], key: Any) -> Any:
    media = content.get(key)
    return media.get("schema") if isinstance(media, dict) else None


def build_body(
    builder: SchemaBuilder,
    op: dict[str, Any],
    *,
    pointer: str,
    ctx: ModuleContext,
    base: str,
) -> ir.Body | None:
    """The request body: the preferred media type's shape and how to send it."""
    raw = op.get("requestBody")
    if raw is None:
        return None
    body, via = deref(builder.document, raw)
    where = via or join(pointer, "requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    content_type = pick_content_type(content)
    media = content[content_type] if isinstance(content[content_type], dict) else {}
    schema = media.get("schema")
    shape = builder.shape(
        schema, join(where, "content", content_type, "schema"), ctx, base + "Request"
    )
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    py_name = naming.identifier(shape.doc) if isinstance(ref, str) and shape.refs else "body"
    example = operation_request_example(op)
    info, encode = type_info(shape), shape.encode(py_name)
    decoder = _plain_decoder(shape)
    if shape.accepts and _TAKES_DICTS.match(content_type) and decoder:
        # The body may be given as plain dicts (the TypedDict twins): checked, then sent. A
        # form's file field holds its FileContent in the dict as in the model.
        encode = f"request_dicts.request_data({py_name}, {decoder})"
    else:
        info = dataclasses.replace(info, accepts="")
    return ir.Body(
        pointer=where,
        py_name=py_name,
        content_type=content_type,
        required=body.get("required") is True,
        type=info,
        description=_text(body.get("description")),
        encode_expr=encode,
        example_json=json_text(example) if example is not None else None,
        bracketed=_bracketed(media) if content_type.startswith(FORM) else (),
    )


def _bracketed(media: dict[str, Any]) -> tuple[str, ...]:
    """The form fields whose ``encoding`` is style deepObject (each sent in brackets)."""
    encoding = media.get("encoding")
    if not isinstance(encoding, dict):
        return ()
    return tuple(
        sorted(
            str(name)
            for name, how in encoding.items()
            if isinstance(how, dict) and how.get("style") == "deepObject"
        )
    )


def pick_content_type(content: dict[str, Any]) -> str:
    for preferred in _BODY_PREFERENCE:
        for key in content:
            if (preferred == "json" and JSON.match(key)) or key == preferred:
                return key
    return next(iter(content))


def build_responses(
    builder: SchemaBuilder,
    op: dict[str, Any],
    *,
    pointer: str,
    ctx: ModuleContext,
    base: str,
    prefer: str | None = None,
) -> tuple[ir.Response, ...]:
    """Every declared response: status, media type, type and how to read it."""
    result = []
    raw_responses = op.get("responses") or {}
    examples = operation_response_examples(op)
    for status, raw in raw_responses.items():
        response, via = deref(builder.document, raw)
        where = via or join(pointer, "responses", status)
        content = response.get("content") if isinstance(response, dict) else None
        content_type = None
        if isinstance(content, dict) and content:
            content_type = prefer if prefer in content else pick_response_type(content)
            if prefer == CHUNKS:
                content_type = _first_binary(content) or content_type
        kind = read = None
        shape: Shape | None = None
        if content_type and isinstance(content, dict):
            media = content[content_type] if isinstance(content[content_type], dict) else {}
            schema = media.get("schema")
            suffix = "Response" if status in {"200", "201"} else f"Response{naming.pascal(status)}"
            kind = response_kind(content_type, schema)
            if kind == "bytes" and prefer == CHUNKS:
                kind = CHUNKS
            if kind in {"json", "events"} and isinstance(schema, dict):
                shape = builder.shape(
                    schema,
                    join(where, "content", content_type, "schema"),
                    ctx,
                    base + suffix + ("Event" if kind == "events" else ""),
                )
            elif kind == "text":
                shape = primitive("str")
            elif kind == "bytes":
                shape = Shape(hint="bytes", doc="bytes")
            elif kind == CHUNKS:
                shape = Shape(hint="bodies.BinaryStream", doc="BinaryStream")
        example = examples[0] if examples and str(status).startswith("2") else None
        type_info = decode = None
        if shape is not None and kind is not None:
            type_info, read, decode = _response_decoding(kind, shape)
        result.append(
            ir.Response(
                pointer=where,
                status=str(status),
                description=(
                    _text(response.get("description")) if isinstance(response, dict) else ""
                ),
                content_type=content_type,
                type=type_info,
                read_expr=read,
                decode_expr=decode,
                example_json=json_text(example) if example is not None else None,
            )
        )
    return tuple(result)


def response_kind(content_type: str, schema: Any) -> str:
    """How a response body is read: json, events (text/event-stream), text or bytes."""
    if JSON.match(content_type):
        return "json"
    if content_type.startswith("text/event-stream"):
        return "events"
    if isinstance(schema, dict) and schema.get("format") == "binary":
        return "bytes"
    if content_type.startswith("text/") or (
        isinstance(schema, dict) and schema.get("type") == "string"
    ):
        return "text"
    return "bytes"


def _response_decoding(kind: str, shape: Shape) -> tuple[ir.TypeInfo, str | None, str]:
    """The type, the expression reading ``data`` from ``response``, and the decode of ``data``."""
    if kind == "json":
        return type_info(shape), "response.json()", shape.decode("data")
    if kind == "text":
        return type_info(shape), None, "bodies.text_of(response.data, response.headers)"
    if kind == "bytes":
        return type_info(shape), None, "response.data"
    if kind == CHUNKS:
        return type_info(shape), None, "bodies.BinaryStream(response.raw)"
    hint = f"streams.EventStream[{shape.hint}]"
    info = ir.TypeInfo(
        hint=hint,
        doc=f"EventStream[{shape.doc}]",
        link=shape.link,
        refs=tuple(sorted(shape.refs)),
        needs_decode=True,
    )
    return info, None, f"self.api_client.events(response, {_event_decoder(shape)})"


def _event_decoder(shape: Shape) -> str:
    """The decoder as a plain callable when it is one: a long lambda is laid out differently
    by ruff and black (the formatter's output must be black's)."""
    call = shape.decode("_e")
    if _PLAIN_CALL.fullmatch(call):
        return call.removesuffix("(_e)")
    return f"lambda _e: {call}"


def _plain_decoder(shape: Shape) -> str:
    """The decoder of ``shape`` as a function to pass, or "" when it is an expression."""
    call = shape.decode("_e")
    return call.removesuffix("(_e)") if _PLAIN_CALL.fullmatch(call) else ""


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
