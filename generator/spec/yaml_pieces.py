"""YAML parsed piece by piece, each piece kept in the cache (issue 7).

Editing one description of the 3 MB OpenAI document re-parsed all of it (0.8 s, a third of a
warm run). A block mapping is cut into its entries: the lines starting at its own indent. Each
piece is parsed on its own and kept by the digest of its text, so a warm run parses only the
pieces whose text changed. Cutting there is safe because an entry that parses on its own closes
every quote, flow collection and block scalar it opens, and a line back at the mapping's indent
ends every nested block node: the joint parse reads the same entries. Anything this does not
cover (aliases, directives, other line breaks, tabs in indentation, sequences, a piece that does
not parse alone) is parsed whole, as before.
"""

from __future__ import annotations

import hashlib
import marshal
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Levels of nested mappings cut into pieces: the top level, then paths and components, then
# each path and each kind of component.
LEVELS = 3
# Document markers and directives, NEL, LS, PS and CR (libyaml breaks lines there too), and
# tabs in indentation: whole-document parsing only. Found with plain substring searches: one
# regular expression with these alternatives took 50 ms on a 3 MB document.
_ODD_CHARACTERS = ("\r", "\x85", "\u2028", "\u2029", "\ufeff")
_LINE_STARTS = ("---", "...", "%")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
# A line at the mapping's indent that does not start a plain or quoted key.
_NOT_A_KEY = ("- ", "? ", ": ", "[", "{", "|", ">")

Parse = Callable[[str], Any]


@dataclass(slots=True)
class Pieces:
    """Parsed pieces by the SHA-256 of their text: those kept from before, and those used now."""

    known: dict[str, Any]
    used: dict[str, Any]


def parse_in_pieces(text: str, parse: Parse, pieces: Pieces) -> dict[str, Any] | None:
    """The document, from its pieces (parsed with ``parse`` or known); None: parse it whole."""
    if _unsplittable(text):
        return None
    lines = text.split("\n")
    return _Cutter(lines, parse, pieces).mapping(0, len(lines), 0, LEVELS)


def _unsplittable(text: str) -> bool:
    return (
        any(character in text for character in _ODD_CHARACTERS)
        or text.startswith(_LINE_STARTS)
        or any("\n" + start in text for start in _LINE_STARTS)
        or ("\t" in text and _TAB_INDENT.search(text) is not None)
    )


@dataclass(slots=True)
class _Cutter:
    lines: list[str]
    parse: Parse
    pieces: Pieces

    def mapping(self, start: int, end: int, indent: int, levels: int) -> dict[str, Any] | None:
        """The mapping at ``indent`` in lines ``start:end``, entry by entry."""
        bounds = _entries(self.lines, start, end, indent)
        if bounds is None:
            return None
        merged: dict[str, Any] = {}
        for first, key_line, last in bounds:
            part = self.entry(first, key_line, last, indent=indent, levels=levels)
            if part is None:
                return None
            merged.update(part)  # a repeated key keeps its first place and its last value
        return merged

    def entry(
        self, first: int, key_line: int, last: int, *, indent: int, levels: int
    ) -> dict[str, Any] | None:
        """One entry: cut further when it is a bare key over a deeper mapping, else one piece."""
        body_indent = _body_indent(self.lines, key_line + 1, last)
        # Only a bare ``key:`` opens the deeper lines: after ``key: null`` they would continue
        # the scalar (an error), not form its value.
        bare = self.lines[key_line].rstrip().endswith(":")
        if bare and levels > 1 and body_indent is not None and body_indent > indent:
            head = self.leaf(first, key_line + 1)
            if head is not None and len(head) == 1 and next(iter(head.values())) is None:
                body = self.mapping(key_line + 1, last, body_indent, levels - 1)
                if body is not None:
                    return {next(iter(head)): body}
        return self.leaf(first, last)

    def leaf(self, start: int, end: int) -> dict[str, Any] | None:
        """Lines ``start:end`` parsed on their own, or as they were parsed before."""
        text = "\n".join(self.lines[start:end]) + "\n"
        name = hashlib.sha256(text.encode()).hexdigest()
        # A text seen twice in one document is parsed again: no two places share one object.
        value = self.pieces.known.get(name) if name not in self.pieces.used else None
        if value is None:
            value = self.parse(text)
            if not isinstance(value, dict):
                return None
        self.pieces.used.setdefault(name, value)
        return value


def _entries(
    lines: list[str], start: int, end: int, indent: int
) -> list[tuple[int, int, int]] | None:
    """(first line, key line, end) of each entry; None when this is not a mapping at ``indent``.

    A piece ends right before the next key line: blank lines stay with the block scalar they
    may belong to (``|+`` keeps them), comments carry no data.
    """
    keys: list[int] = []
    deeper = " " * (indent + 1)  # most lines: settled by one prefix test, nothing else
    for number in range(start, end):
        line = lines[number]
        if line.startswith(deeper):
            continue
        content = line.lstrip(" ")
        if not content or content.startswith("#"):
            continue
        column = len(line) - len(content)
        if column < indent:
            return None
        if column == indent:
            if keys and (content.startswith("- ") or content == "-"):
                continue  # a sequence may sit at its key's indent: it is that key's value
            if content.startswith(_NOT_A_KEY) or content in ("-", "?", ":"):
                return None
            keys.append(number)
    if not keys:
        return None
    firsts = [start, *keys[1:]]
    ends = [*keys[1:], end]
    return list(zip(firsts, keys, ends, strict=True))


def _body_indent(lines: list[str], start: int, end: int) -> int | None:
    for number in range(start, end):
        content = lines[number].lstrip(" ")
        if content and not content.startswith("#"):
            return len(lines[number]) - len(content)
    return None


def load_known(data: bytes | None) -> dict[str, Any]:
    """The pieces a cache entry holds; nothing for a missing or damaged one."""
    if data is None:
        return {}
    try:
        known = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(known, dict):
        return {}
    return {k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, dict)}


def dump_used(pieces: Pieces) -> bytes:
    """The pieces to keep: those of this document that marshal (a date, for one, does not)."""
    kept = {}
    for name, value in pieces.used.items():
        try:
            marshal.dumps(value)
        except ValueError:
            continue
        kept[name] = value
    return marshal.dumps(kept)
