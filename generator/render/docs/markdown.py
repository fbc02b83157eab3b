"""The one way a spec string enters Markdown: it can neither inject HTML nor break a table."""

from __future__ import annotations

import re
from typing import Any

# Newlines become spaces (as OpenAPI Generator does): a description can then never start a heading,
# a list, a code fence or a table row of its own.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A lone surrogate cannot be written as UTF-8, so the page could not be saved at all.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
# Characters that would start a block construct when they open the text.
_BLOCK_START = re.compile(r"^([#=_~`\[]|[+\-*](?=\s|$)|\d+[.)](?=\s|$))")

# HTML's own specials, plus what a table cell must not contain.
# The backslash too: an escaped backtick would otherwise shift where Markdown sees code spans.
_TEXT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "\\": "&#92;"}
# GitHub and Python-Markdown both read an escaped pipe as a pipe inside a table cell.
_TABLE_ENTITIES = {**_TEXT_ENTITIES, "|": "\\|"}
_CELL_ENTITIES = {
    **_TEXT_ENTITIES,
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#x60;",
    "=": "&#x3D;",
}


def markdown(value: Any, mode: str = "text") -> str:
    """Spec text for Markdown, on one line.

    ``text``: prose (code spans kept as code spans); ``table``: prose in a table cell;
    ``cell``: a table cell as OpenAPI Generator writes it (the Ruby flavour), where even
    backticks and quotes become entities; ``code``: a comment line inside a fenced code block.
    """
    text = _SURROGATE.sub("\ufffd", _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(value))))
    if mode == "code":
        return text.replace("```", "` ` `")
    if mode == "cell":
        return _drop_unsafe_links(_escape(text, _CELL_ENTITIES))
    if mode not in ("text", "table"):
        raise ValueError(f"unknown markdown mode {mode!r}")
    entities = _TEXT_ENTITIES
    if mode == "table":
        entities = _TABLE_ENTITIES
        text = " ".join(text.split())  # spaces a YAML block left at line ends
    pieces = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(_drop_unsafe_links(_escape(text[last : span.start()], entities)))
        # Markdown escapes a code span's content itself. In a table, a pipe would still end the
        # cell on GitHub (and an escaped one shows its backslash in MkDocs): such a span is text.
        code = span.group()
        pieces.append(_escape(code, _CELL_ENTITIES) if mode == "table" and "|" in code else code)
        last = span.end()
    pieces.append(_drop_unsafe_links(_escape(text[last:], entities)))
    joined = "".join(pieces)
    # Inside a table cell nothing starts a block.
    return joined if mode == "table" else _guard_block_start(joined)


def _escape(text: str, entities: dict[str, str]) -> str:
    return "".join(entities.get(char, char) for char in text)


def _drop_unsafe_links(text: str) -> str:
    """Keep ``[label](target)`` only for web and mail targets; any other link keeps its label.

    Relative and site-absolute targets (``/docs/guides/x``) point into the spec author's website,
    not into these docs; ``javascript:`` and friends must never become a link.
    """
    out = []
    done = 0
    while (middle := text.find("](", done)) >= 0:
        start, end = _label_start(text, middle, done), _target_end(text, middle + 2)
        if start is None or end is None:  # not a link Markdown would see: make sure of it
            out.append(text[done:middle] + "]&#40;")
            done = middle + 2
            continue
        target = text[middle + 2 : end - 1].strip().removeprefix("&lt;").lower()
        kept = target.startswith(_SAFE_SCHEMES)
        out.append(text[done:end] if kept else text[done:start] + text[start + 1 : middle])
        done = end
    return "".join(out) + text[done:]


def _label_start(text: str, middle: int, floor: int) -> int | None:
    depth = 0
    for index in range(middle - 1, floor - 1, -1):
        if text[index] == "]":
            depth += 1
        elif text[index] == "[":
            if depth == 0:
                return index
            depth -= 1
    return None


def _target_end(text: str, begin: int) -> int | None:
    depth = 0
    for index in range(begin, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            if depth == 0:
                return index + 1
            depth -= 1
    return None


def _guard_block_start(text: str) -> str:
    text = text.lstrip(" ")  # four leading spaces would make an indented code block
    if _BLOCK_START.match(text) is None:
        return text
    return f"&#{ord(text[0])};" + text[1:]
