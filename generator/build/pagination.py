"""Paged lists: which operations page, how, and what their ``_iter`` twin reads from a page.

Detected from the spec's shapes (a ``has_more`` list with an ``after`` query, or a
``before`` query alone, a next-cursor field, a declared ``Link`` header, a ``page`` or
``offset`` query); a POST whose JSON body carries such a cursor field pages through its body.
``[tool.oapigen] pagination`` settles an operation where the detection is wrong.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from oapigen import ir
from oapigen.build.context import ModuleContext
from oapigen.build.media import JSON
from oapigen.build.page_selectors import Selector, body_selectors, query_selectors
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir import naming
from oapigen.ir.shapes import ListShape, Shape
from oapigen.spec.pointer import deref, join, ref_pointer

_AFTER_PARAMS = ("after", "starting_after")
# A list that pages backwards only: the next page ends before the first item.
_BEFORE_PARAMS = ("before", "ending_before")
# A next-cursor field and the query parameter it feeds: next_page -> page, nextCursor -> cursor.
# A bare "next" is often a URL, not a cursor: it is left to the Link rules or to config.
_NEXT_FIELD = re.compile(r"next_?(page|cursor|token|page_?token|marker)", re.IGNORECASE)
_CURSOR_PARAMS = ("cursor", "page_token", "pageToken", "page", "token", "marker")
_ITEM_FIELDS = ("data", "items", "results")


def plan_pagination(
    builder: SchemaBuilder,
    op: dict[str, Any],
    *,
    params: tuple[ir.Param, ...],
    body: ir.Body | None,
    pointer: str,
    method: str,
    ctx: ModuleContext,
    return_hint: str,
    override: dict[str, str] | None,
) -> ir.Pagination | None:
    """How the operation's list pages, or None when it does not (or is told it does not)."""
    query = query_selectors(params)
    # A POST pages when its JSON body carries a cursor (then the body is what selects a page);
    # any other method only when config says so. A page must be one type.
    in_body = body_selectors(builder.document, op) if method == "POST" and body else {}
    selectors = {**query, **in_body}
    if override is not None:
        wanted = override.get("style") != "none"
    else:
        wanted = method == "GET" or (method == "POST" and _has_cursor(in_body))
        selectors = query if method == "GET" else in_body
    found = _page_schema(builder, op, pointer) if wanted else None
    if found is None or " | " in return_hint or return_hint == "None":
        return None
    schema, schema_pointer, link_header = found
    page = _Page(builder, schema, schema_pointer, ctx, return_hint)
    style, param, next_field = _style(page, selectors, link_header and not in_body, override)
    if style is None:
        return None
    items_field = (override or {}).get("items", page.items_field)
    item = page.item_shape(items_field)
    problem = _override_problem(override, selectors, page, item)
    if problem:
        builder.diags.error(pointer, "config", f"[tool.oapigen] pagination: {problem}")
        return None
    if item is None:
        return None
    return ir.Pagination(
        pointer=pointer,
        style=style,
        item_hint=item.hint,
        item_doc=item.doc or item.hint,
        page_model=page.model_pointer if items_field else None,
        items_field=items_field or None,
        param=selectors[param].name if param in selectors else "",
        body_arg=body.py_name if body and param in selectors and selectors[param].in_body else None,
        next_field=next_field,
        has_more_field="has_more" if "has_more" in page.properties else None,
        link_params=_link_params(params) if style == "link" else (),
    )


