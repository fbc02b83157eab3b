"""The walk that bundles a split spec: parts become components or are copied in (see bundle.py)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oapigen.diagnostics import Diagnostic
from oapigen.spec import load
from oapigen.spec.bundle_names import names_for
from oapigen.spec.kinds import ANY, LIST, MAP, MAP_OF, SECTIONS, child_kind
from oapigen.spec.origins import Origins
from oapigen.spec.pointer import escape, lookup
from oapigen.spec.refs import RefRefused, Target, is_local, resolve
from oapigen.spec.sources import Sources

PartKey = tuple[str, Path, str]  # (components section, file, pointer)
_FILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True)
class _Place:
    """A node's file and pointer there, and where it lands: a new component (anchor) or root."""

    file: Path
    at: str
    anchor: PartKey | None
    out: str

    def child(self, key: str | int) -> _Place:
        token = "/" + (escape(key) if isinstance(key, str) else str(key))
        return _Place(self.file, self.at + token, self.anchor, self.out + token)


class _TooBig(Exception):
    """The bundled document passes the node limit: stop walking."""


class Bundler:
    """One walk over the root document, then over each part it makes a component of."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.diagnostics: list[Diagnostic] = []
        self.origins = Origins(sources.root_label)
        self._parts: dict[PartKey, str] = {}  # kind of each part, in discovery order
        self._fixed: dict[PartKey, str] = {}  # parts a root component is exactly a ref to
        self._queue: deque[PartKey] = deque()
        self._queued: set[PartKey] = set()
        self._pending: list[tuple[dict[str, Any], str, PartKey]] = []
        self._starts: list[tuple[_Place, Target]] = []
        self._inlining: list[Target] = []
        self._nodes = 0
        self._resolved: dict[tuple[str, Path], Target | RefRefused] = {}

    def run(self, document: dict[str, Any]) -> dict[str, Any]:
        """The bundled document; problems are left in ``diagnostics``."""
        root = _Place(self.sources.root, "", None, "")
        self._fix_root_components(document)
        try:
            bundled: dict[str, Any] = self._walk(document, "document", root, 0)
            built = {}
            while self._queue:
                key = self._queue.popleft()
                place = _Place(key[1], key[2], key, "")
                built[key] = self._walk(self._target_value(key), self._parts[key], place, 3)
        except _TooBig:
            self._error(
                root, "too-large", f"the bundled spec passes {load.MAX_EXPANDED_NODES} nodes"
            )
            return document
        names = self._names(bundled)
        self._place_components(bundled, built, names)
        for container, slot, key in self._pending:
            container[slot] = f"#/components/{escape(key[0])}/{escape(names[key])}"
        for place, target in self._starts:
            base = "" if place.anchor is None else _component(place.anchor, names)
            self.origins.add(base + place.out, self.sources.label(target.file), target.pointer)
        return bundled

    def _fix_root_components(self, document: dict[str, Any]) -> None:
        """``components/schemas/Pet: {$ref: pet.yaml}``: that part is ``Pet``, defined there."""
        components = document.get("components")
        for kind, section in SECTIONS.items():
            entries = components.get(section) if isinstance(components, dict) else None
            for name, value in entries.items() if isinstance(entries, dict) else ():
                ref = value.get("$ref") if isinstance(value, dict) else None
                if isinstance(ref, str) and not is_local(ref):
                    try:
                        target = self._resolve(ref, self.sources.root)
                    except RefRefused:
                        continue  # reported where the walk meets it
                    key = (section, target.file, target.pointer)
                    self._fixed.setdefault(key, name)
                    self._parts.setdefault(key, kind)

    def _walk(self, node: Any, kind: str, place: _Place, depth: int) -> Any:
        if isinstance(node, list):
            self._count(len(node))
            return [self._walk(v, kind, place.child(i), depth + 1) for i, v in enumerate(node)]
        if not isinstance(node, dict):
            return node
        if depth > load.MAX_DEPTH:
            self._error(place, "too-deep", f"the bundled spec nests deeper than {load.MAX_DEPTH}")
            return None
        self._count(len(node))
        if isinstance(node.get("$ref"), str):
            return self._ref(node, kind, place, depth)
        return self._fields(node, kind, place, depth)

    def _fields(self, node: dict[str, Any], kind: str, place: _Place, depth: int) -> Any:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if not isinstance(value, dict | list):
                out[key] = value
            elif kind == "discriminator" and key == "mapping" and isinstance(value, dict):
                out[key] = self._mapping(value, place.child(key))
            else:
                out[key] = self._shaped(value, child_kind(kind, key), place.child(key), depth + 1)
        return out

    def _shaped(self, value: Any, field: tuple[str, str], place: _Place, depth: int) -> Any:
        shape, kind = field
        if shape == MAP and isinstance(value, dict):
            return self._walk(value, MAP_OF + kind, place, depth)
        if shape == LIST and not isinstance(value, list):
            kind = ANY
        return self._walk(value, kind, place, depth)

    def _ref(self, node: dict[str, Any], kind: str, place: _Place, depth: int) -> Any:
        ref = node["$ref"]
        if place.file == self.sources.root and is_local(ref):
            return self._fields(node, kind, place, depth)
        try:
            target = self._resolve(ref, place.file)
        except RefRefused as exc:
            self._error(place.child("$ref"), "external-ref", str(exc))
            return dict(node)
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        if target.file == self.sources.root:
            out = self._fields(siblings, kind, place, depth)
            out["$ref"] = _local_ref(target.pointer)
            return out
        found, value = self._value(target, ref, place.child("$ref"))
        if not found:
            return dict(node)
        key = (SECTIONS.get(kind, ""), target.file, target.pointer)
        if key[0] and isinstance(value, dict) and not self._defines(key, place):
            out = self._fields(siblings, kind, place, depth)
            self._link(out, "$ref", key, kind)
            return out
        return self._inline(value, target, kind, place, depth, siblings)

    def _defines(self, key: PartKey, place: _Place) -> bool:
        """Is ``place`` the root component a fixed part is defined at?"""
        name = self._fixed.get(key)
        return (
            name is not None
            and place.anchor is None
            and place.at == f"/components/{escape(key[0])}/{escape(name)}"
        )

    def _inline(
        self,
        value: Any,
        target: Target,
        kind: str,
        place: _Place,
        depth: int,
        siblings: dict[str, Any],
    ) -> Any:
        if target in self._inlining:
            self._error(place.child("$ref"), "ref-loop", "the ref leads back to itself")
            return None
        if len(self._inlining) > load.MAX_DEPTH:
            self._error(place.child("$ref"), "too-deep", "refs nest deeper than {load.MAX_DEPTH}")
            return None
        self._inlining.append(target)
        self._starts.append((place, target))
        result = self._walk(
            value, kind, _Place(target.file, target.pointer, place.anchor, place.out), depth
        )
        self._inlining.pop()
        if siblings and isinstance(result, dict):
            # Beside a ref, the referring file's own fields win (as bundlers do).
            result = {**result, **self._fields(siblings, kind, place, depth)}
            for key in siblings:
                self._starts.append((place.child(key), Target(place.file, place.child(key).at)))
        return result

    def _mapping(self, mapping: dict[str, Any], place: _Place) -> dict[str, Any]:
        """Discriminator mapping values that name files become refs to their components."""
        out: dict[str, Any] = {}
        for key, value in mapping.items():
            out[key] = value
            if not (isinstance(value, str) and _names_a_part(value)):
                continue
            if place.file == self.sources.root and is_local(value):
                continue
            try:
                target = self._resolve(value, place.file)
            except RefRefused as exc:
                self._error(place.child(key), "external-ref", str(exc))
                continue
            if target.file == self.sources.root:
                out[key] = _local_ref(target.pointer)
            elif self._value(target, value, place.child(key))[0]:
                self._link(out, key, ("schemas", target.file, target.pointer), "schema")
        return out

    def _link(self, container: dict[str, Any], slot: str, key: PartKey, kind: str) -> None:
        """``container[slot]`` becomes a ref to the part's component, once it is named."""
        if key not in self._parts:
            self._parts[key] = kind
        if key not in self._fixed and key not in self._queued:
            self._queued.add(key)
            self._queue.append(key)
        container[slot] = ""
        self._pending.append((container, slot, key))

    def _resolve(self, ref: str, base: Path) -> Target:
        # Thousands of refs name the same few hundred files; resolving follows every link.
        key = (ref, base if is_local(ref) else base.parent)
        if key not in self._resolved:
            try:
                self._resolved[key] = resolve(ref, base=base, root_dir=self.sources.root_dir)
            except RefRefused as exc:
                self._resolved[key] = exc
        found = self._resolved[key]
        if isinstance(found, RefRefused):
            raise found
        return found

    def _value(self, target: Target, ref: str, place: _Place) -> tuple[bool, Any]:
        problem, data = self.sources.data(target.file)
        if problem is not None:
            self._error(place, "external-ref", f"{ref!r} cannot be followed: {problem}")
            return False, None
        try:
            return True, lookup(data, target.pointer)
        except KeyError:
            self._error(place, "unresolved-ref", f"{ref!r} does not resolve")
            return False, None

    def _target_value(self, key: PartKey) -> Any:
        return lookup(self.sources.data(key[1])[1], key[2])

    def _names(self, bundled: dict[str, Any]) -> dict[PartKey, str]:
        names = dict(self._fixed)
        components = bundled.get("components")
        for section in sorted({key[0] for key in self._parts}):
            existing = components.get(section) if isinstance(components, dict) else None
            taken = list(existing) if isinstance(existing, dict) else []
            own = [k for k in self._parts if k[0] == section and k not in self._fixed]
            relative = {k: (k[1].relative_to(self.sources.root_dir).as_posix(), k[2]) for k in own}
            named = names_for(relative.values(), taken)
            names.update({k: named[relative[k]] for k in own})
        return names

    def _place_components(
        self, bundled: dict[str, Any], built: dict[PartKey, Any], names: dict[PartKey, str]
    ) -> None:
        components = bundled.setdefault("components", {})
        if not isinstance(components, dict):
            return  # the validator reports it
        for key, value in built.items():
            section = components.setdefault(key[0], {})
            if isinstance(section, dict):
                section[names[key]] = value
                start = _Place(key[1], key[2], key, "")
                self._starts.append((start, Target(key[1], key[2])))

    def _count(self, size: int) -> None:
        self._nodes += size
        if self._nodes > load.MAX_EXPANDED_NODES:
            raise _TooBig

    def _error(self, place: _Place, code: str, message: str) -> None:
        label = self.sources.label(place.file)
        self.diagnostics.append(
            Diagnostic(file=label, pointer=place.at, code=code, message=message)
        )


def _component(key: PartKey, names: dict[PartKey, str]) -> str:
    return f"/components/{escape(key[0])}/{escape(names[key])}"


def _local_ref(pointer: str) -> str:
    # Refs are URI fragments: ``%`` is the one character read back differently.
    return "#" + pointer.replace("%", "%25")


def _names_a_part(value: str) -> bool:
    """A discriminator mapping value that is a ref rather than a schema name."""
    return "#" in value or "/" in value or value.lower().endswith(_FILE_SUFFIXES)
