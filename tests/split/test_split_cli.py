"""Split specs through the command line: generate and import, diagnostics, bundle, slice, cache."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from oapigen.spec.pointer import iter_refs

from .. import commands
from ..commands import importable, run_python
from .test_bundle import PET_SPEC, write

ROOT = Path(__file__).resolve().parents[2]


def oapigen(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command in ``folder`` (so diagnostics name files relative to it)."""
    return commands.oapigen(
        *args, cwd=folder, env=importable(ROOT, OAPIGEN_CACHE_DIR=str(folder / ".cache"))
    )


def generate(folder: Path, spec: str = "api.yaml", out: str = "out") -> str:
    """Generate the package ``pets``; the warnings printed."""
    done = oapigen(folder, "generate", "--spec", spec, "--out", out, "--package", "pets")
    assert done.returncode == 0, done.stderr
    return done.stderr


def import_pet(folder: Path, out: str = "out") -> str:
    """Import the generated package in a fresh interpreter and describe Pet's fields."""
    code = "import dataclasses, pets; print(sorted(f.name for f in dataclasses.fields(pets.Pet)))"
    done = run_python("-c", code, cwd=folder / out, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_split_spec_generates_and_imports(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    generate(tmp_path)
    assert import_pet(tmp_path) == "['additional_properties', 'name', 'owner']"
    assert (tmp_path / "out" / "pets" / "models" / "owner.py").is_file()


def test_diagnostics_point_into_the_referenced_file(tmp_path: Path) -> None:
    files: dict[str, Any] = json.loads(json.dumps(PET_SPEC))
    files["schemas/people/owner.yml"]["required"] = ["pets", "pets"]
    files["paths/pets.yaml"]["get"]["parameters"] = [
        {"name": "limit", "in": "query", "schema": {"type": "object", "required": ["a", "a"]}}
    ]
    write(tmp_path, files)
    done = oapigen(tmp_path, "generate", "--spec", "api.yaml", "--out", "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert (
        "paths/pets.yaml#/get/parameters/0/schema/required: error[duplicate-required]: "
        "listed twice: ['a']"
    ) in lines
    assert (
        "schemas/people/owner.yml#/required: error[duplicate-required]: listed twice: ['pets']"
    ) in lines
    # The upstream validator's findings are moved too: nothing points into the bundle.
    assert all(line.startswith(("paths/pets.yaml#", "schemas/people/owner.yml#")) for line in lines)
    assert not (tmp_path / "out").exists()


def test_bundle_writes_one_self_contained_document(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    done = oapigen(tmp_path, "bundle", "api.yaml", "-o", "one.json")
    assert done.returncode == 0, done.stderr
    document = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert all(ref.startswith("#/") for _, ref in iter_refs(document))
    generate(tmp_path, "one.json", "from_bundle")
    generate(tmp_path)
    # The same client from the split spec and from its bundle, but for the spec's name.
    apis = sorted(p.name for p in (tmp_path / "out" / "pets" / "api").glob("*_api.py"))
    assert apis, "no API module generated"
    for name in (
        ".oapigen-api.json",
        "pets/models/pet.py",
        "pets/models/owner.py",
        *(f"pets/api/{api}" for api in apis),
    ):
        split = (tmp_path / "out" / name).read_text(encoding="utf-8")
        one = (tmp_path / "from_bundle" / name).read_text(encoding="utf-8")
        assert split.replace("api.yaml", "one.json") == one, name


def test_slice_accepts_a_split_spec(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    done = oapigen(tmp_path, "slice", "api.yaml", "--operation", "listPets")
    assert done.returncode == 0, done.stderr
    document = yaml.safe_load(done.stdout)
    assert set(document["components"]["schemas"]) == {"Pet", "owner"}
    assert set(document["components"]["responses"]) == {"pets"}


def test_editing_a_referenced_file_is_not_answered_from_the_cache(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    generate(tmp_path)
    files = json.loads(json.dumps(PET_SPEC))
    files["schemas/pet.yaml"]["Pet"]["properties"]["age"] = {"type": "integer"}
    write(tmp_path, {"schemas/pet.yaml": files["schemas/pet.yaml"]})
    generate(tmp_path)
    assert import_pet(tmp_path) == "['additional_properties', 'age', 'name', 'owner']"


def test_validate_reads_a_split_spec(tmp_path: Path) -> None:
    write(tmp_path, PET_SPEC)
    done = oapigen(tmp_path, "validate", "api.yaml")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    write(tmp_path, {"schemas/people/owner.yml": {"type": "object", "required": ["a", "a"]}})
    done = oapigen(tmp_path, "validate", "api.yaml")
    assert done.returncode == 2
    assert "schemas/people/owner.yml#/required: error[duplicate-required]" in done.stderr


def test_an_edit_in_a_referenced_file_alone_is_a_new_spec(tmp_path: Path) -> None:
    """The client's version follows every file of the spec, not only the root's bytes."""
    write(tmp_path, PET_SPEC)
    generate(tmp_path)
    response = json.loads(json.dumps(PET_SPEC["responses/pets.json"]))
    response["description"] = "every pet"  # no API change: a patch release
    write(tmp_path, {"responses/pets.json": response})
    for cache in ("--no-cache", None):
        args = ["generate", "--spec", "api.yaml", "--out", "out", "--package", "pets"]
        done = oapigen(tmp_path, *args, *([cache] if cache else []), "--check")
        assert done.returncode == 1, (cache, done.stderr)
        assert "regenerating would bring: " in done.stderr and "(patch)" in done.stderr
    done = oapigen(tmp_path, "generate", "--spec", "api.yaml", "--out", "out", "--package", "pets")
    assert done.returncode == 0 and "1.0.0 -> 1.0.1 (patch)" in done.stdout, done.stdout
