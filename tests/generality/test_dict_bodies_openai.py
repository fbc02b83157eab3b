"""OpenAI's chat completion request written as plain dicts: mypy --strict, then on the wire."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pytest_httpserver import HTTPServer

from oapigen import Config, generate
from oapigen.diagnostics import Collector
from oapigen.spec.load import load_spec
from oapigen.spec.slice import slice_spec

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
    diags = Collector(str(DOCUMENT))
    sliced = slice_spec(load_spec(DOCUMENT), ["createChatCompletion"], diags)
    diags.raise_if_errors()
    spec = root / "chat.yaml"
    spec.write_text(yaml.safe_dump(sliced, sort_keys=False), encoding="utf-8")
    out = root / "out"
    generate(
        Config(spec=spec, out=out, root=root, package="chat_dicts", lenient=True, use_cache=False)
    )
    return out


def _mypy(chat: Path, tmp_path: Path, code: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "user.py").write_text(code, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mc"), "user.py"],
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(chat)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_messages_as_dicts_pass_mypy_strict(chat: Path, tmp_path: Path) -> None:
    good = _mypy(chat, tmp_path, USER_CODE)
    assert good.returncode == 0, good.stdout
    # A role no message type has: the same program fails, so the check is a real one.
    bad = _mypy(chat, tmp_path, USER_CODE.replace('"role": "user"', '"role": "usr"'))
    assert bad.returncode == 1 and "create_chat_completion" in bad.stdout, bad.stdout
    # ... and so does the model's field, given the same message.
    assert bad.stdout.count(": error:") == 2 and "List item 0" in bad.stdout, bad.stdout


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
