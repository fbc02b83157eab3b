"""Where a cold oapigen run spends its time, stage by stage (run as ``python -m bench.stages``).

Prints JSON: seconds per stage, in order, with the heavy imports as stages of their own,
and the formatter (ruff, one process over all the files) last.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def stages(spec: Path, *, lenient: bool) -> dict[str, Any]:
    """Time each stage of one uncached generation; stop at the first that fails."""
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 4)
        clock = now

    try:
        import openapi_spec_validator  # noqa: F401

        lap("import openapi-spec-validator")
        import jinja2  # noqa: F401
        import yaml  # noqa: F401

        lap("import jinja2 + yaml")
        from oapigen.build import build_client
        from oapigen.config import load_config
        from oapigen.diagnostics import Collector
        from oapigen.format import format_files
        from oapigen.render import render_client
        from oapigen.spec import checks, upstream
        from oapigen.spec.load import load_spec
        from oapigen.spec.repair import repair

        root = Path(__file__).resolve().parent.parent
        config = load_config(root).with_overrides(spec=spec, lenient=lenient)
        lap("import generator")
        diags = Collector(config.spec_label)
        document = load_spec(spec)
        lap("load (YAML)")
        version = checks.check(document, diags, lenient=lenient)
        diags.raise_if_errors()
        lap("our checks")
        if version is not None:
            found = upstream.findings(document, version, cache_dir=None)
            upstream.report(found, diags, lenient=lenient)
        diags.raise_if_errors()
        lap("upstream validator (serial here; apart from 256 KiB in a real run)")
        # As the pipeline does: lenient drops what the builder cannot walk.
        walkable = repair(document, diags) if lenient else document
        client = build_client(walkable, diags, config)
        diags.raise_if_errors()
        lap("build IR")
        files = render_client(client)
        lap("render (Jinja)")
        format_files(files, cache_dir=None, formatter=config.formatter)
        count = sum(p.endswith(".py") for p in files)
        lap(f"format ({config.formatter}, {count} files)")
    except Exception as exc:  # the failure is the finding
        return {"stages": times, "failed": f"{type(exc).__name__}: {str(exc)[:200]}"}
    return {"stages": times, "failed": None}


def main() -> None:
    """Entry point: ``python -m bench.stages SPEC [--lenient]``."""
    print(json.dumps(stages(Path(sys.argv[1]), lenient="--lenient" in sys.argv)))


if __name__ == "__main__":
    main()
