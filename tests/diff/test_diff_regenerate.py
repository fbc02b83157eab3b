"""Regenerating after a spec update: a dated CHANGELOG entry, and only changed files rewritten."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from oapigen import generate
from oapigen.apidiff.diff import diff
from oapigen.apidiff.report import summary
from oapigen.apidiff.surface import API_FILE
from oapigen.config import Config
from oapigen.output.changelog import CHANGELOG

OLD_TIME = 1_000_000_000  # 2001: any file still this old was not rewritten


def _epoch(day: str) -> str:
    moment = datetime.datetime.fromisoformat(day).replace(tzinfo=datetime.UTC)
    return str(int(moment.timestamp()))


def _files(out: Path) -> dict[str, os.stat_result]:
    return {p.relative_to(out).as_posix(): p.stat() for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, slices: dict[str, Path]) -> tuple[Config, Path]:
    spec = tmp_path / "spec.yaml"
    shutil.copyfile(slices["2025-01-21"], spec)
    config = Config(
        root=tmp_path,
        spec=spec,
        out=tmp_path / "generated",
        package="openapi_openai",
        lenient=True,
        cache_dir=tmp_path / "cache",
    )
    generate(config)
    return config, spec


def test_unchanged_spec_writes_nothing(project: tuple[Config, Path]) -> None:
    config, _ = project
    assert (config.out / API_FILE).is_file()
    assert not (config.out / CHANGELOG).exists()
    for path in config.out.rglob("*"):
        os.utime(path, (OLD_TIME, OLD_TIME), follow_symlinks=False)
    result = generate(config)
    assert result.plan is not None and not result.plan.stale
    assert all(s.st_mtime == OLD_TIME for s in _files(config.out).values())
    assert not (config.out / CHANGELOG).exists()


def test_spec_update_rewrites_only_changed_files(
    project: tuple[Config, Path],
    slices: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, spec = project
    for path in config.out.rglob("*"):
        os.utime(path, (OLD_TIME, OLD_TIME), follow_symlinks=False)
    before = _files(config.out)
    shutil.copyfile(slices["2025-03-22"], spec)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2025-03-22"))
    plan = generate(config).plan
    assert plan is not None
    after = _files(config.out)
    rewritten = {p for p, s in after.items() if s.st_mtime != OLD_TIME}
    assert rewritten == set(plan.added) | set(plan.changed)
    kept = set(after) - rewritten
    # The runtime modules and the untouched models keep their inode: hard links, not copies.
    assert {"openapi_openai/exceptions.py", "openapi_openai/serde.py"} <= kept
    assert "openapi_openai/models/realtime_session_create_response_client_secret.py" in rewritten
    assert all(after[p].st_ino == before[p].st_ino for p in kept)
    assert {
        CHANGELOG,
        API_FILE,
        "openapi_openai/models/voice_ids_shared.py",
    } <= rewritten


def test_changelog_entry_is_the_diff_and_regeneration_is_stable(
    project: tuple[Config, Path],
    slices: dict[str, Path],
    surfaces: dict[str, dict[str, object]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config, spec = project
    shutil.copyfile(slices["2025-03-22"], spec)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2025-03-22"))
    generate(config)
    text = (config.out / CHANGELOG).read_text(encoding="utf-8")
    changes = diff(surfaces["2025-01-21"], surfaces["2025-03-22"])
    assert "## 2.0.0 (2025-03-22)\n" in text and "Spec `spec.yaml`, info.version `2.3.0`" in text
    assert _sentence(summary(changes)) in text
    for change in changes:
        assert f"**{change.kind}** `{change.subject}`" in text
    # Another day, same spec: nothing changes, so `make generate` leaves git status clean.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2025-04-01"))
    result = generate(config)
    assert result.plan is not None and not result.plan.stale
    assert (config.out / CHANGELOG).read_text(encoding="utf-8") == text
    checked = generate(config, check=True).plan
    assert checked is not None and not checked.stale
    # The next spec gets its own entry, above the previous one.
    shutil.copyfile(slices["2026-08-21"], spec)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-08-21"))
    generate(config)
    grown = (config.out / CHANGELOG).read_text(encoding="utf-8")
    assert grown.index("## 3.0.0 (2026-08-21)") < grown.index("## 2.0.0 (2025-03-22)")
    assert grown.count("\n## ") == 2
    assert text.split("\n## ", 1)[1] in grown  # the older entry is kept as it was


def test_spec_change_without_recorded_api_says_so(
    project: tuple[Config, Path], slices: dict[str, Path]
) -> None:
    config, spec = project
    (config.out / API_FILE).unlink()
    shutil.copyfile(slices["2025-03-22"], spec)
    generate(config)
    text = (config.out / CHANGELOG).read_text(encoding="utf-8")
    assert "did not record its API" in text
    assert (config.out / API_FILE).is_file()


def test_a_prose_edit_gets_an_entry_with_no_changes(
    project: tuple[Config, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, spec = project
    api_before = (config.out / API_FILE).read_text(encoding="utf-8")
    text = spec.read_text(encoding="utf-8")
    edited = text.replace("description: ", "description: Edited. ", 1)
    assert edited != text
    spec.write_text(edited, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2025-05-05"))
    generate(config)
    assert (config.out / API_FILE).read_text(encoding="utf-8") == api_before
    changelog = (config.out / CHANGELOG).read_text(encoding="utf-8")
    # Descriptions only: the patch version rises.
    entry = changelog.split("## 1.0.1 (2025-05-05)", 1)[1].split("\n## ", 1)[0]
    assert "Client 1.0.0 -> 1.0.1 (patch bump)" in entry
    assert _sentence(summary(())) in entry  # "No changes to the client's API"
    assert "Breaking" not in entry and "Compatible" not in entry


def _sentence(said: str) -> str:
    """The summary as the changelog opens its sentence: first letter up, the rest as written."""
    return said[:1].upper() + said[1:]
