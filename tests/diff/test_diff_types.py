"""Widening and narrowing of type hints (pure helpers of the diff)."""

from __future__ import annotations

import pytest

from oapigen.apidiff.types import compare, is_subtype, names, parse

ALIASES = {"Color": "Literal['red', 'green']", "Loop": "list[Loop] | None"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Literal['a']", "str"),
        ("Literal[1]", "int"),
        ("Literal[True]", "int"),  # bool is an int
        ("int", "float"),  # the numeric tower mypy accepts
        ("str", "str | None"),
        ("list[Literal['a']]", "list[str]"),  # containers compare covariantly
        ("dict[str, int]", "dict[str, float]"),
        ("Color", "Literal['red', 'green', 'blue']"),  # aliases are expanded
        ("Model", "Model | None"),
        ("str", "Any"),
    ],
)
def test_wider(old: str, new: str) -> None:
    before, after = parse(old, ALIASES), parse(new, ALIASES)
    assert is_subtype(before, after)
    assert not is_subtype(after, before)
    delta = compare(before, after)
    assert not delta.narrowed and not delta.values_removed
    assert delta.widened or delta.values_added


def test_enum_values_are_named() -> None:
    delta = compare(parse("Color", ALIASES), parse("Literal['red', 'blue']", {}))
    assert delta.values_added == ("'blue'",)
    assert delta.values_removed == ("'green'",)
    assert not delta.widened and not delta.narrowed


def test_values_covered_by_a_wider_type_are_not_listed_twice() -> None:
    delta = compare(parse("Literal['a']", {}), parse("str | Literal['a', 'b']", {}))
    assert delta.widened == ("str",)
    assert delta.values_added == ()


def test_models_are_nominal_and_same_values_are_empty() -> None:
    assert compare(parse("A", {}), parse("B", {})).widened == ("B",)
    assert compare(parse("A", {}), parse("B", {})).narrowed == ("A",)
    assert compare(parse("Color", ALIASES), parse("Literal['green', 'red']", {})).empty


def test_recursive_alias_terminates_and_names_are_found() -> None:
    assert parse("Loop", ALIASES)
    assert names("list[Model] | dict[str, Other] | Literal['x'] | None") == (
        "Model",
        "Other",
    )
