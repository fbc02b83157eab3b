"""The one way a spec string enters Markdown: it can neither inject HTML nor break a table."""

from __future__ import annotations

import re
from typing import Any

# Newlines become spaces (as OpenAPI Generator does): a description can then never start a heading,
# a list, a code fence or a table row of its own.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
# Applied after escaping, so an opening ``<`` of the target is already ``&lt;``.
_LINK_TARGET = re.compile(r"\]\(\s*(?:&lt;)?([^\s&)]*)")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
# Characters that would start a block construct when they open the text.
_BLOCK_START = re.compile(r"^([#=_~`\[]|[+\-*](?=\s|$)|\d+[.)](?=\s|$))")

# HTML's own specials, plus what a table cell must not contain.
# The backslash too: an escaped backtick would otherwise shift where Markdown sees code spans.
_TEXT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "\\": "&#92;"}
_CELL_ENTITIES = {
    **_TEXT_ENTITIES,
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#x60;",
    "=": "&#x3D;",
}


def markdown(value: Any, mode: str = "text") -> str:
    """Spec text for Markdown, on one line.

    ``text``: prose (code spans kept as code spans); ``cell``: a table cell, where even backticks
    and quotes become entities; ``code``: a comment line inside a fenced code block.
    """
    text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(value)))
    if mode == "code":
        return text.replace("```", "` ` `")
    if mode == "cell":
        return _drop_unsafe_links(_escape(text, _CELL_ENTITIES))
    if mode != "text":
        raise ValueError(f"unknown markdown mode {mode!r}")
    pieces = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(
            _drop_unsafe_links(_escape(text[last : span.start()], _TEXT_ENTITIES))
        )
        pieces.append(span.group())  # Markdown escapes a code span's content itself.
        last = span.end()
    pieces.append(_drop_unsafe_links(_escape(text[last:], _TEXT_ENTITIES)))
    return _guard_block_start("".join(pieces))


def _escape(text: str, entities: dict[str, str]) -> str:
    return "".join(entities.get(char, char) for char in text)


def _drop_unsafe_links(text: str) -> str:
    """Break ``[label](target)`` unless the target is a web, mail or relative URL.

    Only the ``](`` is touched (its parenthesis becomes an entity), so no URL parsing is needed:
    whatever the target's parentheses or spacing, Markdown no longer sees a link.
    """

    def check(match: re.Match[str]) -> str:
        scheme = re.match(r"[a-z][a-z0-9+.\-]*:", match.group(1).lower())
        if scheme is None or scheme.group().startswith(_SAFE_SCHEMES):
            return match.group()
        return "]&#40;" + match.group()[2:]

    return _LINK_TARGET.sub(check, text)


def _guard_block_start(text: str) -> str:
    text = text.lstrip(" ")  # four leading spaces would make an indented code block
    if _BLOCK_START.match(text) is None:
        return text
    return f"&#{ord(text[0])};" + text[1:]
