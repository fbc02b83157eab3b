"""The results table: medians, ratios to peers measured in the same run, targets met or missed."""

from __future__ import annotations

from dataclasses import dataclass

from .common import Series


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    figure: str
    contender: str
    value: str
    ratio: str
    target: str
    verdict: str  # "met", "MISSED", or "" for reference rows


def fmt_seconds(value: float | None) -> str:
    """Seconds, milliseconds or microseconds, whichever reads best."""
    if value is None:
        return "failed"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, or None when either side is missing."""
    return None if a is None or b is None or b == 0 else a / b


def fmt_ratio(value: float | None, against: str) -> str:
    """``0.31 × OAG``."""
    return "n/a" if value is None else f"{value:.2f} × {against}"


def verdict(value: float | None, limit: float) -> str:
    """Met when the ratio is known and within its limit."""
    return "MISSED" if value is None or value > limit else "met"


def gen_value(series: Series) -> str:
    """Median wall time and median peak RSS (or the failure)."""
    if series.median is None:
        return f"failed ({len(series.failures)}/{len(series.failures)} runs)"
    text = (
        f"{fmt_seconds(series.median)} (CPU {fmt_seconds(series.median_cpu)}), "
        f"{series.median_rss_mib:.0f} MiB"
    )
    if series.failures:
        text += f" ({len(series.failures)} runs failed)"
    return text


def markdown(rows: list[Row], header: list[str]) -> str:
    """A GitHub table with a preamble."""
    lines = [
        *header,
        "",
        "| figure | contender | median | ratio | target | verdict |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        missed = r.verdict.startswith("MISSED")
        verdict_text = "**MISSED**" + r.verdict.removeprefix("MISSED") if missed else r.verdict
        lines.append(
            f"| {r.figure} | {r.contender} | {r.value} | {r.ratio} | {r.target} | {verdict_text} |"
        )
    return "\n".join(lines) + "\n"


def plain(rows: list[Row]) -> str:
    """The same table for a terminal."""
    widths = [
        max(len(getattr(r, f)) for r in rows) for f in ("figure", "contender", "value", "ratio")
    ]
    out = []
    for r in rows:
        cells = [r.figure, r.contender, r.value, r.ratio]
        out.append(
            "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + f"  {r.target}  {r.verdict}"
        )
    return "\n".join(out)
