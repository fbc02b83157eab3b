"""oneOf/anyOf as typed unions, decoded by a generated helper that picks the branch."""

from __future__ import annotations

from collections import Counter
from typing import Any

from oapigen.build.context import ModuleContext
from oapigen.ir import naming
from oapigen.ir.shapes import CallShape, ModelShape, Shape, nullable, primitive
from oapigen.spec.pointer import ref_pointer

# The runtime's type of a value that fits no branch (templates/static/types.py).
UNKNOWN = "serde.UnknownVariant"


def build_union(
    shapes: list[Shape],
    branches: list[Any],
    disc: dict[str, Any] | None,
    *,
    ctx: ModuleContext,
    name: str,
    named: dict[str, Any],
) -> Shape:
    """One shape for the union of ``shapes``; null branches make it nullable."""
    has_null = any(s.hint == "None" for s in shapes)
    kept: list[Shape] = []
    for shape in shapes:
        if shape.hint != "None" and shape.hint not in {k.hint for k in kept}:
            kept.append(shape)
    if not kept:  # only null branches, or none at all
        return shapes[0] if shapes else primitive("Any")
    if len(kept) == 1:
        return nullable(kept[0]) if has_null else kept[0]
    if any(s.hint == "Any" for s in kept):
        # A branch that admits anything makes the union admit anything.
        return kept[0] if kept[0].hint == "Any" else next(s for s in kept if s.hint == "Any")
    # A received value that fits no branch is kept as an UnknownVariant (issue 16).
    hint = " | ".join([*(s.hint for s in kept), UNKNOWN])
    tags = _discriminator_tags(kept, branches, disc, named)
    base = "_decode_" + (naming.snake(name) or "union")
    decoder = ctx.add_helper(base, lambda fn: _decoder_code(fn, hint, kept, disc, tags))
    # Checks are and/or chains without conditionals, so an or-chain of them needs no parentheses.
    check = " or ".join(s.check("{v}") for s in kept)
    encoder = ctx.add_helper(
        "_encode_" + (naming.snake(name) or "union"),
        lambda fn: _encoder_code(fn, hint, check.replace("{v}", "data")),
    )
    refs = frozenset().union(*(s.refs for s in kept))
    doc = " | ".join(s.doc for s in kept)
    shape = CallShape(
        hint=hint,
        # What a request may pass: the branches only (their dict forms too); an UnknownVariant
        # is refused before sending, so the hints and TypedDict twins leave it out.
        accepts=" | ".join(s.input_hint for s in kept),
        check_code=check,
        doc=doc,
        refs=refs,
        decoder=decoder,
        encoder=encoder,
        # An int can only fit plain branches (int, number, integer enums; models want objects,
        # converted strings want text, bool is not int), which all give the value back.
        passes="int" if any(s.hint == "int" for s in kept) else "",
    )
    return nullable(shape) if has_null else shape


def _encoder_code(fn: str, hint: str, check: str) -> str:
    """JSON data of a union's value; in a request body, only data that fits a branch."""
    expected = "a value that fits one of " + hint.removesuffix(" | " + UNKNOWN)
    return "\n".join(
        [
            f"def {fn}(value: Any) -> Any:",
            # to_data also refuses an UnknownVariant (a value received) in a request body.
            "    data = serde.to_data(value)",
            # Strict in what it sends: a plain dict that fits no branch never leaves. A model
            # (an object encoding to a dict) is one of the branches by construction.
            "    if serde.sending() and (isinstance(value, dict) or not isinstance(data, dict)):",
            f"        if not ({check}):",
            f"            raise serde.EncodeError({expected!r})",
            "    return data",
        ]
    ) + "\n"


def _discriminator_tags(
    kept: list[Shape],
    branches: list[Any],
    disc: dict[str, Any] | None,
    named: dict[str, Any],
) -> list[tuple[str, Shape]]:
    if not disc or not isinstance(disc.get("propertyName"), str):
        return []
    by_name = {s.hint: s for s in kept if isinstance(s, ModelShape)}
    tags: list[tuple[str, Shape]] = []
    mapping = disc.get("mapping")
    if isinstance(mapping, dict):
        for tag, ref in mapping.items():
            target = named.get(ref_pointer(str(ref)) or "")
            if target is not None and target.name in by_name:
                tags.append((str(tag), by_name[target.name]))
        return tags
    for branch in branches:
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        target = named.get(ref_pointer(ref) or "") if isinstance(ref, str) else None
        if target is not None and target.name in by_name:
            # Without a mapping the tag is the schema's name, unless the branch pins the
            # property to one value (OpenAI's ``type: {enum: [message]}``): that value is the tag.
            tag = pinned_value(target.schema, disc["propertyName"], named, 0)
            tags.append((tag or target.pointer.rsplit("/", 1)[-1], by_name[target.name]))
    # A tag two branches share (the spec's own ambiguity) cannot pick one: the checks decide.
    counts = Counter(tag for tag, _ in tags)
    return [(tag, shape) for tag, shape in tags if counts[tag] == 1]