class _Page:
    """The decoded page: its properties (a model) or its items (an array)."""

    def __init__(
        self,
        builder: SchemaBuilder,
        schema: dict[str, Any],
        pointer: str,
        ctx: ModuleContext,
        return_hint: str,
    ) -> None:
        self.builder = builder
        self.ctx = ctx
        self.return_hint = return_hint
        named = builder.named.get(pointer)
        self.model_pointer = named.pointer if named and named.kind == "model" else None
        self.name = named.name if named else ""
        self.properties: dict[str, tuple[str, Any]] = {}
        if self.model_pointer is not None:
            self.properties = builder.object_parts(schema, pointer).properties
        self.is_array = schema.get("type") == "array" and return_hint.startswith("list[")
        arrays = [wire for wire, (_, sub) in self.properties.items() if _is_array(builder, sub)]
        preferred = [wire for wire in _ITEM_FIELDS if wire in arrays]
        self.items_field = (preferred or arrays)[0] if len(preferred or arrays) >= 1 else ""
        if len(arrays) > 1 and not preferred:
            self.items_field = ""  # which list is the page's is a guess: leave it to config

    def item_shape(self, items_field: str) -> Shape | None:
        """The shape of one item, its names imported into the API module."""
        if not items_field:
            if not self.is_array:
                return None
            inner = self.return_hint.removeprefix("list[").removesuffix("]")
            return Shape(hint=inner, doc=inner)
        if items_field not in self.properties:
            return None
        sub_pointer, sub = self.properties[items_field]
        name = self.name + naming.pascal(items_field)
        shape = self.builder.shape(sub, sub_pointer, self.ctx, name)
        return shape.item if isinstance(shape, ListShape) else None

    def has(self, wire: str) -> bool:
        """Whether the page model has this property."""
        return wire in self.properties


def _has_cursor(selectors: dict[str, Selector]) -> bool:
    """Whether a request body has a field only a paged list would take."""
    cursors = (*_AFTER_PARAMS, *_BEFORE_PARAMS, *_CURSOR_PARAMS, "offset")
    return any(name in selectors for name in cursors)


def _style(
    page: _Page,
    query: dict[str, Selector],
    link_header: bool,
    override: dict[str, str] | None,
) -> tuple[str | None, str, str | None]:
    """(style, the query parameter selecting a page, the field naming the next one)."""
    if override is not None:
        return override["style"], override.get("param", ""), override.get("next")
    for wire in page.properties:
        param = _fed_param(wire, query) if _NEXT_FIELD.fullmatch(wire) else ""
        if param:
            return "next", param, wire
    after = next((p for p in _AFTER_PARAMS if p in query), None)
    if page.has("has_more") and after:
        return "cursor", after, "last_id" if page.has("last_id") else None
    before = next((p for p in _BEFORE_PARAMS if p in query), None)
    if page.has("has_more") and before:
        return "before", before, "first_id" if page.has("first_id") else None
    numbered = "page" in query and query["page"].hint.startswith("int")
    candidates = [
        ("link", "", link_header),
        ("page", "page", numbered),
        ("offset", "offset", "offset" in query),
    ]
    style, param = next(((s, p) for s, p, ok in candidates if ok), (None, ""))
    return style, param, None


def _override_problem(
    override: dict[str, str] | None,
    query: dict[str, Selector],
    page: _Page,
    item: Shape | None,
) -> str:
    """Why the configured pagination cannot apply to this operation ("" when it can)."""
    if override is None:
        return ""
    param = override.get("param", "")
    if override["style"] != "link" and param not in query:
        return f"param {param!r} is neither a query parameter nor a JSON body field here"
    next_field = override.get("next")
    if next_field and not page.has(next_field):
        return f"next {next_field!r} is not a property of the page"
    if item is None:
        return "the page's items are not a list; set items to the property holding them"
    return ""


def _fed_param(field: str, query: dict[str, Selector]) -> str:
    """The query parameter a next-cursor field feeds: its own name past "next", else a cursor."""
    rest = re.sub(r"^next_?", "", field, flags=re.IGNORECASE)
    for name in query:
        if rest and naming.identifier(name) == naming.identifier(rest):
            return name
    return next((name for name in _CURSOR_PARAMS if name in query), "")


