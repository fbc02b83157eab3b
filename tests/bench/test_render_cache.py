"""The render cache: a warm run re-renders only the files whose inputs changed, same bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.gen import vary_description
from oapigen.render import TEMPLATES
from oapigen.render.cache import RenderCache

from .test_cache import ANCHOR, FRAGMENT, run, tree


def entries(cache: Path) -> set[str]:
    return {p.name for p in (cache / "render").rglob("*") if p.is_file()}


def drop_run_entries(cache: Path) -> None:
    """Forget whole runs, so the next run renders (from the render cache)."""
    shutil.rmtree(cache / "run", ignore_errors=True)


def test_one_changed_description_re_renders_only_the_files_that_show_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    changed = tmp_path / "spec" / FRAGMENT.name  # one path: files name the spec they come from
    changed.parent.mkdir()
    changed.write_bytes(FRAGMENT.read_bytes())
    run(changed, tmp_path / "base", cache)
    first = entries(cache)
    assert len(first) > 10, "every model, alias and API module and page is stored"
    changed.write_text(vary_description(FRAGMENT.read_text(), ANCHOR, 11), encoding="utf-8")
    run(changed, tmp_path / "cached", cache)
    added = entries(cache) - first
    # The changed model's module and its page, plus the nested models that quote its prose.
    assert 0 < len(added) <= 6
    run(changed, tmp_path / "fresh", None)
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh")


def test_an_edited_template_is_never_answered_from_the_cache(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES / "python", templates / "python")
    cache = tmp_path / "cache"
    run(FRAGMENT, tmp_path / "before", cache, templates=templates)
    model = templates / "python" / "model.py.jinja"
    model.write_text(model.read_text() + "\nEDITED = True\n", encoding="utf-8")
    drop_run_entries(cache)
    run(FRAGMENT, tmp_path / "cached", cache, templates=templates)
    run(FRAGMENT, tmp_path / "fresh", None, templates=templates)
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh")
    assert b"EDITED = True" in b"".join(tree(tmp_path / "cached").values())


def test_a_damaged_entry_is_never_trusted_blindly(tmp_path: Path) -> None:
    cached = RenderCache(tmp_path, [TEMPLATES])
    assert cached.text("t", {"x": 1}, lambda: "first") == "first"
    assert cached.text("t", {"x": 1}, lambda: "never") == "first"
    assert cached.text("t", {"x": 2}, lambda: "second") == "second"
    # Values that do not pickle are rendered every time.
    assert cached.text("t", {"f": lambda: 1}, lambda: "a") == "a"
    assert cached.text("t", {"f": lambda: 1}, lambda: "b") == "b"
    assert RenderCache(None, [TEMPLATES]).text("t", {"x": 1}, lambda: "no cache") == "no cache"
