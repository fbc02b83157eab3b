"""Run oapigen over a folder of other people's specs and tabulate what became of each.

    .venv/bin/python -m bench.corpus /tmp/corpus [--out /tmp/corpus-results.md]

Each spec (``*.yaml``, ``*.yml``, ``*.json`` under the folder) is first checked by
openapi-spec-validator, then generated with no config (from a scratch folder, so no
``[tool.oapigen]`` applies), ``--lenient`` as a second try when the first run refuses it, and the
package imported with every module in it. The peers' test corpora are read from their
repositories into a folder outside this one: nothing of theirs is committed here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from .common import VENV_BIN

# Imports the package and every module under it; prints what failed, exits 1 if anything did.
_IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
failed = []
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one spec."""

    spec: str
    valid: bool  # by openapi-spec-validator
    verdict: str  # generated / generated (lenient) / import failed / refused / crashed
    detail: str  # the first error line, the failed import, or ""
    suite: str = ""  # with --suite: the shipped test suite's summary line ("" when not run)


def validator_verdict(spec: Path) -> str:
    """ "" when openapi-spec-validator accepts the document, else its first line."""
    code = (
        "import sys, yaml\n"
        "from openapi_spec_validator import validate\n"
        "doc = yaml.safe_load(open(sys.argv[1], 'rb'))\n"
        "validate(doc)\n"
    )
    done = _python(["-c", code, str(spec)], cwd=spec.parent)
    if done.returncode == 0:
        return ""
    lines = [x for x in done.stderr.strip().splitlines() if x.strip()]
    return lines[-1][:200] if lines else f"exit {done.returncode}"


def _python(
    argv: list[str], *, cwd: Path, path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = None if path is None else {"PYTHONPATH": str(path), "PATH": str(VENV_BIN)}
    return subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _first_error(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    errors = [x for x in lines if "error[" in x]
    return (errors or lines or ["(no output)"])[0][:300]


def shipped_suite(out: Path) -> str:
    """The summary line of the client's own test suite, run as its README says."""
    argv = ["-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "tests"]
    done = _python(argv, cwd=out, path=out)
    lines = [x for x in done.stdout.strip().splitlines() if x.strip()]
    summary = lines[-1] if lines else done.stderr.strip()[-200:]
    return summary if done.returncode == 0 else f"FAILED: {summary}"


def outcome(spec: Path, root: Path, scratch: Path, *, suite: bool = False) -> Outcome:
    """Validate, generate (strict, then lenient), import; with ``suite``, run its own tests."""
    name = str(spec.relative_to(root))
    valid = validator_verdict(spec) == ""
    out = scratch / "out"
    verdict, first = "", ""
    for lenient in (False, True):
        subprocess.run(["rm", "-rf", str(out)], check=True)
        argv = [str(VENV_BIN / "oapigen"), "generate", "--no-cache", "--spec", str(spec)]
        argv += ["--out", str(out)] + (["--lenient"] if lenient else [])
        done = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, check=False)
        if done.returncode == 0:
            verdict = "generated (lenient)" if lenient else "generated"
            break
        crashed = done.returncode not in (1, 2) or "Traceback" in done.stderr
        if crashed:
            return Outcome(name, valid, "crashed", _first_error(done.stderr))
        first = first or _first_error(done.stderr)
    if not verdict:
        return Outcome(name, valid, "refused", first)
    # The client ships its own test suite beside the package, as `tests`.
    packages = sorted(p.parent.name for p in out.glob("*/__init__.py") if p.parent.name != "tests")
    if len(packages) != 1:
        return Outcome(name, valid, "import failed", f"packages written: {packages}")
    done = _python(["-c", _IMPORT_ALL, packages[0]], cwd=scratch, path=out)
    if done.returncode:
        text = (done.stdout.strip() or done.stderr.strip()).splitlines()
        return Outcome(name, valid, "import failed", (text or ["?"])[-1][:300])
    detail = first if verdict == "generated (lenient)" else ""
    return Outcome(name, valid, verdict, detail, shipped_suite(out) if suite else "")


def table(outcomes: list[Outcome]) -> str:
    """Counts, then one row per spec that did not simply generate and import."""
    lines = ["| verdict | all specs | valid by openapi-spec-validator |", "| --- | --- | --- |"]
    every = Counter(o.verdict for o in outcomes)
    valid = Counter(o.verdict for o in outcomes if o.valid)
    for verdict in ("generated", "generated (lenient)", "import failed", "refused", "crashed"):
        lines.append(f"| {verdict} | {every[verdict]} | {valid[verdict]} |")
    n_valid = sum(valid.values())
    lines.append(f"| **total** | {len(outcomes)} | {n_valid} |")
    lines += ["", "| spec | valid | verdict | first line |", "| --- | --- | --- | --- |"]
    failing = [o for o in outcomes if o.suite.startswith("FAILED")]
    if any(o.suite for o in outcomes):
        ran = sum(1 for o in outcomes if o.suite)
        lines.insert(0, f"Shipped test suites: {ran - len(failing)} of {ran} pass.\n")
    for o in outcomes:
        if o.verdict != "generated" or o in failing:
            detail = o.detail.replace("|", "\\|")
            if o in failing:
                detail = f"shipped suite {o.suite}"
            lines.append(f"| {o.spec} | {'yes' if o.valid else 'no'} | {o.verdict} | `{detail}` |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Every spec under the folder, one line each as it goes, then the table."""
    p = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__)
    p.add_argument("folder", type=Path)
    p.add_argument("--out", type=Path, help="write the table there too")
    p.add_argument("--json", type=Path, help="write every outcome there as JSON")
    p.add_argument("--suite", action="store_true", help="also run each client's shipped tests")
    args = p.parse_args()
    root = args.folder.resolve()
    specs = sorted(s for ext in ("yaml", "yml", "json") for s in root.rglob(f"*.{ext}"))
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="oapigen-corpus-") as tmp:
        for spec in specs:
            result = outcome(spec, root, Path(tmp), suite=args.suite)
            outcomes.append(result)
            print(
                f"{result.verdict:20} {'valid' if result.valid else 'INVALID':7} {result.spec}"
                f"  {result.detail}  {result.suite}",
                flush=True,
            )
    text = table(outcomes)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
