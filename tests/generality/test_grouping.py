"""Untagged operations are grouped by their first path segment; ``group_by`` chooses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from oapigen.config import load_config

Build = Callable[..., ModuleType]


def _op(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {"204": {"description": "none"}}, **extra}


_PATHS = {
    "/v1/customers/{id}": {
        "get": _op(
            "getCustomer",
            parameters=[
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
        )
    },
    "/v1/customers": {"get": _op("listCustomers")},
    "/v2beta/files": {"get": _op("listFiles")},
    "/api/2.0/charges": {"post": _op("createCharge", tags=["Payments"])},
    "/": {"get": _op("root")},
}


def test_untagged_operations_are_grouped_by_first_path_segment(
    build: Build, httpserver: HTTPServer
) -> None:
    pkg = build({"paths": _PATHS})
    assert {"CustomersApi", "FilesApi", "PaymentsApi", "DefaultApi"} <= set(pkg.__all__)
    assert not any(name in pkg.__all__ for name in ("V1Api", "ChargesApi", "ApiApi"))
    httpserver.expect_request("/v1/customers/c1").respond_with_data(status=204)
    config = pkg.Configuration(host=httpserver.url_for("").rstrip("/"))
    assert pkg.CustomersApi(pkg.ApiClient(config)).get_customer("c1") is None
    assert callable(pkg.CustomersApi.list_customers) and callable(pkg.DefaultApi.root)


def test_group_by_path_ignores_tags(build: Build) -> None:
    pkg = build({"paths": _PATHS}, group_by="path")
    assert callable(pkg.ChargesApi.create_charge) and "PaymentsApi" not in pkg.__all__


def test_group_by_is_checked_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.oapigen]\ngroup_by = "path"\n', "utf-8")
    assert load_config(tmp_path).group_by == "path"
    (tmp_path / "pyproject.toml").write_text('[tool.oapigen]\ngroup_by = "size"\n', "utf-8")
    with pytest.raises(ValueError, match="group_by must be one of tag, path"):
        load_config(tmp_path)


def test_an_untagged_operation_joins_the_tag_its_path_segment_names(build: Build) -> None:
    """OpenAI's untagged /responses/input_tokens belongs with the Responses tag's class."""
    paths = {
        "/responses": {"post": _op("createResponse", tags=["Responses"])},
        "/responses/input_tokens": {"post": _op("countTokens")},
    }
    pkg = build({"paths": paths})
    assert callable(pkg.ResponsesApi.create_response) and callable(pkg.ResponsesApi.count_tokens)
    assert [n for n in pkg.__all__ if n.startswith("ResponsesApi")] == ["ResponsesApi"]
