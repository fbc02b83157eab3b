"""Figures 1-3: generation wall time and peak RSS, oapigen against OpenAPI Generator and OPC."""

from __future__ import annotations

import importlib
import itertools
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import peers
from .common import ROOT, VENV_BIN, Run, Series, interleave, run_child


def _oag_jar() -> Path:
    """The jar the openapi-generator-cli package bundles (a bench-only dependency: import late)."""
    module = importlib.import_module("openapi_generator_cli")
    return Path(str(module.__file__)).parent / "openapi-generator.jar"


# A plain one-line description: adding a word keeps it a valid plain scalar.
_PLAIN_DESCRIPTION = re.compile(r"^(\s+description: )([A-Za-z][^\n#'\"|>]*)$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class SpecCase:
    """One spec the generation figures run on."""

    label: str
    spec: Path
    lenient: bool
    anchor: str  # the description changed in the warm figure is the first one after this text
    peers: bool = True  # also run OpenAPI Generator and openapi-python-client on it
    # openapi-python-client cannot follow `$ref`s to other files: it is run on the split spec as
    # published (and fails) and on the one document `oapigen bundle` writes (bundling untimed).
    opc_bundled: bool = False


FRAGMENT = SpecCase(
    "fragment",
    ROOT / "spec/realtime_sessions.yaml",
    False,
    "RealtimeSessionCreateResponse:",
)
FULL = SpecCase(
    "full",
    ROOT / "spec/upstream/2026-08-21.yaml",
    True,
    "RealtimeSessionCreateResponse:",
)


# Real-world specs come from the shared folder (never edited, never copied into the repo).
SHARED = Path(os.environ.get("OAPIGEN_SHARED", ROOT.parent / "shared"))
_REALWORLD = SHARED / "specs" / "realworld"
# Cold only, each against both peers (a peer run costs minutes on these).
REALWORLD = (
    SpecCase("stripe", _REALWORLD / "stripe/spec3.yaml", True, ""),
    SpecCase("github", _REALWORLD / "github/api.github.com.json", True, ""),
    SpecCase("cloudflare", _REALWORLD / "cloudflare/openapi.json", True, ""),
    SpecCase(
        "digitalocean",
        _REALWORLD / "digitalocean/specification/DigitalOcean-public.v2.yaml",
        True,
        "",
        opc_bundled=True,
    ),
)


def vary_description(text: str, anchor: str, revision: int) -> str:
    """The spec text with one description changed (a new word added), unique per revision."""
    start = text.find(anchor)
    match = _PLAIN_DESCRIPTION.search(text, max(start, 0))
    if match is None:
        raise ValueError(f"no plain one-line description after {anchor!r}")
    new = f"{match.group(1)}Revision {revision}, {match.group(2)}"
    return text[: match.start()] + new + text[match.end() :]


class Workspace:
    """Temporary folders of one spec case; every contender writes only under ``root``."""

    def __init__(self, root: Path, case: SpecCase, first_revision: int = 1) -> None:
        self.root = root
        self.case = case
        self.cache = root / "oapigen-cache"
        self.desc_spec = root / "desc" / case.spec.name
        self.desc_spec.parent.mkdir(parents=True, exist_ok=True)
        self.base_text = case.spec.read_text(encoding="utf-8")
        self.revisions = itertools.count(first_revision)
        self.desc_spec.write_text(self.base_text, encoding="utf-8")

    def fresh(self, name: str) -> Path:
        """An output folder that does not exist yet."""
        out = self.root / name
        shutil.rmtree(out, ignore_errors=True)
        return out

    def next_description(self) -> Path:
        """Rewrite the variant spec with a never-seen description; return its path."""
        text = vary_description(self.base_text, self.case.anchor, next(self.revisions))
        self.desc_spec.write_text(text, encoding="utf-8")
        return self.desc_spec


def _oapigen(spec: Path, out: Path, *, lenient: bool, cache: Path | None) -> list[str]:
    argv = [
        str(VENV_BIN / "oapigen"),
        "generate",
        "--spec",
        str(spec),
        "--out",
        str(out),
    ]
    if lenient:
        argv.append("--lenient")
    if cache is None:
        argv.append("--no-cache")
    return argv


def _env(cache: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"  # OPC runs ruff from PATH
    env.pop("PYTHONHASHSEED", None)
    if cache is not None:
        env["OAPIGEN_CACHE_DIR"] = str(cache)
    return env


def oag_argv(spec: Path, out: Path, *, skip_validation: bool) -> list[str]:
    """OpenAPI Generator's python generator, run straight from the jar (no wrapper start-up)."""
    # Its YAML parser refuses documents past 3 MiB (Stripe's is 4.2 MB) unless told otherwise.
    argv = ["java", "-DmaxYamlCodePoints=99999999", "-jar", str(_oag_jar()), "generate"]
    argv += ["-g", "python", "-i", str(spec)]
    argv += ["-o", str(out), "--package-name", "oag_client"]
    return argv + (["--skip-validate-spec"] if skip_validation else [])


def opc_argv(spec: Path, out: Path) -> list[str]:
    """openapi-python-client with its default post hooks (ruff fix + format)."""
    return [
        str(VENV_BIN / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(out),
        "--overwrite",
    ]


def contenders(ws: Workspace) -> dict[str, Callable[[], Run]]:
    """The runs of one round: oapigen cold and warm (two ways), then both peers."""
    case = ws.case
    warm_out = ws.root / "oapigen-warm"
    desc_out = ws.root / "oapigen-desc"

    def cold() -> Run:
        out = ws.fresh("oapigen-cold")
        return run_child(_oapigen(case.spec, out, lenient=case.lenient, cache=None), env=_env())

    def warm_same() -> Run:
        argv = _oapigen(case.spec, warm_out, lenient=case.lenient, cache=ws.cache)
        return run_child(argv, env=_env(ws.cache))

    def warm_desc() -> Run:
        spec = ws.next_description()
        argv = _oapigen(spec, desc_out, lenient=case.lenient, cache=ws.cache)
        return run_child(argv, env=_env(ws.cache))

    def oag() -> Run:
        out = ws.fresh("oag")
        return run_child(oag_argv(case.spec, out, skip_validation=case.lenient), env=_env())

    def opc() -> Run:
        out = ws.fresh("opc")
        return run_child(opc_argv(case.spec, out), env=_env(), cwd=ws.root)

    return {
        "oapigen cold": cold,
        "oapigen warm, no change": warm_same,
        "oapigen warm, 1 description": warm_desc,
        "OpenAPI Generator": oag,
        "openapi-python-client": opc,
    }


def prime(ws: Workspace) -> list[str]:
    """Fill the cache and the warm output folders once; return the problems seen."""
    problems = []
    for spec, out in ((ws.case.spec, "oapigen-warm"), (ws.desc_spec, "oapigen-desc")):
        argv = _oapigen(spec, ws.root / out, lenient=ws.case.lenient, cache=ws.cache)
        run = run_child(argv, env=_env(ws.cache))
        if run.returncode:
            lines = run.stderr_tail.strip().splitlines()
            problems.append(lines[-1] if lines else f"exit {run.returncode}")
    return problems


def measure(case: SpecCase, root: Path, *, warmup: int, reps: int) -> dict[str, Series]:
    """Every generation figure of one spec case."""
    ws = Workspace(root, case)
    for problem in prime(ws):
        print(f"  priming oapigen failed: {problem}", file=sys.stderr)
    return interleave(contenders(ws), warmup=warmup, reps=reps)


def cold_contenders(case: SpecCase, root: Path) -> dict[str, Callable[[], Run]]:
    """oapigen cold on ``case`` and, when ``case.peers``, both peers cold (no cache anywhere).

    A peer run that exits 0 is checked against the spec's operations: one that dropped some
    carries a shortfall and is reported as incomplete, not as a time.
    """
    root.mkdir(parents=True, exist_ok=True)

    def fresh(name: str) -> Path:
        out = root / name
        shutil.rmtree(out, ignore_errors=True)
        return out

    def cold() -> Run:
        argv = _oapigen(case.spec, fresh("oapigen-cold"), lenient=case.lenient, cache=None)
        return run_child(argv, env=_env(), cwd=root)

    runs: dict[str, Callable[[], Run]] = {"oapigen cold": cold}
    if not case.peers:
        return runs
    declared = peers.spec_operations(case.spec)

    def oag() -> Run:
        out = fresh("oag")
        run = run_child(oag_argv(case.spec, out, skip_validation=True), env=_env())
        short = peers.oag_shortfall(out, declared=declared, returncode=run.returncode)
        if run.returncode == 0:
            short = _join(short, peers.import_failure(out, "oag_client", env=_env()))
        run.shortfall = short
        return run

    def opc_on(spec_of: Callable[[], Path]) -> Callable[[], Run]:
        def opc() -> Run:
            spec = spec_of()  # before run_child: bundling is not charged to the peer
            out, log = fresh("opc"), root / "opc.log"
            run = run_child(opc_argv(spec, out), env=_env(), cwd=root, log=log)
            text = log.read_text(encoding="utf-8", errors="replace")
            short = peers.opc_shortfall(out, text, declared=declared, returncode=run.returncode)
            package = peers.opc_package(out)
            if run.returncode == 0 and package:
                short = _join(short, peers.import_failure(out, package, env=_env()))
            run.shortfall = short
            return run

        return opc

    def bundled() -> Path:
        out = root / "bundled" / "openapi.yaml"
        return out if out.is_file() else bundle(case.spec, out)

    runs |= {"OpenAPI Generator": oag, "openapi-python-client": opc_on(lambda: case.spec)}
    if case.opc_bundled:
        runs[OPC_BUNDLED] = opc_on(bundled)
    return runs


def _join(*parts: str) -> str:
    return ", ".join(p for p in parts if p)


OPC_BUNDLED = "openapi-python-client, on `oapigen bundle`'s output"


def bundle(spec: Path, out: Path) -> Path:
    """``oapigen bundle SPEC -o OUT``: the split spec as one document (for a peer that needs it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    argv = [str(VENV_BIN / "oapigen"), "bundle", str(spec), "-o", str(out)]
    run = run_child(argv, env=_env())
    if run.returncode:
        raise RuntimeError(f"oapigen bundle failed: {run.stderr_tail.strip()[-300:]}")
    return out


def measure_cold(case: SpecCase, root: Path, *, warmup: int, reps: int) -> dict[str, Series]:
    """The cold figures of one real-world spec."""
    return interleave(cold_contenders(case, root), warmup=warmup, reps=reps)


def desc_profile_command(case: SpecCase, root: Path) -> tuple[list[str], dict[str, str]]:
    """The command of one more warm run with an unseen description (cache already primed)."""
    ws = Workspace(root, case, first_revision=10**6)
    spec = ws.next_description()
    argv = _oapigen(spec, root / "oapigen-desc", lenient=case.lenient, cache=ws.cache)
    return argv, _env(ws.cache)
