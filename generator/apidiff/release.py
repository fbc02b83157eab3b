"""The client's own semantic version: the bump a diff implies, and the version after it.

A vendor's ``info.version`` often stays the same across releases that remove and retype fields,
so it cannot tell code that installs the client whether an upgrade is safe. The client's version
follows its API instead: a breaking change bumps the major, any other change of the API the
minor, a spec change that leaves the API as it was (descriptions, examples) the patch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from oapigen.apidiff.diff import Change

MAJOR, MINOR, PATCH, NONE = "major", "minor", "patch", "none"


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """The version a regeneration gives the client, and why."""

    previous: str | None  # None on the first generation
    version: str
    bump: str  # MAJOR, MINOR, PATCH or NONE
    changes: tuple[Change, ...] | None  # None when the previous run's API is not recorded


def bump_of(changes: Sequence[Change], *, spec_changed: bool) -> str:
    """The bump a diff implies; ``spec_changed``: the spec's bytes differ at all."""
    if any(c.breaking for c in changes):
        return MAJOR
    if changes:
        return MINOR
    return PATCH if spec_changed else NONE


def bumped(version: str, bump: str) -> str:
    """``version`` (MAJOR.MINOR.PATCH) after ``bump``."""
    major, minor, patch = (int(part) for part in version.split("."))
    if bump == MAJOR:
        return f"{major + 1}.0.0"
    if bump == MINOR:
        return f"{major}.{minor + 1}.0"
    if bump == PATCH:
        return f"{major}.{minor}.{patch + 1}"
    return version


def release_of(
    previous: str | None, changes: tuple[Change, ...] | None, *, first: str, spec_changed: bool
) -> Release:
    """The release after a run: the first version, or ``previous`` bumped by the diff.

    With no recorded API to diff against, a changed spec counts as breaking: nothing shows it
    is not, and a major bump is the one a user pinning ``<N+1`` is protected by.
    """
    if previous is None:
        return Release(previous=None, version=first, bump=NONE, changes=changes)
    if changes is None:
        bump = MAJOR if spec_changed else NONE
    else:
        bump = bump_of(changes, spec_changed=spec_changed)
    return Release(previous=previous, version=bumped(previous, bump), bump=bump, changes=changes)
