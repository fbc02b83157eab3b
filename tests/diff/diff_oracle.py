"""A user program written against the old client, to check the diff's classes with mypy.

From the old client's API surface it writes code that uses every model, alias and operation the
way user code does: requests are built (``Model(field=value)``, lists written as literals),
responses are read into variables annotated with the old types (``Sequence``/``Mapping`` for
containers, see ``generator/apidiff/diff.py``). Every line carries a tag naming what it exercises,
so mypy's errors against the new client become a set of tags to compare with the breaking
changes the diff reports.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from oapigen.apidiff import types as api_types
from oapigen.apidiff.diff import IN, OUT, Change, directions
from oapigen.ir import naming

Tag = tuple[str, str]
_HEADER = [
    "from __future__ import annotations",
    "import datetime",
    "from collections.abc import Mapping, Sequence",
    "from typing import Any, Literal",
    "from openapi_openai import serde",  # union hints name serde.UnknownVariant
    "from openapi_openai.types import Unset",
]


class Program:
    """Lines of Python and, per line number, the tag of what it exercises."""

    def __init__(self) -> None:
        self.lines = list(_HEADER)
        self.tags: dict[int, Tag] = {}

    def add(self, line: str, tag: Tag | None = None) -> None:
        self.lines.append(line)
        if tag is not None:
            self.tags[len(self.lines)] = tag

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


class _Covariant(ast.NodeTransformer):
    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.value, ast.Name) and node.value.id in {"list", "dict"}:
            node.value = ast.Name("Sequence" if node.value.id == "list" else "Mapping")
        return node


def reader_hint(hint: str) -> str:
    """How a reader annotates a value of ``hint``: containers read through Sequence/Mapping."""
    return ast.unparse(_Covariant().visit(ast.parse(hint, mode="eval")))


def _alternatives(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _alternatives(node.left) + _alternatives(node.right)
    return [node]


def writer(hint: str, var: str, *, optional: bool) -> tuple[str, str]:
    """The parameter hint a writer holds and the expression it passes: a list/dict literal."""
    alts = _alternatives(ast.parse(hint, mode="eval").body)
    boxes = [
        a
        for a in alts
        if isinstance(a, ast.Subscript) and isinstance(a.value, ast.Name)
        if a.value.id in {"list", "dict"}
    ]
    param = hint + (" | Unset" if optional else "")
    if len(boxes) != 1:
        return param, var
    box = boxes[0]
    assert isinstance(box, ast.Subscript) and isinstance(box.value, ast.Name)
    kind = box.value.id
    box.value = ast.Name("Sequence" if kind == "list" else "Mapping")
    param = " | ".join(ast.unparse(a) for a in alts) + (" | Unset" if optional else "")
    make = f"[*{var}]" if kind == "list" else f"{{**{var}}}"
    guards = [f"{var} is None"] if any(ast.unparse(a) == "None" for a in alts) else []
    guards += [f"isinstance({var}, Unset)"] if optional else []
    return param, (f"{var} if {' or '.join(guards)} else {make}" if guards else make)


def program(old: dict[str, Any]) -> Program:
    """The user program for the client whose surface is ``old``."""
    prog = Program()
    api_classes = sorted({key.split(".")[0] for key in old["operations"]})
    # From the defining modules: the package's lazy __getattr__ would type any name as Any.
    for folder, names in (
        ("api", api_classes),
        ("models", [*old["models"], *old["aliases"]]),
    ):
        for name in names:
            module = f"openapi_openai.{folder}.{naming.module_name(name)}"
            prog.add(f"from {module} import {name}", (name, "import"))
    ways = directions(old)
    for i, (name, model) in enumerate(old["models"].items()):
        if IN in ways[name]:
            _model_writer(prog, i, name, model["fields"])
        if OUT in ways[name]:
            _model_reader(prog, i, name, model["fields"])
    for i, (name, alias) in enumerate(old["aliases"].items()):
        param, value = writer(alias["type"], "x", optional=False)
        if IN in ways[name]:
            prog.add(f"def alias_in_{i}(x: {param}) -> {name}:")
            prog.add(f"    return {value}", (name, IN))
        if OUT in ways[name]:
            prog.add(f"def alias_out_{i}(x: {name}) -> None:")
            prog.add(f"    v: {reader_hint(alias['type'])} = x", (name, OUT))
    for i, (key, op) in enumerate(old["operations"].items()):
        _call(prog, i, key, op)
    return prog


def _model_writer(prog: Program, i: int, name: str, fields: list[dict[str, Any]]) -> None:
    params, args = [], []
    for f in fields:
        param, value = writer(f["type"], f["name"], optional=not f["required"])
        params.append(f"{f['name']}: {param}")
        args.append((f"        {f['name']}={value},", (f"{name}.{f['name']}", IN)))
    prog.add(f"def write_{i}({', '.join(params)}) -> None:")
    prog.add(f"    obj = {name}(", (f"{name}()", IN))
    for line, tag in args:
        prog.add(line, tag)
    prog.add("    )")


def _model_reader(prog: Program, i: int, name: str, fields: list[dict[str, Any]]) -> None:
    prog.add(f"def read_{i}(m: {name}) -> None:")
    prog.add("    pass")
    for f in fields:
        unset = "" if f["required"] else " | Unset"
        hint = reader_hint(f["type"]) + unset
        prog.add(f"    v_{f['name']}: {hint} = m.{f['name']}", (f"{name}.{f['name']}", OUT))


def _call(prog: Program, i: int, key: str, op: dict[str, Any]) -> None:
    cls, method = key.split(".")
    params, lines = [f"api: {cls}"], []
    for arg in op["args"]:
        param, value = writer(arg["type"], arg["name"], optional=not arg["required"])
        params.append(f"{arg['name']}: {param}")
        text = value if arg["required"] else f"{arg['name']}={value}"
        lines.append((f"        {text},", (f"{key}({arg['name']})", IN)))
    prog.add(f"def call_{i}({', '.join(params)}) -> None:")
    returns = op["returns"] != "None"  # mypy refuses to assign the result of a None function
    prog.add(f"    {'r = ' if returns else ''}api.{method}(", (key, "call"))
    for line, tag in lines:
        prog.add(line, tag)
    prog.add("    )")
    if returns:
        prog.add(f"    v: {reader_hint(op['returns'])} = r", (f"{key}() return", OUT))


_ERROR = re.compile(r"^[^:]+:(\d+): error: (.*)$")


def mypy_errors(prog: Program, client: Path, workdir: Path) -> list[tuple[Tag, str]]:
    """Tagged mypy --strict errors of ``prog`` against the client package in ``client``."""
    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / "user_program.py"
    source.write_text(prog.text, encoding="utf-8")
    config = workdir / "mypy.ini"
    config.write_text(f"[mypy]\nstrict = True\nmypy_path = {client}\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(config),
        "--no-error-summary",
        "--cache-dir",
        str(workdir / ".mypy_cache"),
        "--hide-error-context",
        str(source),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=workdir, check=False)
    found = []
    for line in done.stdout.splitlines():
        match = _ERROR.match(line)
        if match:
            number, message = int(match.group(1)), match.group(2)
            tag = prog.tags.get(number, ("untagged", str(number)))
            if tag[0].endswith("()") and tag[1] == IN:  # constructor line: name the field
                named = re.search(r'argument "(\w+)"', message)
                tag = (tag[0][:-2] + "." + (named.group(1) if named else "?"), IN)
            found.append((tag, message))
    if done.returncode not in {0, 1} or (done.returncode == 1 and not found):
        raise AssertionError(f"mypy failed to run:\n{done.stdout}\n{done.stderr}")
    return found


def expected(changes: tuple[Change, ...], old: dict[str, Any], new: dict[str, Any]) -> set[Tag]:
    """Tags mypy should flag: one per breaking change, on the line using it the breaking way."""
    ways = directions(old)
    removed = {c.subject for c in changes if c.kind in {"model-removed", "alias-removed"}}
    # mypy does not report missing arguments of a call that has an unexpected keyword.
    unexpected = {c.subject.split(".")[0] for c in changes if c.kind == "field-removed"}
    tags: set[Tag] = set()
    for c in changes:
        if not c.breaking or _masked(c, old, removed):
            continue
        if c.kind == "field-added" and c.subject.split(".")[0] in unexpected:
            continue
        tags |= _tags_of(c, ways, old, new)
    return tags


def _masked(change: Change, old: dict[str, Any], removed: set[str]) -> bool:
    """Lines whose old hint names a removed type see ``Any`` after the failed import."""
    if change.kind == "argument-order":  # same types swapped: only run time can tell
        return True
    if change.kind in {
        "field-added",
        "field-removed",
    }:  # the name alone fails, whatever the type
        return False
    hint = _old_hint(change.subject, old)
    return hint is not None and bool(set(api_types.names(hint)) & removed)


def _old_hint(subject: str, old: dict[str, Any]) -> str | None:
    if "." in subject and "(" not in subject:
        model, field = subject.split(".", 1)
        for f in old["models"].get(model, {}).get("fields", []):
            if f["name"] == field:
                return str(f["type"])
    return None


def _argument_tags(c: Change, old: dict[str, Any]) -> set[Tag]:
    """A positional argument that goes away: too many positional arguments, and each one after
    it shifts into the wrong place; mypy flags the call and each of those lines."""
    key, _, rest = c.subject.partition("(")
    name = rest.rstrip(")")
    if c.kind in {"argument-removed", "argument-optional"}:
        positional = [a["name"] for a in old["operations"][key]["args"] if a["required"]]
        if name in positional:
            shifted = positional[positional.index(name) :]
            return {(key, "call")} | {(f"{key}({n})", IN) for n in shifted}
    if c.kind in {"argument-added", "argument-removed"}:
        return {(key, "call")}
    return {(c.subject, IN)}


# The way of use in which each kind of field change breaks (see generator/apidiff/diff.py).
_BREAKS_WHEN = {
    "field-added": IN,
    "field-required": IN,
    "type-narrowed": IN,
    "enum-value-removed": IN,
    "field-optional": OUT,
    "type-widened": OUT,
    "enum-value-added": OUT,
}


def _tags_of(
    c: Change, ways: dict[str, frozenset[str]], old: dict[str, Any], new: dict[str, Any]
) -> set[Tag]:
    if c.kind in {"model-removed", "alias-removed", "operation-removed"} or "(" in c.subject:
        return _api_tags(c, old, new)
    owner_ways = ways.get(c.subject.split(".")[0], frozenset({IN, OUT}))
    if c.kind in {"field-removed", "type-changed"}:
        return {(c.subject, way) for way in owner_ways}
    way = _BREAKS_WHEN[c.kind]
    return {(c.subject, way)} if way in owner_ways else set()


def _api_tags(c: Change, old: dict[str, Any], new: dict[str, Any]) -> set[Tag]:
    if c.kind in {"model-removed", "alias-removed"}:
        return {(c.subject, "import")}
    if c.kind == "operation-removed":
        cls = c.subject.split(".")[0]
        still = any(k.split(".")[0] == cls for k in new["operations"])
        return {(c.subject, "call")} if still else {(cls, "import")}
    if c.kind.startswith("argument-"):
        return _argument_tags(c, old)
    # The return type is read; an argument's type is written.
    return {(c.subject, OUT if c.subject.endswith("() return") else IN)}
