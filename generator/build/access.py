"""Request bodies that must be encoded in request mode: read-only fields, unions (issue 16)."""

from __future__ import annotations

from dataclasses import replace

from oapigen import ir
from oapigen.build.unions import UNKNOWN


def send_without_read_only(
    apis: tuple[ir.Api, ...], models: tuple[ir.Model, ...], aliases: tuple[ir.Alias, ...]
) -> tuple[ir.Api, ...]:
    """Encode in request mode every body that can reach a read-only field or a union.

    Read-only fields are left out in that mode, and a union's unknown variant (a value received
    that fits no branch) is refused. Only those bodies pay for the mode switch.
    """
    leads = _names_reaching(models, aliases)
    result = []
    for api in apis:
        operations = tuple(
            (
                replace(op, body=_in_request_mode(op.body))
                if op.body
                and (UNKNOWN in op.body.type.hint or any(ref in leads for ref in op.body.type.refs))
                else op
            )
            for op in api.operations
        )
        result.append(replace(api, operations=operations))
    return tuple(result)


def _in_request_mode(body: ir.Body) -> ir.Body:
    return replace(body, encode_expr=f"serde.request_data(lambda: {body.encode_expr})")


def _names_reaching(models: tuple[ir.Model, ...], aliases: tuple[ir.Alias, ...]) -> set[str]:
    """Models and aliases from which a read-only field or a union can be reached."""
    used_by: dict[str, set[str]] = {}
    for alias in aliases:
        for ref in alias.type.refs:
            used_by.setdefault(ref, set()).add(alias.name)
    for model in models:
        for ref in (*(ref for f in model.fields for ref in f.type.refs), *model.extra_refs):
            used_by.setdefault(ref, set()).add(model.name)
    pending = [
        m.name
        for m in models
        if any(f.read_only or UNKNOWN in f.type.hint for f in m.fields) or UNKNOWN in m.extra_type
    ]
    pending += [a.name for a in aliases if UNKNOWN in a.type.hint]
    reached: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in reached:
            reached.add(name)
            pending.extend(used_by.get(name, ()))
    return reached
