"""The committed client (generated/) against Prism serving spec/realtime_sessions.yaml."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openapi_openai
import pytest
import yaml
from client_helpers import SPEC, accepted, canonical, recording_client
from hypothesis import HealthCheck, given, settings
from openapi_openai import (
    RealtimeApi,
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateResponse,
    UnauthorizedException,
)
from prism_server import Prism, running
from schema_strategies import SchemaStrategies

DOCUMENT: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
OPERATION = DOCUMENT["paths"]["/realtime/sessions"]["post"]
REQUEST_SCHEMA = DOCUMENT["components"]["schemas"]["RealtimeSessionCreateRequest"]
MINIMAL = RealtimeSessionCreateRequest(model="gpt-4o-realtime-preview")


@pytest.fixture(scope="module")
def prism_examples(tmp_path_factory: pytest.TempPathFactory, prism_logs: Path) -> Iterator[Prism]:
    """Static Prism on a copy of the spec whose x-oaiMeta response example is a real example.

    OpenAI keeps examples in ``x-oaiMeta`` strings, which Prism does not read; promoting the
    operation's documented response to ``example`` makes Prism answer with exactly that text.
    """
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operation = document["paths"]["/realtime/sessions"]["post"]
    media = operation["responses"]["200"]["content"]["application/json"]
    media["example"] = json.loads(operation["x-oaiMeta"]["examples"]["response"])
    copy = tmp_path_factory.mktemp("spec") / "realtime_sessions_examples.json"
    copy.write_text(json.dumps(document), encoding="utf-8")
    yield from running(copy, dynamic=False, log_dir=prism_logs)


def test_minimal_request_is_valid(prism_static: Prism, counts: Counter[str]) -> None:
    """The required arguments alone make a request Prism accepts, and its answer decodes."""
    with recording_client(openapi_openai, prism_static) as client:
        session = accepted(
            openapi_openai,
            prism_static,
            lambda: RealtimeApi(client).create_realtime_session(MINIMAL),
        )
        assert isinstance(session, RealtimeSessionCreateResponse)
        assert canonical(session.to_dict()) == canonical(json.loads(client.last.data))
    counts["realtime: requests validated by Prism"] += 1
    counts["realtime: responses decoded"] += 1


def test_with_http_info_is_valid(prism_static: Prism, counts: Counter[str]) -> None:
    """The ``_with_http_info`` variant returns the status and headers Prism sent."""
    with recording_client(openapi_openai, prism_static) as client:
        data, status, headers = accepted(
            openapi_openai,
            prism_static,
            lambda: RealtimeApi(client).create_realtime_session_with_http_info(MINIMAL),
        )
    assert status == 200
    assert headers["content-type"].startswith("application/json")
    assert isinstance(data, RealtimeSessionCreateResponse)
    counts["realtime: requests validated by Prism"] += 1


def test_invalid_request_is_reported_by_prism(prism_static: Prism) -> None:
    """Prism really validates: a model outside the enum comes back as 422 with its violation."""
    bad = RealtimeSessionCreateRequest(model="gpt-4o-realtime-preview", voice="alloy")
    bad.additional_properties["voice"] = 3  # sent after the typed fields, so it wins on the wire
    with recording_client(openapi_openai, prism_static) as client:
        with pytest.raises(openapi_openai.UnprocessableEntityException) as caught:
            RealtimeApi(client).create_realtime_session(bad)
    assert b"voice" in caught.value.body


def test_missing_bearer_token_is_unauthorized(prism_static: Prism, monkeypatch: Any) -> None:
    """No token: Prism enforces the spec's ApiKeyAuth bearer scheme with a 401."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with recording_client(openapi_openai, prism_static, token=None) as client:
        with pytest.raises(UnauthorizedException) as caught:
            RealtimeApi(client).create_realtime_session(MINIMAL)
    assert caught.value.status == 401
    assert caught.value.headers.get("WWW-Authenticate") == "Bearer"


def test_static_mode_returns_the_spec_example(prism_examples: Prism, counts: Counter[str]) -> None:
    """The documented response example comes back verbatim and decodes into the response model."""
    expected = json.loads(OPERATION["x-oaiMeta"]["examples"]["response"])
    with recording_client(openapi_openai, prism_examples) as client:
        session = accepted(
            openapi_openai,
            prism_examples,
            lambda: RealtimeApi(client).create_realtime_session(MINIMAL),
        )
    assert json.loads(client.last.data) == expected
    assert session.client_secret.value == expected["client_secret"]["value"]
    assert session.max_response_output_tokens == expected["max_response_output_tokens"]
    # id, object and model are not in the response schema: they must survive as extras.
    assert session.additional_properties["id"] == expected["id"]
    assert canonical(session.to_dict()) == canonical(expected)
    counts["realtime: responses decoded"] += 1


def test_dynamic_responses_round_trip(prism_dynamic: Prism, counts: Counter[str]) -> None:
    """200 random schema-valid responses decode and re-encode to the same JSON."""
    bodies = set()
    with recording_client(openapi_openai, prism_dynamic) as client:
        api = RealtimeApi(client)
        for _ in range(200):
            session = accepted(
                openapi_openai,
                prism_dynamic,
                lambda: api.create_realtime_session(MINIMAL),
            )
            raw = json.loads(client.last.data)
            assert canonical(session.to_dict()) == canonical(raw), client.last.data
            assert canonical(
                RealtimeSessionCreateResponse.from_json(session.to_json()).to_dict()
            ) == (canonical(raw))
            bodies.add(client.last.data)
            counts["realtime: requests validated by Prism"] += 1
            counts["realtime: random responses decoded (dynamic)"] += 1
    # Dynamic mode must really vary, or this test would check one body 200 times.
    assert len(bodies) > 100


STRATEGIES = SchemaStrategies(DOCUMENT)


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples every run: a failure is a defect, never a draw
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=STRATEGIES.for_schema(REQUEST_SCHEMA))
def test_generated_requests_are_accepted(
    body: dict[str, Any], prism_static: Prism, counts: Counter[str]
) -> None:
    """Any valid request body, as a model, is sent unchanged and accepted by Prism."""
    model = RealtimeSessionCreateRequest.from_dict(body)
    assert canonical(model.to_dict()) == canonical(body)
    with recording_client(openapi_openai, prism_static) as client:
        accepted(
            openapi_openai,
            prism_static,
            lambda: RealtimeApi(client).create_realtime_session(model),
        )
    counts["realtime: requests validated by Prism"] += 1
    counts["realtime: hypothesis requests accepted"] += 1
