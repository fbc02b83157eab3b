"""Form bodies (multipart, urlencoded) as plain dicts, as JSON bodies take them (issue 16 part 6).

``files_api.create_file({"file": ("data.jsonl", content), "purpose": "batch"})`` must type-check
under ``mypy --strict``, send the very bytes the model sends, and be refused before sending
when a required key is missing, exactly as a JSON body given as a dict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline

from tests.commands import mypy_refusal

SPEC = """\
openapi: 3.0.3
info: {title: Uploads, version: "1"}
servers: [{url: "http://127.0.0.1"}]
paths:
  /files:
    post:
      operationId: createFile
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema: {$ref: "#/components/schemas/FileUpload"}
      responses:
        "204": {description: stored}
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: "#/components/schemas/Note"}
      responses:
        "204": {description: stored}
components:
  schemas:
    FileUpload:
      type: object
      required: [file, purpose]
      properties:
        file: {type: string, format: binary}
        purpose: {type: string, enum: [batch, assistants]}
    Note:
      type: object
      required: [text]
      properties:
        text: {type: string}
        tags: {type: array, items: {type: string}}
"""

USER_CODE = """\
from form_dicts import FilesApi, NotesApi


def upload(files: FilesApi, notes: NotesApi) -> None:
    files.create_file({"file": ("data.jsonl", b"{}"), "purpose": "batch"})
    notes.create_note({"text": "hi", "tags": ["a", "b"]})
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """The client of SPEC and the folder holding its package."""
    root = tmp_path_factory.mktemp("forms")
    return generate_inline(root, SPEC, package="form_dicts"), root / "out"


def _bodies(server: HTTPServer) -> list[bytes]:
    """The bodies received, each multipart boundary replaced by one marker."""
    found = []
    for request, _ in server.log:
        boundary = re.search(r"boundary=(\S+)", request.headers.get("Content-Type", ""))
        data = request.get_data()
        found.append(data.replace(boundary.group(1).encode(), b"B") if boundary else data)
    return found


# (path, API class, method, the body as a dict, its model's name, a piece of what is sent)
FORMS = [
    ("/files", "FilesApi", "create_file", {"file": ("d.jsonl", b'{"a": 1}'), "purpose": "batch"},
     "FileUpload", b'{"a": 1}'),
    ("/notes", "NotesApi", "create_note", {"text": "hi", "tags": ["a", "b"]},
     "Note", b"text=hi&tags=a&tags=b"),
]  # fmt: skip


@pytest.mark.parametrize("case", FORMS, ids=["multipart", "urlencoded"])
def test_a_form_dict_sends_what_the_model_sends(
    forms: tuple[Any, Path], server: HTTPServer, open_api: Callable[..., Any], case: Any
) -> None:
    pkg, _ = forms
    path, api_name, method, body, model, piece = case
    server.expect_request(path, method="POST").respond_with_data(status=204)
    call = getattr(open_api(pkg, api_name, server), method)
    call(body)
    call(getattr(pkg, model)(**body))
    sent = _bodies(server)
    assert len(sent) == 2 and sent[0] == sent[1] and piece in sent[0]


def test_a_form_dict_missing_a_required_key_is_refused_before_sending(
    forms: tuple[Any, Path], server: HTTPServer, open_api: Callable[..., Any]
) -> None:
    pkg, _ = forms
    api = open_api(pkg, "FilesApi", server)
    with pytest.raises(ValueError, match=r"required key: FileUpload\.purpose"):
        api.create_file({"file": ("data.jsonl", b"{}")})
    assert server.log == []


def test_form_dicts_pass_mypy_strict_and_a_wrong_value_does_not(
    forms: tuple[Any, Path], tmp_path: Path
) -> None:
    _, package_root = forms
    misspelt = USER_CODE.replace('"purpose": "batch"', '"purpose": "bach"')
    refusal = mypy_refusal(USER_CODE, misspelt, folder=tmp_path, mypypath=package_root)
    assert "create_file" in refusal
