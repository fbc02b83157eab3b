"""Spec prose for docstrings and doc tables: the first sentence, and whole descriptions wrapped."""

from __future__ import annotations

import re
import textwrap

# A list item or a fenced block starts a new block even without a blank line before it.
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|```|#)")
# Where a sentence may end: its mark, closing quotes or brackets, then space and a capital,
# a digit or the opening of code, a quote or a bracket (lower case goes on: "e.g. foo").
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(?=\s+[A-Z0-9`\"'(\[*_])")
# Words whose period does not end a sentence.
_ABBREVIATIONS = frozenset({"e.g", "i.e", "etc", "vs", "cf", "approx", "incl", "eg", "ie", "no"})


def first_paragraph(text: str) -> str:
    """The text up to its first blank line or block (list, fence), on one line."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip() or (lines and _BLOCK_START.match(line)):
            break
        lines.append(line.strip())
    return " ".join(" ".join(lines).split())


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (the whole first paragraph when none ends inside it)."""
    paragraph = first_paragraph(text)
    for mark in _SENTENCE_END.finditer(paragraph):
        before = paragraph[: mark.start()]
        word = before.rsplit(" ", 1)[-1].lstrip("(\"'`")
        initial = len(word) == 1 and word.isupper()
        if before.count("`") % 2 or word.lower() in _ABBREVIATIONS or initial:
            continue  # inside code, an abbreviation, or an initial
        return paragraph[: mark.end()]
    return paragraph


def summary_and_body(text: str, summary: str = "") -> tuple[str, str]:
    """A docstring's summary line (the first sentence of ``summary``, else of ``text``) and the
    whole of ``text`` after it.

    When the line is the description's own first sentence, the body goes on after it, so
    nothing is said twice and nothing is left out.
    """
    text = text.strip()
    line = first_sentence(summary) or first_sentence(text)
    paragraph = first_paragraph(text)
    if not paragraph.startswith(line):
        return line, text
    rest_of_paragraph = paragraph[len(line) :].strip()
    later = _after_first_paragraph(text)
    filled = textwrap.fill(rest_of_paragraph, 80, break_long_words=False, break_on_hyphens=False)
    body = "\n\n".join(part for part in (filled, later) if part)
    return line, body


def hanging(name: str, text: str, *, width: int = 84) -> str:
    """``    name: text`` with the whole text wrapped, continuation lines indented four more."""
    words = " ".join(text.split())
    if not words:
        return f"    {name}:"
    return textwrap.fill(
        f"{name}: {words}",
        width=width,
        initial_indent=" " * 4,
        subsequent_indent=" " * 8,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _after_first_paragraph(text: str) -> str:
    """What follows the first paragraph, as written."""
    lines = text.strip().splitlines()
    for index, line in enumerate(lines):
        if index and (not line.strip() or _BLOCK_START.match(line)):
            return "\n".join(lines[index:]).strip()
    return ""
