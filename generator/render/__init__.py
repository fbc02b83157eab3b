"""IR -> {relative path: text}: Jinja2 templates plus the runtime files copied as they are."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from oapigen import ir
from oapigen.render import cache as render_cache
from oapigen.render import layout
from oapigen.render import tests as render_tests
from oapigen.render.cache import RenderCache
from oapigen.render.docs import render_docs
from oapigen.render.environment import strict_environment
from oapigen.resources import shipped_templates

TEMPLATES = shipped_templates()
_STATIC_RUNTIME = (
    "api_client.py",
    "async_client.py",
    "bodies.py",
    "cancel.py",
    "exceptions.py",
    "pagination.py",
    "redact.py",
    "request_dicts.py",
    "response.py",
    "retries.py",
    "serde.py",
    "streams.py",
    "timeouts.py",
    "transport.py",
    "types.py",
)
# A docstring keeps its quotes readable: only a quote next to another quote, or last, can end it.
_QUOTE_RUN = re.compile(r'"(?="|\Z)')


def _escape_char(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_unprintable(text: str, *, keep: str = "") -> str:
    # isprintable() is False for controls, NUL, bare CR, U+2028/2029, BOM and lone surrogates:
    # each of them either ends a line for some tool or cannot be written as UTF-8.
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else _escape_char(c) for c in text)


def pyrepr(value: Any) -> str:
    """The one way a spec literal enters Python source: its ``repr``."""
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    return repr(value)


def docstring(value: Any, indent: int | None = None) -> str:
    """Text safe inside a triple-quoted docstring; Python's unescaping gives the text back.

    With ``indent`` (the docstring's), the text is the whole docstring: laid out as black
    lays it out, so that ruff's output is black's (see layout.py).
    """
    text = str(value).replace("\r\n", "\n").replace("\\", "\\\\")
    text = _QUOTE_RUN.sub(lambda _: '\\"', text)
    text = _escape_unprintable(text, keep="\n")
    return text if indent is None else layout.docstring_end(text, indent)


def comment(value: Any) -> str:
    """Text safe inside a one-line ``#`` comment."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else " " for c in text)


def tomlstr(value: Any) -> str:
    """A TOML basic string; every character TOML forbids raw is escaped."""
    out = []
    for char in str(value):
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")  # TOML strings hold Unicode scalar values only
        elif char.isprintable() and code != 0x7F:
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def template_roots(user_templates: Path | None) -> list[Path]:
    """Where templates are looked up: the user's folder first, then ours."""
    return [user_templates, TEMPLATES] if user_templates else [TEMPLATES]


def environment(user_templates: Path | None, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: strict, no autoescape (we emit Python and Markdown, not HTML)."""
    env = strict_environment(user_templates, cache_dir)
    env.filters.update(pyrepr=pyrepr, docstring=docstring, comment=comment, tomlstr=tomlstr)
    env.filters.update(
        argument=layout.argument,
        parameter=layout.parameter,
        return_check=layout.return_check,
        alias_value=layout.alias_value,
    )
    return env


def render_client(
    client: ir.Client,
    *,
    user_templates: Path | None = None,
    cache_dir: Path | None = None,
    rendered_module: Callable[[str, str], None] | None = None,
) -> dict[str, str]:
    """Every file of the generated project, keyed by its path relative to the output folder.

    ``rendered_module(path, text)`` is called as each module is rendered (the pipeline starts
    formatting it at once).
    """
    env = environment(user_templates, cache_dir)
    pkg = client.package
    files: dict[str, str] = {}
    rendered = RenderCache(cache_dir, template_roots(user_templates))
    outline = render_cache.outline(client)

    def render(template: str, **values: Any) -> str:
        return env.get_template(template).render(client=client, **values)

    def module(path: str, template: str, **node: Any) -> None:
        """One module per IR node, kept in the render cache while its node is the same."""
        values = {"client": outline, **node}
        files[path] = rendered.text(
            template, values, lambda: env.get_template(template).render(values)
        )
        if rendered_module is not None:
            rendered_module(path, files[path])

    files["pyproject.toml"] = render("python/pyproject.toml.jinja")
    files[f"{pkg}/__init__.py"] = render("python/package_init.py.jinja")
    files[f"{pkg}/configuration.py"] = render("python/configuration.py.jinja")
    files[f"{pkg}/py.typed"] = ""
    for name in _STATIC_RUNTIME:
        files[f"{pkg}/{name}"] = _static(user_templates, name)
    files[f"{pkg}/api/__init__.py"] = render(
        "python/subpackage_init.py.jinja", title="API classes."
    )
    files[f"{pkg}/models/__init__.py"] = render("python/models_init.py.jinja")
    for api in client.apis:
        module(f"{pkg}/api/{api.module}.py", "python/api.py.jinja", api=api)
    for model in client.models:
        module(f"{pkg}/models/{model.module}.py", "python/model.py.jinja", model=model)
    for alias in client.aliases:
        module(f"{pkg}/models/{alias.module}.py", "python/alias.py.jinja", alias=alias)
    # The suite shipped in tests/ (issue 6).
    tests = render_tests.render_tests(client, env, rendered)
    files.update(
        render_docs(
            client,
            user_templates=user_templates,
            cache_dir=cache_dir,
            rendered=rendered,
        )
    )
    files.update(tests)
    return files


def _static(user_templates: Path | None, name: str) -> str:
    for root in (user_templates, TEMPLATES):
        if root is not None and (root / "static" / name).is_file():
            return (root / "static" / name).read_text(encoding="utf-8")
    raise FileNotFoundError(name)
