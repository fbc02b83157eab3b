"""``python -m bench``: run every figure, print the table, write ``bench/RESULTS.md``."""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from . import fanout, gen, imports, limits, streams
from .common import ROOT, Series, run_child
from .report import (
    Row,
    fmt_ratio,
    fmt_seconds,
    gen_value,
    markdown,
    plain,
    ratio,
    verdict,
)

OAG, OPC = "OpenAPI Generator", "openapi-python-client"


def _args() -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    p.add_argument("--reps", type=int, default=5, help="timed rounds per figure (fragment, client)")
    p.add_argument("--full-reps", type=int, default=3, help="timed rounds on the full spec")
    p.add_argument("--warmup", type=int, default=1, help="rounds run first and dropped")
    p.add_argument("--calls", type=int, default=100, help="calls per client sample (decode: x10)")
    p.add_argument(
        "--only",
        default="fragment,full,realworld,client,import,fanout,streams",
        help="comma-separated parts; realworld takes --full-reps rounds of each spec",
    )
    p.add_argument("--events", type=int, default=streams.EVENTS, help="events per stream (streams)")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    return p.parse_args()


def _peer_clients(workdir: Path) -> None:
    """OpenAPI Generator's and OPC's clients for the fragment, for figures 4-6 (not timed)."""
    spec = gen.FRAGMENT.spec
    for argv, what in (
        (gen.oag_argv(spec, workdir / "oag", skip_validation=False), OAG),
        (gen.opc_argv(spec, workdir / "opc-project"), OPC),
    ):
        run = run_child(argv, env=gen._env(), cwd=workdir)
        if run.returncode:  # the figures needing it fail and say so; the rest still run
            print(f"{what} could not generate the fragment client:", file=sys.stderr)
            print(run.stderr_tail, file=sys.stderr)
            return
    (workdir / "opc").mkdir(exist_ok=True)
    shutil.move(
        workdir / "opc-project" / "open_ai_api_client",
        workdir / "opc" / "open_ai_api_client",
    )


def gen_rows(series: dict[str, Series], *, full: bool) -> list[Row]:
    """Rows for figures 1-2 (fragment) or 3 (full spec)."""
    oag, opc = series[OAG], series[OPC]
    cold = series["oapigen cold"]
    n1 = "3. full spec" if full else "1. fragment"
    n2 = "3. full spec" if full else "2. fragment"
    rows = [
        Row(f"{n1}, cold", name, gen_value(s), "", "", "") for name, s in ((OAG, oag), (OPC, opc))
    ]
    r_oag, r_opc = ratio(cold.median, oag.median), ratio(cold.median, opc.median)
    if full:
        faster = min((oag, opc), key=lambda s: s.median if s.median is not None else float("inf"))
        target, met = "≤ 0.9 × the faster peer", verdict(ratio(cold.median, faster.median), 0.9)
    else:
        target = "≤ 0.2 × OAG, ≤ 0.5 × OPC"
        met = "met" if verdict(r_oag, 0.2) == verdict(r_opc, 0.5) == "met" else "MISSED"
    against = f"{fmt_ratio(r_oag, 'OAG')}; {fmt_ratio(r_opc, 'OPC')}"
    rows.append(Row(f"{n1}, cold", "oapigen --no-cache", gen_value(cold), against, target, met))
    if full:
        r_rss = ratio(cold.median_rss_mib, oag.median_rss_mib)
        rows.append(
            Row(
                f"{n1}, cold",
                "oapigen peak RSS",
                "",
                fmt_ratio(r_rss, "OAG RSS"),
                "≤ 0.33 × OAG",
                verdict(r_rss, 0.33),
            )
        )
    rows.append(_cpu_row(f"{n1}, cold", cold, oag, opc))
    for name in ("oapigen warm, no change", "oapigen warm, 1 description"):
        r = ratio(series[name].median, oag.median)
        limit = 0.2 if full else 0.1
        rows.append(
            Row(
                f"{n2}, warm",
                name.removeprefix("oapigen "),
                gen_value(series[name]),
                fmt_ratio(r, "OAG"),
                f"≤ {limit} × OAG",
                verdict(r, limit),
            )
        )
    return rows


