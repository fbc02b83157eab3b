"""Pages and test data cached by the nodes they read: an edit anywhere they looked reaches them."""

from __future__ import annotations

from pathlib import Path

from oapigen.render.node_reads import Reads

from .test_cache import run, tree

SPEC = """\
openapi: 3.0.3
info: {title: Nested, version: "1"}
paths:
  /things:
    post:
      operationId: makeThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Outer'}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Outer'}
components:
  schemas:
    Outer:
      type: object
      required: [inner]
      properties:
        inner: {$ref: '#/components/schemas/Inner'}
    Inner:
      type: object
      required: [size]
      properties:
        size: {type: integer, example: SIZE}
"""


def _generate(tmp_path: Path, name: str, size: int, cache: Path | None) -> dict[str, bytes]:
    spec = tmp_path / "spec" / "nested.yaml"  # one path: the files name their spec
    spec.parent.mkdir(exist_ok=True)
    spec.write_text(SPEC.replace("SIZE", str(size)), encoding="utf-8")
    run(spec, tmp_path / name, cache)
    return tree(tmp_path / name)


def test_an_edit_in_a_nested_model_reaches_the_pages_and_tests_that_show_it(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    before = _generate(tmp_path, "before", 11, cache)
    assert "size=11" in before["docs/Outer.md"].decode()
    after = _generate(tmp_path, "after", 4242, cache)
    fresh = _generate(tmp_path, "fresh", 4242, None)
    assert after == fresh
    # Outer's own schema did not change; only what its example read did.
    assert "size=4242" in after["docs/Outer.md"].decode()
    assert b'"size": 4242' in after["tests/test_models.py"]
    # Going back answers from entries written two runs ago, and is still right.
    assert _generate(tmp_path, "again", 11, cache) == _generate(tmp_path, "again-fresh", 11, None)


def test_reads_records_names_found_or_not_and_whole_table_scans() -> None:
    reads = Reads()
    table = reads.table("models", {"A": 1, "B": 2})
    assert table.get("A") == 1  # outside record: not noted
    result, looked_up = reads.record(lambda: (table["B"], "Z" in table, table.get("A")))
    assert result == (2, False, 1)
    assert looked_up == [("models", "A"), ("models", "B"), ("models", "Z")]
    _, scanned = reads.record(lambda: sorted(table))
    assert scanned == [("models", "")]


def test_damaged_traced_entries_are_rendered_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _generate(tmp_path, "first", 11, cache)
    entries = [p for p in (cache / "traced").rglob("*") if p.is_file()]
    assert entries
    damage = [b"", b"no newline", b'0\n[["no such table", "Inner"]]\ntext', b"x\n{not json\ny"]
    for index, entry in enumerate(entries):
        entry.write_bytes(damage[index % len(damage)])
    for run_cache in (cache / "run").rglob("*"):
        if run_cache.is_file():
            run_cache.unlink()  # so that the pages are rendered, not the whole run reused
    assert _generate(tmp_path, "again", 11, cache) == _generate(tmp_path, "fresh", 11, None)
