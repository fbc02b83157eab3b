"""``CHANGELOG.md`` of the generated package: one dated entry each time the spec changes.

The previous run left its API surface (``.oapigen-api.json``) and its spec hash (the manifest) in
the output folder, so the entry is the same diff ``oapigen diff`` prints, without the old spec
file. Regenerating from an unchanged spec returns the changelog as it is: the run stays
deterministic. The date is today's (UTC), or ``SOURCE_DATE_EPOCH``'s when that is set.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from oapigen.output import write

CHANGELOG = "CHANGELOG.md"
_PREAMBLE = (
    "# Changelog of the generated client\n\n"
    "Written by `oapigen generate`: one entry, newest first, each time the client is regenerated\n"
    "from a different spec. Each change is classed breaking or compatible for code using the\n"
    "client (rules: `generator/api_diff.py`).\n"
)


def history(out: Path, files: dict[str, str], *, spec: str, spec_sha256: str) -> dict[str, str]:
    """The changelog to write with ``files``: the old one, plus an entry if the spec changed."""
    previous = _read(out / CHANGELOG)
    recorded = write.read_manifest(out)
    old_sha = recorded.get("spec_sha256")
    if not isinstance(old_sha, str) or old_sha == spec_sha256:
        return {CHANGELOG: previous} if previous is not None else {}
    # Imported only now: a run from an unchanged spec (the usual warm run) never needs them.
    from oapigen.apidiff import report as api_report  # noqa: PLC0415
    from oapigen.apidiff.diff import diff  # noqa: PLC0415
    from oapigen.apidiff.surface import API_FILE, loads  # noqa: PLC0415

    old_spec = str(recorded.get("spec") or "previous spec")
    hashes = f"Spec sha256 `{old_sha[:12]}` -> `{spec_sha256[:12]}`"
    heading = f"## {_today().isoformat()}: {spec}\n\n{hashes}"
    old_text, new_text = _read(out / API_FILE) or "", files[API_FILE]
    old_surface = new_surface = None
    if old_text != new_text:
        old_surface, new_surface = loads(old_text), loads(new_text)
    if old_text == new_text:
        # A prose edit leaves the API as it was (and as this run wrote it, so well formed):
        # nothing to parse (20 ms on the full document) or compare (0.12 s).
        body = f"{heading}.\n{api_report.markdown((), old=old_spec, new=spec, level=3)}"
    elif old_surface is None or new_surface is None:
        body = f"{heading}; the previous run did not record its API ({API_FILE}), so no diff.\n"
    else:
        changes = diff(old_surface, new_surface)
        body = f"{heading}.\n{api_report.markdown(changes, old=old_spec, new=spec, level=3)}"
    return {CHANGELOG: _insert(previous or _PREAMBLE, body)}


def _insert(text: str, entry: str) -> str:
    """Put ``entry`` before the first existing entry (newest first), after the preamble."""
    at = text.find("\n## ")
    if at < 0:
        return text.rstrip("\n") + "\n\n" + entry
    return text[: at + 1] + entry + "\n" + text[at + 1 :]


def _today() -> datetime.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.datetime.now(tz=datetime.UTC).date()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
