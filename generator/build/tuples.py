"""prefixItems (OpenAPI 3.1) as typed tuples, decoded and encoded position by position."""

from __future__ import annotations

from oapigen.build.context import ModuleContext
from oapigen.ir import naming
from oapigen.ir.shapes import CallShape, Shape


def build_tuple(prefix: list[Shape], rest: Shape | None, *, ctx: ModuleContext, name: str) -> Shape:
    """``tuple[A, B]`` (``items: false``) or ``tuple[A, B, *tuple[R, ...]]`` (``items: R``).

    The spec's ``items`` absent means any further items; pass ``primitive("Any")`` for that.
    """
    hints = [s.hint for s in prefix]
    docs = [s.doc for s in prefix]
    if rest is not None:
        # typing.Unpack, not the star syntax: the generated package supports Python 3.10.
        hints.append(f"typing.Unpack[tuple[{rest.hint}, ...]]")
        docs.append(f"*tuple[{rest.doc}, ...]")
    hint = f"tuple[{', '.join(hints)}]"
    count = len(prefix)
    length = f"len({{v}}) >= {count}" if rest is not None else f"len({{v}}) == {count}"
    base = naming.snake(name) or "tuple"
    decoder = ctx.add_helper(
        f"_{base}_from_list", lambda fn: _decoder(fn, hint, prefix, rest, length)
    )
    encoder = ctx.add_helper(f"_{base}_to_list", lambda fn: _encoder(fn, hint, prefix, rest))
    refs = frozenset().union(*(s.refs for s in prefix), rest.refs if rest else frozenset())
    return CallShape(
        hint=hint,
        check_code="isinstance({v}, list) and " + length,
        doc=f"tuple[{', '.join(docs)}]",
        refs=refs,
        decoder=decoder,
        encoder=encoder,
    )


def _decoder(fn: str, hint: str, prefix: list[Shape], rest: Shape | None, length: str) -> str:
    count = len(prefix)
    items = [s.decode(f"data[{i}]") for i, s in enumerate(prefix)]
    if rest is not None:
        items.append(_rest(rest.decode("_r"), "data", count))
    expected = f"a JSON array of {'at least ' if rest is not None else ''}{count} items"
    return "\n".join(
        [
            f"def {fn}(data: Any) -> {hint}:",
            f"    if not (isinstance(data, list) and {length.replace('{v}', 'data')}):",
            f"        raise serde.DecodeError({expected!r}, data)",
            f"    return ({', '.join(items)}{',' if len(items) == 1 else ''})",
        ]
    )


def _encoder(fn: str, hint: str, prefix: list[Shape], rest: Shape | None) -> str:
    # Lists, not tuples: JSON data compares equal to what came (and serde leaves tuples alone).
    items = [s.encode(f"value[{i}]") for i, s in enumerate(prefix)]
    if rest is not None:
        items.append(_rest(rest.encode("_r"), "value", len(prefix)))
    return "\n".join([f"def {fn}(value: {hint}) -> list[Any]:", f"    return [{', '.join(items)}]"])


def _rest(converted: str, source: str, start: int) -> str:
    if converted == "_r":
        return f"*{source}[{start}:]"
    return f"*[{converted} for _r in {source}[{start}:]]"
