"""Template audit: every ``{{ }}`` either goes through a quoting filter or is IR-built code.

A future ``"{{ op.summary }}"`` in a template would be an injection (GHSA-9x4c-63pf-525f): this
test fails on it before any spec has to find it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import nodes

from oapigen.render import TEMPLATES, environment

QUOTING_FILTERS = {"pyrepr", "docstring", "comment", "tomlstr"}
# Filters that only lay out code (generator/layout.py): what they are given is audited instead.
LAYOUT_FILTERS = {"argument", "parameter", "return_check", "alias_value"}
# Values the IR builds from identifiers (naming module) and repr'd literals, never raw text.
IR_CODE = {
    "arg", "check", "check_body", "code", "condition", "decode_body", "decode_expr", "decode_value",
    "encode_body", "encode_expr", "explode", "extra_decode", "extra_encode", "extra_type",
    "hint", "module", "name", "package", "path_expr", "py_name", "read_expr", "return_hint",
    "runtime_hint",
    "snake", "prefix", "hint_prefix",
    # An operation's py_name with a fixed prefix and suffix, and the union of response hints.
    "error_data_function", "error_data_hint",
    # The run-time class an alias of one model stands for, and an error body's decoder call.
    "runtime_target", "runtime_module", "runtime_class", "error_decode_expr",
    # encode_expr, in a streaming method wrapped in streams.flagged with the flag's repr.
    "body_encode_expr",
    # A list's _iter twin: its page method (py_name with a fixed prefix), the item's hint, and
    # the reads of a page, built from the page model's field names and repr'd wire names.
    "page_method", "item_hint", "items_expr", "next_expr",
    # A discriminator field's one value (a repr'd literal); an alias's hint respelled from the
    # modules' and classes' identifiers (build/alias_runtime.py).
    "pinned_default", "runtime_value",
    # The Async twin of an API class and the TypedDict twin of a schema: class names with a
    # fixed prefix or suffix; what a request may pass, built from the branches' hints.
    "async_name", "twin", "accepts", "input_hint",
    # A model's constructor parameters as mypy sees them: a field's py_name and input hint.
    "init_param", "extras_param",
}  # fmt: skip


def _last_name(expr: nodes.Expr) -> str:
    if isinstance(expr, nodes.Getattr):
        return expr.attr
    if isinstance(expr, nodes.Name):
        return expr.name
    return type(expr).__name__


def _unquoted_outputs(template: Path) -> list[str]:
    env = environment(None)
    tree = env.parse(template.read_text(encoding="utf-8"))
    found = []
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            expr = node
            while isinstance(expr, nodes.Filter) and expr.name in LAYOUT_FILTERS and expr.node:
                expr = expr.node
            if isinstance(expr, nodes.TemplateData):
                continue
            if isinstance(expr, nodes.Filter) and expr.name in QUOTING_FILTERS:
                continue
            if isinstance(expr, nodes.Call):  # a macro call: its body is audited itself
                continue
            if _last_name(expr) not in IR_CODE:
                found.append(f"{template.name}: {{{{ {_last_name(expr)} }}}} (line {expr.lineno})")
    return found


def test_every_template_output_is_quoted_or_ir_code() -> None:
    """No spec text reaches a template output without pyrepr/docstring/comment/tomlstr."""
    templates = sorted((TEMPLATES / "python").glob("*.jinja"))
    assert len(templates) >= 6
    problems = [p for t in templates for p in _unquoted_outputs(t)]
    assert problems == []


def test_audit_catches_an_unquoted_spec_string(tmp_path: Path) -> None:
    """The audit itself: a raw summary in a template is reported."""
    bad = tmp_path / "bad.jinja"
    bad.write_text(
        'x = "{{ op.summary }}"\ny = {{ op.summary | pyrepr }}\nz = {{ op.summary | argument }}\n'
    )
    assert _unquoted_outputs(bad) == [
        "bad.jinja: {{ summary }} (line 1)",
        "bad.jinja: {{ summary }} (line 3)",
    ]


def test_static_runtime_files_have_no_template_syntax() -> None:
    """Files copied verbatim are not templates: no ``{{`` or ``{%`` reaches them from a spec."""
    for path in (TEMPLATES / "static").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "{{" not in text and "{%" not in text, path
    assert jinja2.__version__
