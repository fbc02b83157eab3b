"""The docs state the retry, timeout and exception behaviour of the runtime that ships."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from oapigen.render.docs import TEMPLATES
from oapigen.render.docs.runtime_facts import cached_runtime_facts, runtime_facts

from .conftest import GENERATED

STATIC = [TEMPLATES / "static"]
SOURCE = (GENERATED / "openapi_openai/configuration.py").read_text(encoding="utf-8")


def _with(pattern: str, replacement: str) -> str:
    """The generated configuration with one default changed (the pattern must be there)."""
    changed, count = re.subn(pattern, replacement, SOURCE, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    return changed


def test_facts_follow_the_configuration_defaults() -> None:
    source = _with(r"retries: int = \d+", "retries: int = 3")
    source = re.sub(
        r"^DEFAULT_TIMEOUT = .*$",
        "DEFAULT_TIMEOUT = (1.5, 30.0)",
        source,
        flags=re.MULTILINE,
    )
    facts = runtime_facts(source, static_dirs=STATIC)
    assert facts.retries == 3
    assert facts.timeout == "1.5 s to connect and 30 s to read"
    assert facts.exception_for(404) == "NotFoundException"
    assert facts.exception_for(503) == "ServiceException"
    assert facts.exception_for(418) == "ApiException"
    assert not [name for name in sys.modules if name.startswith("_oapigen_docs_runtime")]


def test_no_retries_and_a_urllib3_timeout() -> None:
    source = _with(r"retries: int = \d+", "retries: int = 0")
    source = re.sub(
        r"^DEFAULT_TIMEOUT = .*$",
        "DEFAULT_TIMEOUT = urllib3.Timeout(total=60.0, connect=2.0)",
        source,
        flags=re.MULTILINE,
    )
    facts = runtime_facts(source, static_dirs=STATIC)
    assert (facts.retries, facts.timeout) == (0, "2 s to connect and 60 s in total")


def test_generated_pages_state_the_generated_defaults() -> None:
    facts = runtime_facts(SOURCE, static_dirs=STATIC)
    api = (GENERATED / "docs/RealtimeApi.md").read_text(encoding="utf-8")
    assert f"`Configuration.timeout` ({facts.timeout} by default)" in api
    if facts.retries:
        assert f"retried up to {facts.retries} times" in api
    else:
        assert "never retries" in api


def test_cached_facts_are_the_facts_and_follow_the_configuration(tmp_path: Path) -> None:
    three = _with(r"retries: int = \d+", "retries: int = 3")
    for source in (SOURCE, three, SOURCE, three):
        cached = cached_runtime_facts(source, static_dirs=STATIC, cache_dir=tmp_path)
        assert cached == runtime_facts(source, static_dirs=STATIC)
    assert len([p for p in (tmp_path / "facts").rglob("*") if p.is_file()]) == 2


def test_a_damaged_facts_entry_is_worked_out_again(tmp_path: Path) -> None:
    cached_runtime_facts(SOURCE, static_dirs=STATIC, cache_dir=tmp_path)
    (entry,) = (p for p in (tmp_path / "facts").rglob("*") if p.is_file())
    entry.write_bytes(b'[{"404": "NotFoundException"}, "many", 1]')
    facts = cached_runtime_facts(SOURCE, static_dirs=STATIC, cache_dir=tmp_path)
    assert facts == runtime_facts(SOURCE, static_dirs=STATIC)
