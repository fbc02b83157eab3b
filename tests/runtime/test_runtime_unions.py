"""The shipped client on loopback: a value newer than the spec is kept, never sent (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import json_response, openapi_openai, serve_sequence, session_json, session_request

pkg = openapi_openai()


def test_a_value_no_branch_fits_is_kept_and_round_trips(server: HTTPServer, realtime: Any) -> None:
    # max_response_output_tokens is ``int | "inf"``; a server may one day send something else.
    body = {**session_json(), "max_response_output_tokens": {"soft": 100, "hard": 200}}
    serve_sequence(server, [json_response(200, body)])
    session = realtime.create_realtime_session(session_request())
    value = session.max_response_output_tokens
    assert isinstance(value, pkg.UnknownVariant)
    assert value.data == {"soft": 100, "hard": 200}
    assert session.to_dict() == body
    assert "200" not in repr(value)  # the shape is shown, not the values


def test_known_branches_still_decode(server: HTTPServer, realtime: Any) -> None:
    answers = [
        json_response(200, {**session_json(), "max_response_output_tokens": v}) for v in (7, "inf")
    ]
    serve_sequence(server, answers)
    assert realtime.create_realtime_session(session_request()).max_response_output_tokens == 7
    assert realtime.create_realtime_session(session_request()).max_response_output_tokens == "inf"


def test_the_kept_value_is_refused_in_a_request(server: HTTPServer, realtime: Any) -> None:
    request = session_request()
    request.max_response_output_tokens = pkg.UnknownVariant({"soft": 100})
    with pytest.raises(pkg.serde.EncodeError):
        realtime.create_realtime_session(request)
    request.max_response_output_tokens = "unlimited"  # a plain value no branch allows
    with pytest.raises(pkg.serde.EncodeError, match="one of int"):
        realtime.create_realtime_session(request)
    assert server.log == []  # nothing left the client
