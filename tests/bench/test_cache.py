"""The caches change speed only: every way of running gives the same bytes and warnings."""

from __future__ import annotations

import marshal
import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.gen import vary_description
from oapigen import Config, generate, render_files
from oapigen import cache as store
from oapigen import format as fmt
from oapigen.cache import runs as run_cache
from oapigen.cache import validation as validation_cache
from oapigen.cache.runs import run_key
from oapigen.config import load_config
from oapigen.format import black as format_black
from oapigen.format import ruff as format_ruff

ROOT = Path(__file__).resolve().parents[2]
FRAGMENT = ROOT / "spec" / "realtime_sessions.yaml"
ANCHOR = "RealtimeSessionCreateResponse:"
KEY = fmt.formatter_key("ruff")


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` by relative path."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def run(spec: Path, out: Path, cache: Path | None, **extra: object) -> tuple[str, ...]:
    config = Config(
        spec=spec,
        out=out,
        root=ROOT,
        use_cache=cache is not None,
        cache_dir=cache,
        **extra,
    )
    return tuple(d.render() for d in generate(config).warnings)


def test_no_cache_cold_cache_and_warm_cache_write_the_same_tree(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(FRAGMENT, tmp_path / "none", None)
    run(FRAGMENT, tmp_path / "cold", cache)
    assert list((cache / "run").rglob("*")), "the first cached run stores its result"
    run(FRAGMENT, tmp_path / "warm", cache)
    # Without the whole-run entry, the formatter and validator entries answer instead.
    for entry in (cache / "run").rglob("*"):
        if entry.is_file():
            entry.unlink()
    run(FRAGMENT, tmp_path / "partial", cache)
    expected = tree(tmp_path / "none")
    assert expected
    for name in ("cold", "warm", "partial"):
        assert tree(tmp_path / name) == expected, name


def test_a_changed_description_regenerates_exactly_what_no_cache_gives(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    run(FRAGMENT, tmp_path / "base", cache)
    changed = tmp_path / "spec" / FRAGMENT.name
    changed.parent.mkdir()
    changed.write_text(vary_description(FRAGMENT.read_text(), ANCHOR, 7), encoding="utf-8")
    run(changed, tmp_path / "cached", cache)
    run(changed, tmp_path / "fresh", None)
    assert tree(tmp_path / "cached") == tree(tmp_path / "fresh")
    assert tree(tmp_path / "cached") != tree(tmp_path / "base")
    assert b"Revision 7, " in b"".join(tree(tmp_path / "cached").values())


def test_black_formats_each_file() -> None:
    texts = {f"m{i}.py": f"x = [ {i},{i}+1 ]\ndef f( a ):\n  return a\n" for i in range(6)}
    formatted = format_black.format_texts(texts, line_length=88, target="py310")
    assert formatted["m3.py"] == ("x = [3, 3 + 1]\n\n\ndef f(a):\n    return a\n", None)
    assert sorted(formatted) == sorted(texts)


@pytest.mark.parametrize("formatter", ["ruff", "black"])
@pytest.mark.parametrize("count", [0, 5])
def test_format_files_passes_other_files_and_names_the_broken_one(
    formatter: str, count: int
) -> None:
    files = {f"ok{i}.py": "x = 1\n" for i in range(count)} | {"README.md": "left  as  is\n"}
    formatted = fmt.format_files(files, cache_dir=None, formatter=formatter)
    assert formatted["README.md"] == "left  as  is\n"
    with pytest.raises(fmt.FormatError) as error:
        fmt.format_files({**files, "bad.py": "def (:\n"}, cache_dir=None, formatter=formatter)
    assert error.value.path == "bad.py"


def test_ruff_and_black_generate_byte_identical_trees(tmp_path: Path) -> None:
    run(FRAGMENT, tmp_path / "ruff", None, formatter="ruff")
    run(FRAGMENT, tmp_path / "black", None, formatter="black")
    assert tree(tmp_path / "ruff") == tree(tmp_path / "black")


def test_the_formatter_is_part_of_the_cache_keys(tmp_path: Path) -> None:
    ruff = Config(spec=FRAGMENT, root=ROOT, formatter="ruff")
    black = Config(spec=FRAGMENT, root=ROOT, formatter="black")
    assert run_key(ruff, fmt.formatter_key("ruff")) != run_key(black, fmt.formatter_key("black"))
    assert fmt.formatter_key("ruff") != fmt.formatter_key("black")


def test_lenient_warnings_are_replayed_from_the_cache(tmp_path: Path) -> None:
    document = yaml.safe_load(FRAGMENT.read_text())
    schema = document["components"]["schemas"]["RealtimeSessionCreateResponse"]
    schema["required"] = ["id", "id"]
    spec = tmp_path / "dup.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    cache = tmp_path / "cache"
    fresh = run(spec, tmp_path / "a", None, lenient=True)
    first = run(spec, tmp_path / "b", cache, lenient=True)
    again = run(spec, tmp_path / "c", cache, lenient=True)
    assert any("duplicate-required" in w for w in fresh)
    assert fresh == first == again
    assert tree(tmp_path / "a") == tree(tmp_path / "c")


def test_the_validator_cache_answers_only_the_exact_document(tmp_path: Path) -> None:
    """D2: a prose edit is another document (its text may break a maxLength or a pattern)."""
    doc = {"openapi": "3.0.0", "info": {"description": "first words here"}}
    name, stored = validation_cache.read(tmp_path, pickle.dumps(doc), "3.0.0")
    assert stored is None
    validation_cache.write(tmp_path, name, [("/info", "bad type")])
    found = validation_cache.read(tmp_path, pickle.dumps(doc), "3.0.0")
    assert found == (name, [("/info", "bad type")])
    for other in (
        {"openapi": "3.0.0", "info": {"description": "other words entirely"}},
        {"openapi": "3.0.0", "info": {"description": 1.0}},
        {"openapi": "3.0.0", "info": {"description": "first words here"}, "x": None},
    ):
        assert validation_cache.read(tmp_path, pickle.dumps(other), "3.0.0")[1] is None, other
    assert validation_cache.read(tmp_path, pickle.dumps(doc), "3.1.0")[1] is None


def test_the_validator_cache_follows_its_libraries_and_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = {"openapi": "3.0.0"}
    name = validation_cache.read(tmp_path, pickle.dumps(doc), "3.0.0")[0]
    monkeypatch.setenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")
    assert validation_cache.read(tmp_path, pickle.dumps(doc), "3.0.0")[0] != name
    monkeypatch.delenv("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND")
    real = validation_cache.version
    for library in ("jsonschema", "referencing", "openapi-schema-validator"):
        monkeypatch.setattr(
            validation_cache, "version", lambda n, lib=library: "0.0" if n == lib else real(n)
        )
        assert validation_cache.read(tmp_path, pickle.dumps(doc), "3.0.0")[0] != name, library
    monkeypatch.setattr(validation_cache, "version", real)
    assert validation_cache.read(tmp_path, pickle.dumps(doc), "3.0.0")[0] == name


def _cli(args: list[str], cache: Path) -> None:
    env = {**os.environ, "OAPIGEN_CACHE_DIR": str(cache)}
    argv = [sys.executable, "-m", "oapigen", "generate", *args]
    subprocess.run(argv, cwd=ROOT, env=env, check=True, capture_output=True)


def test_cli_honours_no_cache_and_the_cache_dir_variable(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _cli(["--no-cache", "--out", str(tmp_path / "a")], cache)
    assert not cache.exists()
    _cli(["--out", str(tmp_path / "b")], cache)
    assert sorted(p.name for p in cache.iterdir()) == [
        ".trimmed",  # when its size was last checked
        "format",
        "jinja",
        "render",
        "run",
        "surface",
        "validate",
    ]
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_vary_description_changes_one_description_and_stays_valid_yaml() -> None:
    text = FRAGMENT.read_text()
    varied = vary_description(text, ANCHOR, 3)
    before, after = text.splitlines(), varied.splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    assert "description: Revision 3, " in changed[0][1]
    assert yaml.safe_load(varied) != yaml.safe_load(text)


def test_run_key_follows_templates_options_and_spec(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "python").mkdir(parents=True)
    (templates / "python" / "extra.jinja").write_text("a", encoding="utf-8")
    spec = tmp_path / FRAGMENT.name
    spec.write_bytes(FRAGMENT.read_bytes())
    base = Config(spec=spec, root=ROOT, templates=templates)
    first = run_key(base, KEY)
    assert run_key(base.with_overrides(out=tmp_path / "elsewhere"), KEY) == first
    assert run_key(base.with_overrides(lenient=True), KEY) != first
    (templates / "python" / "extra.jinja").write_text("b", encoding="utf-8")
    second = run_key(base, KEY)
    assert second != first
    spec.write_bytes(FRAGMENT.read_bytes() + b"\n# comment\n")
    third = run_key(base, KEY)
    assert third != second
    assert run_key(base, fmt.formatter_key("black")) != third


def test_run_key_follows_every_library_that_decides_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = Config(spec=FRAGMENT, root=ROOT)
    first = run_key(base, KEY)
    libraries = ("jinja2", "pyyaml", "openapi-spec-validator", "jsonschema", "referencing")
    for library in (*libraries, "openapi-schema-validator"):
        for module in (run_cache, validation_cache):
            real = module.version
            monkeypatch.setattr(
                module, "version", lambda n, lib=library, v=real: "0" if n == lib else v(n)
            )
        assert run_key(base, KEY) != first, library
        monkeypatch.undo()
    assert run_key(base, KEY) == first
    monkeypatch.setattr(run_cache.sys, "version", "3.99.0")
    assert run_key(base, KEY) != first


def test_a_cache_folder_that_cannot_be_used_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    run(FRAGMENT, tmp_path / "fresh", None)
    run(FRAGMENT, tmp_path / "blocked", blocked)
    assert tree(tmp_path / "blocked") == tree(tmp_path / "fresh")


def test_an_unknown_formatter_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.oapigen]\nformatter = "yapf"\n')
    with pytest.raises(ValueError, match="formatter must be one of ruff, black"):
        load_config(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.oapigen]\nformatter = "black"\n')
    assert load_config(tmp_path).formatter == "black"


def test_ruff_scratch_falls_back_to_the_temp_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    real = format_ruff._format_in
    parents: list[Path | None] = []

    def shm_is_full(parent: Path | None, *args: Any, **kwargs: Any) -> Any:
        parents.append(parent)
        if parent is not None:
            raise OSError(28, "No space left on device")
        return real(parent, *args, **kwargs)

    monkeypatch.setattr(format_ruff, "_format_in", shm_is_full)
    files = {f"{name}.py": "x=1\n" for name in "abc"}  # more than go through standard input
    formatted = fmt.format_files(files, cache_dir=None, formatter="ruff")
    assert formatted == {f"{name}.py": "x = 1\n" for name in "abc"}
    assert parents[-1] is None


@pytest.mark.parametrize("count", [1, 2, 3])
def test_files_started_at_once_format_alike_and_name_the_broken_file(
    count: int, tmp_path: Path
) -> None:
    """The first files go to ruff through standard input as they come; the rest wait."""
    texts = {f"m{i}.py": f"x=[{i},{i}+1]\ndef f(a): return a\n" for i in range(count)}
    folder = format_ruff._format_in(None, texts, line_length=88, target="py310")
    with fmt.Formatting(cache_dir=tmp_path / f"cache{count}") as formatting:
        for path, text in texts.items():
            formatting.submit(path, text)
        assert formatting.finish(texts) == {path: text for path, (text, _) in folder.items()}
    broken = {**dict(list(texts.items())[: count - 1]), "bad.py": "def (:\n"}
    with pytest.raises(fmt.FormatError) as error:
        fmt.format_files(broken, cache_dir=tmp_path / "other")
    assert error.value.path == "bad.py"
    assert "1:" in str(error.value)


def test_formatting_left_unfinished_stops_its_processes(tmp_path: Path) -> None:
    with fmt.Formatting(cache_dir=tmp_path) as formatting:
        formatting.submit("a.py", "x=1\n")
        started = list(formatting._started.values())
    processes = [p for piped in started for p in (piped.fixer, piped.formatter)]
    assert started and all(process.returncode is not None for process in processes)


def test_prune_keeps_the_most_recently_used_entries(tmp_path: Path) -> None:
    names = [f"{i:02d}" + "0" * 62 for i in range(12)]
    for age, name in enumerate(reversed(names)):
        store.write(tmp_path, "run", name, name.encode())
        path = store.entry(tmp_path, "run", name)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # names[0] is the newest
    store.mark_used(tmp_path, "run", names[-1])  # the oldest, just used again
    store.prune(tmp_path, "run", keep=8)
    kept = {p.name for p in (tmp_path / "run").rglob("*") if p.is_file()}
    assert kept == {*names[:7], names[-1]}
    store.prune(tmp_path / "missing", "run", keep=1)  # no folder: nothing to do, no error


def test_prune_keeps_only_what_fits_the_budget_but_always_the_newest(tmp_path: Path) -> None:
    names = [f"{i:02d}" + "0" * 62 for i in range(5)]
    for age, name in enumerate(reversed(names)):
        store.write(tmp_path, "run", name, b"x" * 100)
        path = store.entry(tmp_path, "run", name)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # names[0] is the newest
    store.prune(tmp_path, "run", keep=8, budget=250)
    kept = {p.name for p in (tmp_path / "run").rglob("*") if p.is_file()}
    assert kept == set(names[:2])
    store.prune(tmp_path, "run", keep=8, budget=10)  # the newest stays even past the budget
    assert {p.name for p in (tmp_path / "run").rglob("*") if p.is_file()} == {names[0]}


def test_an_edit_stores_one_whole_run_not_the_draft_before_the_version_bump(
    tmp_path: Path,
) -> None:
    """The render that only decides the new version is not kept: it would never be read again."""
    cache = tmp_path / "cache"
    spec = tmp_path / "spec" / FRAGMENT.name
    spec.parent.mkdir()
    out = tmp_path / "out"
    for revision in range(3):
        spec.write_text(vary_description(FRAGMENT.read_text(), ANCHOR, revision), encoding="utf-8")
        run(spec, out, cache)  # the same folder: each edit bumps the client's version
        runs = [p for p in (cache / "run").rglob("*") if p.is_file()]
        assert len(runs) == revision + 1
    run(spec, out, cache)  # unchanged: answered from the cache, nothing new stored
    assert len([p for p in (cache / "run").rglob("*") if p.is_file()]) == 3


def test_an_edit_renders_once_with_the_new_version_as_a_fresh_render_would(
    tmp_path: Path,
) -> None:
    """generate renders an edited spec once, with the version the API diff gives: the files are
    those of a render of the spec with that version given in the config (no cache either way)."""
    spec = tmp_path / "spec" / FRAGMENT.name
    spec.parent.mkdir()
    out = tmp_path / "out"
    for revision in range(2):
        spec.write_text(vary_description(FRAGMENT.read_text(), ANCHOR, revision), encoding="utf-8")
        config = Config(spec=spec, out=out, root=ROOT, use_cache=False)
        result = generate(config)
        assert result.release is not None
        expected, _ = render_files(config.with_overrides(version=result.release.version))
        assert {k: v for k, v in result.files.items() if k in expected} == expected
    assert result.release.version == "1.0.1"  # the second run was a patch bump


def test_a_new_client_version_re_renders_no_per_node_file(tmp_path: Path) -> None:
    """Every edit bumps the version: with it in their keys, every page was rendered again."""
    cache = tmp_path / "cache"
    config = Config(spec=FRAGMENT, out=tmp_path / "out", root=ROOT, cache_dir=cache)
    first, _ = render_files(config.with_overrides(version="1.0.0"))
    entries = {p.name for p in (cache / "render").rglob("*") if p.is_file()}
    second, _ = render_files(config.with_overrides(version="7.7.7"))
    assert {p.name for p in (cache / "render").rglob("*") if p.is_file()} == entries
    changed = {path for path in first if first[path] != second[path]}
    assert changed and all("7.7.7" in second[path] for path in changed)
    uncached, _ = render_files(config.with_overrides(version="7.7.7", use_cache=False))
    assert uncached == second


def test_whole_runs_are_bounded_and_damaged_entries_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_cache, "RUNS_KEPT", 2)
    cache = tmp_path / "cache"
    spec = tmp_path / "spec" / FRAGMENT.name
    spec.parent.mkdir()
    for revision in range(4):
        spec.write_text(vary_description(FRAGMENT.read_text(), ANCHOR, revision), encoding="utf-8")
        run(spec, tmp_path / f"out{revision}", cache)
    assert len([p for p in (cache / "run").rglob("*") if p.is_file()]) == 2
    assert store.unpack_run(b"not marshal data") is None
    assert store.unpack_run(marshal.dumps(({"a": 1}, []))) is None
    files = {"a.py": "x = 1\n"}
    assert store.unpack_run(store.pack_run(files, [("f", "p", "c", "m", "WARNING")])) == (
        files,
        [("f", "p", "c", "m", "WARNING")],
    )


def test_trim_deletes_the_oldest_entries_over_the_budget_once_a_day(tmp_path: Path) -> None:
    for age, kind in enumerate(["render", "format", "jinja", "run"]):
        for index in range(3):
            name = f"{kind}{index}".ljust(64, "0")
            store.write(tmp_path, kind, name, b"x" * 100)
            stamp = 1_000_000 + 10 * age + index  # render oldest, then format, jinja, run
            os.utime(store.entry(tmp_path, kind, name), (stamp, stamp))
    # The folder may be shared: what oapigen did not write is never touched.
    (tmp_path / "otherapp").mkdir()
    (tmp_path / "otherapp" / "important.db").write_bytes(b"x" * 1000)
    os.utime(tmp_path / "otherapp" / "important.db", (1, 1))
    store.trim(tmp_path, budget=450)
    left = sorted(p.name[:7] for p in tmp_path.rglob("*") if p.is_file() and p.name[0] != ".")
    # 900 bytes of per-file entries: the five oldest go; whole runs are bounded on their own.
    assert left == [
        "format2",
        "importa",
        "jinja00",
        "jinja10",
        "jinja20",
        "run0000",
        "run1000",
        "run2000",
    ]
    store.write(tmp_path, "render", "late".ljust(64, "0"), b"x" * 1000)
    store.trim(tmp_path, budget=450)  # within a day of the last: nothing
    assert (tmp_path / "render" / "la").is_dir()
    os.utime(tmp_path / ".trimmed", (1_000_000, 1_000_000))
    store.trim(tmp_path, budget=450)
    assert not list((tmp_path / "render").rglob("late*"))
    assert (tmp_path / "otherapp" / "important.db").is_file()
    store.trim(tmp_path / "missing", budget=1)  # no folder: nothing to do, no error


def test_a_file_submitted_again_is_formatted_as_its_last_text(tmp_path: Path) -> None:
    with fmt.Formatting(cache_dir=tmp_path) as formatting:
        formatting.submit("m.py", "x=1\n")
        formatting.submit("m.py", "y=2\n")
        assert len(formatting._started) == 1
        assert formatting.finish({"m.py": "y=2\n"}) == {"m.py": "y = 2\n"}
    with fmt.Formatting(cache_dir=tmp_path) as formatting:
        formatting.submit("m.py", "x=1\n")
        # finish sees another text than the one submitted: that one is formatted and cached.
        assert formatting.finish({"m.py": "z=3\n"}) == {"m.py": "z = 3\n"}
    assert fmt.format_files({"m.py": "z=3\n"}, cache_dir=tmp_path) == {"m.py": "z = 3\n"}


def test_standard_input_and_folder_give_the_same_bytes() -> None:
    text = 'x = """a\rb"""\ny = "\u00e9"\n'
    folder = format_ruff._format_in(None, {"a.py": text}, line_length=88, target="py310")
    piped = format_ruff.Piped(text, line_length=88, target="py310")
    assert piped.finish() == folder["a.py"]
