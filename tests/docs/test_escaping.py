"""Spec strings cannot inject HTML, unsafe links or table cells into the docs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest

from oapigen.render.docs.markdown import markdown

from .conftest import build_ir, docs_for, python_blocks

HOSTILE = (
    "Pipes | split\ncells <script>alert(1)</script> [click](javascript:alert(1)) "
    "[ok](https://example.com) \\`<img src=x onerror=alert(1)>` &amp; `a|b` "
    '[x]( JaVaScRiPt:alert(2)) <javascript:alert(3)> """ ``` done\n'
)


def _spec() -> dict[str, Any]:
    thing = {
        "type": "object",
        "description": "# Heading\n| a | b |\n|---|---|\n<iframe src=x></iframe>" + HOSTILE,
        "required": ["kind"],
        "properties": {
            "kind": {
                "type": "string",
                "enum": ["a|b", "<b>bold</b>", "`tick`"],
                "description": HOSTILE,
            },
            "note": {
                "type": "string",
                "description": "- list?\n" + HOSTILE,
                "example": "x'|\"y",
            },
        },
    }
    return {
        "openapi": "3.0.0",
        "info": {
            "title": "Hostile <b>API</b>",
            "version": "1.0.0",
            "description": HOSTILE,
        },
        "servers": [{"url": "http://127.0.0.1:1"}],
        "security": [{"KeyAuth": []}],
        "tags": [{"name": "Things", "description": HOSTILE}],
        "paths": {
            "/things/{id}": {
                "post": {
                    "operationId": "make-thing",
                    "tags": ["Things"],
                    "summary": HOSTILE,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "description": HOSTILE,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "description": HOSTILE,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    },
                    "responses": {
                        "200": {
                            "description": HOSTILE,
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "404": {"description": "Not | found <script>"},
                    },
                }
            }
        },
        "components": {
            "schemas": {"Thing": thing},
            "securitySchemes": {
                "KeyAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": HOSTILE,
                    "description": HOSTILE,
                }
            },
        },
    }


# What MkDocs always enables.
_EXTENSIONS = ["tables", "toc", "fenced_code"]


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append(0)
        elif tag in {"td", "th"}:
            self.rows[-1] += 1


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    client = build_ir(_spec(), tmp_path_factory.mktemp("hostile"))
    return docs_for(client)


def test_pages_are_made(pages: dict[str, str]) -> None:
    assert sorted(pages) == [
        "README.md",
        "docs/Thing.md",
        "docs/ThingsApi.md",
        "docs/javascripts/oapigen.js",
        "docs/stylesheets/oapigen.css",
    ]


@pytest.mark.parametrize("name", ["README.md", "docs/Thing.md", "docs/ThingsApi.md"])
def test_no_html_or_unsafe_link_gets_through(pages: dict[str, str], name: str) -> None:
    html = python_markdown.markdown(pages[name], extensions=_EXTENSIONS)
    parser = _Html()
    parser.feed(html)
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "iframe", "img", "b"}, tags
    for _, attrs in parser.tags:
        for value in attrs.values():
            assert "javascript" not in (value or "").lower()
    assert "&lt;script&gt;" in html  # shown as text, not dropped
    assert 'href="https://example.com"' in html  # safe links stay links
    assert not [h for tag, h in parser.tags if tag == "h1"][1:]  # "# Heading" made no heading


@pytest.mark.parametrize("name", ["README.md", "docs/Thing.md", "docs/ThingsApi.md"])
def test_tables_keep_their_columns(pages: dict[str, str], name: str) -> None:
    html = python_markdown.markdown(pages[name], extensions=_EXTENSIONS)
    parser = _Html()
    parser.feed(html)
    assert parser.rows, "the page has tables"
    tables = html.split("<table>")[1:]
    for table in tables:
        sub = _Html()
        sub.feed(table.split("</table>")[0])
        assert len(set(sub.rows)) == 1, sub.rows


def test_python_blocks_still_compile(pages: dict[str, str]) -> None:
    blocks = [b for text in pages.values() for b in python_blocks(text)]
    assert len(blocks) == 5  # the README's two (sync and asyncio), the API page's two, the model's
    for block in blocks:
        compile(block, "<docs>", "exec")


def test_ruby_flavour_is_escaped_too(tmp_path: Path) -> None:
    page = docs_for(build_ir(_spec(), tmp_path), flavor="ruby")["ThingsApi.md"]
    html = python_markdown.markdown(page, extensions=_EXTENSIONS)
    prose = re.sub(r"<pre>.*?</pre>", "", html, flags=re.DOTALL)
    assert "<script" not in prose and 'href="javascript' not in prose.lower()
    assert "&lt;script&gt;" in prose


@pytest.mark.parametrize(
    ("mode", "text", "expected"),
    [
        ("cell", "a|b\nc", "a&#124;b c"),
        ("cell", "use `x` <b>", "use &#x60;x&#x60; &lt;b&gt;"),
        ("text", "use `a<b|c` <b>", "use `a<b|c` &lt;b&gt;"),
        ("text", "\\`<i>`", "&#92;`<i>`"),
        ("text", "# title", "&#35; title"),
        ("text", "1. first", "&#49;. first"),
        ("text", "    ```python\ncode\n```", "&#96;``python code ```"),
        (
            "text",
            "[a](javascript:f(1)) [b](HTTP://e.org) [c](/docs/guide#y) [d](x.md)",
            "a [b](HTTP://e.org) c d",
        ),
        ("cell", "x [a]( VBScript:x)", "x a"),
        ("text", "x [a](javascript:f(1)", "x [a]&#40;javascript:f(1)"),
        ("text", "x [[a]](mailto:m@e.org (t))", "x [[a]](mailto:m@e.org (t))"),
        ("code", "line\nnext ``` end", "line next ` ` ` end"),
    ],
)
def test_filter(mode: str, text: str, expected: str) -> None:
    assert markdown(text, mode) == expected


def test_filter_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError, match="unknown markdown mode"):
        markdown("x", "html")
