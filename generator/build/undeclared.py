"""A success the spec declares without a body: what the method returns when a body comes anyway.

OpenAI declares ``200: OK`` with no content for four deletes, and its server answers each
with JSON (``{"id": ..., "deleted": true}``). Lenient in what it receives, the client keeps
such a body as an ``UnknownVariant`` rather than dropping it; the method returns ``None`` when
the body is empty.
"""

from __future__ import annotations

import dataclasses

from oapigen import ir
from oapigen.ir.operations import UNDECLARED_DECODE, UNDECLARED_HINT

# Statuses that never carry a body (RFC 9110 6.4.1), and a method whose answers carry none.
_BODILESS_STATUSES = frozenset({"204", "205"})
_BODILESS_METHODS = frozenset({"head"})


def keep_undeclared_bodies(
    responses: tuple[ir.Response, ...], method: str
) -> tuple[ir.Response, ...]:
    """Give the bodiless 2xx responses of an operation with no 2xx body a decoder that keeps
    whatever body arrives; unchanged when a 2xx declares a body, or none may carry one."""
    success = [r for r in responses if r.status.startswith("2")]
    if not success or any(r.type is not None or r.decode_expr for r in success):
        return responses
    if method.lower() in _BODILESS_METHODS or all(r.status in _BODILESS_STATUSES for r in success):
        return responses
    kept = ir.TypeInfo(hint=UNDECLARED_HINT, doc=UNDECLARED_HINT)
    return tuple(
        (
            dataclasses.replace(r, type=kept, decode_expr=UNDECLARED_DECODE)
            if r.status.startswith("2")
            else r
        )
        for r in responses
    )
