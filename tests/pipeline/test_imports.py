"""Import pruning: the parser's docstring finder agrees with the tokenizer's, and unused go."""

from __future__ import annotations

import pytest

from oapigen.render import imports

TRICKY = {
    "module and class docstrings": '"""Uses Foo."""\nclass A:\n    """Bar here."""\n    x = 1\n',
    "a quote inside a literal": "x: Literal['\"\"\"']\n'''Foo'''\n",
    "implicit concatenation": '"Foo" "Bar"\n',
    "a string sharing its line": '"Foo"; x = 1\nx = 2; "Bar"\n',
    "a string before a comment": '"Foo"  # Bar\n',
    "parenthesised": '("Foo")\n',
    "an f-string": 'f"{Foo}"\n',
    "bytes": 'b"Foo"\n',
    "not ASCII before it": 'x = "é"\nif x:\n    "Foo é"\n',
    "nested blocks": (
        "try:\n    pass\nexcept E:\n    'Foo'\nelse:\n    'Bar'\nfinally:\n    'Baz'\n"
        "match x:\n    case 1:\n        'Qux'\n"
    ),
    "a multi-line docstring": 'def f():\n    """One.\n\n    Two Foo.\n    """\n    return 1\n',
    "a number statement": "1\n",
}


@pytest.mark.parametrize("source", TRICKY.values(), ids=TRICKY.keys())
def test_the_parser_and_the_tokenizer_find_the_same_docstrings(source: str) -> None:
    assert imports._docstring_spans_parsed(source) == imports._docstring_spans_tokenized(source)


def test_text_the_parser_refuses_falls_back_to_the_tokenizer() -> None:
    source = 'if x:\n"""Foo."""\n'  # no indented block: the tokenizer still reads it
    assert imports._docstring_spans_parsed(source) is None
    assert imports._without_docstrings(source) == 'if x:\n""\n'


def test_a_name_used_only_in_a_docstring_is_dropped() -> None:
    text = (
        "from typing import Any, Literal\n"
        "import json\n\n"
        "__all__ = ['f']\n\n\n"
        'def f() -> Literal[\'"""\']:\n'
        '    """Any json."""\n'
        "    return json\n"
    )
    pruned = imports.prune_imports(text)
    assert pruned.startswith("from typing import Literal\nimport json\n")


def test_a_name_used_only_in_a_comment_is_dropped() -> None:
    text = (
        "from dataclasses import dataclass, field\n\n"
        "__all__ = ['A']\n\n\n"
        "@dataclass\n"
        "class A:\n"
        "    # every field is set one by one\n"
        "    x: int = 0\n"
    )
    pruned = imports.prune_imports(text)
    assert pruned.startswith("from dataclasses import dataclass\n")


def test_an_emptied_type_checking_block_frees_type_checking() -> None:
    text = (
        "from typing import TYPE_CHECKING, Any\n\n"
        "if TYPE_CHECKING:\n"
        "    from .other import Other\n\n"
        "__all__ = ['x']\n\n"
        "x: Any = 1\n"
    )
    pruned = imports.prune_imports(text)
    assert "TYPE_CHECKING" not in pruned
    assert "Other" not in pruned
    assert pruned.startswith("from typing import Any\n")


def test_pruning_is_idempotent() -> None:
    text = "import os\nimport sys\n\n__all__ = ['v']\n\nv = sys.argv\n"
    once = imports.prune_imports(text)
    assert once == "import sys\n\n__all__ = ['v']\n\nv = sys.argv\n"
    assert imports.prune_imports(once) == once
