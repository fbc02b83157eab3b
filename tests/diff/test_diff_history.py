"""The diff on real history: the Realtime operation across three upstream documents."""

from __future__ import annotations

from typing import Any

import pytest

from oapigen.apidiff.diff import IN, OUT, Change, diff, directions
from oapigen.ir import naming
from oapigen.spec.pointer import lookup

Surfaces = dict[str, dict[str, Any]]
REQUEST, RESPONSE = "RealtimeSessionCreateRequest", "RealtimeSessionCreateResponse"


def _index(changes: tuple[Change, ...]) -> dict[tuple[str, str], Change]:
    return {(c.kind, c.subject): c for c in changes}


def test_january_to_march_reports_what_the_documents_show(surfaces: Surfaces) -> None:
    found = _index(diff(surfaces["2025-01-21"], surfaces["2025-03-22"]))
    expected = {
        # `model` is no longer in `required`: callers may leave it out.
        ("field-optional", f"{REQUEST}.model"): False,
        # `voice` becomes a $ref to VoiceIdsShared (a string or one of 11 voices): a request
        # accepts more, a reader annotated with the 8 old voices no longer type-checks.
        ("type-widened", f"{REQUEST}.voice"): False,
        ("type-widened", f"{RESPONSE}.voice"): True,
        ("alias-added", "VoiceIdsShared"): False,
        ("field-added", f"{REQUEST}.input_audio_noise_reduction"): False,
        ("field-added", f"{REQUEST}TurnDetection.eagerness"): False,
        ("field-added", f"{REQUEST}InputAudioTranscription.language"): False,
        # turn_detection.type was any string, now one of server_vad/semantic_vad.
        ("type-narrowed", f"{REQUEST}TurnDetection.type_"): True,
        ("default-changed", f"{REQUEST}.temperature"): False,
        # The response now always carries client_secret: readers lose nothing.
        ("field-required", f"{RESPONSE}.client_secret"): False,
    }
    for key, breaking in expected.items():
        assert key in found, key
        assert found[key].breaking is breaking, found[key]
    assert found[("default-changed", f"{REQUEST}.temperature")].detail == "none -> 0.8"
    assert not any(c.kind.endswith("-removed") for c in found.values())


def test_march_to_2026_reports_the_reshaped_session(surfaces: Surfaces) -> None:
    found = _index(diff(surfaces["2025-03-22"], surfaces["2026-08-21"]))
    expected = {
        ("field-removed", f"{REQUEST}.model"): True,
        ("field-added", f"{REQUEST}.client_secret"): True,  # required in a request
        ("field-added", f"{REQUEST}.truncation"): False,
        ("field-removed", f"{RESPONSE}.client_secret"): True,
        ("field-added", f"{RESPONSE}.audio"): False,
        (
            "type-changed",
            f"{RESPONSE}.tools",
        ): True,  # inline items -> RealtimeFunctionTool
        (
            "type-widened",
            f"{REQUEST}.voice",
        ): False,  # VoiceIdsShared -> VoiceIdsOrCustomVoice
        ("type-widened", f"{REQUEST}.input_audio_format"): False,  # enum -> any string
        ("model-removed", f"{RESPONSE}ClientSecret"): True,
        ("model-added", "RealtimeFunctionTool"): False,
    }
    for key, breaking in expected.items():
        assert key in found, key
        assert found[key].breaking is breaking, found[key]


@pytest.mark.parametrize(
    ("old", "new"), [("2025-01-21", "2025-03-22"), ("2025-03-22", "2026-08-21")]
)
def test_field_changes_match_the_schemas(
    surfaces: Surfaces, documents: dict[str, Any], old: str, new: str
) -> None:
    """Added, removed, required and default changes of the two top-level schemas, from the YAML."""
    changes = diff(surfaces[old], surfaces[new])
    for model in (REQUEST, RESPONSE):
        before = documents[old]["components"]["schemas"][model]
        after = documents[new]["components"]["schemas"][model]
        props_old, props_new = before["properties"], after["properties"]
        req_old, req_new = set(before.get("required", [])), set(after.get("required", []))
        both = set(props_old) & set(props_new)
        want = {
            "field-added": set(props_new) - set(props_old),
            "field-removed": set(props_old) - set(props_new),
            "field-optional": (req_old - req_new) & both,
            "field-required": (req_new - req_old) & both,
            "default-changed": {
                p for p in both if props_old[p].get("default") != props_new[p].get("default")
            },
        }
        for kind, wires in want.items():
            got = {
                c.subject for c in changes if c.kind == kind and c.subject.startswith(model + ".")
            }
            assert got == {f"{model}.{naming.identifier(w)}" for w in wires}, (
                model,
                kind,
            )


@pytest.mark.parametrize(
    ("old", "new"), [("2025-01-21", "2025-03-22"), ("2025-03-22", "2026-08-21")]
)
def test_every_change_points_into_both_documents(
    surfaces: Surfaces, documents: dict[str, Any], old: str, new: str
) -> None:
    changes = diff(surfaces[old], surfaces[new])
    assert changes
    for change in changes:
        assert change.old is not None or change.kind.endswith("-added"), change
        assert change.new is not None or change.kind.endswith("-removed"), change
        for version, pointer in ((old, change.old), (new, change.new)):
            if pointer is not None:
                assert lookup(documents[version], pointer) is not None, (
                    version,
                    pointer,
                )


def test_breaking_changes_come_first(surfaces: Surfaces) -> None:
    changes = diff(surfaces["2025-03-22"], surfaces["2026-08-21"])
    flags = [c.breaking for c in changes]
    assert flags == sorted(flags, reverse=True)
    assert True in flags and False in flags


def test_same_spec_has_no_changes(surfaces: Surfaces) -> None:
    for surface in surfaces.values():
        assert diff(surface, surface) == ()


def test_directions_follow_the_operation(surfaces: Surfaces) -> None:
    ways = directions(surfaces["2025-01-21"])
    assert ways[REQUEST] == {IN}
    assert ways[f"{REQUEST}TurnDetection"] == {IN}
    assert ways[RESPONSE] == {OUT}
    assert ways[f"{RESPONSE}ClientSecret"] == {OUT}
