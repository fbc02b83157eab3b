"""``--strict`` on a published spec: the one mended defect of DigitalOcean's is an error again.

DigitalOcean's description is split over 2,907 files; the error points into the file that holds
the defect, as the warning of the default mode does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import SPECS, run

pytestmark = pytest.mark.slow

DEFECT = (
    "resources/inference/models/chat_completion_request.yml#/properties/stop/default: "
    "{severity}: {text}default None is null and the schema is not nullable"
)


def test_digitalocean_strict_refuses_its_one_repair(realworld_dir: Path, tmp_path: Path) -> None:
    spec = realworld_dir / SPECS["digitalocean"][0]
    folder = spec.parent
    mended = run(["-m", "oapigen", "validate", str(spec)], cwd=tmp_path, timeout=900)
    assert mended.returncode == 0, mended.stderr[-4000:]
    assert mended.stderr.splitlines() == [
        f"{folder}/" + DEFECT.format(severity="warning[repaired]", text="dropped: ")
    ]
    refused = run(["-m", "oapigen", "validate", "--strict", str(spec)], cwd=tmp_path, timeout=900)
    assert refused.returncode == 2, refused.stderr[-4000:]
    assert refused.stderr.splitlines() == [
        f"{folder}/"
        + DEFECT.format(severity="error[repairable]", text="")
        + " (strict mode; otherwise dropped)"
    ]
