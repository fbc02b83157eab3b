"""A type alias named in a signature is usable at run time: the class, or the type built from
the classes, never the quoted hint (Cloudflare's IamComponentsSchemasAccount was 'IamAccount').
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from ..black_check import would_reformat
from ..commands import mypy_strict, run_python
from .conftest import generate_document, generate_into, minimal_document

Build = Callable[..., ModuleType]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def _spec() -> dict[str, Any]:
    def obj(name: str) -> dict[str, Any]:
        return {"type": "object", "required": [name], "properties": {name: {"type": "string"}}}

    schemas = {
        "Account": obj("id"),
        "Other": obj("kind"),
        "Acct": _ref("Account"),
        "AcctAgain": _ref("Acct"),
        "Accounts": {"type": "array", "items": _ref("Acct")},
        "Either": {"oneOf": [_ref("Acct"), _ref("Other")]},
        "Tree": {"type": "array", "items": _ref("Tree")},
    }
    op = {
        "operationId": "putAcct",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref("AcctAgain")}},
        },
        "responses": {"200": _json(_ref("Accounts")), "201": _json(_ref("Either"))},
    }
    return {"paths": {"/accounts": {"post": op}}, "components": {"schemas": schemas}}


def test_aliases_are_their_types_at_run_time(build: Build) -> None:
    pkg = build(_spec())
    assert pkg.Acct is pkg.Account and pkg.AcctAgain is pkg.Account
    assert pkg.Accounts == list[pkg.Account]
    # A union received keeps what fits no branch (issue 16): its run-time form says so too.
    assert set(typing.get_args(pkg.Either)) == {pkg.Account, pkg.Other, pkg.UnknownVariant}
    assert isinstance(pkg.AcctAgain(id_="a"), pkg.Acct)
    # A recursive alias would evaluate itself: it stays the quoted hint.
    assert isinstance(pkg.Tree, str)


_USER = """\
import typing

import rt


def first(accounts: rt.Accounts) -> rt.AcctAgain:
    return accounts[0]


chosen: rt.Either = first([rt.Account(id_="a")])
assert isinstance(chosen, rt.AcctAgain)
assert typing.get_args(rt.Accounts) == (rt.Account,)
print(type(chosen).__name__)
"""


def test_a_program_using_the_aliases_type_checks_and_runs(tmp_path: Path) -> None:
    out = generate_document(minimal_document(**_spec()), tmp_path, "rt")
    (out / "user.py").write_text(_USER, encoding="utf-8")
    checked = mypy_strict("rt", "user.py", cwd=out)
    assert checked.returncode == 0, checked.stdout
    ran = run_python("user.py", cwd=out)
    assert ran.returncode == 0 and ran.stdout.strip() == "Account", ran.stderr


def _long(n: str) -> str:
    return f"AVeryLongModelNameForCheckingTheLayoutOfLines{n}"


def test_long_run_time_values_keep_the_layout_black_writes(tmp_path: Path) -> None:
    """Ruff formats the client; black must agree on the long ``return`` of each alias."""
    schemas: dict[str, Any] = {
        _long(n): {"type": "object", "properties": {n.lower(): {"type": "string"}}}
        for n in ("One", "Two", "Three")
    }
    schemas["LongUnion"] = {"oneOf": [_ref(name) for name in list(schemas)]}
    schemas["LongList"] = {"type": "array", "items": _ref(_long("Three"))}
    schemas["LongMap"] = {"type": "object", "additionalProperties": schemas["LongList"]}
    schemas["NullableLong"] = {"oneOf": [_ref(_long("One")), {"type": "null"}]}
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({**doc, "components": {"schemas": schemas}}), "utf-8")
    out = tmp_path / "out"
    generate_into(spec, out, "longs")
    assert "return (" in (out / "longs" / "models" / "long_union.py").read_text("utf-8")
    changed, summary = would_reformat(out, tmp_path / "black-cache")
    assert not changed, summary
