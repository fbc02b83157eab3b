"""openapi-spec-validator made cheaper on large documents, with the same findings.

Measured on the 2026-08-21 OpenAI document (6.7 s of CPU, the critical path of a cold run):

- the document is checked against the OpenAPI 3.1 schema by a validator whose root resource is
  never crawled, so every ``$dynamicRef: "#meta"`` (one per schema object, ~2,400) crawls that
  schema again, and the crawl is thrown away (~1.9 s): here its registry is crawled once;
- the schema keyword validator remembers the schemas it has seen in lists and scans them on each
  visit (quadratic over ~13,000 visits, ~0.3 s): here the lists answer ``in`` from a set;
- each schema's metaschema check builds a new metaschema validator and registry (~0.3 s): here
  one is kept per validator class and format checker;
- both resolve the same few hundred references ~165,000 times (``$ref`` to a vocabulary,
  ``$dynamicRef: "#meta"``), ~10 us each (~1.6 s): here lookups through those two validators'
  crawled registries are remembered. A lookup is a function of the reference and the resolver's
  base URI, dynamic scope and registry (a crawled registry never changes), so the key is those four;
  lookups through any other registry run as published, and failed lookups are never remembered.

These reach into private parts of the libraries, so they apply only when each one is installed at
exactly the version they were written against (pinned in pyproject.toml); otherwise the published
classes run unchanged. ``tests/pipeline/test_validator_speedups.py`` compares both.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from typing import Any

from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for
from jsonschema_path.paths import SchemaPath
from openapi_schema_validator._specifications import REGISTRY as OPENAPI_SPECIFICATIONS
from openapi_schema_validator.validators import check_openapi_schema
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import keywords
from referencing import Registry

from oapigen.versions import version

VERSIONS = {
    "openapi-spec-validator": "0.9.0",
    "openapi-schema-validator": "0.9.0",
    "jsonschema": "4.26.0",
    "referencing": "0.37.0",
    "jsonschema-path": "0.5.0",
}


def applies() -> bool:
    """Whether every library is at the version these changes were checked against."""
    try:
        return all(version(name) == pinned for name, pinned in VERSIONS.items())
    except ImportError:  # PackageNotFoundError: run the published classes
        return False


def spec_validators() -> tuple[type[Any], type[Any]]:
    """The spec validators for OpenAPI 3.0 and 3.1: the faster ones when they apply."""
    if applies():
        _remember_lookups()
        return FasterV30SpecValidator, FasterV31SpecValidator
    return OpenAPIV30SpecValidator, OpenAPIV31SpecValidator


class SeenIds(list[int]):
    """The list upstream appends schema ids to, answering ``in`` from a set instead of a scan."""

    def __init__(self) -> None:
        """Start empty."""
        super().__init__()
        self._ids: set[int] = set()

    def append(self, schema_id: int) -> None:
        """Remember ``schema_id``."""
        super().append(schema_id)
        self._ids.add(schema_id)

    def __contains__(self, schema_id: object) -> bool:
        """Whether ``schema_id`` was appended."""
        return schema_id in self._ids


# referencing forbids subclassing its Resolver, so its lookup is wrapped for these registries only.
_Resolver = type(Registry().resolver())
_published_lookup = _Resolver.lookup
_remembered_registries: dict[int, Any] = {}
_lookups: dict[tuple[Any, ...], Any] = {}


def _lookup(resolver: Any, ref: str) -> Any:
    registry = resolver._registry
    if id(registry) not in _remembered_registries:
        return _published_lookup(resolver, ref)
    key = (ref, resolver._base_uri, resolver._previous, id(registry))
    resolved = _lookups.get(key)
    if resolved is None:
        resolved = _lookups[key] = _published_lookup(resolver, ref)
    return resolved


def _remember_lookups() -> None:
    # setattr: mypy rightly refuses a plain assignment to a method.
    setattr(_Resolver, "lookup", _lookup)  # noqa: B010


def remembered(registry: Any) -> Any:
    """``registry`` crawled; lookups through it are remembered once :func:`spec_validators` ran."""
    crawled = registry.crawl()
    # Kept alive here, so its id is never reused by another registry.
    _remembered_registries[id(crawled)] = crawled
    return crawled


def _crawled(validator: Any) -> Any:
    """``validator`` with its root registry crawled once, not per lookup, and lookups remembered."""
    resolver = validator._resolver
    registry = remembered(resolver._registry)
    # A root resolver (upstream makes it with resolver_with_root): no dynamic scope to carry over.
    return validator.evolve(_resolver=registry.resolver(base_uri=resolver._base_uri))


@cache
def _metaschema_validator(cls: Any, format_checker: Any) -> Any:
    # What check_openapi_schema builds on each call, built once: validators are immutable.
    meta_cls = validator_for(cls.META_SCHEMA, default=cls)
    return _crawled(
        meta_cls(cls.META_SCHEMA, format_checker=format_checker, registry=OPENAPI_SPECIFICATIONS)
    )


def _check_with(metaschema_validator: Any, schema: Any) -> None:
    for error in metaschema_validator.iter_errors(schema):
        raise SchemaError.create_from(error)


def _reusing(checker: Callable[[Any], None]) -> Callable[[Any], None]:
    """``checker`` with one metaschema validator reused, when it is ``check_openapi_schema``."""
    func, options = (
        (checker.func, checker.keywords) if isinstance(checker, partial) else (checker, {})
    )
    owner = getattr(func, "__self__", None)
    if getattr(func, "__func__", None) is not check_openapi_schema or owner is None:
        return checker  # another dialect's check_schema (draft 7, 2019-09...): left as it is
    format_checker = options.get("format_checker", owner.FORMAT_CHECKER)
    return partial(_check_with, _metaschema_validator(owner, format_checker))


class FasterV30SchemaValidator(keywords.OpenAPIV30SchemaValidator):
    """OpenAPI 3.0 schema checks with set-backed visit lists and reused metaschema validators."""

    def __init__(self, registry: Any) -> None:
        """As upstream, with :class:`SeenIds` for its two lists."""
        super().__init__(registry)
        self.visited_schema_ids = SeenIds()
        self.meta_checked_schema_ids = SeenIds()

    def _get_schema_checker(self, schema: SchemaPath, schema_value: Any) -> Callable[[Any], None]:
        return _reusing(super()._get_schema_checker(schema, schema_value))


class FasterV31SchemaValidator(keywords.OpenAPIV31SchemaValidator):
    """OpenAPI 3.1 schema checks with set-backed visit lists and reused metaschema validators."""

    def __init__(self, registry: Any) -> None:
        """As upstream, with :class:`SeenIds` for its two lists."""
        super().__init__(registry)
        self.visited_schema_ids = SeenIds()
        self.meta_checked_schema_ids = SeenIds()

    def _get_schema_checker(self, schema: SchemaPath, schema_value: Any) -> Callable[[Any], None]:
        return _reusing(super()._get_schema_checker(schema, schema_value))


@cache
def _document_validator(published: type[Any]) -> Any:
    """``published``'s validator of the whole document, crawled."""
    return _crawled(published.schema_validator)


class FasterV30SpecValidator(OpenAPIV30SpecValidator):
    """``OpenAPIV30SpecValidator`` with the changes of this module."""

    # A dict, like the attribute it overrides (upstream's type); nothing mutates it.
    keyword_validators = {  # noqa: RUF012
        **OpenAPIV30SpecValidator.keyword_validators,
        "schema": FasterV30SchemaValidator,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As upstream, with a crawled registry for the check of the whole document."""
        super().__init__(*args, **kwargs)
        self.schema_validator = _document_validator(OpenAPIV30SpecValidator)


class FasterV31SpecValidator(OpenAPIV31SpecValidator):
    """``OpenAPIV31SpecValidator`` with the changes of this module."""

    # A dict, like the attribute it overrides (upstream's type); nothing mutates it.
    keyword_validators = {  # noqa: RUF012
        **OpenAPIV31SpecValidator.keyword_validators,
        "schema": FasterV31SchemaValidator,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As upstream, with a crawled registry for the check of the whole document."""
        super().__init__(*args, **kwargs)
        self.schema_validator = _document_validator(OpenAPIV31SpecValidator)
