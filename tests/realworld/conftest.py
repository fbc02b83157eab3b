"""The published API descriptions in ``../shared/specs/realworld``, each generated once per session.

CI has ``../shared``; without it (the main job) every test here skips, saying so. A worktree
elsewhere points at it with ``OAPIGEN_SHARED``.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..commands import importable, run_python

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("OAPIGEN_SHARED") or ROOT.parent / "shared")
REALWORLD = SHARED / "specs" / "realworld"
# As published: the root document of each, its package name.
SPECS = {
    "stripe": ("stripe/spec3.yaml", "stripe_client"),
    "github": ("github/api.github.com.json", "github_client"),
    "cloudflare": ("cloudflare/openapi.json", "cloudflare_client"),
    "digitalocean": (
        "digitalocean/specification/DigitalOcean-public.v2.yaml",
        "digitalocean_client",
    ),
}


@dataclass(frozen=True, slots=True)
class Generated:
    """One spec generated with no config: where, and what the command said."""

    name: str
    package: str
    out: Path
    returncode: int
    stderr: str

    def require(self) -> None:
        """Fail (not skip) when generation failed: that is the finding."""
        assert self.returncode == 0, f"{self.name} does not generate:\n{self.stderr[-4000:]}"


def run(args: list[str], cwd: Path, timeout: float = 1800) -> subprocess.CompletedProcess[str]:
    """A child Python with the generated package importable, its output captured."""
    return run_python(*args, cwd=cwd, env=importable(cwd), timeout=timeout)


_DONE: dict[str, Generated] = {}


@pytest.fixture(scope="session")
def realworld_dir() -> Path:
    """The folder of published specs, or a skip naming what is missing."""
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent: the real-world specs are only in CI's ../shared")
    return REALWORLD


@pytest.fixture(scope="session")
def generated(
    request: pytest.FixtureRequest, realworld_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    """The spec named by the test's ``name`` parameter, generated with no config (once)."""
    name: str = request.param
    if name not in _DONE:
        spec, package = SPECS[name]
        out = tmp_path_factory.mktemp("realworld") / name
        # In a folder without pyproject.toml: no [tool.oapigen] applies.
        where = ["--spec", str(realworld_dir / spec), "--out", str(out), "--package", package]
        done = run(["-m", "oapigen", "generate", *where], cwd=out.parent)
        _DONE[name] = Generated(name, package, out, done.returncode, done.stderr)
    return _DONE[name]
