"""Specs split over files (issue 15): small inline split specs in tmp_path, bundled in memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from oapigen.diagnostics import Collector, SpecError
from oapigen.spec.bundle import Bundle, load_bundle
from oapigen.spec.pointer import check_refs, iter_refs

SECRET = "oapigen-split-secret-51d2"


def write(root: Path, files: dict[str, Any]) -> Path:
    """Write each file (YAML, or JSON for .json); the first one is the root spec."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            text = content
        elif name.endswith(".json"):
            text = json.dumps(content)
        else:
            text = yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
    return root / next(iter(files))


def spec(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A root document."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths or {},
        **extra,
    }


def bundled(root: Path, files: dict[str, Any]) -> Bundle:
    """Bundle the files; fail the test with every diagnostic when that raises."""
    try:
        return load_bundle(write(root, files))
    except SpecError as exc:
        pytest.fail("\n".join(d.render() for d in exc.diagnostics))


def refused(root: Path, files: dict[str, Any]) -> list[str]:
    """The rendered diagnostics of a split spec that must not bundle."""
    with pytest.raises(SpecError) as caught:
        load_bundle(write(root, files))
    return [d.render() for d in caught.value.diagnostics]


def assert_self_contained(document: Any) -> None:
    """Every ref is local and resolves."""
    diags = Collector("bundled")
    check_refs(document, diags)
    assert not diags.items, [d.render() for d in diags.items]
    assert all(ref.startswith("#/") for _, ref in iter_refs(document))


PET_SPEC = {
    "api.yaml": spec({"/pets": {"$ref": "paths/pets.yaml"}}),
    "paths/pets.yaml": {
        "get": {
            "operationId": "listPets",
            "responses": {"200": {"$ref": "../responses/pets.json"}},
        }
    },
    "responses/pets.json": {
        "description": "pets",
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"$ref": "../schemas/pet.yaml#/Pet"}}
            }
        },
    },
    "schemas/pet.yaml": {
        "Pet": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "owner": {"$ref": "people/owner.yml"}},
        }
    },
    "schemas/people/owner.yml": {
        "type": "object",
        "properties": {"pets": {"type": "array", "items": {"$ref": "../pet.yaml#/Pet"}}},
    },
}


def test_relative_refs_in_nested_folders_json_and_yaml(tmp_path: Path) -> None:
    """Refs in a referenced file resolve against that file; parts become named components."""
    document = bundled(tmp_path, PET_SPEC).document
    assert_self_contained(document)
    operation = document["paths"]["/pets"]["get"]
    assert operation["operationId"] == "listPets"  # an operation is copied in place
    assert operation["responses"]["200"] == {"$ref": "#/components/responses/pets"}
    schemas = document["components"]["schemas"]
    assert schemas["Pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/owner"}
    assert schemas["owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/Pet"}
    items = document["components"]["responses"]["pets"]["content"]["application/json"]["schema"]
    assert items["items"] == {"$ref": "#/components/schemas/Pet"}


def test_diagnostic_pointers_lead_back_to_the_real_file(tmp_path: Path) -> None:
    origins = bundled(tmp_path, PET_SPEC).origins
    root = str(tmp_path / "api.yaml")
    at = origins.locate("/paths/~1pets/get/responses/200")
    assert at == (str(tmp_path / "paths/pets.yaml"), "/get/responses/200")
    at = origins.locate("/components/schemas/Pet/properties/name")
    assert at == (str(tmp_path / "schemas/pet.yaml"), "/Pet/properties/name")
    assert origins.locate("/info/title") == (root, "/info/title")


def test_cycles_across_files_become_component_refs(tmp_path: Path) -> None:
    files = {
        "api.yaml": spec(components={"schemas": {"Node": {"$ref": "a.yaml"}}}),
        "a.yaml": {"type": "object", "properties": {"next": {"$ref": "sub/b.json#/B"}}},
        "sub/b.json": {"B": {"type": "object", "properties": {"back": {"$ref": "../a.yaml"}}}},
    }
    document = bundled(tmp_path, files).document
    assert_self_contained(document)
    schemas = document["components"]["schemas"]
    # A root component that is exactly a ref is where that part lives, under its own name.
    assert schemas["Node"]["properties"]["next"] == {"$ref": "#/components/schemas/B"}
    assert schemas["B"]["properties"]["back"] == {"$ref": "#/components/schemas/Node"}


