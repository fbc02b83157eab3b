"""``CHANGELOG.md`` of the generated package: one dated entry each time the spec changes.

The previous run left its API surface (``.oapigen-api.json``) and its spec hash (the manifest) in
the output folder, so the entry is the same diff ``oapigen diff`` prints, without the old spec
file. Regenerating from an unchanged spec returns the changelog as it is: the run stays
deterministic. The date is today's (UTC), or ``SOURCE_DATE_EPOCH``'s when that is set.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from oapigen.output import write

if TYPE_CHECKING:
    from oapigen.apidiff.diff import Change
    from oapigen.apidiff.release import Release

CHANGELOG = "CHANGELOG.md"
# The name of surface.API_FILE: importing surface would load the builder and the validator,
# which a warm run answered from the cache never needs.
API_FILE = ".oapigen-api.json"
_SEMVER = re.compile(r"\d+\.\d+\.\d+")
_PREAMBLE = (
    "# Changelog of the generated client\n\n"
    "Written by `oapigen generate`: one entry, newest first, each time the client is regenerated\n"
    "from a different spec. Each change is classed breaking or compatible for code using the\n"
    "client (rules: `generator/apidiff/diff.py` of oapigen).\n"
)


def release(
    out: Path, api_text: str, *, spec_sha256: str, first: str
) -> tuple[Release, dict[str, object]]:
    """The client's version after this run, from the previous run's manifest and API record.

    Also returns that manifest. An unchanged spec keeps the recorded version (bump ``none``).
    """
    from oapigen.apidiff.release import release_of  # noqa: PLC0415

    recorded = write.read_manifest(out)
    previous = recorded_version(recorded)
    old_sha = recorded.get("spec_sha256")
    changed = isinstance(old_sha, str) and old_sha != spec_sha256
    changes = _changes(_read(out / API_FILE) or "", api_text) if changed else ()
    return release_of(previous, changes, first=first, spec_changed=changed), recorded


def recorded_version(manifest: dict[str, object]) -> str | None:
    """The client version a previous run recorded, if it is a plain MAJOR.MINOR.PATCH."""
    found = manifest.get("client_version")
    return found if isinstance(found, str) and _SEMVER.fullmatch(found) else None


def _changes(old_text: str, new_text: str) -> tuple[Change, ...] | None:
    """The API diff of two recorded surfaces; None when the old one is missing or unreadable."""
    if old_text == new_text:
        # A prose edit leaves the API as it was: nothing to parse (20 ms on the full document)
        # or compare (0.12 s).
        return ()
    from oapigen.apidiff.diff import diff  # noqa: PLC0415
    from oapigen.apidiff.surface import loads  # noqa: PLC0415

    old_surface, new_surface = loads(old_text), loads(new_text)
    if old_surface is None or new_surface is None:
        return None
    return diff(old_surface, new_surface)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """What a changelog entry records besides the diff."""

    spec: str
    spec_version: str
    spec_sha256: str
    warnings: tuple[str, ...]


def history(out: Path, recorded: dict[str, object], made: Release, entry: Entry) -> dict[str, str]:
    """The changelog to write: the old one, plus an entry headed by the new version if the spec
    changed (``recorded``: the previous run's manifest)."""
    previous = _read(out / CHANGELOG)
    old_sha = recorded.get("spec_sha256")
    if not isinstance(old_sha, str) or old_sha == entry.spec_sha256:
        return {CHANGELOG: previous} if previous is not None else {}
    from oapigen.apidiff import report as api_report  # noqa: PLC0415

    old_spec = str(recorded.get("spec") or "previous spec")
    lines = [
        f"## {made.version} ({_today().isoformat()})",
        "",
        f"Client {made.previous or 'unversioned'} -> {made.version} ({made.bump} bump).  ",
        f"Spec `{entry.spec}`, info.version `{entry.spec_version}`, sha256 `{entry.spec_sha256}`"
        f" (was `{old_sha}`).",
        "",
    ]
    if made.changes is None:
        lines.append(f"The previous run did not record its API ({API_FILE}), so no diff.")
    else:
        report = api_report.markdown(made.changes, old=old_spec, new=entry.spec, level=3)
        lines.append(report.rstrip("\n"))  # one blank line before "Warnings", not two
    if entry.warnings:
        lines += ["", "### Warnings", ""]
        lines += [f"- `{warning}`" for warning in entry.warnings]
    return {CHANGELOG: _insert(previous or _PREAMBLE, "\n".join(lines).rstrip("\n") + "\n")}


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
