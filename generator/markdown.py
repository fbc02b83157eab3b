"""The one way a spec string enters Markdown: escaped so it can neither inject HTML nor break a table."""

from __future__ import annotations

import re
from typing import Any

# Newlines become spaces (as OpenAPI Generator does): a description can then never start a heading,
# a list, a code fence or a table row of its own.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\t\v\f\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()\s<>]*)>?(?:\s+[^()]*)?\)")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
# Characters that would start a block construct when they open the text.
_BLOCK_START = re.compile(r"^(\s*)([#+\-*=_~\[]|\d+[.)])")

# HTML's own specials, plus what a table cell must not contain.
# The backslash too: an escaped backtick would otherwise shift where Markdown sees code spans.
_TEXT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "\\": "&#92;"}
_CELL_ENTITIES = {**_TEXT_ENTITIES, '"': "&quot;", "'": "&#39;", "`": "&#x60;", "=": "&#x3D;"}


def markdown(value: Any, mode: str = "text") -> str:
    """Spec text for Markdown, on one line.

    ``text``: prose (code spans kept as code spans); ``cell``: a table cell, where even backticks
    and quotes become entities; ``code``: a comment line inside a fenced code block.
    """
    text = _CONTROL.sub("", _LINE_BREAKS.sub(" ", str(value)))
    if mode == "code":
        return text.replace("```", "` ` `")
    if mode == "cell":
        return _escape(_drop_unsafe_links(text), _CELL_ENTITIES)
    if mode != "text":
        raise ValueError(f"unknown markdown mode {mode!r}")
    pieces = []
    last = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(_escape(_drop_unsafe_links(text[last : span.start()]), _TEXT_ENTITIES))
        pieces.append(span.group())  # Markdown escapes a code span's content itself.
        last = span.end()
    pieces.append(_escape(_drop_unsafe_links(text[last:]), _TEXT_ENTITIES))
    return _guard_block_start("".join(pieces))


def _escape(text: str, entities: dict[str, str]) -> str:
    return "".join(entities.get(char, char) for char in text)


def _drop_unsafe_links(text: str) -> str:
    """Keep ``[label](url)`` for web and relative URLs; any other scheme keeps only the label."""

    def check(match: re.Match[str]) -> str:
        url = re.sub(r"[\s\x00-\x20]", "", match.group(2)).lower()
        scheme = re.match(r"^[a-z][a-z0-9+.\-]*:", url)
        if scheme is None or scheme.group().startswith(_SAFE_SCHEMES):
            return match.group()
        return match.group(1)

    return _LINK.sub(check, text)


def _guard_block_start(text: str) -> str:
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    marker = match.group(2)
    return text[: match.start(2)] + f"&#{ord(marker[0])};" + text[match.start(2) + 1 :]
