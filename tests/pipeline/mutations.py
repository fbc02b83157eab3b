"""Spec mutations for the crash-free test: keys dropped, retyped, copied, renamed; refs bent."""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import yaml

T = TypeVar("T")
# Chooses one item: hypothesis' ``data.draw(sampled_from(...))`` in the test, ``random.choice``
# when exploring by hand.
Pick = Callable[[Sequence[Any]], Any]

ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    0,
    -1,
    1.5,
    "",
    "x",
    "¹²³",
    [],
    {},
    [[]],
    [{}],
    ["x", "x"],
    [["x"], ["x"]],
    [1, "1"],
    {"x": {}},
    {"type": []},
    datetime.date(2024, 1, 2),
    datetime.datetime(2024, 1, 2, 3, 4, 5),
    float("nan"),
    float("inf"),
)
ODD_NAMES = (
    "²",
    "¹²³",
    "x y",
    "class",
    "",
    "~",
    "a/b~c",
    "\u200b",
    "名前",
    "\U0001d518\U0001d52b\U0001d526",  # Fraktur "Uni": NFKC makes it ASCII
    "0",
    "01",
    "-",
    "__init__",
    "None",
    "$ref",
    "ǅx",
    "Ⅻ",
    "e\u0301",
    "tab\there",
    "line\nbreak",
)
ODD_STATUSES = ("¹²³", "2XX", "default", "600", "20", "0", "٢٠٠", "200.0", "2xx", "DEFAULT", "abc")
ODD_REFS = (
    "#/components/schemas/²",
    "#/paths/~1x/get/parameters/²",
    "#/paths/~1x/get/parameters/01",
    "#",
    "#/",
    "#/components/schemas",
    "#/components/schemas/%C2%B2",
    "#/components//x",
    "#/info/title",
    "#/~2",
    "other.yaml#/A",
    "",
)
ODD_EXAMPLES: tuple[Any, ...] = (
    datetime.date(2024, 1, 2),
    datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
    float("nan"),
    float("-inf"),
    b"bytes",
    {"when": datetime.date(2024, 1, 2)},
    [float("nan")],
)


def containers(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """Every dict and list in the document with its path, in document order."""
    found = [(path, node)]
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, dict | list):
            found.extend(containers(value, (*path, key)))
    return found


def _drop(node: Any, pick: Pick) -> None:
    if node:
        key = pick(list(node) if isinstance(node, dict) else range(len(node)))
        del node[key]


def _retype(node: Any, pick: Pick) -> None:
    if node:
        key = pick(list(node) if isinstance(node, dict) else range(len(node)))
        node[key] = copy.deepcopy(pick(ODD_VALUES))


def _duplicate(node: Any, pick: Pick) -> None:
    if isinstance(node, list) and node:
        node.append(copy.deepcopy(pick(node)))
    elif isinstance(node, dict) and node:
        key = pick(list(node))
        node[f"{key}{pick(ODD_NAMES)}"] = copy.deepcopy(node[key])


def _rename(node: Any, pick: Pick) -> None:
    if isinstance(node, dict) and node:
        old = pick(list(node))
        new = pick(ODD_NAMES)
        renamed = {new if k == old else k: v for k, v in node.items()}
        node.clear()
        node.update(renamed)


def _bend_ref(node: Any, pick: Pick) -> None:
    if isinstance(node, dict) and "$ref" in node:
        node["$ref"] = pick(ODD_REFS)


def _odd_status(node: Any, pick: Pick) -> None:
    if isinstance(node, dict) and node:
        _rename_to(node, pick(list(node)), pick(ODD_STATUSES))


def _odd_example(node: Any, pick: Pick) -> None:
    if isinstance(node, dict):
        node[pick(("example", "default"))] = copy.deepcopy(pick(ODD_EXAMPLES))


def _rename_to(node: dict[Any, Any], old: Any, new: Any) -> None:
    renamed = {new if k == old else k: v for k, v in node.items()}
    node.clear()
    node.update(renamed)


MUTATIONS: dict[str, tuple[Callable[[Any, Pick], None], Callable[[tuple[Any, ...], Any], bool]]] = {
    "drop": (_drop, lambda path, node: True),
    "retype": (_retype, lambda path, node: True),
    "duplicate": (_duplicate, lambda path, node: True),
    "rename": (_rename, lambda path, node: isinstance(node, dict)),
    "ref": (_bend_ref, lambda path, node: isinstance(node, dict) and "$ref" in node),
    "status": (_odd_status, lambda path, node: path[-1:] == ("responses",)),
    "example": (_odd_example, lambda path, node: _is_schema_like(path)),
}


def _is_schema_like(path: tuple[Any, ...]) -> bool:
    return (len(path) >= 2 and path[-2] in {"schemas", "properties"}) or path[-1:] == ("schema",)


def mutate(document: Any, pick: Pick, *, steps: int) -> Any:
    """A copy of ``document`` with ``steps`` mutations, each at a place ``pick`` chooses."""
    mutated = copy.deepcopy(document)
    for _ in range(steps):
        name = pick(sorted(MUTATIONS))
        apply, fits = MUTATIONS[name]
        places = [node for path, node in containers(mutated) if fits(path, node)]
        if places:
            apply(pick(places), pick)
    return mutated


def dump(document: Any) -> str:
    """The YAML text of a mutated document (dates stay unquoted YAML dates, NaN is ``.nan``)."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def duplicate_key(text: str, pick: Pick) -> str:
    """The YAML text with one ``key: value`` line written twice (YAML keeps the last one)."""
    lines = text.splitlines(keepends=True)
    keyed = [i for i, line in enumerate(lines) if re.match(r"\s*[^\s#-][^:]*: \S", line)]
    if not keyed:
        return text
    i = pick(keyed)
    return "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
