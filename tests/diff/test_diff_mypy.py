"""The classes agree with mypy: old user code breaks against the new client exactly where the
diff says a change is breaking, and still type-checks where it says compatible."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from diff_oracle import expected, mypy_errors, program

from oapigen.apidiff.diff import diff

PAIRS = [("2025-01-21", "2025-03-22"), ("2025-03-22", "2026-08-21")]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_breaking_exactly_where_mypy_fails(
    surfaces: dict[str, dict[str, Any]],
    clients: dict[str, Path],
    tmp_path: Path,
    old: str,
    new: str,
) -> None:
    prog = program(surfaces[old])
    against_old = mypy_errors(prog, clients[old], tmp_path / "old")
    assert (
        against_old == []
    ), "the user program must type-check against the client it was written for"
    against_new = mypy_errors(prog, clients[new], tmp_path / "new")
    flagged = {tag for tag, _ in against_new}
    changes = diff(surfaces[old], surfaces[new])
    want = expected(changes, surfaces[old], surfaces[new])
    report = "\n".join(f"{tag}: {message}" for tag, message in against_new)
    assert flagged - want == set(), f"mypy fails where the diff says compatible:\n{report}"
    assert want - flagged == set(), f"the diff says breaking where mypy passes:\n{report}"
    assert want, "the history has breaking changes: the check must see some"
