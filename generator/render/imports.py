"""Drop the imports a rendered module never uses (templates import every candidate)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator

_IMPORT_LINE = re.compile(
    r"^(?P<indent>\s*)(?:import (?P<module>[\w.]+)|from [\w.]+ import (?P<names>.+?))\s*$"
)
# A use is a whole word not preceded by a dot (``x.name`` is an attribute, not the import).
_EMPTY_TYPE_CHECKING = re.compile(r"\nif TYPE_CHECKING:\n(?! )")
_WORD = re.compile(r"(?<![\w.])\w+")
# A template's comment may name anything ("every field as a keyword"): it is not a use.
_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.MULTILINE)
_STATEMENT_START = {tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
# The fields of a statement that hold further statements (handlers and cases hold them too).
_BLOCKS = ("body", "orelse", "finalbody")


def prune_imports(text: str) -> str:
    """Drop imported names the module never uses."""
    pruned, emptied_block = _prune_once(text)
    # Dropping the last TYPE_CHECKING import empties its block, which frees TYPE_CHECKING.
    return _prune_once(pruned)[0] if emptied_block else pruned


def _prune_once(text: str) -> tuple[str, bool]:
    """The pruned text, and whether an emptied ``if TYPE_CHECKING:`` line went with it."""
    lines = text.split("\n")
    # Imports end where the module's own names begin (``__all__``, or the first definition).
    head_end = next(
        (i for i, line in enumerate(lines) if line.startswith(("__all__", "def ", "class ", "@"))),
        0,
    )
    head = lines[:head_end]
    imports = [_IMPORT_LINE.match(line) if "__future__" not in line else None for line in head]
    # An import line becomes ``pass``: the text still parses (a TYPE_CHECKING block keeps a
    # body) and ``pass`` can never be the name of an import.
    usage = _without_docstrings(
        "\n".join(
            [
                line if match is None else match.group("indent") + "pass"
                for line, match in zip(head, imports, strict=True)
            ]
            + lines[head_end:]
        )
    )
    usage = _COMMENT_LINE.sub("", usage)
    words = set(_WORD.findall(usage))
    kept: list[str] = []
    for line, match in zip(head, imports, strict=True):
        if match is None or (match.group("names") or "").startswith("("):
            # Not an import, or a parenthesised one spread over lines: left as it is.
            kept.append(line)
        elif match.group("module"):
            if _used(match.group("module").split(".")[0], words, usage):
                kept.append(line)
        else:
            pruned = _prune_from_line(line, match.group("names"), words, usage)
            if pruned:
                kept.append(pruned)
    # A dropped import between two blank lines leaves a double gap isort would flag; the
    # formatter puts back the two lines a definition needs.
    kept = [line for i, line in enumerate(kept) if line or i == 0 or kept[i - 1]]
    result = "\n".join(kept + lines[head_end:])
    pruned, emptied = _EMPTY_TYPE_CHECKING.subn("\n", result)
    return pruned, emptied > 0


def _prune_from_line(line: str, names: str, words: set[str], usage: str) -> str:
    parts = [p.strip() for p in names.split(",")]
    used = [p for p in parts if _used(p.split(" as ")[-1].strip(), words, usage)]
    if not used:
        return ""
    return line[: line.index(" import ") + 8] + ", ".join(used)


def _used(name: str, words: set[str], usage: str) -> bool:
    if name.isidentifier():
        return name in words
    # Not one word (a malformed line): the search the word set stands for.
    return re.search(rf"(?<![\w.]){re.escape(name)}\b", usage) is not None


def _without_docstrings(text: str) -> str:
    """The text with every docstring blanked.

    Docstrings may mention any word, so they do not count as a use of an import. A regex for
    them is fooled by code such as ``Literal['\"\"\"']`` (an enum value from a spec), which then
    hides real uses and drops imports the module needs. The parser finds them ten times faster
    than the tokenizer, which remains for text the parser refuses.
    """
    spans = _docstring_spans_parsed(text)
    if spans is None:
        spans = _docstring_spans_tokenized(text)
    for begin, end in reversed(spans):
        text = text[:begin] + '""' + text[end:]
    return text


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _docstring_spans_parsed(text: str) -> list[tuple[int, int]] | None:
    """Where each string statement is, as character offsets; None if ``text`` does not parse.

    A string statement is one string token alone on its logical line, which is what the
    tokenizer below looks for.
    """
    if "\r" in text or "\f" in text:
        return None  # line breaks the parser counts and ``split("\n")`` does not
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return None
    lines = text.split("\n")
    starts = _line_starts(text)
    spans = []
    for node in _statements(tree.body):
        value = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(value, ast.Constant | ast.JoinedStr):
            continue
        if value.end_lineno is None or value.end_col_offset is None:
            continue
        first, last = lines[value.lineno - 1], lines[value.end_lineno - 1]
        # The parser counts columns in UTF-8 bytes.
        begin = len(first.encode()[: value.col_offset].decode())
        end = len(last.encode()[: value.end_col_offset].decode())
        rest = last[end:].strip()
        if first[:begin].strip() or (rest and not rest.startswith("#")):
            continue  # shares its line with other code: not a statement of its own
        begin += starts[value.lineno - 1]
        end += starts[value.end_lineno - 1]
        if _is_one_string_token(text[begin:end]):
            spans.append((begin, end))
    return sorted(spans)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included; expressions are not entered (ast.walk would)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        blocks = [getattr(node, name, []) for name in _BLOCKS]
        blocks += [handler.body for handler in getattr(node, "handlers", [])]
        blocks += [case.body for case in getattr(node, "cases", [])]
        for block in reversed(blocks):
            stack.extend(reversed(block))


# One string literal, prefix included: the usual docstring, settled without the tokenizer,
# whose patterns take ~3 ms to compile in each run that re-renders a module. Not f-strings:
# from Python 3.12 the tokenizer splits them, so it keeps deciding those.
_LITERAL_BODIES = (
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'(?:[^'\\\n]|\\.)*'",
    r'"(?:[^"\\\n]|\\.)*"',
)
_ONE_STRING_LITERAL = re.compile(
    r"(?:[rR][bB]?|[bB][rR]?|[uU])?(?:" + "|".join(_LITERAL_BODIES) + ")", re.DOTALL
)


def _is_one_string_token(source: str) -> bool:
    """Whether ``source`` is a single string literal (not ``"a" "b"``, not a number)."""
    return _ONE_STRING_LITERAL.fullmatch(source) is not None or _tokenized_as_one_string(source)


def _tokenized_as_one_string(source: str) -> bool:
    try:
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(source).readline)
            if t.type not in {tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER}
        ]
    except (tokenize.TokenError, SyntaxError):
        return False
    return len(tokens) == 1 and tokens[0].type == tokenize.STRING


def _docstring_spans_tokenized(text: str) -> list[tuple[int, int]]:
    """Where each string statement is, found by the tokenizer (no spans if it fails)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    starts = _line_starts(text)
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
    return spans
