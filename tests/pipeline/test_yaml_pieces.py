"""YAML parsed in cached pieces reads exactly what the whole-document parse reads (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oapigen.diagnostics import Collector, SpecError
from oapigen.spec import load, yaml_pieces

ROOT = Path(__file__).resolve().parents[2]

TRICKY = {
    "keep-chomped block scalar before the next key": (
        "a:\n  b: |+\n    text\n\n\n  c: 1\nd:\n  e: >-\n    folded\n    lines\n\n  f: 2\n"
    ),
    "indentless sequences and comments between entries": (
        "# head\nservers:\n- url: x\n  # inside\n- url: y\n# between\npaths:\n  /a:\n"
        "    get:\n      responses:\n        200:\n          description: ok\n"
    ),
    "repeated keys keep the first place and the last value": "a: 1\nb: 2\na: 3\n",
    "keys YAML reads as other types": "200:\n  true: 1\n  null: 2\n  1.5: 3\n",
    "quoted keys and values": "'x: y':\n  \"q\": 'it''s'\n  r: \"a\\nb\"\n",
    "a quoted scalar over a line that looks like a key": 'a:\n  b: "one\n  c: two"\n',
    "a flow mapping over a line that looks like a key": "a:\n  b: {x: 1,\n  c: 2}\n",
    "a plain scalar continued on more indented lines": "a:\n  b: one\n    two\n  c: 3\n",
    "an unindented continuation is an error": "a:\n  b: one\n  two\n",
    "a key line between two indents is an error": "a:\n    b: 1\n  c: 2\n",
    "a complex key": "a:\n  ? x\n  : y\n",
    "a null value with deeper lines is an error": "a: null\n  b: 1\nc: ~\n  d: 2\n",
    "a commented bare key": "a: # note\n  b: 1\n",
    "a tab in indentation": "a:\n\tb: 1\n",
    "an empty document": "",
    "a top-level sequence": "- a\n- b\n",
    "a date, which marshal cannot keep": "a:\n  b: 2024-10-01\n",
    "nested block mappings three levels deep": (
        "components:\n  schemas:\n    A:\n      type: object\n    B:\n      type: string\n"
        "  responses: {}\nz: [1, 2]\n"
    ),
}


def whole(text: str) -> object:
    """The whole-document parse, or the SpecError it raises."""
    try:
        return load._parse_yaml(text, Collector("t.yaml"))
    except SpecError as error:
        return error


def in_pieces(text: str, known: dict[str, object] | None = None) -> object:
    pieces = yaml_pieces.Pieces(known=dict(known or {}), used={})
    return yaml_pieces.parse_in_pieces(text, load._parse_piece, pieces)


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_pieces_read_what_the_whole_parse_reads_or_give_way(text: str) -> None:
    expected = whole(text)
    got = in_pieces(text)
    if isinstance(expected, SpecError):
        assert got is None, "a document that does not parse whole must not parse in pieces"
    elif got is not None:
        assert repr(got) == repr(expected)


@pytest.mark.parametrize("name", ["realtime_sessions.yaml", "upstream/2025-01-21.yaml"])
def test_real_documents_split_and_read_the_same_from_known_pieces(name: str) -> None:
    text = (ROOT / "spec" / name).read_text(encoding="utf-8")
    pieces = yaml_pieces.Pieces(known={}, used={})
    first = yaml_pieces.parse_in_pieces(text, load._parse_piece, pieces)
    assert first is not None and repr(first) == repr(whole(text))
    known = yaml_pieces.load_known(yaml_pieces.dump_used(pieces))
    assert len(known) > 10

    def never(piece: str) -> object:
        raise AssertionError(f"parsed again: {piece[:60]!r}")

    again = yaml_pieces.parse_in_pieces(text, never, yaml_pieces.Pieces(known=known, used={}))
    assert repr(again) == repr(first)


def test_load_spec_keeps_pieces_and_survives_a_damaged_entry(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    text = (ROOT / "spec/realtime_sessions.yaml").read_text(encoding="utf-8")
    spec.write_text(text, encoding="utf-8")
    expected = repr(load.load_spec(spec))
    cache = tmp_path / "cache"
    assert repr(load.load_spec(spec, cache_dir=cache)) == expected
    (entry,) = (p for p in (cache / "yaml").rglob("*") if p.is_file())
    assert repr(load.load_spec(spec, cache_dir=cache)) == expected
    entry.write_bytes(b"\x00 not marshal data")
    assert repr(load.load_spec(spec, cache_dir=cache)) == expected
    # One edited piece: the rest still comes from the cache, the edit is read.
    spec.write_text(text.replace("title: OpenAI API", "title: Edited API"), encoding="utf-8")
    assert load.load_spec(spec, cache_dir=cache)["info"]["title"] == "Edited API"


def test_aliases_and_syntax_errors_are_left_to_the_whole_parse(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("a: &x\n  b: 1\nc: *x\n", encoding="utf-8")
    assert load.load_spec(spec, cache_dir=tmp_path / "cache") == {"a": {"b": 1}, "c": {"b": 1}}
    spec.write_text("a:\n  b: [1,\n", encoding="utf-8")
    with pytest.raises(SpecError) as cached:
        load.load_spec(spec, cache_dir=tmp_path / "cache")
    with pytest.raises(SpecError) as plain:
        load.load_spec(spec)
    assert cached.value.diagnostics == plain.value.diagnostics
