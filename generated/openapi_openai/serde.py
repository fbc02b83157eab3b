"""Conversions between JSON data and Python values, shared by the generated models."""

from __future__ import annotations

import datetime
import json
import json.scanner
import typing
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeAlias, TypeVar
from urllib.parse import quote, urlencode

import urllib3

from .types import UNSET, UnknownVariant

T = TypeVar("T")

# Built once: json.dumps(..., separators=...) would build a new encoder on every call.
_COMPACT = json.JSONEncoder(separators=(",", ":"))
# The decoder's scanner called straight, without raw_decode's Python frame (C when available).
# Typeshed types make_scanner's argument as a scanner, not the decoder it really takes.
_make_scanner: Any = json.scanner.make_scanner
_SCAN: Callable[[str, int], tuple[Any, int]] = _make_scanner(json.JSONDecoder())
_JSON_SPACE = " \t\n\r"

# from_dict makes its objects without __init__, which would require every required field.
new_object = object.__new__

FileContent: TypeAlias = (
    bytes
    | typing.IO[bytes]
    | tuple[str, bytes | typing.IO[bytes]]
    | tuple[str, bytes | typing.IO[bytes], str]
)
"""A file to upload: its bytes or a binary file object, optionally as (filename, content[, type])."""

__all__ = [
    "DECODE_FAILURES",
    "DecodeError",
    "EncodeError",
    "FileContent",
    "dumps",
    "encode_body",
    "failure_text",
    "field_error",
    "format_date",
    "format_datetime",
    "parse_date",
    "parse_datetime",
    "loads",
    "no_branch",
    "new_object",
    "path_value",
    "present",
    "warn_deprecated",
    "query_pairs",
    "request_data",
    "sending",
    "strictly",
    "trying_branch",
    "to_data",
    "UnknownVariant",
]


class DecodeError(ValueError):
    """JSON data does not fit the type the spec declares; ``pointer`` says where, when known."""

    def __init__(
        self,
        expected: str,
        data: object,
        *,
        pointer: str = "",
        reason: str | None = None,
    ) -> None:
        # The value itself is left out on purpose: it may carry a secret.
        self.expected = expected
        self.pointer = pointer
        self.reason = (
            reason or f"expected {expected}, got a value of type {type(data).__name__}"
        )
        super().__init__(f"at {pointer}: {self.reason}" if pointer else self.reason)


class EncodeError(ValueError):
    """A request value the spec does not allow; raised before anything is sent."""


# What decoding data of the wrong shape raises: a number where a list belongs is a TypeError
# inside the decoder, a huge document a MemoryError. All of them become a DecodeError.
DECODE_FAILURES = (
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    RecursionError,
    MemoryError,
)
# Decoding attempts spent looking for the failing field of a document (on failure only).
_PROBES = 1000


# The one-key objects being decoded to find a failing field: their own failure is passed up
# as it is (probing them again would never end).
_PROBED: ContextVar[tuple[object, ...]] = ContextVar("probed", default=())


def field_error(
    exc: BaseException, decode: Callable[[Any], Any], data: Any, owned: bool
) -> BaseException:
    """``exc``, raised decoding the object ``data``, as a DecodeError naming the failing field.

    The field is found by decoding the object again one key (and one list item) at a time;
    the nested models name the rest of the pointer the same way. ``owned`` data was taken
    apart by the failed decoding, so it cannot be probed: from_json decodes it again.
    """
    probed = _PROBED.get()
    if any(data is item for item in probed):
        return exc
    if not owned and isinstance(data, dict):
        for key, value in list(data.items())[:_PROBES]:
            inner = _failure(decode, {key: value})
            if inner is None:
                continue
            where = "/" + str(key).replace("~", "~0").replace("/", "~1")
            # Into the items only when a list is what the field takes (an empty one decodes).
            if isinstance(value, list) and _failure(decode, {key: []}) is None:
                for index, item in enumerate(value[:_PROBES]):
                    item_failure = _failure(decode, {key: [item]})
                    if item_failure is not None:
                        where, inner = f"{where}/{index}", item_failure
                        break
            return _located(where + getattr(inner, "pointer", ""), inner)
    return exc if isinstance(exc, DecodeError) else _located("", exc)


def failure_text(exc: BaseException) -> str:
    """What a decoding failure says, without the value (it may carry a secret)."""
    return str(exc if isinstance(exc, DecodeError) else _located("", exc))


def _failure(decode: Callable[[Any], Any], data: Any) -> BaseException | None:
    """What ``decode(data)`` raises, or None."""
    token = _PROBED.set((*_PROBED.get(), data))
    try:
        decode(data)
    except DECODE_FAILURES as exc:
        return exc
    finally:
        _PROBED.reset(token)
    return None


