"""``$ref`` never leaves the spec's folder: no request to a loopback server, no outside read."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sec_harness import Loopback, base_spec, run_cli

Plant = Callable[[dict[str, Any], str, int], None]
SECRET = "oapigen-secret-4c1f9e"


def _operation(spec: dict[str, Any], i: int, **parts: Any) -> None:
    spec["paths"][f"/r{i}"] = {
        "post": {
            "operationId": f"r{i}",
            "responses": {"200": {"description": "ok"}},
            **parts,
        }
    }


def _schema_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    spec["components"]["schemas"]["Item"]["properties"][f"x{i}"] = {"$ref": ref}


def _component_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    spec["components"]["schemas"][f"Remote{i}"] = {"$ref": ref}


def _body_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    _operation(spec, i, requestBody={"$ref": ref})


def _parameter_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    _operation(spec, i, parameters=[{"$ref": ref}])


def _response_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    _operation(spec, i)
    spec["paths"][f"/r{i}"]["post"]["responses"]["404"] = {"$ref": ref}


def _path_item_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    spec["paths"][f"/remote{i}"] = {"$ref": ref}


def _allof_ref(spec: dict[str, Any], ref: str, i: int) -> None:
    spec["components"]["schemas"][f"All{i}"] = {"allOf": [{"$ref": ref}]}


PLANTS: dict[str, Plant] = {
    "schema property": _schema_ref,
    "component": _component_ref,
    "request body": _body_ref,
    "parameter": _parameter_ref,
    "response": _response_ref,
    "path item": _path_item_ref,
    "allOf": _allof_ref,
}


def _refs(server: Loopback, secret_file: Path) -> dict[str, str]:
    host = f"127.0.0.1:{server.port}"
    return {
        "http": f"http://{host}/x.yaml#/components/schemas/X",
        "https": f"https://{host}/x.yaml",
        "network-path": f"//{host}/x.yaml",
        "file": f"file://{secret_file}",
        "file-etc-passwd": "file:///etc/passwd",
        "relative file": "secret.txt",
        "relative parent": "../secret.txt#/a",
        "absolute path": str(secret_file),
        "fragment-less http": f"http://{host}",
    }


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A local file whose content must never appear in any output."""
    path = tmp_path / "secret.txt"
    path.write_text(f"a: {SECRET}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("where", sorted(PLANTS))
@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_external_refs_are_refused_unfollowed(
    where: str, version: str, tmp_path: Path, loopback: Loopback, secret_file: Path
) -> None:
    """Every kind of non-local ref, in every place: refused, no request, no file content."""
    refs = _refs(loopback, secret_file)
    spec = base_spec()
    spec["openapi"] = version
    for i, ref in enumerate(refs.values()):
        PLANTS[where](spec, ref, i)
    outcome = run_cli(spec, tmp_path / "case")
    outcome.assert_refused("external-ref")
    assert outcome.stderr.count("error[external-ref]") == len(refs), outcome.stderr
    assert SECRET not in outcome.stderr + outcome.stdout
    assert "root:x:0" not in outcome.stderr + outcome.stdout
    assert loopback.requests() == []


def test_validate_command_does_not_follow_refs_either(
    tmp_path: Path, loopback: Loopback, secret_file: Path
) -> None:
    """``oapigen validate`` runs the same checks first."""
    spec = base_spec()
    for i, ref in enumerate(_refs(loopback, secret_file).values()):
        _schema_ref(spec, ref, i)
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "oapigen", "validate", str(spec_file)],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "error[external-ref]" in proc.stderr and "Traceback" not in proc.stderr
    assert SECRET not in proc.stderr and "root:x:0" not in proc.stderr
    assert loopback.requests() == []


def test_base_uri_tricks_in_31_schemas_cause_no_request(tmp_path: Path, loopback: Loopback) -> None:
    """``$id``, ``$schema`` and ``$dynamicRef`` pointing at a server are never fetched."""
    host = f"http://127.0.0.1:{loopback.port}"
    spec = base_spec()
    spec["openapi"] = "3.1.0"
    item = spec["components"]["schemas"]["Item"]
    item["$id"] = f"{host}/item.json"
    item["$schema"] = f"{host}/meta.json"
    item["properties"]["other"] = {"$ref": "#/components/schemas/Other"}
    item["properties"]["dyn"] = {"$dynamicRef": f"{host}/dyn.json#node"}
    spec["components"]["schemas"]["Other"] = {
        "$id": f"{host}/other.json",
        "type": "object",
        "properties": {"back": {"$ref": "#/properties/x"}},
    }
    outcome = run_cli(spec, tmp_path / "case")
    assert "Traceback" not in outcome.stderr
    assert outcome.rc in {0, 2}, outcome.stderr
    assert loopback.requests() == []
