"""Secret marking on the IR: models that are the value of a secret field get masked whole."""

from __future__ import annotations

from dataclasses import replace

from oapigen import ir


def mask_secret_models(
    models: tuple[ir.Model, ...], aliases: tuple[ir.Alias, ...]
) -> tuple[ir.Model, ...]:
    """Mark every model reachable from a secret field (through aliases and nesting) as masked.

    Masking only the field's own repr is not enough: the inline object that is its value
    (``client_secret`` → ``{"value": "ek_..."}``) prints its contents when logged on its own.
    """
    refs_of: dict[str, tuple[str, ...]] = {a.name: a.type.refs for a in aliases}
    for model in models:
        refs_of[model.name] = tuple(ref for f in model.fields for ref in f.type.refs)
    pending = [ref for m in models for f in m.fields if f.secret for ref in f.type.refs]
    reached: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            pending.extend(refs_of.get(name, ()))
    return tuple(replace(m, masked=True) if m.name in reached else m for m in models)


def secret_keys(models: tuple[ir.Model, ...], configured: tuple[str, ...]) -> tuple[str, ...]:
    """JSON keys whose values logs and error excerpts hide: configured names and secret fields."""
    keys = set(configured)
    keys.update(f.wire_name for m in models for f in m.fields if f.secret)
    return tuple(sorted(keys))
