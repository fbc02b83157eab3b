"""Fast text routines answer what the plain definitions they replace answer."""

from __future__ import annotations

import ast
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from oapigen.render.imports import _ONE_STRING_LITERAL, _tokenized_as_one_string
from oapigen.spec.load import _may_define_anchor
from oapigen.spec.pointer import join

# The definition this function is checked against (one slow pattern).
ANCHOR = re.compile(r"(?<![^\s\[{,:])&[^\s\[\]{},]")
# Every character the pattern treats specially, and a few it does not.
ALPHABET = "& \t\n[]{},:-.%\r\x85\u2028\u2029\ufeff\xa0\u3000ax#"
texts = st.text(alphabet=ALPHABET, max_size=12)


@settings(max_examples=3000)
@given(texts)
def test_anchor_scan_matches_the_pattern(text: str) -> None:
    assert _may_define_anchor(text) == (ANCHOR.search(text) is not None)


def test_examples_both_ways() -> None:
    assert _may_define_anchor("a: &x 1")
    assert _may_define_anchor("[&x 1]")
    assert not _may_define_anchor("Q&A, a&b and & alone")


@settings(max_examples=2000)
@given(st.text(max_size=6), st.lists(st.text(alphabet="ab~/ 0", max_size=4) | st.integers(0, 99)))
def test_pointer_join_escapes_as_rfc_6901_says(pointer: str, tokens: list[str | int]) -> None:
    expected = pointer + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
    assert join(pointer, *tokens) == expected


@settings(max_examples=3000)
@given(st.text(alphabet="'\"\\\nrbfuRBF ax{}#", min_size=2, max_size=10))
def test_a_literal_the_pattern_accepts_is_one_string_token(source: str) -> None:
    """The pattern is a shortcut for the tokenizer's answer, never a different answer."""
    try:
        node = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError):
        return
    if isinstance(node, ast.Constant | ast.JoinedStr) and _ONE_STRING_LITERAL.fullmatch(source):
        assert _tokenized_as_one_string(source)


def test_literal_pattern_examples() -> None:
    for literal in ['"""doc"""', "'''it's'''", "Rb'\\''", '"""a"b""c"""', '"a\\\nb"']:
        assert _ONE_STRING_LITERAL.fullmatch(literal), literal
    # f-strings are left to the tokenizer: it splits them from Python 3.12 on.
    for other in ['"a" "b"', '"""a""" """b"""', 'bu"x"', "1", '"a"  # c', 'f"{x}"']:
        assert not _ONE_STRING_LITERAL.fullmatch(other), other
