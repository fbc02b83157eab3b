"""IR -> {relative path: text}: Jinja2 templates plus the runtime files copied as they are."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jinja2

from . import ir, render_tests

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_STATIC_RUNTIME = ("api_client.py", "exceptions.py", "serde.py", "types.py")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\x85]")


def pyrepr(value: Any) -> str:
    """The one way a spec literal enters Python source: its ``repr``."""
    if isinstance(value, list):
        value = tuple(value)
    return repr(value)


def docstring(value: Any) -> str:
    """Text safe inside a triple-quoted docstring: it can neither end it nor escape from it."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else " ", text)
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return text


def comment(value: Any) -> str:
    """Text safe inside a one-line ``#`` comment."""
    return _CONTROL.sub(" ", str(value).replace("\n", " ").replace("\r", " "))


def tomlstr(value: Any) -> str:
    """A TOML basic string (JSON string syntax is valid TOML)."""
    return json.dumps(str(value))


def environment(user_templates: Path | None) -> jinja2.Environment:
    """The Jinja environment: strict, no autoescape (we emit Python and Markdown, not HTML)."""
    roots = [str(user_templates)] if user_templates else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*roots, str(TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(pyrepr=pyrepr, docstring=docstring, comment=comment, tomlstr=tomlstr)
    return env


def render_client(client: ir.Client, *, user_templates: Path | None = None) -> dict[str, str]:
    """Every file of the generated project, keyed by its path relative to the output folder."""
    env = environment(user_templates)
    pkg = client.package
    files: dict[str, str] = {}

    def render(template: str, **values: Any) -> str:
        return env.get_template(template).render(client=client, **values)

    files["pyproject.toml"] = render("python/pyproject.toml.jinja")
    files[f"{pkg}/__init__.py"] = render("python/package_init.py.jinja")
    files[f"{pkg}/configuration.py"] = render("python/configuration.py.jinja")
    files[f"{pkg}/py.typed"] = ""
    for name in _STATIC_RUNTIME:
        files[f"{pkg}/{name}"] = _static(user_templates, name)
    files[f"{pkg}/api/__init__.py"] = render("python/subpackage_init.py.jinja", title="API classes.")
    files[f"{pkg}/models/__init__.py"] = render("python/subpackage_init.py.jinja", title="Models.")
    for api in client.apis:
        files[f"{pkg}/api/{api.module}.py"] = prune_imports(render("python/api.py.jinja", api=api))
    for model in client.models:
        files[f"{pkg}/models/{model.module}.py"] = prune_imports(
            render("python/model.py.jinja", model=model)
        )
    for alias in client.aliases:
        files[f"{pkg}/models/{alias.module}.py"] = prune_imports(
            render("python/alias.py.jinja", alias=alias)
        )
    files.update(render_tests.render_tests(client, env))  # the suite shipped in tests/ (issue 6)
    return files


def _static(user_templates: Path | None, name: str) -> str:
    for root in (user_templates, TEMPLATES):
        if root is not None and (root / "static" / name).is_file():
            return (root / "static" / name).read_text(encoding="utf-8")
    raise FileNotFoundError(name)


# Docstrings may mention any word; the docstring filter guarantees none contains a raw """.
_DOCSTRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL)
_IMPORT_LINE = re.compile(
    r"^(?P<indent>\s*)(?:import (?P<module>[\w.]+)|from [\w.]+ import (?P<names>.+?))\s*$"
)


def prune_imports(text: str) -> str:
    """Drop imported names the module never uses (templates import every candidate)."""
    # Twice: dropping the last TYPE_CHECKING import empties its block, which frees TYPE_CHECKING.
    return _prune_once(_prune_once(text))


def _prune_once(text: str) -> str:
    lines = text.split("\n")
    head_end = next((i for i, line in enumerate(lines) if line.startswith("__all__")), 0)
    head = lines[:head_end]
    imports = [_IMPORT_LINE.match(line) if "__future__" not in line else None for line in head]
    usage = _DOCSTRING.sub(
        "",
        "\n".join(
            [line for line, match in zip(head, imports, strict=True) if match is None]
            + lines[head_end:]
        ),
    )
    kept: list[str] = []
    for line, match in zip(head, imports, strict=True):
        if match is None:
            kept.append(line)
        elif match.group("module"):
            if _used(match.group("module").split(".")[0], usage):
                kept.append(line)
        else:
            pruned = _prune_from_line(line, match.group("names"), usage)
            if pruned:
                kept.append(pruned)
    result = "\n".join(kept + lines[head_end:])
    return re.sub(r"\nif TYPE_CHECKING:\n(?! )", "\n", result)


def _prune_from_line(line: str, names: str, usage: str) -> str:
    parts = [p.strip() for p in names.split(",")]
    used = [p for p in parts if _used(p.split(" as ")[-1].strip(), usage)]
    if not used:
        return ""
    return line[: line.index(" import ") + 8] + ", ".join(used)


def _used(name: str, usage: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}\b", usage) is not None
