"""Behaviour of generated models, from small inline specs."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections import OrderedDict
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from .conftest import make_spec

Build = Callable[..., ModuleType]

PET = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "tag": {"type": "string"},
        "note": {"type": "string", "nullable": True},
        "kind": {"type": "string", "enum": ["cat", "dog"]},
        "class": {"type": "integer"},
        "owner": {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "nick-name": {"type": "string"}},
        },
        "toys": {
            "type": "array",
            "items": {"type": "object", "properties": {"n": {"type": "number"}}},
        },
        "limit": {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["inf"]}]},
    },
}


@pytest.fixture
def pkg(build_package: Build) -> ModuleType:
    return build_package(make_spec({"Pet": PET}))


def test_required_field_is_a_required_argument(pkg: ModuleType) -> None:
    with pytest.raises(TypeError):
        pkg.Pet()
    assert pkg.Pet(name="rex").to_dict() == {"name": "rex"}


def test_absent_null_and_value_stay_distinct_both_ways(pkg: ModuleType) -> None:
    absent = pkg.Pet.from_dict({"name": "a"})
    null = pkg.Pet.from_dict({"name": "a", "note": None})
    value = pkg.Pet.from_dict({"name": "a", "note": "hi"})
    assert absent.note is pkg.UNSET and null.note is None and value.note == "hi"
    assert absent.to_dict() == {"name": "a"}
    assert null.to_dict() == {"name": "a", "note": None}
    assert pkg.Pet(name="a", note=None).to_dict() == {"name": "a", "note": None}


def test_enum_known_and_unknown_values(pkg: ModuleType) -> None:
    assert pkg.Pet.from_dict({"name": "a", "kind": "dog"}).kind == "dog"
    later = pkg.Pet.from_dict({"name": "a", "kind": "axolotl"})
    assert later.kind == "axolotl"
    assert later.to_dict()["kind"] == "axolotl"


def test_union_picks_branch_and_keeps_no_match(pkg: ModuleType) -> None:
    assert pkg.Pet.from_dict({"name": "a", "limit": 5}).limit == 5
    assert pkg.Pet.from_dict({"name": "a", "limit": "inf"}).limit == "inf"
    # A value no branch fits is kept as it came (issue 16), and round-trips.
    for odd in ("lots", True):
        pet = pkg.Pet.from_dict({"name": "a", "limit": odd})
        assert pet.limit == pkg.UnknownVariant(odd) and pet.to_dict()["limit"] is odd


def test_nested_inline_objects_and_arrays(pkg: ModuleType) -> None:
    data = {"name": "a", "owner": {"id": 1, "nick-name": "bo"}, "toys": [{"n": 1.5}, {"n": 2}]}
    pet = pkg.Pet.from_dict(data)
    assert isinstance(pet.owner, pkg.PetOwner)
    assert pet.owner.nick_name == "bo"
    assert [type(t).__name__ for t in pet.toys] == ["PetToysInner", "PetToysInner"]
    assert pet.to_dict() == data


def test_unknown_fields_are_kept_and_reemitted(pkg: ModuleType) -> None:
    data = {"name": "a", "brand_new": {"x": [1]}, "owner": {"id": 2, "extra": True}}
    pet = pkg.Pet.from_dict(data)
    assert pet.additional_properties == {"brand_new": {"x": [1]}}
    assert pet.to_dict() == data


def test_null_where_spec_says_not_nullable_is_kept(pkg: ModuleType) -> None:
    data = {"name": "a", "owner": None, "toys": None, "tag": None}
    assert pkg.Pet.from_dict(data).to_dict() == data


def test_keywords_become_safe_names(pkg: ModuleType) -> None:
    names = [f.name for f in dataclasses.fields(pkg.Pet)]
    assert "class_" in names
    pet = pkg.Pet.from_dict({"name": "a", "class": 3})
    assert pet.class_ == 3
    assert pet.to_dict() == {"name": "a", "class": 3}


def test_missing_required_key_is_left_unset_and_not_invented(pkg: ModuleType) -> None:
    # Servers drop fields faster than specs admit it: the response still decodes, and the
    # absent field is UNSET (never None), so it is left out when re-encoded.
    pet = pkg.Pet.from_dict({"tag": "x"})
    assert pet.name is pkg.UNSET
    assert pet.to_dict() == {"tag": "x"}
    with pytest.raises(ValueError, match="JSON object"):
        pkg.Pet.from_dict(["not", "an", "object"])


def test_json_round_trip(pkg: ModuleType) -> None:
    pet = pkg.Pet(name="a", toys=[pkg.PetToysInner(n=1.0)])
    assert pkg.Pet.from_json(pet.to_json()) == pet


def test_named_enum_and_ref_cycle(build_package: Build) -> None:
    spec = make_spec(
        {
            "Color": {"type": "string", "enum": ["red", "green"]},
            "Node": {
                "type": "object",
                "properties": {
                    "color": {"$ref": "#/components/schemas/Color"},
                    "next": {"$ref": "#/components/schemas/Node"},
                    "other": {"$ref": "#/components/schemas/Leaf"},
                },
            },
            "Leaf": {
                "type": "object",
                "properties": {"back": {"$ref": "#/components/schemas/Node"}},
            },
        }
    )
    pkg = build_package(spec)
    data = {"color": "red", "next": {"other": {"back": {"color": "green"}}}}
    node = pkg.Node.from_dict(data)
    assert isinstance(node.next_.other.back, pkg.Node)
    assert node.to_dict() == data
    assert pkg.Color.__args__ == ("red", "green")


def test_names_that_would_shadow_the_client_are_renamed(build_package: Build) -> None:
    spec = make_spec(
        {"E": {"enum": [1, True, "1"]}},
        paths={
            "/a": {
                "get": {
                    "operationId": "api_client",
                    "parameters": [{"name": "self", "in": "query", "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    )
    pkg = build_package(spec)
    assert pkg.E.__args__ == (1, True, "1")
    assert callable(pkg.AApi.api_client_)
    assert "self_" in pkg.AApi.api_client_.__code__.co_varnames


def test_from_dict_leaves_the_input_alone(pkg: ModuleType) -> None:
    # from_dict pops known keys from a copy: the caller's dict must not lose them.
    data = {"name": "a", "owner": {"id": 1, "x": 2}, "new": 1}
    kept = {"name": "a", "owner": {"id": 1, "x": 2}, "new": 1}
    pet = pkg.Pet.from_dict(data)
    assert data == kept
    assert pet.additional_properties == {"new": 1}
    assert pet.additional_properties is not data
    pet.additional_properties["later"] = True
    assert "later" not in data


def test_decoded_model_equals_the_constructed_one(pkg: ModuleType) -> None:
    # from_dict sets the slots itself (no __init__): every field must still be set.
    decoded = pkg.Pet.from_dict({"name": "a"})
    assert decoded == pkg.Pet(name="a")
    assert all(hasattr(decoded, f.name) for f in dataclasses.fields(pkg.Pet))
    assert repr(decoded) == repr(pkg.Pet(name="a"))


def test_typed_additional_properties_decode_each_value(build_package: Build) -> None:
    spec = make_spec(
        {
            "Box": {
                "type": "object",
                "properties": {"size": {"type": "integer"}},
                "additionalProperties": {"$ref": "#/components/schemas/Item"},
            },
            "Item": {"type": "object", "properties": {"n": {"type": "integer"}}},
        }
    )
    pkg = build_package(spec)
    data = {"size": 2, "a": {"n": 1}, "b": None}
    box = pkg.Box.from_dict(data)
    assert box.size == 2
    assert isinstance(box.additional_properties["a"], pkg.Item)
    assert box.additional_properties["b"] is None
    assert box.to_dict() == data


def test_deprecation_warns_who_builds_the_model_not_from_dict(build_package: Build) -> None:
    spec = make_spec(
        {"Old": {"type": "object", "deprecated": True, "properties": {"n": {"type": "integer"}}}}
    )
    pkg = build_package(spec)
    assert pkg.Old.from_dict({"n": 1}).n == 1  # warnings are errors: this must stay silent
    assert pkg.Old.from_json(b'{"n": 2}').n == 2
    with pytest.warns(DeprecationWarning, match="Old is deprecated"):
        pkg.Old(n=1)


DECODE_CASE = {
    "brand_new": {"x": [1]},
    "name": "a",
    "owner": {"id": 2, "extra": True},
    "toys": [{"n": 1.5, "more": 1}, {"n": 2}],
    "note": None,
    "tag": None,
}


def test_from_dict_never_changes_the_callers_data(pkg: ModuleType) -> None:
    # from_json lets the models take its fresh parse apart; data a caller hands over stays whole.
    data = copy.deepcopy(DECODE_CASE)
    pet = pkg.Pet.from_dict(data)
    assert data == DECODE_CASE
    assert pet.owner.additional_properties == {"extra": True}
    assert pet.additional_properties == {"brand_new": {"x": [1]}}


@pytest.mark.parametrize(
    "data", [DECODE_CASE, {"name": "a", "toys": []}, {"owner": None, "toys": None, "x": 1}]
)
def test_from_json_decodes_as_from_dict_does(pkg: ModuleType, data: dict[str, Any]) -> None:
    text = json.dumps(data)
    from_json = pkg.Pet.from_json(text)
    assert from_json == pkg.Pet.from_dict(json.loads(text))
    assert repr(from_json) == repr(pkg.Pet.from_dict(json.loads(text)))
    assert from_json.to_dict() == data


def test_an_empty_array_of_models_decodes_to_a_new_list(pkg: ModuleType) -> None:
    data = {"name": "a", "toys": []}
    pet = pkg.Pet.from_dict(data)
    assert pet.toys == [] and pet.toys is not data["toys"]


def test_a_nested_model_decodes_the_same_from_any_mapping_and_refuses_the_rest(
    pkg: ModuleType,
) -> None:
    # Small nested models are built inside their parent's from_dict; the rules stay theirs.
    plain = pkg.Pet.from_json('{"name": "a", "owner": {"id": 1, "nick-name": "bo", "z": 0}}')
    ordered = pkg.Pet.from_dict(
        {"name": "a", "owner": OrderedDict(id=1, z=0, **{"nick-name": "bo"})}
    )
    assert type(plain.owner) is pkg.PetOwner and plain.owner == ordered.owner
    assert plain.owner.additional_properties == {"z": 0}
    with pytest.raises(ValueError, match="JSON object for PetOwner"):
        pkg.Pet.from_json('{"name": "a", "owner": ["x"]}')
