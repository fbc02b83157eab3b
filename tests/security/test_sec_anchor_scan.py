"""The loader skips its alias-expansion walk only when the text can hold no anchor."""

from __future__ import annotations

import pytest
import yaml

from oapigen.spec.load import _may_define_anchor

ANCHORED = [
    "&root {a: 1}\n",
    "a: &x 1\nb: *x\n",
    "a:\t&x 1\nb: *x\n",
    "- &x 1\n- *x\n",
    "[&x 1, *x]\n",
    "[1,&x 2, *x]\n",
    "{a: &x 1, b: *x}\n",
    '{"a":&x [1, 2], "b": *x}\n',
    "a: !!str &x one\nb: *x\n",
    "a:\n  &x\n  b: 1\nc: *x\n",
    "? &k key\n: value\n",
]


def _has_anchor(text: str) -> bool:
    events = yaml.parse(text, Loader=yaml.CSafeLoader)
    return any(getattr(event, "anchor", None) for event in events)


@pytest.mark.parametrize("text", ANCHORED)
def test_every_anchor_form_libyaml_accepts_is_found(text: str) -> None:
    assert _has_anchor(text), "the sample itself must carry an anchor"
    assert _may_define_anchor(text)


@pytest.mark.parametrize(
    "text",
    [
        "url: https://example.com/v1/a?order=desc&limit=20\n",
        "text: R&D and Q&A\n",
        "text: '&amp; is an entity'\n",
    ],
)
def test_prose_ampersands_are_not_anchors(text: str) -> None:
    assert not _has_anchor(text)
    assert not _may_define_anchor(text)