def test_a_loop_of_copied_parts_is_an_error(tmp_path: Path) -> None:
    files = {
        "api.yaml": spec({"/x": {"$ref": "p.yaml"}}),
        "p.yaml": {"$ref": "q.yaml"},
        "q.yaml": {"$ref": "p.yaml"},
    }
    lines = refused(tmp_path, files)
    assert any("error[ref-loop]" in line for line in lines), lines


def test_refs_where_bundlers_accept_them(tmp_path: Path) -> None:
    """Under an operation, a path item, a tag, ``properties`` as a whole, and an example."""
    files = {
        "api.yaml": spec(
            {"/a": {"get": {"$ref": "op.yaml"}}},
            tags=[{"name": "t", "description": {"$ref": "text.yaml#/intro"}}],
        ),
        "op.yaml": {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"$ref": "props.yaml"}},
                            "example": {"$ref": "example.json"},
                        }
                    },
                }
            }
        },
        "text.yaml": {"intro": "Hello from another file"},
        "props.yaml": {"id": {"type": "integer"}},
        "example.json": {"id": 7},
    }
    document = bundled(tmp_path, files).document
    assert_self_contained(document)
    assert document["tags"][0]["description"] == "Hello from another file"
    media = document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"]["properties"] == {"id": {"type": "integer"}}
    assert media["example"] == {"id": 7}


def test_discriminator_mapping_to_files_follows_the_components(tmp_path: Path) -> None:
    one_of = [{"$ref": "models/cat.yaml"}, {"$ref": "models/dog.yaml"}]
    mapping = {"cat": "models/cat.yaml", "dog": "models/dog.yaml"}
    pet = {"oneOf": one_of, "discriminator": {"propertyName": "kind", "mapping": mapping}}
    animal = {"type": "object", "properties": {"kind": {"type": "string"}}}
    files = {
        "api.yaml": spec(components={"schemas": {"Pet": pet}}),
        "models/cat.yaml": animal,
        "models/dog.yaml": animal,
    }
    document = bundled(tmp_path, files).document
    pet = document["components"]["schemas"]["Pet"]
    assert pet["discriminator"]["mapping"] == {
        "cat": "#/components/schemas/cat",
        "dog": "#/components/schemas/dog",
    }
    assert pet["oneOf"] == [
        {"$ref": "#/components/schemas/cat"},
        {"$ref": "#/components/schemas/dog"},
    ]


def test_names_from_paths_are_distinct_and_leave_the_root_names_alone(tmp_path: Path) -> None:
    item = {"type": "object"}
    files = {
        "api.yaml": spec(
            components={
                "schemas": {
                    "Item": {"type": "string"},
                    "List": {
                        "type": "object",
                        "properties": {
                            "a": {"$ref": "a/models/item.yaml"},
                            "b": {"$ref": "b/models/item.yaml"},
                            "c": {"$ref": "c/thing.yaml"},
                        },
                    },
                }
            }
        ),
        "a/models/item.yaml": item,
        "b/models/item.yaml": item,
        "c/thing.yaml": item,
    }
    schemas = bundled(tmp_path, files).document["components"]["schemas"]
    assert list(schemas) == ["Item", "List", "a_models_item", "b_models_item", "thing"]
    assert schemas["Item"] == {"type": "string"}


def test_refs_inside_the_root_file_are_kept_as_they_are(tmp_path: Path) -> None:
    files = {
        "api.yaml": spec(
            components={
                "schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "b.yaml"}}
            }
        ),
        "b.yaml": {
            "type": "object",
            "properties": {"a": {"$ref": "api.yaml#/components/schemas/A"}},
        },
    }
    schemas = bundled(tmp_path, files).document["components"]["schemas"]
    assert schemas["A"] == {"$ref": "#/components/schemas/B"}
    assert schemas["B"]["properties"]["a"] == {"$ref": "#/components/schemas/A"}


def test_one_file_spec_is_returned_untouched(tmp_path: Path) -> None:
    document = spec(components={"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {}}})
    result = bundled(tmp_path, {"api.yaml": document})
    assert result.document == document and not result.origins and not result.sources.files
