"""The runtime rendered for another spec: env names, server variables, key header, secrets."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline, json_response, serve_sequence

SPEC = """\
openapi: 3.0.3
info: {title: Pet store, version: 1.4.0}
servers:
  - url: http://{address}:{port}/api
    variables:
      address: {default: 127.0.0.1}
      port: {default: "1"}
security:
  - keyHeader: []
paths:
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /pets/{petId}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: one pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  securitySchemes:
    keyHeader: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        password: {type: string, format: password}
        token:
          $ref: '#/components/schemas/Token'
    Token:
      type: object
      properties:
        value: {type: string}
        scopes:
          type: array
          items: {$ref: '#/components/schemas/Scope'}
    Scope:
      type: object
      properties:
        name: {type: string}
"""

PASSWORD = "pw-canary-77aa"
TOKEN = "tok-canary-88bb"
KEY = "key-canary-99cc"
PET = {
    "name": "Rex",
    "password": PASSWORD,
    "token": {"value": TOKEN, "scopes": [{"name": "s1"}]},
}


@pytest.fixture(scope="module")
def pets(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated ``rt_petstore`` package."""
    return generate_inline(
        tmp_path_factory.mktemp("petstore"),
        SPEC,
        package="rt_petstore",
        distribution="rt-petstore",
        env_base_url="PETSTORE_URL",
        env_api_key="PETSTORE_KEY",
        secret_fields=("token",),
        idempotency_header="X-Idempotency",
    )


@pytest.fixture
def api(pets: Any, server: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Any:
    """PetsApi configured through the spec's own environment variable and server variables."""
    monkeypatch.delenv("PETSTORE_URL", raising=False)
    monkeypatch.setenv("PETSTORE_KEY", KEY)
    config = pets.Configuration(
        server_variables={"port": str(server.port)}, backoff_initial=0.001, debug=True
    )
    with pets.ApiClient(config) as client:
        yield pets.PetsApi(client)


def test_environment_names_come_from_generator_config(
    pets: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PETSTORE_URL", "http://127.0.0.1:5/x")
    monkeypatch.setenv("PETSTORE_KEY", "k1")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://wrong")
    config = pets.Configuration()
    assert (config.host, config.access_token) == ("http://127.0.0.1:5/x", "k1")
    monkeypatch.delenv("PETSTORE_URL")
    assert pets.Configuration().host == "http://127.0.0.1:1/api"
    assert pets.Configuration(server_variables={"port": "8"}).host == "http://127.0.0.1:8/api"


def test_api_key_header_idempotency_and_redacted_logs(
    api: Any, pets: Any, server: HTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    serve_sequence(server, [json_response(500, {}), json_response(201, PET)], path="/api/pets")
    server.expect_request("/api/pets/7", method="GET").respond_with_json(PET)
    with caplog.at_level(logging.DEBUG):
        created = api.create_pet(pets.Pet.from_dict(PET))
        fetched = api.get_pet(7)
    sent = [request.headers for request, _ in server.log]
    assert [h.get("X-Api-Key") for h in sent] == [KEY, KEY, KEY]
    assert sent[0]["X-Idempotency"] == sent[1]["X-Idempotency"]
    assert "X-Idempotency" not in sent[2]
    assert "Idempotency-Key" not in sent[0]
    assert created.token.value == TOKEN and fetched.password == PASSWORD
    assert "'X-Api-Key': '<redacted>'" in caplog.text
    texts = caplog.text + repr(created) + str(fetched) + repr(fetched.token)
    texts += repr(fetched.token.scopes) + repr(api.api_client)
    for canary in (PASSWORD, TOKEN, KEY):
        assert canary not in texts
    assert "name='Rex'" in repr(created)
    assert "password=<redacted>" in repr(created) and "token=<redacted>" in repr(created)


def test_masking_is_decided_in_the_ir(pets: Any) -> None:
    # Token and Scope are reached through the secret field `token`: masked whole.
    token = pets.Token.from_dict(PET["token"])
    assert repr(token) == "Token(value=<redacted>, scopes=<redacted>)"
    assert repr(pets.Scope(name="s1")) == "Scope(name=<redacted>)"


def test_generated_files_name_no_openai(pets: Any) -> None:
    package = Path(pets.__file__).parent
    for name in (
        "configuration.py",
        "api_client.py",
        "exceptions.py",
        "retries.py",
        "redact.py",
    ):
        assert "OPENAI" not in (package / name).read_text(encoding="utf-8")
