"""Template filters that lay code out the way black would, where ruff would lay it out otherwise.

The generated code is formatted with ruff, whose output must be byte-identical to black's. The
two differ only on a few shapes of over-long line; for those the templates emit black's layout
themselves (explicit parentheses, closing quotes on their own line), which both then keep.
"""

from __future__ import annotations

LINE_LENGTH = 88
_BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def argument(expr: str) -> str:
    """A call argument: a conditional expression in parentheses (black adds them on a split)."""
    if " if " not in expr or len(_split_top_level(expr, " if ")) == 1:
        return expr
    return f"({expr})"


def parameter(param: str, indent: int) -> str:
    """``name: hint = default`` with the hint in parentheses when the line would be too long.

    Black parenthesizes a too-long union hint (``a: (A | ADict) = UNSET,``) and takes the
    parentheses off any other hint; ruff keeps what it is given.
    """
    head, sep, default = param.rpartition(" = ")
    if not sep or not (default.isidentifier() or default == "..."):
        head, default = param, ""
    name, colon, hint = head.partition(": ")
    too_long = indent + len(param) + len(",") > LINE_LENGTH
    if not (colon and too_long and len(_split_top_level(hint, " | ")) > 1):
        return param
    return f"{name}: ({hint}) = {default}" if default else f"{name}: ({hint})"


def docstring_end(text: str, indent: int) -> str:
    """An escaped docstring's text with the end black gives it.

    Black puts the closing quotes of a multi-line docstring on their own line when the last
    line is too long, ruff does not: here they always get their own line. A one-line
    docstring ending in an (escaped) quote gets a space before the closing quotes from black
    only, so that quote is written as a hex escape.
    """
    if "\n" in text.strip():
        return text + "\n" + " " * indent
    if text.endswith('\\"'):
        return text[:-2] + "\\x22"
    return text


def alias_value(hint: str, name: str) -> str:
    """The right-hand side of ``name: TypeAlias = "hint"``, quoted.

    Black wraps an over-long string in parentheses even when it still does not fit; ruff
    leaves it. Split at ``|`` into implicitly concatenated pieces, both keep the same layout.
    """
    quoted = repr(hint)
    if len(f"{name}: TypeAlias = {quoted}") <= LINE_LENGTH or len(quoted) + 4 <= LINE_LENGTH:
        return quoted
    pieces = [""]
    for index, member in enumerate(hint.split(" | ")):
        part = member if index == 0 else " | " + member
        if pieces[-1] and len(repr(pieces[-1] + part)) + 4 > LINE_LENGTH:
            pieces.append(part)
        else:
            pieces[-1] += part
    body = "".join(f"\n    {piece!r}" for piece in pieces)
    return f"({body}\n)"


def return_check(expr: str, indent: int) -> str:
    """``return expr``; an or-chain of two checks, one too long for its own line, as an if.

    Black splits such a pair inside the calls rather than around ``or``; ruff does not.
    """
    operands = _split_top_level(expr, " or ")
    room = LINE_LENGTH - indent - len("    or ")
    if len(operands) != 2 or all(len(operand) <= room for operand in operands):
        return f"return {expr}"
    first, second = operands
    pad = " " * indent
    return f"if {first}:\n{pad}    return True\n{pad}return {second}"


def _split_top_level(expr: str, separator: str) -> list[str]:
    """``expr`` split at ``separator`` outside every bracket and string literal."""
    parts = []
    depth = 0
    quote = ""
    start = index = 0
    while index < len(expr):
        char = expr[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in _BRACKETS:
            depth += _BRACKETS[char]
        elif depth == 0 and expr.startswith(separator, index):
            parts.append(expr[start:index])
            index += len(separator)
            start = index
            continue
        index += 1
    parts.append(expr[start:])
    return parts
