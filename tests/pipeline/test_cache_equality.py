"""The cache never changes a result: every test spec gives the same files or errors without it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from oapigen import Config, SpecError, generate

from .conftest import ROOT

HERE = Path(__file__).parent
# Every spec file of the test suite, and the product's own fragment.
SPECS = [
    *sorted(
        path
        for pattern in ("*.yaml", "*.yml", "*.json")
        for path in (ROOT / "tests").rglob(pattern)
        if "node_modules" not in path.parts and not path.name.startswith("package")
    ),
    ROOT / "spec" / "realtime_sessions.yaml",
]
# Bad specs generate under --lenient when their defects are ones it downgrades.
CASES = [(spec, False) for spec in SPECS] + [
    (spec, True) for spec in SPECS if "bad_specs" in spec.parts
]

Outcome = tuple[dict[str, bytes], tuple[str, ...]]


def tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def outcome(spec: Path, out: Path, cache: Path | None, *, lenient: bool = False) -> Outcome:
    """The tree and warnings of one run, or no tree and the errors it stopped with."""
    config = Config(
        spec=spec,
        out=out,
        root=ROOT,
        lenient=lenient,
        use_cache=cache is not None,
        cache_dir=cache,
    )
    try:
        warnings = generate(config).warnings
    except SpecError as exc:
        return {}, tuple(d.render() for d in exc.diagnostics)
    return tree(out), tuple(d.render() for d in warnings)


def test_every_spec_file_of_the_suite_is_covered() -> None:
    names = {spec.name for spec in SPECS}
    assert {"realtime_sessions.yaml", "pets.yaml", "constructs.yaml", "merge_key.yaml"} <= names
    assert len([spec for spec, lenient in CASES if lenient]) >= 10


@pytest.mark.parametrize(
    ("spec", "lenient"),
    CASES,
    ids=[f"{s.relative_to(ROOT).as_posix()}{'-lenient' if le else ''}" for s, le in CASES],
)
def test_cold_warm_and_per_file_cache_runs_equal_the_uncached_run(
    spec: Path, lenient: bool, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    expected = outcome(spec, tmp_path / "none", None, lenient=lenient)
    assert outcome(spec, tmp_path / "cold", cache, lenient=lenient) == expected
    assert outcome(spec, tmp_path / "warm", cache, lenient=lenient) == expected
    # Without the whole-run entries, the per-file entries (validator, formatter, render) answer.
    shutil.rmtree(cache / "run", ignore_errors=True)
    assert outcome(spec, tmp_path / "per-file", cache, lenient=lenient) == expected


def test_a_yaml_merge_key_gives_the_same_model_with_the_cache(tmp_path: Path) -> None:
    """D3: an explicit key beats a merged one, as YAML says, with or without the cache."""
    spec = HERE / "cache_specs" / "merge_key.yaml"
    cached = outcome(spec, tmp_path / "cached", tmp_path / "cache")
    fresh = outcome(spec, tmp_path / "fresh", None)
    assert cached == fresh
    (model,) = (text.decode() for path, text in cached[0].items() if path.endswith("models/pet.py"))
    assert "name: str" in model
    assert "id_" not in model


def test_a_validator_error_in_a_default_is_found_after_a_cached_near_twin(tmp_path: Path) -> None:
    """D2: only the exact document answers from the validator's cache."""
    cache = tmp_path / "cache"
    fits, breaks = (
        HERE / "cache_specs" / "default_v1.yaml",
        HERE / "cache_specs" / "default_v2.yaml",
    )
    assert outcome(fits, tmp_path / "v1", cache)[0]
    for run, use in (("cached", cache), ("fresh", None)):
        files, errors = outcome(breaks, tmp_path / run, use)
        assert not files, run
        assert any(
            "#/components/schemas/Item/default/description: error[spec-invalid]:" in e
            and "'abcdefgh' is too long" in e
            for e in errors
        ), (run, errors)
