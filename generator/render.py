"""IR -> {relative path: text}: Jinja2 templates plus the runtime files copied as they are."""

from __future__ import annotations

import io
import math
import re
import tokenize
from pathlib import Path
from typing import Any

import jinja2

from . import ir, layout, render_tests
from .jinja_cache import strict_environment
from .render_docs import render_docs

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_STATIC_RUNTIME = (
    "api_client.py",
    "exceptions.py",
    "redact.py",
    "retries.py",
    "serde.py",
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


def environment(user_templates: Path | None, cache_dir: Path | None = None) -> jinja2.Environment:
    """The Jinja environment: strict, no autoescape (we emit Python and Markdown, not HTML)."""
    roots = [user_templates] if user_templates else []
    env = strict_environment([*roots, TEMPLATES], cache_dir)
    env.filters.update(pyrepr=pyrepr, docstring=docstring, comment=comment, tomlstr=tomlstr)
    env.filters.update(
        argument=layout.argument, parameter=layout.parameter, return_check=layout.return_check
    )
    return env


def render_client(
    client: ir.Client, *, user_templates: Path | None = None, cache_dir: Path | None = None
) -> dict[str, str]:
    """Every file of the generated project, keyed by its path relative to the output folder."""
    env = environment(user_templates, cache_dir)
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
    files[f"{pkg}/api/__init__.py"] = render(
        "python/subpackage_init.py.jinja", title="API classes."
    )
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
    config_py = files[f"{pkg}/configuration.py"]  # the docs state its retry and timeout defaults
    files.update(
        render_docs(
            client,
            configuration_source=config_py,
            user_templates=user_templates,
            cache_dir=cache_dir,
        )
    )
    files.update(render_tests.render_tests(client, env))  # the suite shipped in tests/ (issue 6)
    return files


def _static(user_templates: Path | None, name: str) -> str:
    for root in (user_templates, TEMPLATES):
        if root is not None and (root / "static" / name).is_file():
            return (root / "static" / name).read_text(encoding="utf-8")
    raise FileNotFoundError(name)


_IMPORT_LINE = re.compile(
    r"^(?P<indent>\s*)(?:import (?P<module>[\w.]+)|from [\w.]+ import (?P<names>.+?))\s*$"
)


def prune_imports(text: str) -> str:
    """Drop imported names the module never uses (templates import every candidate)."""
    # Twice: dropping the last TYPE_CHECKING import empties its block, which frees TYPE_CHECKING.
    return _prune_once(_prune_once(text))


def _prune_once(text: str) -> str:
    lines = text.split("\n")
    # Imports end where the module's own names begin (``__all__``, or the first definition).
    head_end = next(
        (i for i, line in enumerate(lines) if line.startswith(("__all__", "def ", "class ", "@"))),
        0,
    )
    head = lines[:head_end]
    imports = [_IMPORT_LINE.match(line) if "__future__" not in line else None for line in head]
    usage = _without_docstrings(
        "\n".join(
            [line for line, match in zip(head, imports, strict=True) if match is None]
            + lines[head_end:]
        )
    )
    kept: list[str] = []
    for line, match in zip(head, imports, strict=True):
        if match is None or (match.group("names") or "").startswith("("):
            # Not an import, or a parenthesised one spread over lines: left as it is.
            kept.append(line)
        elif match.group("module"):
            if _used(match.group("module").split(".")[0], usage):
                kept.append(line)
        else:
            pruned = _prune_from_line(line, match.group("names"), usage)
            if pruned:
                kept.append(pruned)
    # A dropped import between two blank lines leaves a double gap isort would flag; black puts
    # back the two lines a definition needs.
    kept = [line for i, line in enumerate(kept) if line or i == 0 or kept[i - 1]]
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


_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def _without_docstrings(text: str) -> str:
    """The text with every docstring blanked, found by the tokenizer.

    Docstrings may mention any word, so they do not count as a use of an import. A regex for
    them is fooled by code such as ``Literal['\"\"\"']`` (an enum value from a spec), which then
    hides real uses and drops imports the module needs.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return text
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    spans: list[tuple[int, int]] = []
    previous = tokenize.NEWLINE
    significant = [t for t in tokens if t.type not in {tokenize.COMMENT, tokenize.NL}]
    for tok, following in zip(significant, [*significant[1:], None], strict=True):
        if (
            tok.type == tokenize.STRING
            and previous in _STATEMENT_START
            and following is not None
            and following.type == tokenize.NEWLINE
        ):
            spans.append(
                (
                    starts[tok.start[0] - 1] + tok.start[1],
                    starts[tok.end[0] - 1] + tok.end[1],
                )
            )
        previous = tok.type
    for begin, end in reversed(spans):
        text = text[:begin] + '""' + text[end:]
    return text