def _located(pointer: str, inner: BaseException) -> DecodeError:
    if isinstance(inner, DecodeError):
        return DecodeError(inner.expected, None, pointer=pointer, reason=inner.reason)
    # The message of a TypeError may quote the value: only its kind is kept.
    reason = f"a value of the wrong type or shape ({type(inner).__name__})"
    return DecodeError(
        "a value of the declared type", None, pointer=pointer, reason=reason
    )


def loads(text: str | bytes | bytearray) -> Any:
    """``json.loads`` with the scanner called directly: the same value, the same errors.

    A body is decoded to text once: when the fast path fails, json.loads gets that text.
    """
    source: str | bytes | bytearray
    if type(text) is bytes or isinstance(text, bytes | bytearray):
        try:
            string = text.decode()
        except UnicodeDecodeError:
            # UTF-16/32 or lone surrogates: json.loads detects and reports those.
            return json.loads(text)
        # NULs in the first four bytes are how json.loads tells UTF-16/32 (ASCII in them decodes
        # as UTF-8 too); a UTF-8 BOM it accepts in bytes only.
        source = text if b"\x00" in text[:4] else string.removeprefix("\ufeff")
    elif isinstance(text, str):
        string = source = text
    else:
        return json.loads(text)
    try:
        value, end = _SCAN(string, 0)
    except (ValueError, StopIteration):
        # Leading whitespace, a BOM, an empty text or invalid JSON: json.loads handles or
        # reports it.
        return json.loads(source)
    if end != len(string) and string[end:].strip(_JSON_SPACE):
        return json.loads(source)  # raises "Extra data" with its position
    return value


def dumps(value: Any) -> bytes:
    """Compact JSON bytes (ASCII, no spaces) of JSON data."""
    return _COMPACT.encode(value).encode()


def warn_deprecated(what: str) -> None:
    """Warn, at the caller of the model's constructor, that ``what`` is deprecated."""
    # 1 is this function, 2 __post_init__, 3 the dataclass __init__, 4 the user's call.
    warnings.warn(f"{what} is deprecated", DeprecationWarning, stacklevel=4)


# -- union branches: a branch fits only when every union inside it fits a branch too ---------

# Set while a union tries one of its branches: a union nested in that branch raises instead of
# keeping an UnknownVariant, so the outer union goes on to a branch that fits all through.
_TRYING: ContextVar[bool] = ContextVar("trying_branch", default=False)


def strictly(decode: Callable[[], T]) -> T:
    """``decode()`` with every union inside it strict (a union's branch being tried)."""
    token = _TRYING.set(True)
    try:
        return decode()
    finally:
        _TRYING.reset(token)


def trying_branch() -> bool:
    """Whether a union's branch is being tried (nested unions then keep no unknown value)."""
    return _TRYING.get()


def no_branch(data: Any, expected: str) -> UnknownVariant:
    """What a union makes of data no branch fits: kept as it came, or an error while trying."""
    if _TRYING.get():
        raise DecodeError(expected, data)
    return UnknownVariant(data)


# -- request mode: read-only fields (set by the server) are never sent ----------------------

# A context variable, not a to_dict argument: the mode must reach models nested at any depth,
# through unions and aliases, without a parameter on every encoder. It is per thread and task.
_SENDING: ContextVar[bool] = ContextVar("sending", default=False)


def sending() -> bool:
    """Whether a request body is being encoded (to_dict then leaves read-only fields out)."""
    return _SENDING.get()


def request_data(encode: Callable[[], T]) -> T:
    """``encode()`` run in request mode; API methods encode request bodies this way."""
    token = _SENDING.set(True)
    try:
        return encode()
    finally:
        _SENDING.reset(token)


# -------------------------------------------------------------------------------------------


def present(value: object) -> bool:
    """Whether a required field came with its value (servers sometimes leave one out)."""
    return value is not UNSET


def parse_datetime(value: str) -> datetime.datetime:
    """An RFC 3339 date-time; Python before 3.11 does not read a trailing 'Z'."""
    if not isinstance(value, str):
        raise DecodeError("an RFC 3339 date-time string", value)
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        raise DecodeError("an RFC 3339 date-time string", value) from None


def format_datetime(value: datetime.datetime) -> str:
    """RFC 3339 text of a date-time."""
    return value.isoformat()


def parse_date(value: str) -> datetime.date:
    """An RFC 3339 full-date."""
    if not isinstance(value, str):
        raise DecodeError("an RFC 3339 date string", value)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise DecodeError("an RFC 3339 date string", value) from None


def format_date(value: datetime.date) -> str:
    """RFC 3339 text of a date."""
    return value.isoformat()


