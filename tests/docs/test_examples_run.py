"""Every ```python block of the generated docs runs against a loopback server (spec examples)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from oapigen import Config, generate

from .conftest import (
    DUMMY_KEY,
    GENERATED,
    ROOT,
    broken_links,
    build_ir,
    doc_pages,
    example_server,
    python_blocks,
    run_example,
)

SPEC = ROOT / "spec/realtime_sessions.yaml"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    with example_server(SPEC, "/v1") as running:
        yield running


def _blocks() -> list[tuple[str, str]]:
    found = []
    for page in doc_pages():
        for i, block in enumerate(python_blocks(page.read_text(encoding="utf-8"))):
            found.append((f"{page.relative_to(GENERATED).as_posix()}[{i}]", block))
    return found


BLOCKS = _blocks()


def test_blocks_were_found(tmp_path: Path) -> None:
    names = [name for name, _ in BLOCKS]
    assert "docs/RealtimeApi.md[0]" in names and "docs/RealtimeApi.md[1]" in names
    assert "README.md[0]" in names
    client = build_ir(SPEC, tmp_path)
    operations = sum(len(api.operations) for api in client.apis)
    # Two per operation, one per model or alias page, two in the README (sync and asyncio).
    assert len(BLOCKS) == 2 * operations + len(client.models) + len(client.aliases) + 2


@pytest.mark.parametrize(("name", "code"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_block_exits_zero(
    name: str, code: str, server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    base_url, seen = server
    before = len(seen)
    result = run_example(code, GENERATED, base_url, tmp_path)
    assert result.returncode == 0, f"{name}:\n{result.stdout}\n{result.stderr}"
    calls = seen[before:]
    if "api_instance." in code:
        assert [c["path"] for c in calls] == ["/realtime/sessions"]
        assert calls[0]["auth"] == f"Bearer {DUMMY_KEY}"
        assert json.loads(calls[0]["body"])["model"].startswith("gpt-4o")
        assert "RealtimeSessionCreateResponse(" in result.stdout
    else:
        assert calls == []
        assert result.stdout.strip()


def test_a_failing_call_makes_the_program_fail(
    server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    """The examples turn an API error into a non-zero exit, so the runs above can fail."""
    code = dict(BLOCKS)["docs/RealtimeApi.md[0]"]
    result = run_example(code, GENERATED, server[0].removesuffix("/v1") + "/elsewhere", tmp_path)
    assert result.returncode == 1
    assert "Error when calling RealtimeApi->create_realtime_session: HTTP 404" in result.stderr


def test_no_literal_secrets_in_the_docs() -> None:
    for page in doc_pages():
        text = page.read_text(encoding="utf-8")
        assert "ek_abc123" not in text, page  # the secret in the spec's example response
        assert not re.search(r"\bsk-[A-Za-z0-9]", text), page
        for block in python_blocks(text):
            if "Configuration(" in block:
                assert 'os.environ["OPENAI_API_KEY"]' in block


PETS = Path(__file__).resolve().parent / "specs/pets.yaml"


@pytest.fixture(scope="module")
def pets_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second client (path and query parameters, no body, no auth, 204, unions, nesting)."""
    out = tmp_path_factory.mktemp("pets") / "out"
    generate(Config(spec=PETS, out=out, package="pets", root=PETS.parent, use_cache=False))
    return out


def test_every_block_of_another_spec_runs(pets_package: Path, tmp_path: Path) -> None:
    pages = [pets_package / "README.md", *sorted((pets_package / "docs").glob("*.md"))]
    blocks = [b for page in pages for b in python_blocks(page.read_text(encoding="utf-8"))]
    assert len(blocks) == 2 + 2 * 4 + 3  # README (sync, async), two per operation, one per model
    with example_server(PETS, "/api") as (base_url, seen):
        for block in blocks:
            # Named after the package (no [tool.oapigen] env names): PETS_API_KEY.
            result = run_example(block, pets_package, base_url, tmp_path, env_prefix="PETS")
            assert result.returncode == 0, f"{block}\n{result.stdout}\n{result.stderr}"
    calls = [(c["method"], c["path"], c["query"]) for c in seen]
    assert ("GET", "/pets", "limit=56&kind=dog") in calls
    assert ("DELETE", "/pets/pet_id_example", "") in calls
    create = next(c for c in seen if c["method"] == "POST")
    assert json.loads(create["body"])["owner"] == {"name": "name_example"}
    assert {c["auth"] for c in seen if c["method"] != "DELETE"} == {f"Bearer {DUMMY_KEY}"}
    assert {c["auth"] for c in seen if c["method"] == "DELETE"} == {None}


def test_another_spec_links_resolve(pets_package: Path) -> None:
    pages = [pets_package / "README.md", *sorted((pets_package / "docs").glob("*.md"))]
    assert [(p.name, broken_links(p)) for p in pages if broken_links(p)] == []
