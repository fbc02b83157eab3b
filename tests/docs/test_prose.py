"""Docstrings and tables carry whole descriptions: first sentences, never a sentence cut (D9)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from oapigen.ir.prose import first_sentence, hanging, summary_and_body

from .conftest import GENERATED, build_ir, docs_for


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("One. Two.", "One."),
        (
            "Timestamp for when\nthe token expires. Currently, all",
            "Timestamp for when the token expires.",
        ),
        ("The type of the tool, i.e. `function`. More.", "The type of the tool, i.e. `function`."),
        ("Use e.g. Whisper here. More.", "Use e.g. Whisper here."),
        ("Limited to [0.6, 1.2]. Defaults to 0.8.", "Limited to [0.6, 1.2]."),
        ("Set `a. B` here. Then", "Set `a. B` here."),
        ("Ask J. Smith first. Then", "Ask J. Smith first."),
        ("Options:\n- `a`\n- `b`", "Options:"),
        ("No end in sight", "No end in sight"),
        ("Is it? Yes.", "Is it?"),
        ("", ""),
    ],
)
def test_first_sentence(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


def test_summary_line_then_the_rest_of_the_description() -> None:
    text = "Create a token. It expires\nafter a minute.\n\n- one\n- two\n"
    assert summary_and_body(text) == (
        "Create a token.",
        "It expires after a minute.\n\n- one\n- two",
    )
    # A summary that is the whole description is not said twice.
    assert summary_and_body(text, text) == summary_and_body(text)
    assert summary_and_body("Details.", "Short title") == ("Short title", "Details.")


def test_an_attribute_keeps_its_whole_text_wrapped() -> None:
    text = "Timestamp for when the token expires. Currently, all tokens expire\nafter one minute."
    lines = hanging("expires_at", text, width=40).splitlines()
    assert lines[0].startswith("    expires_at: Timestamp")
    assert all(line.startswith(" " * 8) and len(line) <= 40 for line in lines[1:])
    assert " ".join(line.strip() for line in lines) == "expires_at: " + " ".join(text.split())
    assert hanging("bare", "  ") == "    bare:"


def test_generated_docstrings_end_their_sentences() -> None:
    """Every Attributes and Args entry of the committed client ends a sentence (D9)."""
    checked = 0
    for module in (GENERATED / "openapi_openai").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef | ast.FunctionDef):
                continue
            doc = ast.get_docstring(node) or ""
            for entry in _entries(doc):
                checked += 1
                assert entry.endswith((".", ")", ":")), f"{module.name}: {entry}"
    assert checked >= 20


def _entries(doc: str) -> list[str]:
    """The texts of a docstring's ``Attributes:``/``Args:`` entries, continuation lines joined."""
    entries: list[str] = []
    inside = False
    for line in doc.splitlines():
        if line in ("Attributes:", "Args:"):
            inside = True
        elif inside and line.startswith(" " * 8) and entries:
            entries[-1] += " " + line.strip()
        elif inside and line.startswith("    ") and ":" in line:
            entries.append(line.strip())
        else:
            inside = False
    return [e for e in entries if not e.endswith(":")]  # an entry without description


def test_a_nullable_property_keeps_the_description_of_its_branch(tmp_path: Path) -> None:
    """``anyOf: [{...}, {type: null}]`` holds the description in its branch (OpenAI 2026)."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Knobs", "version": "1"},
        "paths": {
            "/knobs": {
                "post": {
                    "operationId": "setKnobs",
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Knobs"}}
                        }
                    },
                    "responses": {"204": {"description": "Set."}},
                }
            }
        },
        "components": {
            "schemas": {
                "Knobs": {
                    "type": "object",
                    "properties": {
                        "temperature": {
                            "anyOf": [
                                {"type": "number", "description": "The sampling temperature."},
                                {"type": "null"},
                            ]
                        },
                        "seed": {
                            "anyOf": [{"$ref": "#/components/schemas/Seed"}, {"type": "null"}]
                        },
                        "mode": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                        "salt": {
                            "anyOf": [
                                {"$ref": "#/components/schemas/Seed", "description": "The salt."},
                                {"type": "null"},
                            ]
                        },
                    },
                },
                "Seed": {"type": "integer", "description": "The seed to sample with."},
            }
        },
    }
    client = build_ir(spec, tmp_path)
    knobs = next(m for m in client.models if m.name == "Knobs")
    described = {f.wire_name: f.description for f in knobs.fields}
    # Two branches besides null would each describe something else: none is taken.
    assert described == {
        "temperature": "The sampling temperature.",
        "seed": "The seed to sample with.",
        "mode": "",
        "salt": "The salt.",
    }
    page = docs_for(client)["docs/Knobs.md"]
    assert "| The sampling temperature. | [optional] [nullable] |" in page
    assert "| The seed to sample with. |" in page
    # A union says its branches; None is said by [nullable] alone.
    assert "| [optional] One of: `str`, `int` |" in page
