"""Property tests: random strings through every sink, and through every filter.

Per example, many strings go into one spec, which runs through load, validate, build and
render (black is skipped for speed; the corpus runs the real CLI once per sink). The result
must be a clean refusal or code whose syntax tree, with every name and string blanked out, is
exactly the tree made from harmless strings: a planted string can change data, never code.
"""

from __future__ import annotations

import ast
import json
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sec_harness import FIGURES, payloads
from sec_sinks import SINKS, _is_regex

from oapigen.build import build_client
from oapigen.config import Config
from oapigen.diagnostics import Collector, SpecError
from oapigen.pipeline import validate
from oapigen.render import comment, docstring, pyrepr, render_client, tomlstr
from oapigen.spec.load import parse_spec

_HOSTILE_CHARS = list("\"'\\\n\r\t{}$%#`\x00\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ud800")
_TEMPLATE_IMPORTS = {
    "__future__",
    "collections.abc",
    "dataclasses",
    "datetime",
    "importlib",
    "json",
    "typing",
    "warnings",
}

any_text = st.text(st.characters(exclude_categories=()), max_size=40)
hostile_text = st.one_of(
    any_text,
    st.text(st.sampled_from(_HOSTILE_CHARS), max_size=12),
    st.sampled_from(payloads(Path("/nonexistent/CANARY"))),
)
strings = st.lists(hostile_text, min_size=1, max_size=12, unique=True)


class _Blank(ast.NodeTransformer):
    """Erase what spec strings may legitimately change: names, string values, imports."""

    def visit_Import(self, node: ast.Import) -> None:
        return None

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        return None

    def generic_visit(self, node: ast.AST) -> ast.AST:
        super().generic_visit(node)
        for name in ("id", "arg", "attr", "name", "module"):
            if isinstance(getattr(node, name, None), str):
                setattr(node, name, "_")
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = ""
        return node


def _shape(files: dict[str, str]) -> tuple[list[str], set[str]]:
    """The blanked tree of every Python file, and every absolute import."""
    shapes, imports = [], set()
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        tree = ast.parse(text, filename=path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                imports.add(str(node.module))
            elif isinstance(node, ast.Import):
                imports.update(a.name for a in node.names)
        shapes.append(ast.dump(_Blank().visit(tree)))
    return shapes, imports


def _render(spec: dict[str, Any]) -> dict[str, str]:
    """The real stages but black, in process."""
    config = Config(spec=Path("spec.json"), package="hostile_client", root=Path.cwd())
    document = parse_spec(json.dumps(spec).encode(), name="spec.json", json_only=True)
    diags = Collector("spec.json")
    document = validate(document, diags, lenient=False)
    diags.raise_if_errors()
    client = build_client(document, diags, config)
    diags.raise_if_errors()
    return render_client(client)


_baselines: dict[tuple[str, int], tuple[list[str], set[str]]] = {}


def _baseline(sink: str, count: int) -> tuple[list[str], set[str]]:
    key = (sink, count)
    if key not in _baselines:
        spec, _, _ = SINKS[sink]([f"plain{i}" for i in range(count)])
        _baselines[key] = _shape(_render(spec))
    return _baselines[key]


def _check_sink(sink: str, found: list[str]) -> None:
    FIGURES["cases tried"] += 1
    FIGURES["strings planted"] += len(found)
    if sink == "patterns":  # the sink keeps only valid regexes; the baseline must match
        found = [text for text in found if _is_regex(text)]
    spec, _, _ = SINKS[sink](found)
    try:
        files = _render(spec)
    except SpecError as exc:
        for diag in exc.diagnostics:
            assert "\n" not in diag.render() and "\r" not in diag.render()
        return
    for path, text in files.items():
        text.encode("utf-8")  # every file can be written
        assert path.isascii() and ".." not in path.split("/"), path
        if path.endswith(".toml"):
            tomllib.loads(text)
    assert _shape(files) == _baseline(sink, len(found)), "a planted string changed the code"


def _sink_test(sink: str) -> Any:
    @settings(
        max_examples=20,
        database=None,
        deadline=None,
        derandomize=True,  # the same examples every run: a failure is a defect, never a draw
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(found=strings)
    def test(found: list[str]) -> None:
        _check_sink(sink, found)

    test.__name__ = f"test_random_strings_through_{sink}"
    test.__doc__ = f"Random strings planted as {sink.replace('_', ' ')}: refused or inert."
    return test


for _sink in sorted(SINKS):
    globals()[f"test_random_strings_through_{_sink}"] = _sink_test(_sink)


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(text=st.text(st.characters(exclude_categories=()), max_size=60))
def test_filters_round_trip_any_text(text: str) -> None:
    """Each filter's output parses back to the text (docstrings after CRLF -> LF)."""
    FIGURES["cases tried"] += 1
    assert ast.literal_eval(pyrepr(text)) == text
    assert ast.literal_eval(f'"""{docstring(text)}"""') == text.replace("\r\n", "\n")
    in_class = f'class A:\n    """{docstring(text)}"""\n'
    assert ast.get_docstring(ast.parse(in_class).body[0], clean=False) == text.replace("\r\n", "\n")
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert tomllib.loads(f"a = {tomlstr(text)}")["a"] == expected
    line = comment(text)
    assert len(f"# {line}\n".splitlines()) == 1
    assert ast.parse(f"# {line}\nx = 1\n").body[0].lineno == 2
