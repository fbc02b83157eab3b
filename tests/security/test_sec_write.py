"""The output folder: names stay inside it, symlinks are not followed, writes are atomic."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sec_harness import MEASUREMENTS, PACKAGE, base_spec, generate_argv, run_cli

from oapigen.output import write

_SAFE_PART = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


def tree_hashes(root: Path) -> dict[str, str]:
    """Path -> sha256 of every file under root (symlinks recorded by their target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _spec_with_hostile_names() -> dict[str, object]:
    spec = base_spec()
    names = [
        "../../escape",
        "/etc/cron.d/x",
        "a\x00b",
        "C:\\win",
        "..",
        ".",
        "con",
        "a/b/c",
    ]
    for i, name in enumerate(names):
        spec["components"]["schemas"][f"{name}{i}"] = {
            "type": "object",
            "properties": {"v": {"type": "string"}},
        }
        spec["paths"][f"/h{i}"] = {
            "get": {
                "operationId": f"{name}op{i}",
                "tags": [f"{name}tag{i}"],
                "responses": {"200": {"description": "ok"}},
            }
        }
    return spec


def test_hostile_names_make_plain_files_inside_the_output(tmp_path: Path) -> None:
    """Schema, tag and operation names with ../, /, NUL and backslashes: only safe file names."""
    outcome = run_cli(_spec_with_hostile_names(), tmp_path / "case")
    outcome.assert_generated()
    files = [p for p in outcome.out.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        rel = path.relative_to(outcome.out)
        assert all(set(part) <= _SAFE_PART and part not in {".", ".."} for part in rel.parts)
    apis = [p.name for p in (outcome.out / PACKAGE / "api").iterdir()]
    assert len(apis) == 8 + 2  # one per hostile tag, "items" and __init__


@pytest.mark.parametrize(
    ("first", "second"), [("Foo", "foo"), ("FOO", "foo"), ("foo-bar", "foo_bar")]
)
def test_schema_names_colliding_as_files_get_distinct_files(
    first: str, second: str, tmp_path: Path
) -> None:
    """On a case-insensitive file system these would be one file: parted, both pointers cited."""
    spec = base_spec()
    for name in (first, second):
        spec["components"]["schemas"][name] = {
            "type": "object",
            "properties": {"v": {}},
        }
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    assert "warning[name-collision]" in outcome.stderr
    assert f"#/components/schemas/{first}" in outcome.stderr
    assert f"#/components/schemas/{second}" in outcome.stderr
    _assert_case_insensitively_distinct(outcome.out)


def _assert_case_insensitively_distinct(out: Path) -> None:
    files = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert len({f.casefold() for f in files}) == len(files)


def test_tags_colliding_as_files_get_distinct_files(tmp_path: Path) -> None:
    """Tags ``Foo`` and ``foo`` would both be api/foo_api.py: parted, both operations cited."""
    spec = base_spec()
    for path, tag in (("/a", "Foo"), ("/b", "foo")):
        spec["paths"][path] = {
            "get": {
                "operationId": path[1:],
                "tags": [tag],
                "responses": {"200": {"description": "ok"}},
            }
        }
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    assert "warning[name-collision]" in outcome.stderr
    assert "#/paths/~1a/get" in outcome.stderr and "#/paths/~1b/get" in outcome.stderr
    _assert_case_insensitively_distinct(outcome.out)


@pytest.mark.parametrize(
    "bad", ["../x.py", "/tmp/x.py", "a\x00b.py", "a\\..\\b.py", "", "a/../../b"]
)
def test_write_tree_refuses_paths_leaving_the_output(bad: str, tmp_path: Path) -> None:
    """The last line of defence, whatever a template or a bug produces."""
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="outside the output folder"):
        write.write_tree(out, {"ok.py": "", bad: "x"}, {})
    assert list(tmp_path.iterdir()) == []


def _generate_twice(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    spec = base_spec()
    first = run_cli(spec, tmp_path / "case")
    first.assert_generated()
    spec["components"]["schemas"]["Item"]["properties"]["extra"] = {"type": "integer"}
    return first.out, spec


def test_symlinked_file_in_output_is_replaced_not_written_through(
    tmp_path: Path,
) -> None:
    """A generated file replaced by a symlink to a victim: the victim is untouched."""
    out, spec = _generate_twice(tmp_path)
    victim = tmp_path / "victim.py"
    victim.write_text("precious\n")
    target = out / PACKAGE / "models" / "item.py"
    target.unlink()
    target.symlink_to(victim)
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    assert victim.read_text() == "precious\n"
    assert not target.is_symlink() and "extra" in target.read_text()


def test_symlinked_folder_in_output_is_not_written_through(tmp_path: Path) -> None:
    """``models/`` replaced by a symlink to another folder: nothing lands in that folder."""
    out, spec = _generate_twice(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n")
    models = out / PACKAGE / "models"
    for path in models.iterdir():
        path.unlink()
    models.rmdir()
    models.symlink_to(elsewhere, target_is_directory=True)
    before = tree_hashes(elsewhere)
    outcome = run_cli(spec, tmp_path / "case")
    assert "Traceback" not in outcome.stderr
    assert tree_hashes(elsewhere) == before
    outcome.assert_generated()
    assert not models.is_symlink() and "extra" in (models / "item.py").read_text()


def test_output_folder_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    """Swapping would replace the link, not the folder: refused before anything is written."""
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("keep\n")
    case = tmp_path / "case"
    case.mkdir()
    (case / "out").symlink_to(real, target_is_directory=True)
    outcome = run_cli(base_spec(), case)
    assert outcome.rc == 2 and "error[os]" in outcome.stderr, outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert tree_hashes(real) == {"keep.txt": tree_hashes(real)["keep.txt"]}
    assert not outcome.outside, outcome.outside


def test_hard_linked_file_is_not_written_through(tmp_path: Path) -> None:
    """A generated file hard-linked to a victim: regeneration writes a new file instead."""
    out, spec = _generate_twice(tmp_path)
    victim = tmp_path / "victim.py"
    target = out / PACKAGE / "models" / "item.py"
    os.link(target, victim)
    before = victim.read_bytes()
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    assert victim.read_bytes() == before
    assert "extra" in target.read_text()


def test_staging_folder_planted_as_symlink_is_not_written_through(
    tmp_path: Path,
) -> None:
    """The generator builds the new tree beside the output; a symlink there is not followed."""
    out, spec = _generate_twice(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out.parent / f".{out.name}.oapigen-new").symlink_to(elsewhere, target_is_directory=True)
    previous = tree_hashes(out)
    outcome = run_cli(spec, tmp_path / "case")
    assert "Traceback" not in outcome.stderr
    assert list(elsewhere.iterdir()) == []
    assert tree_hashes(out) != previous
    outcome.assert_generated()


def test_files_not_generated_are_kept_and_ignore_file_honoured(tmp_path: Path) -> None:
    """Hand-written files survive; an ignored generated file keeps its hand edits."""
    out, spec = _generate_twice(tmp_path)
    (out / "NOTES.md").write_text("mine\n")
    (out / PACKAGE / "custom.py").write_text("X = 1\n")
    edited = out / PACKAGE / "models" / "item.py"
    edited.write_text("# edited by hand\n")
    (out / write.IGNORE_FILE).write_text(f"# keep my edit\n{PACKAGE}/models/item.py\n")
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    assert (out / "NOTES.md").read_text() == "mine\n"
    assert (out / PACKAGE / "custom.py").read_text() == "X = 1\n"
    assert edited.read_text() == "# edited by hand\n"
    manifest = json.loads((out / write.MANIFEST).read_text())
    assert "NOTES.md" not in manifest["files"]


def test_forged_manifest_cannot_delete_outside_or_escape(tmp_path: Path) -> None:
    """A manifest naming ../ paths or absolute paths removes nothing outside the output."""
    out, spec = _generate_twice(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("keep\n")
    manifest = json.loads((out / write.MANIFEST).read_text())
    manifest["files"].update({"../outside.txt": "0", str(outside): "0", "../../etc/passwd": "0"})
    (out / write.MANIFEST).write_text(json.dumps(manifest))
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    assert outside.read_text() == "keep\n"
    plan = write.plan(out, {})
    assert all(write.safe_relative(p) for p in plan.removed)


def _big_spec(count: int, extra: str) -> dict[str, object]:
    spec = base_spec()
    for i in range(count):
        spec["components"]["schemas"][f"Model{i}"] = {
            "type": "object",
            "description": f"Model {i} {extra}",
            "properties": {f"f{j}": {"type": "string"} for j in range(8)},
        }
    return spec


def _start(spec_file: Path, out: Path, cache: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "oapigen", *generate_argv(spec_file, out)],
        cwd=spec_file.parent,
        env={**os.environ, "OAPIGEN_CACHE_DIR": str(cache)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_kill_9_at_any_moment_leaves_previous_tree_intact(tmp_path: Path) -> None:
    """SIGKILL at spread-out moments: the output is always the old tree or the whole new one."""
    case = tmp_path / "case"
    case.mkdir()
    out, cache = case / "out", tmp_path / "cache"
    old_spec, new_spec = case / "old.json", case / "new.json"
    old_spec.write_text(json.dumps(_big_spec(80, "old")))
    new_spec.write_text(json.dumps(_big_spec(80, "new")))
    (out).mkdir()
    (out / "NOTES.md").write_text("hand-written\n")
    assert _start(old_spec, out, cache).wait() == 0
    old = tree_hashes(out)
    assert _start(new_spec, out, cache).wait() == 0  # warms black's cache for the new files
    new = tree_hashes(out)
    assert _start(old_spec, out, cache).wait() == 0
    started = time.perf_counter()
    assert _start(new_spec, out, cache).wait() == 0
    full = time.perf_counter() - started
    assert new != old and new["NOTES.md"] == old["NOTES.md"]
    assert _start(old_spec, out, cache).wait() == 0
    outcomes = {"old": 0, "new": 0}

    # Each spec switch appends to CHANGELOG.md (and so changes the manifest) and bumps the
    # client's version (issue 18: README, pyproject, the package's __init__ and configuration
    # carry it), so those are compared with the tree as it was just before the kill, the rest
    # with the old or new tree.
    history = {"CHANGELOG.md", ".oapigen-manifest.json", "README.md", "pyproject.toml"}

    def rest(tree: dict[str, str]) -> dict[str, str]:
        return {
            k: v
            for k, v in tree.items()
            if k not in history and not k.endswith(("/__init__.py", "/configuration.py"))
        }

    # One kill at a moment a condition picks, not the clock: while the new tree is being built
    # beside the old one (before the swap). Kills timed by fractions of one measured run can
    # all land after the swap when the machine speeds up between runs (a failure, no defect).
    staging = out.parent / f".{out.name}.oapigen-new"
    for _attempt in range(20):
        proc = _start(new_spec, out, cache)
        while proc.poll() is None and not staging.exists():
            pass  # busy: the staging folder lives only for the few ms the new tree takes
        proc.send_signal(signal.SIGKILL)  # nothing, if the run already ended
        proc.wait()
        now = rest(tree_hashes(out))
        assert now in (rest(old), rest(new)), "a torn tree after a kill while staging"
        if now == rest(old):
            break
        # The run ended (or swapped) before the poll saw the folder: back to the old tree.
        assert _start(old_spec, out, cache).wait() == 0
    else:
        pytest.fail("no kill landed while the new tree was staged in 20 runs")
    outcomes["old"] += 1

    for fraction in (0.05, 0.2, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0):
        before = tree_hashes(out)
        proc = _start(new_spec, out, cache)
        time.sleep(full * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = tree_hashes(out)
        odd = sorted(
            k for k in set(now) | set(old) if now.get(k) != old.get(k) and now.get(k) != new.get(k)
        )
        assert rest(now) in (
            rest(old),
            rest(new),
        ), f"a torn tree after SIGKILL at {fraction:.0%}: {odd}"
        if rest(now) == rest(old):
            assert now == before, f"the changelog changed without the tree at {fraction:.0%}"
        outcomes["old" if rest(now) == rest(old) else "new"] += 1
        if now == new:
            assert _start(old_spec, out, cache).wait() == 0
    MEASUREMENTS.append(f"kill -9 during a {full:.2f} s run: trees left {outcomes}, none torn")
    assert outcomes["old"] >= 1


def test_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    """An OS error while building the new tree removes it and keeps the old one."""
    out = tmp_path / "out"
    write.write_tree(out, {"a.py": "old\n"}, {})
    before = tree_hashes(out)
    with pytest.raises(OSError):
        write.write_tree(out, {"a.py": "new\n", "b": "file\n", "b/c.py": "under a file\n"}, {})
    assert tree_hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_windows_device_names_do_not_become_file_names(tmp_path: Path) -> None:
    """``Con`` or ``NUL`` as a schema name must not make con.py or nul.py (devices on Windows)."""
    spec = base_spec()
    for name in ("Con", "NUL", "com1", "Lpt9", "Aux"):
        spec["components"]["schemas"][name] = {
            "type": "object",
            "properties": {"v": {}},
        }
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_generated()
    stems = {p.stem for p in (outcome.out / PACKAGE / "models").iterdir()}
    assert {"con_", "nul_", "com1_", "lpt9_", "aux_"} <= stems
    assert not stems & {"con", "nul", "com1", "lpt9", "aux"}