def _page_schema(
    builder: SchemaBuilder, op: dict[str, Any], pointer: str
) -> tuple[dict[str, Any], str, bool] | None:
    """The first 2xx JSON schema (resolved), its pointer, and whether a Link header is declared."""
    for status, raw in (op.get("responses") or {}).items():
        if not str(status).startswith("2"):
            continue
        response, via = deref(builder.document, raw)
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            return None
        where = via or join(pointer, "responses", status)
        for key, media in content.items():
            if JSON.match(str(key)) and isinstance(media, dict):
                schema_pointer = join(where, "content", key, "schema")
                schema = media.get("schema")
                while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
                    schema_pointer = ref_pointer(schema["$ref"]) or schema_pointer
                    schema, _ = deref(builder.document, schema)
                headers = response.get("headers") or {}
                link = isinstance(headers, dict) and any(
                    str(h).lower() == "link" for h in headers
                )
                return (schema, schema_pointer, link) if isinstance(schema, dict) else None
        return None
    return None


def _is_array(builder: SchemaBuilder, schema: Any) -> bool:
    target, _ = deref(builder.document, schema)
    return isinstance(target, dict) and target.get("type") == "array"


def _link_params(params: tuple[ir.Param, ...]) -> tuple[tuple[str, str, str], ...]:
    """Query parameters a Link target may carry: the plain ones, with their conversion."""
    found = []
    for param in params:
        if param.location != "query":
            continue
        hint = param.type.hint
        if hint in {"int", "str"}:
            found.append((param.wire_name, param.py_name, hint))
    return tuple(found)


def finish_pagination(
    apis: tuple[ir.Api, ...], models: tuple[ir.Model, ...]
) -> tuple[ir.Api, ...]:
    """Write each paged operation's reads of a page, now that field names are settled."""
    fields = {m.pointer: {f.wire_name: f.py_name for f in m.fields} for m in models}
    result = []
    for api in apis:
        operations = tuple(
            (
                dataclasses.replace(op, pagination=_finished(op.pagination, fields))
                if op.pagination is not None
                else op
            )
            for op in api.operations
        )
        result.append(dataclasses.replace(api, operations=operations))
    return tuple(result)


def _finished(
    plan: ir.Pagination, fields: dict[str, dict[str, str]]
) -> ir.Pagination | None:
    names = fields.get(plan.page_model or "", {})

    def read(wire: str | None) -> str:
        return f"page.{names[wire]}" if wire and wire in names else "None"

    if plan.items_field and plan.items_field not in names:
        return None
    items = read(plan.items_field) if plan.items_field else "page"
    has_more = read(plan.has_more_field)
    param = repr(plan.param)
    # The page selected now: an argument of the call, or a field of the body it sent.
    current, start = f"overrides.get({param})", f"args.get({param})"
    if plan.body_arg:
        sent = f"overrides.get({plan.body_arg!r}, args.get({plan.body_arg!r}))"
        current, start = f"pagination.body_field({sent}, {param})", "None"
    following = {
        "cursor": f"pagination.after_last({has_more}, {read(plan.next_field)}, items, "
        f"param={param})",
        "before": f"pagination.before_first({has_more}, {read(plan.next_field)}, items, "
        f"param={param})",
        "next": f"pagination.from_field({read(plan.next_field)}, param={param}, "
        f"has_more={has_more if plan.has_more_field else True})",
        "link": f"pagination.from_link(headers, {_link_table(plan.link_params)})",
        "page": f"pagination.next_number({current}, {start}, items, param={param}, "
        "headers=headers)",
        "offset": f"pagination.next_offset({current}, {start}, items, param={param}, "
        "headers=headers)",
    }[plan.style]
    if plan.body_arg:
        following = f"pagination.in_body({sent}, {following}, name={plan.body_arg!r})"
    return dataclasses.replace(
        plan, items_expr=f"pagination.items_of({items})", next_expr=following
    )


def _link_table(params: tuple[tuple[str, str, str], ...]) -> str:
    entries = ", ".join(f"{wire!r}: ({name!r}, {kind})" for wire, name, kind in params)
    return "{" + entries + "}"
