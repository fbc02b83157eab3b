"""Operations -> API classes: grouped by tag or path segment, each class and method named."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

from oapigen import ir
from oapigen.build.context import ModuleContext
from oapigen.build.media import CHUNKS, EVENTS, response_variants, with_response_types
from oapigen.build.names import NameTable, collision_warning
from oapigen.build.operations import build_operation
from oapigen.build.schemas import SchemaBuilder
from oapigen.ir import naming
from oapigen.spec.pointer import operations

T = TypeVar("T")
# The instance attribute would shadow a method by this name.
_API_ATTRIBUTES = frozenset({"api_client"})

# What an API module imports from the runtime and the standard library (see api.py.jinja).
API_NAMES = frozenset(
    {"ApiClient", "ApiDecodeError", "Timeout", "Iterator", "Mapping", "Any", "Literal"}
    | {"AsyncApiClient", "AsyncStream", "functools", "request_dicts"}
    | {"TYPE_CHECKING", "UNSET", "Unset", "UnknownVariant", "Sequence", "bodies", "pagination"}
)


def build_apis(
    builder: SchemaBuilder,
    *,
    group_by: str = "tag",
    pagination: dict[str, dict[str, str]] | None = None,
    response_types: dict[str, tuple[str, ...]] | None = None,
) -> tuple[ir.Api, ...]:
    """Every operation, grouped into API classes (by tag or path segment), in document order.

    ``pagination`` maps an operationId (or ``#/paths/...`` pointer) to how its list pages;
    ``response_types`` to media types its 2xx answer comes in besides the declared ones.
    """
    found = list(operations(builder.document))
    paging = _by_operation(builder, found, pagination or {}, key="pagination")
    extra_types = _by_operation(builder, found, response_types or {}, key="response_types")
    keys = _join_tags(
        {pointer: group_key(path, op, group_by) for path, _, _, op, pointer in found},
        tagged={pointer for *_, op, pointer in found if group_by == "tag" and op.get("tags")},
    )
    classes = _api_classes(builder, keys.values(), pointers=keys)
    groups: dict[str, list[ir.Operation]] = {}
    contexts: dict[str, ModuleContext] = {}
    ops = {
        pointer: _with_extra(builder, declared, extra_types.get(pointer))
        for *_, declared, pointer in found
    }
    methods = _method_names(builder, found, keys, ops)
    for path, item, method, _, pointer in found:
        tag = keys[pointer]
        ctx = contexts.setdefault(tag, ModuleContext("api:" + classes[tag][1], reserved=API_NAMES))
        op = ops[pointer]
        for prefer in response_variants(builder.document, op):
            py_name = methods[(pointer, prefer)]
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
                paging=paging.get(pointer),
            )
            groups.setdefault(tag, []).append(operation)
    descriptions = _tag_descriptions(builder.document)
    return tuple(
        _api(
            tag,
            _iterators_apart(builder, members),
            classes[tag],
            contexts[tag],
            descriptions.get(tag, ""),
        )
        for tag, members in groups.items()
    )


def _iterators_apart(builder: SchemaBuilder, members: list[ir.Operation]) -> list[ir.Operation]:
    """An ``_iter`` twin whose name another method of the class has is left out, with a warning."""
    taken = {name for op in members for name in (op.py_name, op.py_name + "_with_http_info")}
    result = []
    for op in members:
        if op.pagination is None or op.py_name + "_iter" not in taken:
            result.append(op)
            continue
        builder.diags.warning(
            op.pointer,
            "name-collision",
            f"no {op.py_name}_iter: another operation has that name; rename one of them "
            f'([tool.oapigen] renames {{ "#{op.pointer}" = "..." }})',
        )
        result.append(dataclasses.replace(op, pagination=None))
    return result


def _by_operation(
    builder: SchemaBuilder, found: list[Any], entries: dict[str, T], *, key: str
) -> dict[str, T]:
    """pointer -> the operation's entry of a config table; a key naming none is an error."""
    by_key: dict[str, str] = {}
    for *_, op, pointer in found:
        op_id = op.get("operationId")
        if isinstance(op_id, str):
            by_key.setdefault(op_id, pointer)
        by_key["#" + pointer] = pointer
    result = {}
    for name, entry in entries.items():
        if name in by_key:
            result[by_key[name]] = entry
        else:
            builder.diags.error(
                "/paths",
                "config",
                f"[tool.oapigen] {key}: {name!r} is neither an operationId nor "
                "'#/paths/...' pointer of an operation",
            )
    return result


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


def _join_tags(keys: dict[str, str], *, tagged: set[str]) -> dict[str, str]:
    """An untagged operation under ``/responses`` joins tag ``Responses`` (one ResponsesApi)."""
    tags = {naming.class_name(keys[p]): keys[p] for p in sorted(tagged)}
    return {
        p: key if p in tagged else tags.get(naming.class_name(key), key) for p, key in keys.items()
    }


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


def _with_extra(builder: SchemaBuilder, declared: Any, extra: Any) -> Any:
    """The operation with the media types ``response_types`` adds to its 2xx answers."""
    return with_response_types(builder.document, declared, extra) if extra else declared


def _method_names(
    builder: SchemaBuilder, found: list[Any], keys: dict[str, str], ops: dict[str, Any]
) -> dict[tuple[str, str | None], str]:
    """(pointer, variant) -> method name; of the operations of one class that meet on a name,
    the one whose spelling already is the name keeps it, then the first spelling in sorted
    order (never document order: moving a path must not rename a method); the others take
    their pointer's suffix, with a warning."""
    wanted: dict[tuple[str, str], list[tuple[str, str, str | None]]] = {}
    for path, _, method, _, pointer in found:
        op = ops[pointer]
        for prefer in response_variants(builder.document, op):
            spelling, py_name = _method_name(
                builder, op, path=f"{method} {path}", pointer=pointer, prefer=prefer
            )
            wanted.setdefault((keys[pointer], py_name), []).append((spelling, pointer, prefer))
    names = {}
    for (_, py_name), members in wanted.items():
        members.sort(key=lambda m: (m[0] != py_name, m[0], m[1], m[2] or ""))
        keeper = members[0][1]
        names[(keeper, members[0][2])] = py_name
        for _, pointer, prefer in members[1:]:
            names[(pointer, prefer)] = _settle_method(builder, py_name, pointer, keeper)
    return names


def _method_name(
    builder: SchemaBuilder, op: dict[str, Any], *, path: str, pointer: str, prefer: str | None
) -> tuple[str, str]:
    """The operation's spelling (renamed, else its operationId, else method and path) and the
    method name made from it."""
    op_id = op.get("operationId")
    op_id = builder.renames.get("#" + pointer) or (
        op_id if isinstance(op_id, str) and op_id else path
    )
    spelling = f"{op_id} {variant_suffix(prefer)}" if prefer else op_id
    py_name = naming.identifier(spelling)
    if py_name in _API_ATTRIBUTES:  # the instance attribute would shadow the method
        py_name += "_"
    return spelling, py_name


def variant_suffix(prefer: str) -> str:
    """What a variant method adds to the name: ``stream``, ``chunks``, or its media type's
    subtype (``image/webp`` -> ``webp``, ``text/plain`` -> ``text``), a vendor type's last
    part (``application/vnd.github.v3.star+json`` -> ``star``)."""
    if prefer.startswith(EVENTS):
        return "stream"
    if prefer == CHUNKS:
        return "chunks"
    subtype = prefer.partition(";")[0].partition("/")[2].strip().lower()
    vendor = subtype.startswith(("vnd.", "x-"))
    if vendor:
        subtype = subtype.partition("+")[0].removeprefix("x-").rsplit(".", 1)[-1]
    return {"plain": "text", "octet-stream": "bytes", "*": "any"}.get(subtype, subtype) or "body"


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
