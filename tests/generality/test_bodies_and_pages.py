"""Non-JSON answers and paged lists as user code sees them: the types mypy --strict checks."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from tests.generality.conftest import generate_into

SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Kit", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "tags": ["items"],
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "after", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "a page",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ItemList"}
                            }
                        },
                    }
                },
            }
        },
        "/notes": {
            "get": {
                "operationId": "getNotes",
                "tags": ["items"],
                "responses": {
                    "200": {
                        "description": "text",
                        "content": {"text/markdown": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
        "/picture": {
            "get": {
                "operationId": "getPicture",
                "tags": ["items"],
                "responses": {
                    "200": {
                        "description": "a picture, or its JSON description",
                        "content": {
                            "image/png": {"schema": {"type": "string", "format": "binary"}},
                            "application/json": {"schema": {"$ref": "#/components/schemas/Item"}},
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "size": {"type": "integer"}},
            },
            "ItemList": {
                "type": "object",
                "required": ["data", "has_more"],
                "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                    "has_more": {"type": "boolean"},
                },
            },
        }
    },
}

USER_CODE = """\
from collections.abc import Iterator
from pathlib import Path

from kit import ApiClient, Configuration, Item
from kit.api.items_api import ItemsApi
from kit.bodies import BinaryStream


def sizes(api: ItemsApi) -> int:
    walk: Iterator[Item] = api.list_items_iter(limit=100)
    total = 0
    for item in walk:
        ident: str = item.id_
        total += len(ident)
    return total


def media(api: ItemsApi, folder: Path) -> tuple[str, bytes, Item, int]:
    notes: str = api.get_notes()
    picture: bytes = api.get_picture_png()
    described: Item = api.get_picture()
    with api.get_picture_chunks() as stream:
        first: bytes = next(iter(stream))
    saved = api.get_picture_chunks().write_to(folder / "p.png") + len(first)
    kept: BinaryStream = api.get_picture_chunks()
    kept.close()
    return notes, picture, described, saved


with ApiClient(Configuration("http://127.0.0.1:1")) as client:
    print(sizes(ItemsApi(client)), media(ItemsApi(client), Path(".")))
"""

WRONG_CODE = """\
from kit.api.items_api import ItemsApi


def wrong(api: ItemsApi) -> None:
    number: int = api.get_notes()
    text: str = api.get_picture_png()
    for item in api.list_items_iter():
        size: str = item.size
"""


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated ``kit`` package's folder."""
    root = tmp_path_factory.mktemp("kit")
    spec = root / "kit.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False), encoding="utf-8")
    generate_into(spec, root / "out", "kit")
    return root / "out"


def _mypy(folder: Path, *targets: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(folder / ".mc"), *targets],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_user_code_of_iterators_and_bodies_passes_mypy_strict(kit: Path) -> None:
    (kit / "user.py").write_text(USER_CODE, encoding="utf-8")
    proc = _mypy(kit, "kit", "user.py")
    assert proc.returncode == 0, proc.stdout


def test_the_types_are_precise_not_any(kit: Path) -> None:
    (kit / "wrong.py").write_text(textwrap.dedent(WRONG_CODE), encoding="utf-8")
    proc = _mypy(kit, "wrong.py")
    assert proc.returncode == 1
    assert 'expression has type "str", variable has type "int"' in proc.stdout
    assert 'expression has type "bytes", variable has type "str"' in proc.stdout
    assert 'expression has type "int | Unset", variable has type "str"' in proc.stdout


def test_the_api_page_shows_the_iterator(kit: Path) -> None:
    page = (kit / "docs" / "ItemsApi.md").read_text(encoding="utf-8")
    section = page.split("#### Every item of every page: list_items_iter", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert "&lt;Iterator[Item]&gt; list_items_iter(" in section
    assert "after the last item" in section
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    compile(code, "ItemsApi.md", "exec")
    assert "for item in api_instance.list_items_iter(" in code
    assert "get_notes_iter" not in page


def test_the_method_tables_list_the_iterator(kit: Path) -> None:
    row = "[**list_items_iter**](docs/ItemsApi.md#list_items) | **GET** /items |"
    assert row in (kit / "README.md").read_text(encoding="utf-8")
    page = (kit / "docs" / "ItemsApi.md").read_text(encoding="utf-8")
    assert "| [**list_items_iter**](ItemsApi.md#list_items) | **GET** /items |" in page


def test_an_iterator_name_another_operation_has_is_left_out(
    build: Callable[..., ModuleType],
) -> None:
    paths = {
        "/items": {"get": {**SPEC["paths"]["/items"]["get"], "operationId": "listItems"}},
        "/items/all": {
            "get": {
                "operationId": "listItemsIter",
                "tags": ["items"],
                "responses": {"204": {"description": "none"}},
            }
        },
    }
    package = build({"paths": paths, "components": SPEC["components"]}, package="clash")
    api = package.ItemsApi
    assert callable(api.list_items_iter) and not hasattr(api, "_list_items_page")
