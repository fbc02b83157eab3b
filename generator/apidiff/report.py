"""An API diff as text, markdown or JSON: breaking changes first, each with both spec locations."""

from __future__ import annotations

import json
from dataclasses import asdict

from oapigen.apidiff.diff import Change


def render(
    changes: tuple[Change, ...], *, old: str, new: str, fmt: str, bump: str | None = None
) -> str:
    """The report in format ``fmt``; ``old``/``new`` label the two specs.

    ``bump``: the client version bump the changes imply (JSON only, when given).
    """
    if fmt == "json":
        return _json(changes, old=old, new=new, bump=bump)
    if fmt == "markdown":
        return markdown(changes, old=old, new=new, level=2)
    return _text(changes, old=old, new=new)


def summary(changes: tuple[Change, ...]) -> str:
    """One line: how many changes of each class."""
    breaking = sum(c.breaking for c in changes)
    if not changes:
        return "no changes to the client's API"
    return f"{breaking} breaking, {len(changes) - breaking} compatible change(s)"


def brief(changes: tuple[Change, ...]) -> list[str]:
    """One line per change, without locations: what ``generate --check`` prints."""
    lines = []
    for c in changes:
        tag = "BREAKING  " if c.breaking else "compatible"
        detail = f": {_clean(c.detail)}" if c.detail else ""
        lines.append(f"{tag} {c.kind} {_clean(c.subject)}{detail}")
    return lines


def _where(label: str, pointer: str | None) -> str:
    return _clean(f"{label}#{pointer}") if pointer is not None else "-"


def _clean(text: str) -> str:
    """Spec keys reach pointers as they are: escape what could fake lines or drive a terminal."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _text(changes: tuple[Change, ...], *, old: str, new: str) -> str:
    lines = [f"API diff {_clean(old)} -> {_clean(new)}: {summary(changes)}"]
    for c, line in zip(changes, brief(changes), strict=True):
        lines.append(line)
        lines.append(f"           old {_where(old, c.old)}")
        lines.append(f"           new {_where(new, c.new)}")
    return "\n".join(lines) + "\n"


def markdown(changes: tuple[Change, ...], *, old: str, new: str, level: int) -> str:
    """Sections of bullets; ``level`` is the heading depth of the sections."""
    hashes = "#" * level
    # The changelog compares a spec with its own previous version: one path, named once.
    specs = f"{_md(old)} -> {_md(new)}" if old != new else f"{_md(new)}: previous -> this version"
    said = summary(changes)
    # str.capitalize would lower the rest too: "the client's api".
    lines = [f"{said[:1].upper()}{said[1:]} ({specs}).", ""]
    for title, breaking in (("Breaking", True), ("Compatible", False)):
        group = [c for c in changes if c.breaking is breaking]
        if not group:
            continue
        lines += [f"{hashes} {title}", ""]
        for c in group:
            detail = f": {_md(c.detail)}" if c.detail else ""
            lines.append(f"- **{c.kind}** {_md(c.subject)}{detail}  ")
            lines.append(f"  old {_md(_where(old, c.old))}, new {_md(_where(new, c.new))}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md(text: str) -> str:
    # Spec strings (keys, enum values) stay code spans: no markup, no extra lines.
    return "`" + _clean(text).replace("`", "'") + "`"


def _json(changes: tuple[Change, ...], *, old: str, new: str, bump: str | None) -> str:
    data: dict[str, object] = {
        "old": old,
        "new": new,
        "breaking": sum(c.breaking for c in changes),
        "compatible": sum(not c.breaking for c in changes),
    }
    if bump is not None:
        data["bump"] = bump
    data["changes"] = [asdict(c) for c in changes]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