def realworld_rows(case: gen.SpecCase, series: dict[str, Series]) -> list[Row]:
    """Figure 7: one real-world spec, cold; oapigen ahead of each peer that generates it.

    A peer that failed or left operations out is a row saying what it left out, and no ratio is
    taken against it: only a peer that generated the whole API is a time to beat.
    """
    figure = f"7. {case.label}, cold"
    cold = series["oapigen cold"]
    peers = [s for s in series.values() if s is not cold]
    rows = [Row(figure, s.name, _peer_value(s), "", "", "") for s in peers]
    if cold.median is None:
        # A spec this tree refuses: say so in the row, with oapigen's own last line, instead of
        # failing the benchmark.
        why = f"`{_last_line(cold.failures[0])[:120]}`" if cold.failures else ""
        return [*rows, Row(figure, "oapigen --no-cache", "not supported by this tree", why, "", "")]
    complete = [s for s in peers if s.median is not None and not s.shortfalls]
    ratios = [(s.name, ratio(cold.median, s.median)) for s in complete]
    text = "; ".join(fmt_ratio(r, _short(n)) for n, r in ratios)
    rss = [(s.name, ratio(cold.median_rss_mib, s.median_rss_mib)) for s in complete]
    if rss:
        text += "; RSS " + "; ".join(fmt_ratio(r, _short(n)) for n, r in rss)
    worst = max((r for _, r in ratios if r is not None), default=None)
    if not peers:
        target, met = "", ""
    elif not complete:
        target, met = "< 1.0 × each peer that generates it", "met (no peer generated it)"
    else:
        target = "< 1.0 × each peer that generates it"
        met = "met" if worst is not None and worst < 1.0 else "MISSED"
    return [*rows, Row(figure, "oapigen --no-cache", gen_value(cold), text or "n/a", target, met)]


def _short(name: str) -> str:
    return "OAG" if name == OAG else "OPC (bundled)" if name == gen.OPC_BUNDLED else "OPC"


def _peer_value(series: Series) -> str:
    """A peer's cold figure, or what it failed to generate (its exit, what it dropped)."""
    if not series.shortfalls:
        return gen_value(series)
    shortfall = series.shortfalls[0]
    if series.failures:
        return f"failed: {shortfall}"
    timed = f"{fmt_seconds(series.median)}, " if series.median is not None else ""
    return f"incomplete ({timed}{series.name.split(',')[0]} exit 0): {shortfall}"


def _last_line(stderr_tail: str) -> str:
    lines = [x for x in stderr_tail.strip().splitlines() if x.strip()]
    return lines[-1] if lines else "no output"


def failure_lines(label: str, series: dict[str, Series]) -> list[str]:
    """The last stderr line of each contender's first failed run."""
    lines = []
    for s in series.values():
        if s.failures:
            # What the run left out says more than a peer's closing line ("please open an issue").
            last = s.shortfalls[0] if s.shortfalls else _last_line(s.failures[0])[:300]
            lines.append(
                f"- {label}, {s.name}: {len(s.failures)} failed run(s); last line: `{last}`"
            )
    return lines


def _cpu_row(figure: str, cold: Series, oag: Series, opc: Series) -> Row:
    """CPU-time ratios: steadier than wall time when others load the machine."""
    r_oag, r_opc = ratio(cold.median_cpu, oag.median_cpu), ratio(cold.median_cpu, opc.median_cpu)
    text = f"{fmt_ratio(r_oag, 'OAG CPU')}; {fmt_ratio(r_opc, 'OPC CPU')}"
    return Row(figure, "oapigen CPU time (information)", "", text, "", "")


def client_rows(data: dict[str, dict[str, list[float]]]) -> list[Row]:
    """Rows for figures 4 and 5."""
    calls = {k: statistics.median(v) if v else None for k, v in data["calls"].items()}
    raw = calls["raw urllib3 + json.loads"]
    rows = []
    for name, value in calls.items():
        r = ratio(value, raw)
        ours = name.startswith("oapigen")
        rows.append(
            Row(
                "4. call",
                name,
                fmt_seconds(value),
                fmt_ratio(r, "raw"),
                "≤ 1.05 × raw" if ours else "",
                verdict(r, 1.05) if ours else "",
            )
        )
    dec = {k: statistics.median(v) if v else None for k, v in data["decode"].items()}
    base, sdk = dec["json.loads alone"], dec["openai SDK model_validate_json"]
    for name, value in dec.items():
        ours = name.startswith("oapigen")
        r_base, r_sdk = ratio(value, base), ratio(value, sdk)
        sdk_note = f" ({r_sdk:.2f} × SDK pydantic)" if r_sdk else ""
        rows.append(
            Row(
                "5. decode",
                name,
                fmt_seconds(value),
                fmt_ratio(r_base, "json.loads"),
                "≤ 1.35 × json.loads" if ours else "",
                f"{verdict(r_base, 1.35)}{sdk_note}" if ours else "",
            )
        )
    return rows


def import_rows(series: dict[str, Series]) -> list[Row]:
    """Rows for figure 6 (cumulative import time, start-up excluded)."""
    urllib3 = series["import urllib3"].median
    limit = None if urllib3 is None else urllib3 + 0.020
    rows = []
    for name, s in series.items():
        ours = "openapi_openai" in name
        met = s.median is not None and limit is not None and s.median <= limit
        rows.append(
            Row(
                "6. import",
                name,
                fmt_seconds(s.median),
                fmt_ratio(ratio(s.median, urllib3), "urllib3"),
                "≤ urllib3 + 20 ms" if ours else "",
                ("met" if met else "MISSED") if ours else "",
            )
        )
    return rows


