"""Fast text routines answer what the plain definitions they replace answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from oapigen.spec.load import _may_define_anchor
from oapigen.spec.pointer import join

# The definition this function is checked against (one slow pattern).
ANCHOR = re.compile(r"(?<![^\s\[{,:])&[^\s\[\]{},]")
# Every character the pattern treats specially, and a few it does not.
ALPHABET = "& \t\n[]{},:-.%\r\x85\u2028\u2029\ufeff\xa0\u3000ax#"
texts = st.text(alphabet=ALPHABET, max_size=12)
# No deadline (a busy machine makes an example slow, not wrong) and the same examples every
# run, none replayed from an earlier run: a failure is a defect, never a draw or the clock.
SAME_EXAMPLES_EVERY_RUN = {"deadline": None, "derandomize": True, "database": None}


@settings(max_examples=3000, **SAME_EXAMPLES_EVERY_RUN)
@given(texts)
def test_anchor_scan_matches_the_pattern(text: str) -> None:
    assert _may_define_anchor(text) == (ANCHOR.search(text) is not None)


def test_examples_both_ways() -> None:
    assert _may_define_anchor("a: &x 1")
    assert _may_define_anchor("[&x 1]")
    assert not _may_define_anchor("Q&A, a&b and & alone")


@settings(max_examples=2000, **SAME_EXAMPLES_EVERY_RUN)
@given(st.text(max_size=6), st.lists(st.text(alphabet="ab~/ 0", max_size=4) | st.integers(0, 99)))
def test_pointer_join_escapes_as_rfc_6901_says(pointer: str, tokens: list[str | int]) -> None:
    expected = pointer + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)
    assert join(pointer, *tokens) == expected
