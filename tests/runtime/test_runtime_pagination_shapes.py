"""Issue 16 part 4 leftovers: lists paged backwards only, and POSTs paged by their body."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline, id_items, json_response, queries
from werkzeug import Request, Response

SPEC = """\
openapi: 3.0.3
info: {title: Shapes, version: 1.0.0}
paths:
  /messages:
    get:
      operationId: listMessages
      tags: [shapes]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: before, in: query, schema: {type: string}}
      responses:
        '200':
          description: pages backwards, with first_id
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Item'}}
                  first_id: {type: string}
                  has_more: {type: boolean}
  /history:
    get:
      operationId: listHistory
      tags: [shapes]
      parameters:
        - {name: ending_before, in: query, schema: {type: string}}
      responses:
        '200':
          description: pages backwards, the cursor is the first item's id
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
  /search:
    post:
      operationId: searchItems
      tags: [shapes]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/SearchRequest'}
      responses:
        '200':
          description: a cursor in the body
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
  /reports/query:
    post:
      operationId: queryReports
      tags: [shapes]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                page: {type: integer}
                per_page: {type: integer}
      responses:
        '200':
          description: page numbers in the body
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {$ref: '#/components/schemas/Item'}}
  /items:
    post:
      operationId: createItems
      tags: [shapes]
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                names: {type: array, items: {type: string}}
      responses:
        '200':
          description: a POST answering a page-like list, with no cursor to send
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Page'}
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
    Page:
      type: object
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Item'}}
        has_more: {type: boolean}
    SearchRequest:
      type: object
      required: [query]
      properties:
        query: {type: string}
        after: {type: string}
        limit: {type: integer}
"""

IDS = [f"it_{n}" for n in range(7)]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated ``rt_shapes`` package (no pagination config: every shape is detected)."""
    return generate_inline(tmp_path_factory.mktemp("shapes"), SPEC, package="rt_shapes")


@pytest.fixture
def api(shapes: Any, server: HTTPServer, open_api: Callable[..., Any]) -> Any:
    """ShapesApi on the loopback server."""
    return open_api(shapes, "ShapesApi", server)


def _before(cursor: str | None, size: int = 3) -> list[str]:
    """The page ending just before ``cursor`` (the newest page when there is none)."""
    end = IDS.index(cursor) if cursor else len(IDS)
    return IDS[max(end - size, 0) : end]


def test_a_before_only_list_pages_backwards_from_first_id(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        chunk = _before(request.args.get("before"), int(request.args["limit"]))
        body = {"data": id_items(chunk), "first_id": chunk[0], "has_more": chunk[0] != IDS[0]}
        return json_response(200, body)

    server.expect_request("/messages").respond_with_handler(page)
    assert [m.id_ for m in api.list_messages_iter(limit=3)] == IDS[4:] + IDS[1:4] + IDS[:1]
    assert queries(server) == [
        {"limit": "3"},
        {"limit": "3", "before": "it_4"},
        {"limit": "3", "before": "it_1"},
    ]


def test_without_first_id_the_first_item_is_the_cursor(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        chunk = _before(request.args.get("ending_before"))
        body = {"data": id_items(chunk), "has_more": chunk[0] != IDS[0]}
        return json_response(200, body)

    server.expect_request("/history").respond_with_handler(page)
    assert len(list(api.list_history_iter())) == len(IDS)
    cursors = [request.args.get("ending_before") for request, _ in server.log]
    assert cursors == [None, "it_4", "it_1"]


def test_a_post_pages_by_the_cursor_in_its_body(api: Any, shapes: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        sent = json.loads(request.get_data())
        start = IDS.index(sent["after"]) + 1 if "after" in sent else 0
        chunk = IDS[start : start + sent["limit"]]
        body = {"data": id_items(chunk), "has_more": chunk[-1] != IDS[-1]}
        return json_response(200, body)

    server.expect_request("/search", method="POST").respond_with_handler(page)
    request = shapes.SearchRequest(query="red", limit=3)
    assert [s.id_ for s in api.search_items_iter(request)] == IDS
    sent = [json.loads(request.get_data()) for request, _ in server.log]
    assert sent == [
        {"query": "red", "limit": 3},
        {"query": "red", "limit": 3, "after": "it_2"},
        {"query": "red", "limit": 3, "after": "it_5"},
    ]
    # The body may be a plain dict too; the caller's dict is never changed.
    given = {"query": "blue", "limit": 4}
    assert len(list(api.search_items_iter(given))) == len(IDS)
    assert given == {"query": "blue", "limit": 4}


def test_a_post_pages_by_the_page_number_in_its_body(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        sent = json.loads(request.get_data() or b"{}")
        number, size = sent.get("page", 1), sent["per_page"]
        body = {"results": id_items(IDS[(number - 1) * size : number * size])}
        return json_response(200, body)

    server.expect_request("/reports/query", method="POST").respond_with_handler(page)
    assert [r.id_ for r in api.query_reports_iter(body={"per_page": 3})] == IDS
    pages = [json.loads(request.get_data()).get("page") for request, _ in server.log]
    assert pages == [None, 2, 3, 4]


def test_a_post_without_a_cursor_in_its_body_gets_no_iterator(shapes: Any) -> None:
    assert hasattr(shapes.ShapesApi, "create_items")
    assert not hasattr(shapes.ShapesApi, "create_items_iter")
