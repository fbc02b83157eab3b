"""The README and API pages name each security scheme as what it is, and examples set it up so."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest

from oapigen.render.docs import RubyNames

from .conftest import GENERATED, build_ir, docs_for

SCHEMES: dict[str, dict[str, Any]] = {
    "basicAuth": {"type": "http", "scheme": "basic"},
    "bearerAuth": {"type": "http", "scheme": "bearer"},
    "jwtAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "headerKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
}
LABELS = {
    "basicAuth": "HTTP basic",
    "bearerAuth": "HTTP bearer",
    "jwtAuth": "HTTP bearer (JWT)",
    "headerKey": "API key in header `X-Api-Key`",
    "queryKey": "API key in query parameter `api_key`",
    "cookieKey": "API key in cookie `session`",
}


def _spec(*schemes: str) -> dict[str, Any]:
    def operation(name: str) -> dict[str, Any]:
        return {
            "operationId": f"get{name[0].upper()}{name[1:]}",
            "tags": ["Things"],
            "summary": f"Get a thing with `{name}`. More text follows here.",
            "security": [{name: []}],
            "responses": {"204": {"description": "Done."}},
        }

    return {
        "openapi": "3.0.0",
        "info": {"title": "Things", "version": "1"},
        "paths": {f"/{name}": {"get": operation(name)} for name in schemes},
        "components": {"securitySchemes": {name: SCHEMES[name] for name in schemes}},
    }


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp_path = tmp_path_factory.mktemp("schemes")
    return docs_for(build_ir(_spec(*SCHEMES), tmp_path))


@pytest.mark.parametrize("name", SCHEMES)
def test_readme_names_the_scheme(pages: dict[str, str], name: str) -> None:
    section = pages["README.md"].split(f"### {name}\n", 1)[1].split("###", 1)[0]
    assert f"- **Type**: {LABELS[name]}\n" in section


@pytest.mark.parametrize("name", SCHEMES)
def test_api_page_names_the_scheme(pages: dict[str, str], name: str) -> None:
    section = _api_section(pages, name)
    # In parentheses already, a bearer format follows a comma: "(HTTP bearer, JWT)".
    label = LABELS[name].replace(" (JWT)", ", JWT")
    assert f"[{name}](../README.md#{name}) ({label})" in section
    assert f"# Authorization {name} ({label}):" in section


def _api_section(pages: dict[str, str], name: str) -> str:
    page = pages["docs/ThingsApi.md"]
    method = "get_" + re.sub(r"([A-Z])", r"_\1", name).lower()
    return page.split(f"## {method}\n", 1)[1].split("\n## ", 1)[0]


def test_bearer_format_shows_where_the_scheme_is_described(pages: dict[str, str]) -> None:
    section = pages["README.md"].split("### jwtAuth\n", 1)[1].split("###", 1)[0]
    assert "- **Type**: HTTP bearer (JWT)\n" in section
    assert "(HTTP bearer, JWT)" in _api_section(pages, "jwtAuth")
    assert "JWT" not in _api_section(pages, "bearerAuth")


def test_ruby_flavour_names_the_bearer_format(tmp_path: Path) -> None:
    # OpenAPI Generator's Ruby example: "# Configure Bearer authorization (JWT): name".
    ruby = RubyNames(module_name="Things", gem_name="things")
    client = build_ir(_spec("jwtAuth", "bearerAuth"), tmp_path)
    page = docs_for(client, flavor="ruby", ruby=ruby)["ThingsApi.md"]
    assert "  # Configure Bearer authorization (JWT): jwtAuth\n" in page
    assert "  # Configure Bearer authorization: bearerAuth\n" in page


def test_bearer_format_is_one_line_of_text(tmp_path: Path) -> None:
    spec = _spec("jwtAuth")
    scheme = {**SCHEMES["jwtAuth"], "bearerFormat": " JWT\n<b>signed</b> `RS256 "}
    spec["components"]["securitySchemes"]["jwtAuth"] = scheme
    pages = docs_for(build_ir(spec, tmp_path))
    readme = pages["README.md"]
    assert "- **Type**: HTTP bearer (JWT &lt;b&gt;signed&lt;/b&gt; 'RS256)\n" in readme
    assert "# Authorization jwtAuth (HTTP bearer, JWT <b>signed</b> 'RS256):" in (
        _api_section(pages, "jwtAuth")
    )


def test_basic_auth_example_passes_a_user_and_password(tmp_path: Path) -> None:
    readme = docs_for(build_ir(_spec("basicAuth"), tmp_path))["README.md"]
    assert "Bearer" not in readme
    assert 'Configuration(username="YOUR_USERNAME", password="YOUR_PASSWORD")' in readme
    assert "import os" not in readme  # nothing is read from the environment
    assert "Pass `Configuration(username=..., password=...)`." in readme


def test_endpoint_table_shows_no_escaped_html(pages: dict[str, str]) -> None:
    rows = [line for line in pages["README.md"].splitlines() if line.startswith("| *ThingsApi*")]
    assert len(rows) == len(SCHEMES)
    for row in rows:
        assert "&#" not in row and "&quot;" not in row
        # The summary's first sentence, its code span kept as code.
        html = markdown.markdown(
            "| a | b | c | d |\n| - | - | - | - |\n" + row, extensions=["tables"]
        )
        assert re.search(r"<td>Get a thing with <code>\w+</code>\.</td>", html), html


def test_generated_readme_table_has_first_sentences_only() -> None:
    readme = (GENERATED / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| *RealtimeApi*"))
    assert row.endswith(
        "| Create an ephemeral API token for use in client-side applications with the "
        "Realtime API. |"
    )
