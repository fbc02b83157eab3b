"""Rendered files kept by a digest of what they are rendered from, so a warm run re-renders
only the files whose IR changed (issue 7: one edited description re-rendered all 4,000 files).

A file's key is the generator's code and templates, the template's name and a pickle of the
values handed to it. Pickle writes values, not identities, so equal bytes mean equal inputs
and a hit is always right; values that do not pickle are rendered every time.
"""

from __future__ import annotations

import dataclasses
import io
import operator
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import cache, ir

_GENERATOR = Path(__file__).resolve().parent


class RenderCache:
    """Rendered text by template and values, in the ``render`` kind of the cache folder."""

    def __init__(self, cache_dir: Path | None, template_roots: list[Path]) -> None:
        """No ``cache_dir``, no caching: every file is rendered."""
        self.cache_dir = cache_dir
        self.salt = _salt(tuple(template_roots)) if cache_dir is not None else ""

    def text(self, template: str, values: dict[str, Any], render: Callable[[], str]) -> str:
        """``render()``, or what it gave before for the same template and values."""
        if self.cache_dir is None:
            return render()
        try:
            data = _dumps(values)
        except (pickle.PicklingError, TypeError, AttributeError):
            return render()
        name = cache.key(self.salt, template, data)
        stored = cache.read(self.cache_dir, "render", name)
        if stored is not None:
            return stored.decode("utf-8")
        text = render()
        cache.write(self.cache_dir, "render", name, text.encode("utf-8"))
        return text


class _KeyPickler(pickle.Pickler):
    """Pickle, with slotted dataclasses written as their class and field values.

    The standard way goes through dataclasses' Python ``__getstate__``, which looks the fields
    up again for each of ~20,000 IR nodes: a third of the key's cost on the full document.
    The bytes still round-trip (``_rebuild``), so equal bytes still mean equal values.
    """

    def reducer_override(self, obj: Any) -> Any:
        getter = _field_getter(type(obj))
        if getter is None:
            return NotImplemented
        return _rebuild, (type(obj), getter(obj))


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _field_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    if cls not in _GETTERS:
        names = (
            [field.name for field in dataclasses.fields(cls)]
            if dataclasses.is_dataclass(cls) and "__slots__" in vars(cls)
            else None
        )
        if names is None:
            _GETTERS[cls] = None
        elif not names:
            _GETTERS[cls] = lambda obj: ()
        elif len(names) == 1:
            only = operator.attrgetter(names[0])
            _GETTERS[cls] = lambda obj: (only(obj),)
        else:
            _GETTERS[cls] = operator.attrgetter(*names)
    return _GETTERS[cls]


def _rebuild(cls: type, values: tuple[Any, ...]) -> Any:
    obj: Any = object.__new__(cls)
    for field, value in zip(dataclasses.fields(cls), values, strict=True):
        object.__setattr__(obj, field.name, value)
    return obj


def _dumps(values: Any) -> bytes:
    buffer = io.BytesIO()
    _KeyPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(values)
    return buffer.getvalue()


def outline(client: ir.Client) -> ir.Client:
    """The client without its models, aliases and APIs: what a page about one of them may read.

    Handing this to a per-node template keeps its key small and honest: a page cannot depend
    on another node without that node being in its values.
    """
    return dataclasses.replace(client, models=(), aliases=(), apis=())


def _salt(template_roots: tuple[Path, ...]) -> str:
    # The filters are generator code, so its digest is in the salt with the templates'.
    return cache.key(
        "render 1",
        sys.version,
        version("jinja2"),
        cache.tree_digest([_GENERATOR, *template_roots]),
    )