def _client_figures(workdir: Path, args: argparse.Namespace) -> dict[str, dict[str, list[float]]]:
    argv = [
        sys.executable,
        "-m",
        "bench.client",
        str(workdir),
        str(args.reps),
        str(args.warmup),
        str(args.calls),
    ]
    done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (IndexError, ValueError):
        print(
            f"client figures failed (exit {done.returncode}); see above",
            file=sys.stderr,
        )
        return {}


def main() -> None:
    """Run the selected parts; print and write the table."""
    args = _args()
    parts = set(args.only.split(","))
    # An editable install has no byte code, and PYTHONDONTWRITEBYTECODE (set in some shells)
    # keeps it that way: every oapigen run would compile the generator again, which a pip
    # installed tool (the peers included) never does.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    workdir = Path(tempfile.mkdtemp(prefix="oapigen-bench-"))
    rows: list[Row] = []
    notes: list[str] = []
    try:
        for case, reps in ((gen.FRAGMENT, args.reps), (gen.FULL, args.full_reps)):
            if case.label in parts:
                rows_, notes_ = _generation(case, workdir, args, reps)
                rows, notes = rows + rows_, notes + notes_
        if "realworld" in parts:
            for case in gen.REALWORLD:
                print(f"generation, {case.label} (cold): {case.spec}", file=sys.stderr)
                found = gen.measure_cold(
                    case, workdir / case.label, warmup=args.warmup, reps=args.full_reps
                )
                rows += realworld_rows(case, found)
                notes += failure_lines(case.label, found)
        if parts & {"client", "import"}:
            _peer_clients(workdir)
        if "client" in parts:
            print("client calls and decode", file=sys.stderr)
            data = _client_figures(workdir, args)
            rows += client_rows(data) if data else []
            notes += ["", "### oapigen's own work per call (best of 5)", ""]
            notes += [f"- {k}: {fmt_seconds(v)}" for k, v in data.get("breakdown", {}).items()]
        if "import" in parts:
            print("imports", file=sys.stderr)
            # Import samples are cheap and noisy: take four times as many.
            series = imports.measure(workdir, warmup=args.warmup, reps=args.reps * 4)
            rows += import_rows(series)
            notes += [
                "",
                "### `import openapi_openai` under -X importtime (largest)",
                "",
            ]
            notes += limits.import_lines("import openapi_openai")
        if "fanout" in parts:
            print("asyncio fan-out", file=sys.stderr)
            rows += fanout.figure(workdir, args.reps, args.warmup)
        if "streams" in parts:
            print("stream throughput", file=sys.stderr)
            rows += streams.figure(workdir, args.reps, args.warmup, args.events)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(plain(rows))
    print("\n".join(notes))
    limits_title = "## What limits the figures (measured in this run)"
    text = markdown(rows, _header(args)) + "\n" + limits_title + "\n" + "\n".join(notes)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


def _generation(
    case: gen.SpecCase, workdir: Path, args: argparse.Namespace, reps: int
) -> tuple[list[Row], list[str]]:
    print(f"generation, {case.label}: {case.spec.relative_to(ROOT)}", file=sys.stderr)
    series = gen.measure(case, workdir / case.label, warmup=args.warmup, reps=reps)
    rows = gen_rows(series, full=case is gen.FULL)
    notes = ["", f"### {case.label}: one uncached oapigen run, stage by stage", ""]
    notes += limits.stage_lines(case.spec, lenient=case.lenient)
    notes += [
        "",
        f"### {case.label}: one warm run with a new description, profiled",
        "",
    ]
    notes += limits.profile_lines(*gen.desc_profile_command(case, workdir / case.label))
    notes += failure_lines(case.label, series)
    return rows, notes


def _header(args: argparse.Namespace) -> list[str]:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    peers = ", ".join(
        f"{p} {version(p)}"
        for p in ("openapi-generator-cli", "openapi-python-client", "openai", "ruff")
    )
    return [
        "# Benchmark results",
        "",
        f"{now}; `nproc` = {os.cpu_count()}; Python {platform.python_version()}; {peers}.",
        f"Medians of {args.reps} timed rounds for generation ({args.full_reps} on the full spec), "
        f"{args.reps * 10} for calls and decoding, {args.reps * 4} for imports, after "
        f"{args.warmup} warm-up round(s); contenders interleaved, order rotated each round; "
        f"{args.calls} calls per client sample. Ratios are taken within this run.",
        "Method and analysis of the misses: `bench/README.md`.",
    ]


if __name__ == "__main__":
    main()