def pinned_value(schema: Any, prop: str, named: dict[str, Any], depth: int = 0) -> str | None:
    """The one value ``schema`` (with its allOf parents) allows for ``prop``, if any."""
    if not isinstance(schema, dict) or depth > 16:
        return None
    props = schema.get("properties")
    sub = props.get(prop) if isinstance(props, dict) else None
    if isinstance(sub, dict):
        values = sub.get("enum") if isinstance(sub.get("enum"), list) else None
        if "const" in sub:
            values = [sub["const"]]
        if values and len(values) == 1 and isinstance(values[0], str):
            return values[0]
    for part in schema.get("allOf") or []:
        ref = part.get("$ref") if isinstance(part, dict) else None
        parent = named.get(ref_pointer(ref) or "") if isinstance(ref, str) else None
        found = pinned_value(parent.schema if parent else part, prop, named, depth + 1)
        if found:
            return found
    return None


def _exact_fit_lines(kept: list[Shape]) -> list[str]:
    """Closed models (additionalProperties: false) first claim data with only their own keys.

    Only a preference: data with keys a closed branch does not declare still reaches the usual
    checks below, so a server that adds a field does not break decoding.
    """
    models = [s for s in kept if isinstance(s, ModelShape)]
    if len(models) < 2:
        return []
    lines: list[str] = []
    for shape in (s for s in models if s.closed):
        lines.append(f"    if {shape.check_exact('data')}:")
        lines += _try_decode(shape, "        ", strict=True)
    return lines


def _decoder_code(
    fn: str,
    hint: str,
    kept: list[Shape],
    disc: dict[str, Any] | None,
    tags: list[tuple[str, Shape]],
) -> str:
    lines = [f"def {fn}(data: Any) -> {hint}:"]
    if tags and disc is not None:
        prop = disc["propertyName"]
        lines.append("    if isinstance(data, dict):")
        lines.append(f"        tag = data.get({prop!r})")
        for tag, shape in tags:
            lines.append(f"        if tag == {tag!r}:")
            lines.append(f"            return {shape.decode('data')}")
    lines += _exact_fit_lines(kept)
    lines += _best_fit_lines(kept)
    ordered = sorted(kept, key=lambda s: s.hint.startswith("dict[") or s.hint.startswith("list["))
    for i, shape in enumerate(ordered):
        lines.append(f"    if {shape.check('data')}:")
        if shape.plain:
            # An annotated assignment types the JSON value without a cast mypy may call redundant.
            lines.append(f"        _b{i}: {shape.hint} = data")
            lines.append(f"        return _b{i}")
            continue
        # The checks look at the surface only: a branch that fails deeper gives way to the next.
        lines += _try_decode(shape, "        ", strict=True)
    lines += _lenient_lines(ordered)
    # Lenient in what it receives: a value of a variant the spec does not know is kept.
    lines.append(f"    return serde.no_branch(data, {('one of ' + hint)!r})")
    return "\n".join(lines) + "\n"


def _lenient_lines(ordered: list[Shape]) -> list[str]:
    """No branch fits all through: the first whose surface fits, keeping unknown parts inside.

    Only at the outermost union being decoded; a union tried as a branch of another gives up
    instead, so that the outer union can try a branch that fits fully.
    """
    converted = [s for s in ordered if not s.plain]
    if not converted:
        return []
    lines = ["    if not serde.trying_branch():"]
    for shape in converted:
        lines.append(f"        if {shape.check('data')}:")
        lines += _try_decode(shape, "            ", strict=False)
    return lines


def _best_fit_lines(kept: list[Shape]) -> list[str]:
    """Of the model branches the data fits, the one declaring most of its keys is tried first.

    The first branch that fits is not the best one: OpenAI's plain transcription
    (``text``) also fits the verbose one (``text``, ``segments``, ``words``, ...).
    """
    models = [s for s in kept if isinstance(s, ModelShape)]
    if len(models) < 2:
        return []
    lines = ["    if isinstance(data, dict):"]
    for i, shape in enumerate(models):
        covers = shape.runtime + "._covers(data)"
        lines.append(f"        _n{i} = {covers} if {shape.check('data')} else -1")
    lines.append(f"        _best = max({', '.join(f'_n{i}' for i in range(len(models)))})")
    for i, shape in enumerate(models):
        lines.append(f"        if _best >= 0 and _n{i} == _best:")
        lines += _try_decode(shape, "            ", strict=True)
    return lines


def _try_decode(shape: Shape, indent: str, *, strict: bool) -> list[str]:
    decode = shape.decode("data")
    # Strictly: a branch fits only when every union inside it finds a branch too.
    expr = f"serde.strictly(lambda: {decode})" if strict else decode
    return [
        f"{indent}try:",
        f"{indent}    return {expr}",
        f"{indent}except serde.DecodeError:",
        f"{indent}    pass",
    ]
