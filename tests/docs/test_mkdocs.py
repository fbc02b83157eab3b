"""`make docs`: MkDocs builds the generated pages with --strict, and a broken anchor fails it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import GENERATED, ROOT

# Not --quiet: it hides the warnings --strict counts, and then nothing fails.
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MKDOCS, "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=config.parent,
    )


def test_site_builds_strictly(tmp_path: Path) -> None:
    result = _build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert 'id="ApiKeyAuth"' in index
    api = (tmp_path / "site/docs/RealtimeApi/index.html").read_text(encoding="utf-8")
    assert 'id="create_realtime_session"' in api
    assert not (tmp_path / "site/openapi_openai").exists()  # package sources are not published


def test_broken_anchor_fails_the_build(tmp_path: Path) -> None:
    shutil.copytree(GENERATED, tmp_path / "generated")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    page = tmp_path / "generated/docs/RealtimeApi.md"
    page.write_text(page.read_text().replace("#ApiKeyAuth", "#NoSuchScheme"))
    result = _build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "NoSuchScheme" in result.stderr
