"""serde.loads parses faster than json.loads; it must give the same value or the same error."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rt_support import openapi_openai

CASES: list[Any] = [
    b'{"a":[1,2.5,"x",null,true,false],"b":{"c":"\\u00e9"}}',
    '{"a": 1}',
    b"[1, 2]\n",
    b"  {}",
    "{} \t\r\n",
    b"\xef\xbb\xbf{}",  # UTF-8 BOM: json.loads accepts it in bytes
    "\ufeff{}",  # and refuses it in str
    '{"a": 1}'.encode("utf-16"),
    '{"a": 1}'.encode("utf-32-le"),
    b'"\xed\xa0\x80"',  # a lone surrogate, encoded
    b'{"a": 1} x',
    b"{} {}",
    b"",
    b"   ",
    b"[1,]",
    b"{",
    b"NaN",
    b"[Infinity, -Infinity]",
    b"3",
    "\u00e9",
    bytearray(b'{"a": 1}'),
    memoryview(b"{}"),
    12,
    None,
]


def _outcome(parse: Any, text: Any) -> tuple[str, Any]:
    try:
        return "value", repr(parse(text))
    except Exception as exc:  # the exception itself is what is compared
        return type(exc).__name__, str(exc)


def _case_id(text: Any) -> str:
    # memoryview's repr holds an address: ids must be the same in every xdist worker.
    return f"memoryview({bytes(text)!r})" if isinstance(text, memoryview) else repr(text)


@pytest.mark.parametrize("text", CASES, ids=_case_id)
def test_loads_behaves_like_json_loads(text: Any) -> None:
    serde = openapi_openai().serde
    assert _outcome(serde.loads, text) == _outcome(json.loads, text)


def test_dumps_is_compact_ascii_json() -> None:
    serde = openapi_openai().serde
    value = {"a": [1, "é", None], "b": {"c": True}}
    assert serde.dumps(value) == json.dumps(value, separators=(",", ":")).encode("ascii")
