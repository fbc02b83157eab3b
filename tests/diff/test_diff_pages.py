"""An ``_iter`` twin is part of the client's API: the diff sees it come and go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from oapigen.apidiff.diff import diff
from oapigen.config import Config
from oapigen.pipeline import spec_surface


def _spec(cursor: str) -> dict[str, Any]:
    page = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"type": "string"}},
            "has_more": {"type": "boolean"},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "parameters": [{"name": cursor, "in": "query", "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "a page",
                            "content": {"application/json": {"schema": page}},
                        }
                    },
                }
            }
        },
    }


def _surface(folder: Path, name: str, cursor: str) -> dict[str, Any]:
    spec = folder / f"{name}.yaml"
    spec.write_text(yaml.safe_dump(_spec(cursor), sort_keys=False), encoding="utf-8")
    return spec_surface(spec, Config(root=folder), lenient=False)[0]


def test_an_iterator_that_goes_away_breaks_users(tmp_path: Path) -> None:
    paged = _surface(tmp_path, "paged", "after")
    assert paged["operations"]["ItemsApi.list_items_iter"]["returns"] == "Iterator[str]"
    unpaged = _surface(tmp_path, "unpaged", "since")
    assert "ItemsApi.list_items_iter" not in unpaged["operations"]
    gone = [c for c in diff(paged, unpaged) if c.subject == "ItemsApi.list_items_iter"]
    assert [c.breaking for c in gone] == [True]
