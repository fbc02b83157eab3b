"""Real documents: OpenAI's cursor lists, text and audio answers; GitHub's ``Link`` lists.

Each client is generated from the whole document, then talks to a loopback server answering
as the real API does.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from oapigen import Config, generate

ROOT = Path(__file__).resolve().parents[2]
OPENAI = ROOT / "spec" / "upstream" / "2026-08-21.yaml"
SHARED = Path(os.environ.get("OAPIGEN_SHARED", ROOT.parent / "shared"))
GITHUB = SHARED / "specs" / "realworld" / "github" / "api.github.com.json"


def _generated(spec: Path, out: Path, package: str, **config: Any) -> Iterator[ModuleType]:
    generate(Config(spec=spec, out=out, package=package, lenient=True, root=ROOT, **config))
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def openai(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client of OpenAI's whole 2026-08-21 document; transcriptions may answer text."""
    yield from _generated(
        OPENAI,
        tmp_path_factory.mktemp("oai") / "out",
        "rw_openai",
        response_types=(("createTranscription", ("text/plain",)),),
    )


@pytest.fixture(scope="module")
def github(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client of GitHub's whole REST document."""
    if not GITHUB.is_file():
        pytest.skip(f"{GITHUB} is missing: set OAPIGEN_SHARED")
    yield from _generated(GITHUB, tmp_path_factory.mktemp("gh") / "out", "rw_github")


def _iter_methods(package: ModuleType) -> list[str]:
    folder = Path(package.__file__ or "").parent / "api"
    found = []
    for module in sorted(folder.glob("*_api.py")):
        # The synchronous classes only: each Async twin repeats their methods.
        sync = module.read_text("utf-8").split("\nclass Async")[0]
        found += re.findall(r"^    def (\w+)_iter\(", sync, re.MULTILINE)
    return found


def test_every_openai_cursor_list_has_an_iterator(openai: ModuleType) -> None:
    methods = _iter_methods(openai)
    assert len(methods) == 62
    for name in ("list_files", "list_assistants", "list_batches", "usage_completions"):
        assert name in methods


def _file(n: int) -> dict[str, Any]:
    return {
        "id": f"file-{n}",
        "object": "file",
        "bytes": 10 * n,
        "created_at": 1700000000 + n,
        "filename": f"f{n}.jsonl",
        "purpose": "fine-tune",
        "status": "processed",
    }


def test_openai_files_are_walked_by_after(openai: ModuleType, server: HTTPServer) -> None:
    files = [_file(n) for n in range(5)]

    def page(request: Request) -> Response:
        after = request.args.get("after")
        start = next((i + 1 for i, f in enumerate(files) if f["id"] == after), 0)
        chunk = files[start : start + int(request.args["limit"])]
        body = {
            "object": "list",
            "data": chunk,
            "first_id": chunk[0]["id"],
            "last_id": chunk[-1]["id"],
            "has_more": start + len(chunk) < len(files),
        }
        return Response(json.dumps(body), content_type="application/json")

    server.expect_request("/v1/files").respond_with_handler(page)
    config = openai.Configuration(server.url_for("/v1"), access_token="sk-test")
    with openai.ApiClient(config) as client:
        walked = list(openai.FilesApi(client).list_files_iter(limit=2))
    assert [f.filename for f in walked] == [f["filename"] for f in files]
    assert [r.args.get("after") for r, _ in server.log] == [None, "file-1", "file-3"]


def test_openai_usage_is_walked_by_next_page(openai: ModuleType, server: HTTPServer) -> None:
    pages = {"": ("page_2", [100, 200]), "page_2": (None, [300])}

    def page(request: Request) -> Response:
        following, starts = pages[request.args.get("page", "")]
        buckets = [
            {"object": "bucket", "start_time": t, "end_time": t + 100, "result": []} for t in starts
        ]
        body = {
            "object": "page",
            "data": buckets,
            "has_more": following is not None,
            "next_page": following,
        }
        return Response(json.dumps(body), content_type="application/json")

    server.expect_request("/v1/organization/usage/completions").respond_with_handler(page)
    config = openai.Configuration(server.url_for("/v1"), access_token="sk-test")
    with openai.ApiClient(config) as client:
        usage = openai.UsageApi(client)
        assert [b.start_time for b in usage.usage_completions_iter(100)] == [100, 200, 300]


def test_github_link_lists_have_iterators(github: ModuleType) -> None:
    methods = _iter_methods(github)
    assert len(methods) == 157
    for name in ("repos_list_for_org", "orgs_list", "issues_list_for_repo", "search_repos"):
        assert name in methods


def test_github_organizations_follow_the_link_header(
    github: ModuleType, server: HTTPServer
) -> None:
    example = json.loads(GITHUB.read_text("utf-8"))["components"]["examples"]
    org = example["organization-simple-items"]["value"][0]
    orgs = [{**org, "id": n, "login": f"org{n}"} for n in range(1, 6)]

    def page(request: Request) -> Response:
        since = int(request.args.get("since", "0"))
        chunk = [o for o in orgs if o["id"] > since][: int(request.args["per_page"])]
        headers = {}
        if chunk and chunk[-1]["id"] < orgs[-1]["id"]:
            target = server.url_for(f"/organizations?since={chunk[-1]['id']}&per_page=2")
            headers["Link"] = f'<{target}>; rel="next", <{server.url_for("/o")}>; rel="first"'
        return Response(json.dumps(chunk), content_type="application/json", headers=headers)

    server.expect_request("/organizations").respond_with_handler(page)
    with github.ApiClient(github.Configuration(server.url_for(""))) as client:
        walked = [o.login for o in github.OrgsApi(client).orgs_list_iter(per_page=2)]
    assert walked == [f"org{n}" for n in range(1, 6)]
    assert [r.args.get("since") for r, _ in server.log] == [None, "2", "4"]


def _openai_audio(openai: ModuleType, server: HTTPServer) -> Any:
    config = openai.Configuration(server.url_for("/v1"), access_token="sk-test")
    return openai.AudioApi(openai.ApiClient(config))


def test_openai_transcription_as_text(openai: ModuleType, server: HTTPServer) -> None:
    def answer(request: Request) -> Response:
        assert b'name="response_format"' in request.get_data()
        return Response("Hello there.\n", content_type="text/plain; charset=utf-8")

    server.expect_request("/v1/audio/transcriptions", method="POST").respond_with_handler(answer)
    request = openai.CreateTranscriptionRequest(
        file=("a.wav", b"RIFF"), model="whisper-1", response_format="text"
    )
    text = _openai_audio(openai, server).create_transcription_text(request)
    assert text == "Hello there.\n"
    assert server.log[0][0].headers["Accept"].startswith("text/plain")


def test_openai_speech_as_bytes_and_as_chunks(openai: ModuleType, server: HTTPServer) -> None:
    audio = bytes(range(256)) * 512
    server.expect_request("/v1/audio/speech", method="POST").respond_with_data(
        audio, content_type="audio/mpeg"
    )
    api = _openai_audio(openai, server)
    request = openai.CreateSpeechRequest(model="tts-1", input_="Hi", voice="alloy")
    assert api.create_speech(request) == audio
    with api.create_speech_chunks(request) as stream:
        assert b"".join(stream.iter_bytes(1000)) == audio
