"""The shipped suite's loopback server answers every method a path item may hold (issue 15, part 5).

Found with a probe spec of our own beside the peers' corpora: an operation under `trace` got
"501 Unsupported method ('TRACE')" from the loopback server, and its shipped test failed.
"""

from __future__ import annotations

from pathlib import Path

from ..commands import shipped_suite
from .conftest import generate_document, minimal_document

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def test_the_shipped_suite_passes_for_every_method(tmp_path: Path) -> None:
    ok = {"204": {"description": "done"}}
    item = {m: {"operationId": f"{m}Thing", "responses": ok} for m in _METHODS}
    out = generate_document(minimal_document(paths={"/thing": item}), tmp_path, "methods")
    run = shipped_suite(out, "-k", "Thing")
    assert run.returncode == 0, run.stdout[-3000:]
    assert "trace_thing" in (out / "tests" / "test_operations.py").read_text(encoding="utf-8")
