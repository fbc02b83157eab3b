"""The tool as a user gets it: a wheel built from the checkout, installed into a fresh venv.

The venv gets its dependencies from the package registry (pip's cache makes that quick); it
then generates, imports and calls a client for a spec in a temp folder outside the repo.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from ..commands import run

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "tests" / "security" / "loopback_server.py"
# A guard against a hung install, not a speed limit.
PATIENCE = 900

SPEC = """\
openapi: 3.0.3
info: {title: Pet Store, version: 2.1.0}
servers: [{url: "http://127.0.0.1:1/v1"}]
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
      responses:
        "200":
          description: the pet as stored
          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties: {name: {type: string}, age: {type: integer}}
"""

CALL = """\
from pet_store_client import ApiClient, Pet, PetsApi

with ApiClient() as client:
    pet = PetsApi(client).create_pet(Pet(name="Rex", age=3))
print(repr((pet.name, pet.age)))
"""


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = run([str(a) for a in args], cwd=cwd, env=env, timeout=PATIENCE)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _build_wheel(work: Path) -> Path:
    """``pip wheel --no-deps`` of a copy of the checkout (a build writes build/ where it runs)."""
    source = work / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("generator", "templates"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check")
    _run(*pip, "wheel", "--no-deps", "--quiet", "--wheel-dir", work / "dist", source, cwd=work)
    (wheel,) = (work / "dist").glob("oapigen-*.whl")
    return wheel


def _check_contents(wheel: Path) -> None:
    """One top-level import package, oapigen, holding every template and every module."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"oapigen"}, tops
    for folder, under in (("templates", "oapigen/templates"), ("generator", "oapigen")):
        shipped = {
            f"{under}/{p.relative_to(ROOT / folder).as_posix()}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
        }
        assert shipped <= set(names), sorted(shipped - set(names))


def test_the_wheel_installs_one_package_that_generates_a_working_client(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    _check_contents(wheel)
    venv = tmp_path / "venv"
    # No pip inside: the test's own pip installs into it, which saves bootstrapping one.
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python, oapigen = venv / "bin" / "python", venv / "bin" / "oapigen"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python)
    _run(*pip, "install", "--quiet", wheel, cwd=tmp_path)

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert _run(oapigen, "--version", cwd=tmp_path) == f"oapigen {version['project']['version']}\n"

    user = tmp_path / "user"  # a folder of a user's, outside the checkout
    user.mkdir()
    (user / "openapi.yaml").write_text(SPEC, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "OAPIGEN"))}
    env = {**clean, "OAPIGEN_CACHE_DIR": str(tmp_path / "cache")}
    _run(oapigen, "generate", cwd=user, env=env)
    client = user / "generated"
    assert (client / "pet_store_client" / "py.typed").is_file()
    assert "OPENAI" not in (client / "README.md").read_text(encoding="utf-8")

    with subprocess.Popen(
        [sys.executable, str(SERVER), str(tmp_path / "requests.log")],
        stdout=subprocess.PIPE,
        text=True,
    ) as server:
        try:
            assert server.stdout is not None
            port = int(server.stdout.readline())
            base = f"http://127.0.0.1:{port}/v1"
            call_env = {**clean, "PYTHONPATH": str(client), "PET_STORE_BASE_URL": base}
            assert _run(python, "-c", CALL, cwd=user, env=call_env) == "('Rex', 3)\n"
        finally:
            os.kill(server.pid, signal.SIGTERM)
    (logged,) = (tmp_path / "requests.log").read_text(encoding="utf-8").splitlines()
    request = json.loads(logged)
    assert (request["method"], request["path"]) == ("POST", "/v1/pets")
    assert json.loads(request["body"]) == {"name": "Rex", "age": 3}
