"""What each place in an OpenAPI document holds, so a bundler knows where a ``$ref`` stands.

A ref where a component may stand (a schema, a response, ...) becomes a component; anywhere
else (an operation, a path item, a tag's description, an example) its target is copied in.
"""

from __future__ import annotations

from oapigen.spec.pointer import HTTP_METHODS

ONE, MAP, LIST = "one", "map", "list"
ANY = "any"
# A map's own kind: ``map:schema`` is ``properties`` (which a bundler lets be a ``$ref`` too).
MAP_OF = "map:"
Field = tuple[str, str]

# The kind a ref stands for -> the components section it is kept in.
SECTIONS = {
    "schema": "schemas",
    "response": "responses",
    "parameter": "parameters",
    "example": "examples",
    "requestBody": "requestBodies",
    "header": "headers",
    "securityScheme": "securitySchemes",
    "link": "links",
    "callback": "callbacks",
}

_SCHEMA: dict[str, Field] = {
    **{
        key: (ONE, "schema")
        for key in (
            "items",
            "not",
            "additionalProperties",
            "additionalItems",
            "unevaluatedProperties",
            "unevaluatedItems",
            "contains",
            "propertyNames",
            "if",
            "then",
            "else",
            "contentSchema",
        )
    },
    **{
        key: (MAP, "schema")
        for key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
    },
    **{key: (LIST, "schema") for key in ("allOf", "anyOf", "oneOf", "prefixItems")},
    "discriminator": (ONE, "discriminator"),
}
_PARAMETER: dict[str, Field] = {
    "schema": (ONE, "schema"),
    "content": (MAP, "mediaType"),
    "examples": (MAP, "example"),
}

FIELDS: dict[str, dict[str, Field]] = {
    "document": {
        "paths": (MAP, "pathItem"),
        "webhooks": (MAP, "pathItem"),
        "components": (ONE, "components"),
    },
    "components": {
        **{section: (MAP, kind) for kind, section in SECTIONS.items()},
        "pathItems": (MAP, "pathItem"),
    },
    "pathItem": {
        **{method: (ONE, "operation") for method in HTTP_METHODS},
        "parameters": (LIST, "parameter"),
    },
    "operation": {
        "parameters": (LIST, "parameter"),
        "requestBody": (ONE, "requestBody"),
        "responses": (MAP, "response"),
        "callbacks": (MAP, "callback"),
    },
    "parameter": _PARAMETER,
    "header": _PARAMETER,
    "requestBody": {"content": (MAP, "mediaType")},
    "mediaType": {
        "schema": (ONE, "schema"),
        "examples": (MAP, "example"),
        "encoding": (MAP, "encoding"),
    },
    "encoding": {"headers": (MAP, "header")},
    "response": {
        "headers": (MAP, "header"),
        "content": (MAP, "mediaType"),
        "links": (MAP, "link"),
    },
    "schema": _SCHEMA,
}


def child_kind(kind: str, key: str) -> Field:
    """How the value under ``key`` of a ``kind`` object is shaped, and what its items are."""
    if kind.startswith(MAP_OF):
        return (ONE, kind.removeprefix(MAP_OF))
    if kind == "callback":
        return (ONE, "pathItem")  # a callback maps expressions to path items
    return FIELDS.get(kind, {}).get(key, (ONE, ANY))
