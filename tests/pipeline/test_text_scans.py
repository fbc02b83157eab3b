"""Fast text routines answer what the plain definitions they replace answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from oapigen.spec.load import _may_define_anchor
from oapigen.spec.pointer import join
from oapigen.spec.yaml_pieces import _unsplittable

# The definitions these functions are checked against (one slow pattern each).
ANCHOR = re.compile(r"(?<![^\s\[{,:])&[^\s\[\]{},]")
UNSPLITTABLE = re.compile(r"^(?:---|\.\.\.|%)|[\r\x85\u2028\u2029\ufeff]|^ *\t", re.MULTILINE)
# Every character either pattern treats specially, and a few it does not.
ALPHABET = "& \t\n[]{},:-.%\r\x85\u2028\u2029\ufeff\xa0\u3000ax#"
texts = st.text(alphabet=ALPHABET, max_size=12)


@settings(max_examples=3000)
@given(texts)
def test_anchor_scan_matches_the_pattern(text: str) -> None:
    assert _may_define_anchor(text) == (ANCHOR.search(text) is not None)


@settings(max_examples=3000)
@given(texts)
def test_unsplittable_scan_matches_the_pattern(text: str) -> None:
    assert _unsplittable(text) == (UNSPLITTABLE.search(text) is not None)


def test_examples_both_ways() -> None:
    assert _may_define_anchor("a: &x 1")
    assert _may_define_anchor("[&x 1]")
    assert not _may_define_anchor("Q&A, a&b and & alone")
    assert _unsplittable("a: 1\n---\nb: 2")
    assert _unsplittable("a:\n \tb: 1")
    assert not _unsplittable("a: 'x\tb'\nc: ...")


@settings(max_examples=2000)
@given(st.text(max_size=6), st.lists(st.text(alphabet="ab~/ 0", max_size=4) | st.integers(0, 99)))
def test_pointer_join_escapes_as_rfc_6901_says(pointer: str, tokens: list[str | int]) -> None:
    expected = pointer + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
    assert join(pointer, *tokens) == expected
