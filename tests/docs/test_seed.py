"""The Ruby flavour reproduces the seed page byte for byte; the Python flavour keeps its layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oapigen.cli import main
from oapigen.render.docs import RubyNames

from .conftest import FIXTURES, GENERATED, ROOT, build_ir, docs_for

SEED = FIXTURES / "RealtimeApi.md"


def test_ruby_flavour_equals_the_seed_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "ruby"
    code = main(
        [
            "docs",
            "--flavor",
            "ruby",
            "--module-name",
            "OpenApiOpenAIClient",
            "--gem-name",
            "openapi_openai",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert (out / "RealtimeApi.md").read_bytes() == SEED.read_bytes()
    assert sorted(p.name for p in out.glob("*.md")) == ["RealtimeApi.md"]  # docs only


def test_ruby_names_come_from_the_command_line(tmp_path: Path) -> None:
    client = build_ir(ROOT / "spec/realtime_sessions.yaml", tmp_path)
    page = docs_for(client, flavor="ruby", ruby=RubyNames(module_name="Acme", gem_name="acme"))
    text = page["RealtimeApi.md"]
    assert text.startswith("# Acme::RealtimeApi\n")
    assert "require 'acme'\n" in text
    assert "Acme::RealtimeSessionCreateRequest.new({model: 'gpt-4o-realtime-preview'})" in text


def test_python_page_has_the_seed_sections_in_order() -> None:
    page = (GENERATED / "docs/RealtimeApi.md").read_text(encoding="utf-8")
    seed_headings = _headings(SEED.read_text(encoding="utf-8"))
    ours = _headings(page)
    assert ours[0] == "# openapi_openai.RealtimeApi"
    assert [h for h in ours if h in seed_headings] == seed_headings[1:]
    assert "> &lt;RealtimeSessionCreateResponse&gt; create_realtime_session(" in page
    assert "[ApiKeyAuth](../README.md#ApiKeyAuth)" in page
    assert "| **realtime_session_create_request** | [**RealtimeSessionCreateRequest**]" in page


def test_generated_docs_are_current(tmp_path: Path) -> None:
    client = build_ir(ROOT / "spec/realtime_sessions.yaml", tmp_path)
    files = docs_for(client)
    on_disk = {
        p.relative_to(GENERATED).as_posix(): p.read_text(encoding="utf-8")
        for p in [GENERATED / "README.md", *(GENERATED / "docs").rglob("*")]
        if p.is_file()
    }
    assert files == on_disk, "run make generate"


def _headings(text: str) -> list[str]:
    prose = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.findall(r"^#+ .*$", prose, re.MULTILINE)


def test_ruby_flavour_puts_optional_arguments_in_opts(tmp_path: Path) -> None:
    spec = Path(__file__).resolve().parent / "specs/pets.yaml"
    pages = docs_for(
        build_ir(spec, tmp_path),
        flavor="ruby",
        ruby=RubyNames(module_name="Pets", gem_name="pets"),
    )
    text = pages["PetsApi.md"]
    assert "opts = {\n  limit: 56, # Integer | How many.\n  kind: 'dog' # String | \n}\n" in text
    assert "> <Array<Pet>> list_pets(opts)\n" in text
    assert "[**Array&lt;Pet&gt;**](Pet.md)" in text
    assert "pet_id = 'pet_id_example' # String | \n" in pages["AdminApi.md"]
