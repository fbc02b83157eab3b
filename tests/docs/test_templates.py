"""``--templates DIR`` overrides the shipped docs templates file by file, for both flavours."""

from __future__ import annotations

from pathlib import Path

import pytest

from oapigen import render_files
from oapigen.cli import main
from oapigen.config import load_config

from .conftest import FIXTURES, GENERATED, ROOT


def _user_templates(tmp_path: Path) -> Path:
    root = tmp_path / "templates"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "model.md.jinja").write_text("custom page for {{ page.name }}\n")
    (root / "docs_ruby").mkdir()
    (root / "docs_ruby" / "api.md.jinja").write_text("ruby {{ module_name }}::{{ api.name }}\n")
    return root


def test_generate_uses_user_docs_templates_first(tmp_path: Path) -> None:
    config = load_config(ROOT).with_overrides(templates=_user_templates(tmp_path), use_cache=False)
    files, _ = render_files(config)
    assert files["docs/RealtimeSessionCreateRequest.md"] == (
        "custom page for RealtimeSessionCreateRequest\n"
    )
    # Templates the folder does not have still come from the project.
    assert files["docs/RealtimeApi.md"] == (GENERATED / "docs/RealtimeApi.md").read_text()
    assert files["README.md"] == (GENERATED / "README.md").read_text()


def test_docs_command_takes_templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    templates = _user_templates(tmp_path)
    assert main(["docs", "--templates", str(templates), "--out", str(tmp_path / "py")]) == 0
    assert (tmp_path / "py/docs/RealtimeSessionCreateResponse.md").read_text() == (
        "custom page for RealtimeSessionCreateResponse\n"
    )
    assert (tmp_path / "py/docs/RealtimeApi.md").read_text() == (
        GENERATED / "docs/RealtimeApi.md"
    ).read_text()
    args = [
        "docs",
        "--flavor",
        "ruby",
        "--module-name",
        "M",
        "--out",
        str(tmp_path / "rb"),
    ]
    assert main([*args, "--templates", str(templates)]) == 0
    assert (tmp_path / "rb/RealtimeApi.md").read_text() == "ruby M::RealtimeApi\n"
    assert main(args) == 0  # without the folder: the shipped Ruby template again
    assert (tmp_path / "rb/RealtimeApi.md").read_text().startswith("# M::RealtimeApi\n")
    assert FIXTURES.is_dir()
