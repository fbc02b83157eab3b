"""Split specs that must not bundle: refs leaving the folder, URLs, broken files, limits."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from oapigen.spec import load

from .test_bundle import SECRET, refused, spec


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("http://127.0.0.1:9/x.yaml#/A", "is a URL"),
        ("https://example.invalid/x.yaml", "is a URL"),
        ("file:///etc/passwd", "is a URL"),
        ("//127.0.0.1:9/x.yaml", "is a URL"),
        ("../outside/secret.yaml", "leaves the spec's folder"),
        ("sub/../../outside/secret.yaml", "leaves the spec's folder"),
        ("link.yaml", "leaves the spec's folder"),
        ("linked_dir/secret.yaml", "leaves the spec's folder"),
        ("missing.yaml", "no such file"),
    ],
)
def test_refs_that_are_never_followed(tmp_path: Path, ref: str, why: str) -> None:
    """URLs and paths that leave the folder, also through links: an error naming the ref."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(f"a: {SECRET}\n", encoding="utf-8")
    root = tmp_path / "spec"
    (root / "sub").mkdir(parents=True)
    (root / "link.yaml").symlink_to(outside / "secret.yaml")
    (root / "linked_dir").symlink_to(outside)
    absolute = {"absolute": {"$ref": str(outside / "secret.yaml")}}
    schemas = {"A": {"$ref": ref}, **absolute}
    lines = refused(root, {"api.yaml": spec(components={"schemas": schemas})})
    assert f"api.yaml#/components/schemas/A/$ref: error[external-ref]: {ref!r} " in lines[0]
    assert why in lines[0]
    assert "leaves the spec's folder" in lines[1]
    assert SECRET not in "\n".join(lines)


def test_errors_in_a_referenced_file_name_that_file(tmp_path: Path) -> None:
    files = {
        "api.yaml": spec(components={"schemas": {"A": {"$ref": "parts/a.yaml#/A"}}}),
        "parts/a.yaml": {"B": {}},
        "parts/broken.yaml": "a: [unclosed\n",
    }
    lines = refused(tmp_path, files)
    assert lines == [
        f"{tmp_path}/api.yaml#/components/schemas/A/$ref: error[unresolved-ref]: "
        "'parts/a.yaml#/A' does not resolve"
    ]
    files["api.yaml"] = spec(components={"schemas": {"A": {"$ref": "parts/broken.yaml"}}})
    lines = refused(tmp_path, files)
    assert any(line.startswith(f"{tmp_path}/parts/broken.yaml:") for line in lines), lines
    assert any("'parts/broken.yaml' cannot be followed" in line for line in lines), lines


def test_the_byte_limit_holds_for_all_files_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    padding = "x" * 1500
    files = {
        "api.yaml": spec(
            components={"schemas": {"A": {"$ref": "a.yaml"}, "B": {"$ref": "b.yaml"}}}
        ),
        "a.yaml": {"type": "string", "description": padding},
        "b.yaml": {"type": "string", "description": padding},
    }
    monkeypatch.setattr(load, "MAX_BYTES", 3000)
    lines = refused(tmp_path, files)
    assert any("error[too-large]" in line for line in lines), lines


def test_alias_limits_hold_in_each_referenced_file(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    files = {
        "api.yaml": spec(components={"schemas": {"A": {"$ref": "bomb.yaml#/h"}}}),
        "bomb.yaml": bomb,
    }
    lines = refused(tmp_path, files)
    assert any(line.startswith(f"{tmp_path}/bomb.yaml:") and "alias-bomb" in line for line in lines)


def test_copies_of_copies_are_counted_in_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each file is small, but copied into place ten times per level (a ref bomb)."""
    files: dict[str, Any] = {"api.yaml": spec(**{"x-top": {"$ref": "l0.yaml"}})}
    for level in range(6):
        files[f"l{level}.yaml"] = [{"$ref": f"l{level + 1}.yaml"}] * 10
    files["l6.yaml"] = ["leaf"] * 10
    monkeypatch.setattr(load, "MAX_EXPANDED_NODES", 100_000)
    lines = refused(tmp_path, files)
    assert any("error[too-large]" in line for line in lines), lines


def test_depth_holds_across_files(tmp_path: Path) -> None:
    files: dict[str, Any] = {"api.yaml": spec(**{"x-top": {"$ref": "d0.yaml"}})}
    for level in range(load.MAX_DEPTH + 5):
        files[f"d{level}.yaml"] = {"next": {"$ref": f"d{level + 1}.yaml"}}
    files[f"d{load.MAX_DEPTH + 5}.yaml"] = "end"
    lines = refused(tmp_path, files)
    assert any("error[too-deep]" in line for line in lines), lines


def test_a_named_pipe_or_folder_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "folder.yaml").mkdir()
    schemas = {"A": {"$ref": "pipe.yaml"}, "B": {"$ref": "folder.yaml"}}
    lines = refused(tmp_path, {"api.yaml": spec(components={"schemas": schemas})})
    assert sum("error[unreadable]" in line for line in lines) == 2, lines
