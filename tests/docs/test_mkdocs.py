"""`oapigen docs --mkdocs`: the site configuration, built by MkDocs Material with --strict."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from oapigen.cli import main
from oapigen.render.docs import render_site_config
from oapigen.render.docs import site as site_nav
from oapigen.render.docs.site import GROUP_SIZE, SHARED, UNUSED

from .conftest import GENERATED, ROOT, build_ir

# Not --quiet: it hides the warnings --strict counts, and then nothing fails.
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]


def build_site(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config`` into ``site``."""
    return subprocess.run(
        [*MKDOCS, "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
        cwd=config.parent,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def write_site_source(folder: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> Path:
    """The realtime client's pages and mkdocs.yml, as `oapigen docs --mkdocs` writes them."""
    monkeypatch.chdir(ROOT)
    assert main(["docs", "--out", str(folder / "pages"), "--mkdocs", *extra]) == 0
    return folder / "mkdocs.yml"


def test_site_builds_strictly_with_the_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_site_source(tmp_path, monkeypatch)
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="ApiKeyAuth"' in index
    api = (site / "docs/RealtimeApi/index.html").read_text(encoding="utf-8")
    assert 'id="create_realtime_session"' in api
    # The theme's own stylesheets are published (an exclude pattern once dropped them).
    assert list((site / "assets/stylesheets").glob("main.*.css"))
    assert (site / "docs/stylesheets/oapigen.css").is_file()
    assert "docs/stylesheets/oapigen.css" in index
    # The script that lets long names wrap between their words (tests/docs/browser.py).
    assert (site / "docs/javascripts/oapigen.js").is_file()
    assert "docs/javascripts/oapigen.js" in index


def test_site_config_is_named_after_the_client_and_beside_its_docs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = yaml.safe_load(write_site_source(tmp_path, monkeypatch).read_text())
    assert config["site_name"] == "openapi_openai"
    assert config["docs_dir"] == "pages"
    assert config["theme"]["name"] == "material"
    assert config["nav"][0] == {"Home": "README.md"}
    assert config["nav"][1] == {"API reference": [{"RealtimeApi": "docs/RealtimeApi.md"}]}
    models = config["nav"][2]["Models"]
    assert {"RealtimeSessionCreateRequest": "docs/RealtimeSessionCreateRequest.md"} in models


def test_package_sources_beside_the_pages_are_not_published(tmp_path: Path) -> None:
    shutil.copytree(GENERATED, tmp_path / "generated")
    client = build_ir(ROOT / "spec/realtime_sessions.yaml", tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(render_site_config(client, docs_dir="generated"), encoding="utf-8")
    result = build_site(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "site/openapi_openai").exists()
    assert not (tmp_path / "site/pyproject.toml").exists()
    assert list((tmp_path / "site/assets/javascripts").glob("bundle.*.js"))


def test_broken_anchor_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_site_source(tmp_path, monkeypatch)
    page = tmp_path / "pages/docs/RealtimeApi.md"
    page.write_text(page.read_text().replace("#ApiKeyAuth", "#NoSuchScheme"))
    result = build_site(config, tmp_path / "site")
    assert result.returncode != 0
    assert "NoSuchScheme" in result.stderr


def _json(schema: str) -> dict[str, object]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": "OK", "content": {"application/json": {"schema": ref}}}


def test_models_are_grouped_by_the_api_using_them(tmp_path: Path) -> None:
    thing = {"type": "object", "properties": {"id": {"type": "string"}}}
    spec = {
        "openapi": "3.0.0",
        "info": {"title": "Zoo", "version": "1"},
        "paths": {
            "/cats": {
                "get": {
                    "operationId": "getCat",
                    "tags": ["Cats"],
                    "responses": {"200": _json("Cat")},
                }
            },
            "/dogs": {
                "get": {
                    "operationId": "getDog",
                    "tags": ["Dogs"],
                    "responses": {"200": _json("Dog")},
                }
            },
        },
        "components": {
            "schemas": {
                "Cat": {
                    "type": "object",
                    "properties": {"collar": {"$ref": "#/components/schemas/Collar"}},
                },
                "Dog": {
                    "type": "object",
                    "properties": {"collar": {"$ref": "#/components/schemas/Collar"}},
                },
                "Collar": thing,
                "Event": thing,
            }
        },
    }
    config = yaml.safe_load(render_site_config(build_ir(spec, tmp_path), docs_dir="pages"))
    assert config["nav"][1] == {
        "API reference": [{"CatsApi": "docs/CatsApi.md"}, {"DogsApi": "docs/DogsApi.md"}]
    }
    assert config["nav"][2] == {
        "Models": [
            {"CatsApi": [{"Cat": "docs/Cat.md"}]},
            {"DogsApi": [{"Dog": "docs/Dog.md"}]},
            {SHARED: [{"Collar": "docs/Collar.md"}]},
            {UNUSED: [{"Event": "docs/Event.md"}]},
        ]
    }


def test_a_long_group_is_split_by_initial_letter() -> None:
    names = [f"{letter}{n}" for letter in "ABC" for n in range(GROUP_SIZE // 2)]
    sections = list(site_nav._chunks(names))
    assert [s.title for s in sections] == ["A\u2013B", "C"]
    assert [p.title for s in sections for p in s.children] == names


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--flavor", "ruby"], "--mkdocs publishes the python flavour only"),
        (["--mkdocs", "pages/mkdocs.yml"], "--mkdocs must be written outside the --out folder"),
    ],
)
def test_site_config_that_cannot_work_is_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "pages"
    extra = [str(tmp_path / e) if e.endswith(".yml") else e for e in extra]
    assert main(["docs", "--out", str(out), "--mkdocs", *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error[config]" in err and message in err
    assert not out.exists()
