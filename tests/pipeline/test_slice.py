"""The project's spec is exactly what `oapigen slice` makes from the upstream document."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from ..commands import oapigen
from .conftest import ROOT


def test_realtime_spec_is_the_slice_of_upstream(tmp_path: Path) -> None:
    out = tmp_path / "slice.yaml"
    done = _slice("create-realtime-session", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (ROOT / "spec" / "realtime_sessions.yaml").read_bytes()


def test_slice_keeps_transitive_refs_and_security(tmp_path: Path) -> None:
    doc = yaml.safe_load((ROOT / "spec" / "realtime_sessions.yaml").read_text(encoding="utf-8"))
    assert list(doc["paths"]) == ["/realtime/sessions"]
    assert set(doc["components"]["schemas"]) == {
        "RealtimeSessionCreateRequest",
        "RealtimeSessionCreateResponse",
    }
    assert doc["components"]["securitySchemes"]["ApiKeyAuth"]["scheme"] == "bearer"
    # The upstream document declares no top-level "Realtime" tag, so none is copied.
    assert doc["paths"]["/realtime/sessions"]["post"]["tags"] == ["Realtime"]
    assert "tags" not in doc


def test_slice_of_unknown_operation_is_an_error(tmp_path: Path) -> None:
    result = _slice("no-such-op", tmp_path / "x.yaml")
    assert result.returncode == 2
    assert "error[unknown-operation]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_slice_of_a_broken_spec_is_diagnosed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Refs are checked before they are followed; fields of the wrong type are passed over."""
    from oapigen.cli import main  # noqa: PLC0415

    op = {"operationId": "get", "responses": {"200": {"$ref": "#/components/responses/²"}}}
    spec = tmp_path / "s.yaml"
    spec.write_text(yaml.safe_dump({"openapi": "3.0.0", "paths": {"/a": {"get": op}}}))
    assert main(["slice", str(spec), "--operation", "get", "-o", str(tmp_path / "o.yaml")]) == 2
    assert "/responses/200/$ref: error[unresolved-ref]:" in capsys.readouterr().err
    op["responses"]["200"] = {"description": "ok"}
    op["tags"] = "not a list"
    document = {"openapi": "3.0.0", "paths": {"/a": {"get": op}}, "components": "nothing"}
    spec.write_text(yaml.safe_dump(document | {"security": 7}))
    assert main(["slice", str(spec), "--operation", "get", "-o", str(tmp_path / "o.yaml")]) == 0
    assert yaml.safe_load((tmp_path / "o.yaml").read_text())["paths"] == {"/a": {"get": op}}


def _slice(operation: str, out: Path) -> subprocess.CompletedProcess[str]:
    """``oapigen slice`` of one operation of the first upstream document, from the checkout root."""
    return oapigen(
        "slice", "spec/upstream/2025-01-21.yaml", "--operation", operation, "-o", str(out)
    )
