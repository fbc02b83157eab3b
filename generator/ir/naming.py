"""Turn spec names into safe, predictable Python names."""

from __future__ import annotations

import builtins
import functools
import hashlib
import keyword
import re
import unicodedata

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")

RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
# Names the generated modules import themselves; a model or field by that name would shadow them.
RUNTIME_NAMES = frozenset(
    {
        "Any",
        "Literal",
        "Unset",
        "UNSET",
        "TYPE_CHECKING",
        "annotations",
        "dataclass",
        "field",
        "datetime",
        "date",
        "serde",
        "typing",
        # A parameter or field by these names would clash with the method's own arguments.
        "self",
        "cls",
    }
)


# Symbols spelled out as hand-written SDKs do (githubkit's "+1" -> plus_one, twilio-python's
# "EndTime<" -> end_time_before); the README's naming table lists them. Anything else that is
# not a letter or digit ("-", "_", ".", "[]", "$", spaces) only separates words.
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_SIGNED_NUMBER = re.compile(r"([+-])(\d+)")
_TRAILING = re.compile(r"(?<=[0-9A-Za-z])(<=|>=|<|>)$")
_TRAILING_WORDS = {"<=": "on or before", ">=": "on or after", "<": "before", ">": "after"}
_SYMBOLS = re.compile(r"<=|>=|!=|[<>=+@%&]|^-")
_SYMBOL_WORDS = {
    "<=": "lte",
    ">=": "gte",
    "!=": "ne",
    "<": "lt",
    ">": "gt",
    "=": "eq",
    "+": "plus",
    "-": "minus",
    "@": "at",
    "%": "percent",
    "&": "and",
}


def spell_symbols(text: str) -> str:
    """``+1`` -> ``plus one``, ``EndTime<`` -> ``EndTime before``, ``>1y`` -> ``gt 1y``."""
    signed = _SIGNED_NUMBER.fullmatch(text)
    if signed and int(signed[2]) < len(_NUMBER_WORDS):
        return f"{_SYMBOL_WORDS[signed[1]]} {_NUMBER_WORDS[int(signed[2])]}"
    trailing = _TRAILING.search(text)
    if trailing:
        text = f"{text[: trailing.start()]} {_TRAILING_WORDS[trailing[0]]}"
    return _SYMBOLS.sub(lambda m: f" {_SYMBOL_WORDS[m[0]]} ", text)


def suffix(basis: str) -> str:
    """Six hex digits of SHA-256 of ``basis``: a disambiguator no other part of the spec moves."""
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:6]


def _ascii_words(text: str) -> list[str]:
    # NFKD turns "é" into "e" + accent, so non-ASCII names keep their readable part.
    text = spell_symbols(text)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    spaced = _WORD_BOUNDARY.sub(" ", folded)
    return [w for w in _NON_WORD.split(spaced) if w]


# Names repeat across a document (every ``type``, ``id``, ``object`` property): compute once.
@functools.lru_cache(maxsize=1 << 16)
def snake(text: str) -> str:
    """``createRealtimeSession`` / ``create-realtime-session`` -> ``create_realtime_session``."""
    words = _ascii_words(text)
    return "_".join(w.lower() for w in words)


@functools.lru_cache(maxsize=1 << 16)
def pascal(text: str) -> str:
    """``turn_detection`` -> ``TurnDetection``; existing capitals are kept."""
    return "".join(w[0].upper() + w[1:] for w in _ascii_words(text))


def _fallback(text: str) -> str:
    # A name with no ASCII letters still needs a stable, distinct identifier.
    return "x" + "".join(f"{ord(c):x}" for c in text)[:32]


def identifier(text: str) -> str:
    """A snake_case Python identifier for a property or parameter name."""
    name = snake(text) or _fallback(text)
    if name[0].isdigit():
        name = "n" + name
    if name in RESERVED or name in RUNTIME_NAMES or name.startswith("_"):
        name += "_"
    return name


def class_name(text: str) -> str:
    """A PascalCase class name for a schema."""
    name = pascal(text) or _fallback(text).upper()
    if name[0].isdigit():
        name = "N" + name
    if name in RESERVED or name in RUNTIME_NAMES:
        name += "_"
    return name


# Windows opens these devices whatever the extension: "con.py" cannot be a file there.
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)}
)


def module_name(class_name_: str) -> str:
    """The module (and file) name for a class: lowercase ASCII, digits and underscores only."""
    name = snake(class_name_) or "model"
    if name[0].isdigit():
        name = "m" + name
    if keyword.iskeyword(name) or name in _WINDOWS_DEVICES:
        name += "_"
    return name


def natural_key(text: str) -> list[str | int]:
    """Sort key reading digit runs as numbers (``one_of2`` before ``one_of10``), as isort does."""
    return [int(t) if i % 2 else t for i, t in enumerate(re.split(r"(\d+)", text))]


def natural_pair_key(pair: tuple[str, str]) -> tuple[list[str | int], list[str | int]]:
    """:func:`natural_key` of both members of a (module, name) pair."""
    return natural_key(pair[0]), natural_key(pair[1])


def isort_key(name: str) -> tuple[int, list[str | int]]:
    """The order ruff's isort gives imported names: CONSTANTS, Classes, others; case folded."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, natural_key(name.lower())
