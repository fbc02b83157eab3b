"""Rendered files kept by what they are rendered from, so a warm run re-renders only the files
whose IR changed (issue 7: one edited description re-rendered all 4,000 files).

A file's key is the generator's code and templates, the template's name and a pickle of the
values handed to it. Pickle writes values, not identities, so equal bytes mean equal inputs
and a hit is always right; values that do not pickle are rendered every time.
"""

from __future__ import annotations

import dataclasses
import pickle
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

from oapigen import cache, ir
from oapigen.resources import PACKAGE_DIR


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
            values_bytes = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return render()
        name = cache.key(self.salt, template, values_bytes)
        return cache.text(self.cache_dir, "render", name, render)


def outline(client: ir.Client) -> ir.Client:
    """The client without its models, aliases, APIs and own version: what a page about one node
    may read.

    Handing this to a per-node template keeps its key small and honest: a page cannot depend
    on another node without that node being in its values. The client's version is left out
    too (no per-node template shows it): every edit of the spec bumps it, and with it in the
    key one edited description re-rendered every page of the client.
    """
    return dataclasses.replace(client, models=(), aliases=(), apis=(), package_version="")


def _salt(template_roots: tuple[Path, ...]) -> str:
    # The filters are generator code, so its digest is in the salt with the templates'.
    return cache.key(
        "render 2",
        sys.version,
        version("jinja2"),
        cache.tree_digest([PACKAGE_DIR, *template_roots]),
    )
