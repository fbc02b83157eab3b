"""generated/ is the golden record: regenerating must reproduce it byte for byte."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from oapigen import generate
from oapigen.config import load_config

from .conftest import ROOT

_SKIP_PARTS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not _SKIP_PARTS.intersection(p.relative_to(root).parts)
        and not p.relative_to(root).as_posix().endswith(".egg-info")
        and ".egg-info/" not in p.relative_to(root).as_posix()
    }


def _diff(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    lines: list[str] = []
    for path in sorted(set(expected) | set(actual)):
        old, new = expected.get(path), actual.get(path)
        if old == new:
            continue
        lines += difflib.unified_diff(
            (old or b"").decode(errors="replace").splitlines(),
            (new or b"").decode(errors="replace").splitlines(),
            f"generated/{path}",
            f"regenerated/{path}",
            lineterm="",
        )
    return "\n".join(lines[:200])


def test_generated_tree_is_current(tmp_path: Path) -> None:
    # Regenerate over a copy, as `make generate` does: the changelog and manifest carry over.
    shutil.copytree(
        ROOT / "generated", tmp_path / "out", ignore=shutil.ignore_patterns(*_SKIP_PARTS)
    )
    config = load_config(ROOT).with_overrides(out=tmp_path / "out", use_cache=False)
    generate(config)
    expected, actual = _tree(ROOT / "generated"), _tree(tmp_path / "out")
    assert expected == actual, "generated/ is stale: run make generate\n" + _diff(expected, actual)


def test_output_is_identical_under_two_hash_seeds(tmp_path: Path) -> None:
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {
            **os.environ,
            "PYTHONHASHSEED": seed,
            "OAPIGEN_CACHE_DIR": str(tmp_path / f"c{seed}"),
        }
        subprocess.run(
            [sys.executable, "-m", "oapigen", "generate", "--out", str(out), "--no-cache"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        trees.append(_tree(out))
    assert trees[0] == trees[1], _diff(trees[0], trees[1])


def test_check_reports_stale_output_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = [sys.executable, "-m", "oapigen", "generate", "--out", str(out)]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    target = out / "openapi_openai" / "types.py"
    target.write_text("# edited\n", encoding="utf-8")
    result = subprocess.run(
        [*run, "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "types.py: stale[changed]" in result.stderr
    assert target.read_text(encoding="utf-8") == "# edited\n"
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    clean = subprocess.run([*run, "--check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert clean.returncode == 0, clean.stderr
