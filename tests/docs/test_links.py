"""Every relative link and #anchor in the generated README and docs pages resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import GENERATED, ROOT, anchors, broken_links, build_ir, doc_pages, slug


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: p.relative_to(GENERATED).as_posix())
def test_every_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_every_model_and_api_has_a_page_linked_from_the_readme(tmp_path: Path) -> None:
    client = build_ir(ROOT / "spec/realtime_sessions.yaml", tmp_path)
    expected = {x.name for x in (*client.apis, *client.models, *client.aliases)}
    assert len(expected) >= 10  # RealtimeApi and (at least) the nine models of the spec
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    pages = sorted((GENERATED / "docs").glob("*.md"))
    assert {page.stem for page in pages} == expected
    for page in pages:
        assert f"(docs/{page.name}" in readme, page.name


def test_the_checker_reports_missing_files_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text('# Title\n\n<a id="ApiKeyAuth"></a>\n### ApiKeyAuth\n')
    page = tmp_path / "docs" / "Api.md"
    page.write_text(
        "## create_thing\n\n"
        "[ok](../README.md#ApiKeyAuth) [ok](#create_thing) [web](https://example.com/x#y)\n"
        "[gone](Missing.md) [bad](../README.md#NoSuchAnchor) [bad](#nothing)\n"
        "```python\n[not a link](Nowhere.md)\n```\n"
    )
    assert broken_links(page) == [
        "Missing.md (no file)",
        "../README.md#NoSuchAnchor (no anchor)",
        "#nothing (no anchor)",
    ]


def test_slugs_follow_python_markdown() -> None:
    assert slug("create_realtime_session") == "create_realtime_session"
    assert slug("Documentation for API Endpoints") == "documentation-for-api-endpoints"
    assert "x" in anchors('<a id="x"></a>\n```\n# not-a-heading\n```\n')
    assert "not-a-heading" not in anchors("```\n# not-a-heading\n```\n")
