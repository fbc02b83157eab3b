"""prefixItems: typed tuples, decoded and encoded position by position, mypy --strict clean."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

Build = Callable[..., ModuleType]

_CAT = {"type": "object", "properties": {"name": {"type": "string"}}}


def _spec() -> dict[str, Any]:
    cat = {"$ref": "#/components/schemas/Cat"}
    when = {"type": "string", "format": "date"}
    return {
        "components": {
            "schemas": {
                "Cat": _CAT,
                # items: false - exactly these positions.
                "Pair": {"type": "array", "prefixItems": [{"type": "string"}, cat], "items": False},
                # items: a schema - the rest, each of that type.
                "Row": {"type": "array", "prefixItems": [when], "items": cat},
                # items left out - any further items.
                "Loose": {"prefixItems": [{"type": "integer"}]},
                "Holder": {
                    "type": "object",
                    "properties": {
                        "pair": {"$ref": "#/components/schemas/Pair"},
                        "inline": {
                            "type": "array",
                            "prefixItems": [{"type": "integer"}, {"type": "boolean"}],
                            "items": False,
                        },
                        "row": {"$ref": "#/components/schemas/Row"},
                        "loose": {"$ref": "#/components/schemas/Loose"},
                    },
                },
            }
        }
    }


def test_positions_decode_and_encode_back(build: Build) -> None:
    pkg = build(_spec())
    data = {
        "pair": ["a", {"name": "tom"}],
        "inline": [1, True],
        "row": ["2024-05-01", {"name": "x"}, {"name": "y"}],
        "loose": [1, "anything", None],
    }
    held = pkg.Holder.from_dict(data)
    assert held.pair == ("a", pkg.Cat(name="tom")) and held.inline == (1, True)
    assert held.row[0].isoformat() == "2024-05-01" and held.row[2] == pkg.Cat(name="y")
    assert held.loose == (1, "anything", None)
    assert held.to_dict() == data
    built = pkg.Holder(pair=("b", pkg.Cat()), row=(held.row[0],))
    assert built.to_dict() == {"pair": ["b", {}], "row": ["2024-05-01"]}


def test_wrong_length_or_kind_is_a_decode_error(build: Build) -> None:
    pkg = build(_spec())
    decode_error = importlib.import_module("pkg.serde").DecodeError
    for bad in ({"pair": ["a"]}, {"pair": ["a", {}, "extra"]}, {"row": []}, {"inline": "ab"}):
        with pytest.raises(decode_error, match="JSON array"):
            pkg.Holder.from_dict(bad)


def test_hints_are_tuples(build: Build) -> None:
    pkg = build(_spec())
    hints = importlib.import_module("pkg.models.holder").Holder.__annotations__
    assert hints["pair"] == "Pair | Unset" and hints["inline"] == "tuple[int, bool] | Unset"
    pair = importlib.import_module("pkg.models.pair")
    # Cat is a forward reference in the hint; at run time the alias is built from the class.
    assert pair.Pair == tuple[str, pkg.Cat]
    # Its dict form takes the same values: the same type, from the package root too.
    assert pkg.PairDict == pair.PairDict == pair.Pair
    row = importlib.import_module("pkg.models.row")
    # typing.Unpack needs Python 3.11: the hint stays quoted.
    assert row.Row == "tuple[datetime.date, typing.Unpack[tuple[Cat, ...]]]"


def test_user_code_type_checks_against_the_tuples(build: Build, tmp_path: Path) -> None:
    build(_spec())
    user = tmp_path / "pkg" / "user.py"
    user.write_text(
        "import datetime\n"
        "from pkg import Cat, Holder\n"
        "h = Holder.from_dict({})\n"
        "h2 = Holder(pair=('a', Cat()), row=(datetime.date.today(), Cat(), Cat()))\n"
        "text: str = h2.pair[0] if isinstance(h2.pair, tuple) else ''\n"
        "bad = Holder(inline=(1, 'no'))  # error: a str where a bool goes\n",
        encoding="utf-8",
    )
    mypy = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mc")]
    proc = subprocess.run(
        [*mypy, "pkg", "user.py"],
        cwd=tmp_path / "pkg",
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "user.py:6" in errors[0], proc.stdout


def test_tuple_inside_a_union_encodes_as_a_json_array(build: Build) -> None:
    spec = _spec()
    either = {"oneOf": [{"$ref": "#/components/schemas/Pair"}, {"type": "string"}]}
    spec["components"]["schemas"]["Holder"]["properties"]["either"] = either
    pkg = build(spec)
    held = pkg.Holder.from_dict({"either": ["a", {"name": "tom"}]})
    assert held.either == ("a", pkg.Cat(name="tom"))
    assert held.to_dict() == {"either": ["a", {"name": "tom"}]}
    assert pkg.Holder(either="s").to_dict() == {"either": "s"}