def to_data(value: Any) -> Any:
    """JSON data for any generated value (used where a union hides the concrete type)."""
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        if type(value) is UnknownVariant and _SENDING.get():
            # Lenient in what it receives, strict in what it sends.
            raise EncodeError("a value that fits no branch of its union cannot be sent")
        return to_dict()
    if isinstance(value, list) or (isinstance(value, tuple) and not _is_file(value)):
        # A file value, (filename, content[, type]), stays whole for multipart; any other
        # tuple is a prefixItems array.
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)


def path_value(value: Any) -> str:
    """A path parameter, percent-encoded so it cannot add path segments or a query."""
    if isinstance(value, list | tuple):
        return ",".join(quote(_scalar_text(v), safe="") for v in value)
    return quote(_scalar_text(value), safe="")


def query_pairs(
    name: str, value: Any, *, style: str, explode: bool
) -> list[tuple[str, str]]:
    """The query pairs for one parameter in its OpenAPI style; UNSET gives none."""
    if value is UNSET:
        return []
    value = to_data(value)
    if isinstance(value, list):
        if explode and style == "form":
            return [(name, _scalar_text(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, sep.join(_scalar_text(v) for v in value))]
    if isinstance(value, dict):
        if style == "deepObject":
            return [(f"{name}[{k}]", _scalar_text(v)) for k, v in value.items()]
        if explode:
            return [(str(k), _scalar_text(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{_scalar_text(v)}" for k, v in value.items()))]
    return [(name, _scalar_text(value))]


def header_value(value: Any) -> str:
    """A header parameter in the 'simple' style."""
    value = to_data(value)
    if isinstance(value, list):
        return ",".join(_scalar_text(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k},{_scalar_text(v)}" for k, v in value.items())
    return _scalar_text(value)


def _is_file(value: Any) -> bool:
    if isinstance(value, bytes | bytearray) or hasattr(value, "read"):
        return True
    return isinstance(value, tuple) and len(value) in (2, 3) and _is_file(value[1])


def _file_part(name: str, value: Any) -> tuple[str, bytes, str]:
    """(filename, bytes, media type) of a FileContent value."""
    filename, content, media = name, value, "application/octet-stream"
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        media = value[2] if len(value) == 3 else media
    elif hasattr(value, "read"):
        filename = (
            str(getattr(value, "name", name)).replace("\\", "/").rsplit("/", 1)[-1]
        )
    data = content.read() if hasattr(content, "read") else bytes(content)
    return filename, data, media


def _form_text(value: Any) -> str:
    # Objects inside a form travel as JSON text; scalars as their plain text.
    if isinstance(value, dict):
        return _COMPACT.encode(value)
    return _scalar_text(value)


def _multipart(data: dict[str, Any]) -> tuple[bytes, str]:
    fields: list[tuple[str, Any]] = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            if _is_file(item):
                fields.append((name, _file_part(name, item)))
            else:
                fields.append((name, _form_text(to_data(item))))
    return urllib3.encode_multipart_formdata(fields)


def encode_body(
    value: Any, content_type: str, *, bracketed: tuple[str, ...] = ()
) -> tuple[bytes | None, str]:
    """The bytes and Content-Type header of a non-JSON request body.

    ``bracketed``: form fields whose list goes in brackets too (the spec's ``encoding`` says
    deepObject), ``expand[0]=a`` rather than ``expand=a``.
    """
    if value is None:
        return None, content_type
    if _is_file(value):
        return _file_part("body", value)[1], content_type
    if isinstance(value, str):
        return value.encode("utf-8"), content_type
    data = to_data(value)
    if content_type.startswith("multipart/form-data") and isinstance(data, dict):
        return _multipart(data)
    if content_type.startswith("application/x-www-form-urlencoded") and isinstance(
        data, dict
    ):
        pairs: list[tuple[str, str]] = []
        for name, item in data.items():
            plain = isinstance(item, list) and not any(
                isinstance(v, dict | list) for v in item
            )
            if plain and name not in bracketed:
                pairs += query_pairs(name, item, style="form", explode=True)  # a=1&a=2
            else:
                pairs += _bracketed(name, item)
        return urlencode(pairs).encode("ascii"), content_type
    return dumps(data), content_type


def _bracketed(name: str, value: Any) -> list[tuple[str, str]]:
    """Form pairs of a value, nested ones in brackets to any depth: ``a[b][0][c]=v``.

    deepObject stops at one level; Stripe (and Rails, PHP, qs) read the brackets deeper,
    where a flat encoding would send an object's Python text.
    """
    if isinstance(value, dict):
        return [
            pair for k, v in value.items() for pair in _bracketed(f"{name}[{k}]", v)
        ]
    if isinstance(value, list):
        return [
            pair for i, v in enumerate(value) for pair in _bracketed(f"{name}[{i}]", v)
        ]
    return [(name, _scalar_text(value))]
