"""The README's "Regenerating when the spec changes" steps, run as written over the real history.

The commands come out of the README's code block, so the README and this test cannot drift: a
temporary clone of this repository starts at the 2025-01-21 document, then takes the
2025-03-22 and the 2026-08-21 documents in turn, each dropped in as ``~/Downloads/openapi.yaml``.
Each step must exit as its comment says; the client's own tests run in step 6.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.commands import run

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "spec" / "upstream"
# The date the README's steps use; each replay puts the document's own date there.
README_DATE = "2026-08-21"
TRANSITIONS = ("2025-03-22", "2026-08-21")
SLICE = "spec/realtime_sessions.yaml"
EPOCH = "1767225600"  # 2026-01-01: the changelog's date


def readme_steps() -> list[tuple[str, int, str]]:
    """(comment, expected exit code, command) for each step of the README's code block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Regenerating when the spec changes", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    steps, comment = [], ""
    for line in block.splitlines():
        if line.startswith("#"):
            comment = line
            continue
        exits = re.search(r"exits (\d)", comment)
        steps.append((comment, int(exits.group(1)) if exits else 0, line))
    return steps


def _git(clone: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=clone, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """This repository at HEAD, before the two later documents were published."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout")
    target = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)],
        check=True,
        timeout=120,
    )
    _git(target, "config", "user.email", "walkthrough@example.invalid")
    _git(target, "config", "user.name", "walkthrough")
    # The project's environment, as README's commands expect it at .venv (not part of git).
    (target / ".venv").symlink_to(ROOT / ".venv")
    with (target / ".git" / "info" / "exclude").open("a", encoding="utf-8") as exclude:
        exclude.write("/.venv\n")
    for date in TRANSITIONS:
        _git(target, "rm", "--quiet", f"spec/upstream/{date}.yaml")
    _git(target, "commit", "--quiet", "-m", "before the later documents")
    return target


def _run(command: str, *, clone: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home), "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("VIRTUAL_ENV", None)
    return run(["bash", "-c", command], cwd=clone, env=env)


def _manifest(clone: Path) -> dict[str, object]:
    data = json.loads((clone / "generated" / ".oapigen-manifest.json").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _changed_paths(clone: Path) -> set[str]:
    lines = _git(clone, "status", "--porcelain", "--untracked-files=all").splitlines()
    return {line[3:] for line in lines}


def test_readme_steps_have_the_expected_shape() -> None:
    steps = readme_steps()
    commands = [command for _, _, command in steps]
    assert commands[0] == f"cp ~/Downloads/openapi.yaml spec/upstream/{README_DATE}.yaml"
    assert any(" diff " in c for c in commands) and any(" --check" in c for c in commands)
    # No temporary paths: the diff and the changelog name specs as the project does.
    assert not any("/tmp" in command for command in commands)
    assert [code for _, code, _ in steps] == [0, 0, 1, 1, 0, 0, 0]


def test_walkthrough_over_the_real_history(clone: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    version = str(_manifest(clone)["client_version"])
    for date in TRANSITIONS:
        shutil.copyfile(UPSTREAM / f"{date}.yaml", home / "Downloads" / "openapi.yaml")
        for comment, expected, written in readme_steps():
            command = written.replace(README_DATE, date)
            if command.startswith("git add"):
                _assert_only_ours_changed(clone, date)
            done = _run(command, clone=clone, home=home)
            assert done.returncode == expected, (date, comment, done.stdout, done.stderr)
            if " diff " in command:
                assert "breaking" in done.stdout and "/tmp" not in done.stdout
            if command.startswith(".venv/bin/oapigen generate") and " --check" not in command:
                version = _check_release(clone, previous=version, done=done)
                # The 2025-03-22 document has defects, with one fix each: mended, and said so.
                assert date != "2025-03-22" or "warning[repaired]: dropped: default" in done.stderr
        assert _changed_paths(clone) == set()


def _assert_only_ours_changed(clone: Path, date: str) -> None:
    """Before the commit: only the document, the slice, the client and its changelog changed."""
    changed = _changed_paths(clone)
    document = f"spec/upstream/{date}.yaml"
    assert {document, SLICE, "generated/CHANGELOG.md"} <= changed, changed
    assert all(p in (document, SLICE) or p.startswith("generated/") for p in changed), changed


def _check_release(clone: Path, *, previous: str, done: subprocess.CompletedProcess[str]) -> str:
    """Both transitions break the client: the major version rises, and the entry says so."""
    manifest = _manifest(clone)
    version = str(manifest["client_version"])
    major = int(previous.split(".", maxsplit=1)[0]) + 1
    assert version == f"{major}.0.0", (previous, version)
    summary = done.stdout
    assert summary.count("\n") == 1 and f"version {previous} -> {version} (major)" in summary
    spec_sha = hashlib.sha256((clone / SLICE).read_bytes()).hexdigest()
    assert manifest["spec_sha256"] == spec_sha
    changelog = (clone / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    entry = changelog.split("\n## ", 1)[1].split("\n## ", 1)[0]
    assert entry.startswith(f"{version} (2026-01-01)\n"), entry[:80]
    assert "info.version `2.3.0`" in entry and spec_sha in entry
    assert "### Breaking" in entry
    assert f"change(s) (`{SLICE}`: previous -> this version)." in entry
    # The run's warnings are the entry's: a reviewer sees what the vendor's document got wrong.
    warned = [line for line in done.stderr.splitlines() if "warning[" in line]
    assert all(f"- `{line}`" in entry for line in warned)
    assert ("### Warnings" in entry) == bool(warned)
    assert str(clone) not in changelog and "/tmp" not in changelog
    assert "\n\n\n" not in changelog  # pasted into a pull request as it is
    pyproject = (clone / "generated" / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{version}"' in pyproject
    return version
