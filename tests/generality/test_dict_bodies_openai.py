"""OpenAI's chat completion request written as plain dicts: mypy --strict, then on the wire."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from ..commands import mypy_refusal
from ..slices import generate_slice

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "spec" / "upstream" / "2026-08-21.yaml"

USER_CODE = """\
from chat_dicts import ChatApi, CreateChatCompletionRequest, CreateChatCompletionRequestDict


def ask(api: ChatApi) -> str | None:
    reply = api.create_chat_completion(
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
    )
    return reply.choices[0].message.content


def ask_again(api: ChatApi) -> None:
    # The dict forms in a model's field, and a twin imported from the package root.
    request = CreateChatCompletionRequest(
        model="gpt-4o", messages=[{"role": "user", "content": "Hi"}]
    )
    body: CreateChatCompletionRequestDict = {"model": "gpt-4o", "messages": []}
    api.create_chat_completion(request)
    api.create_chat_completion(body)
"""


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The client of createChatCompletion alone, sliced from the whole 2026 document."""
    root = tmp_path_factory.mktemp("chat")
    return generate_slice(DOCUMENT, ["createChatCompletion"], root=root, package="chat_dicts")


def test_messages_as_dicts_pass_mypy_strict(chat: Path, tmp_path: Path) -> None:
    # A role no message type has: the same program fails, so the check is a real one.
    wrong_role = USER_CODE.replace('"role": "user"', '"role": "usr"')
    said = mypy_refusal(USER_CODE, wrong_role, folder=tmp_path, mypypath=chat)
    assert "create_chat_completion" in said, said
    # ... and so does the model's field, given the same message.
    assert said.count(": error:") == 2 and "List item 0" in said, said


def test_messages_as_dicts_are_sent_as_given(chat: Path, httpserver: HTTPServer) -> None:
    sys.path.insert(0, str(chat))
    try:
        import chat_dicts  # noqa: PLC0415
    finally:
        sys.path.remove(str(chat))
    httpserver.expect_request("/chat/completions").respond_with_json(
        {"id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o", "choices": []}
    )
    config = chat_dicts.Configuration(httpserver.url_for(""), access_token="sk-test")
    api: Any = chat_dicts.ChatApi(chat_dicts.ApiClient(config))
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}
    assert api.create_chat_completion(body).id_ == "c1"
    sent = json.loads(httpserver.log[0][0].get_data())
    # The call also sets the stream flag itself (False: this is not the streamed variant).
    assert (sent["model"], sent["messages"]) == (body["model"], body["messages"])
    # A message without its role fits no message type: refused, not sent.
    with pytest.raises(ValueError, match="/messages/0: expected one of"):
        api.create_chat_completion({"model": "gpt-4o", "messages": [{"content": "Hi"}]})
    with pytest.raises(ValueError, match=r"required key: CreateChatCompletionRequest\.model"):
        api.create_chat_completion({"messages": [{"role": "user", "content": "Hi"}]})
    assert len(httpserver.log) == 1
    # The same messages in the model's field: built into the message models, sent the same.
    request = chat_dicts.CreateChatCompletionRequest(model="gpt-4o", messages=body["messages"])
    assert type(request.messages[0]).__name__ == "ChatCompletionRequestUserMessage"
    api.create_chat_completion(request)
    assert json.loads(httpserver.log[1][0].get_data())["messages"] == body["messages"]
    with pytest.raises(ValueError, match="/messages/0: expected one of"):
        chat_dicts.CreateChatCompletionRequest(model="gpt-4o", messages=[{"content": "Hi"}])
