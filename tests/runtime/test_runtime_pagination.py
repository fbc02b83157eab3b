"""Paged lists walked by the ``_iter`` twins against loopback servers serving real pages."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from pytest_httpserver import HTTPServer
from rt_support import generate_inline, id_items, json_response, queries
from werkzeug import Request, Response

SPEC = """\
openapi: 3.0.3
info: {title: Lists, version: 1.0.0}
servers: [{url: "http://127.0.0.1:1"}]
paths:
  /files:
    get:
      operationId: listFiles
      tags: [lists]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page with last_id
          content:
            application/json:
              schema:
                type: object
                required: [data, has_more]
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Item'}}
                  last_id: {type: string}
                  has_more: {type: boolean}
  /threads:
    get:
      operationId: listThreads
      tags: [lists]
      parameters:
        - {name: starting_after, in: query, schema: {type: string}}
      responses:
        '200':
          description: a page without last_id (the cursor is the last item's id)
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Item'}}
                  has_more: {type: boolean}
  /usage:
    get:
      operationId: listUsage
      tags: [lists]
      parameters:
        - {name: page, in: query, schema: {type: string}}
      responses:
        '200':
          description: a next_page cursor
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Item'}}
                  has_more: {type: boolean}
                  next_page: {type: string, nullable: true}
  /repos:
    get:
      operationId: listRepos
      tags: [lists]
      parameters:
        - {name: per_page, in: query, schema: {type: integer}}
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: Link pages
          headers:
            Link: {schema: {type: string}}
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
  /search:
    get:
      operationId: searchItems
      tags: [lists]
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses:
        '200':
          description: numbered pages, an empty page after the last
          content:
            application/json:
              schema:
                type: object
                properties:
                  total_count: {type: integer}
                  items: {type: array, items: {$ref: '#/components/schemas/Item'}}
  /events:
    get:
      operationId: listEvents
      tags: [lists]
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: offset pages
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
  /orders:
    get:
      operationId: listOrders
      tags: [lists]
      parameters:
        - {name: after, in: query, schema: {type: string}}
      responses:
        '200':
          description: two lists in the page; config says which one pages
          content:
            application/json:
              schema:
                type: object
                properties:
                  orders: {type: array, items: {$ref: '#/components/schemas/Item'}}
                  warnings: {type: array, items: {type: string}}
                  more: {type: boolean}
                  cursor: {type: string}
  /tags:
    get:
      operationId: listTags
      tags: [lists]
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
      responses:
        '200':
          description: looks like offset paging, is not (config says none)
          content:
            application/json:
              schema: {type: array, items: {type: string}}
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: string}
"""

IDS = [f"it_{n}" for n in range(7)]
PAGING = (
    (
        "listOrders",
        (("items", "orders"), ("next", "cursor"), ("param", "after"), ("style", "next")),
    ),
    ("listTags", (("style", "none"),)),
)


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The generated ``rt_lists`` package, two lists set by ``[tool.oapigen] pagination``."""
    return generate_inline(
        tmp_path_factory.mktemp("lists"), SPEC, package="rt_lists", pagination=PAGING
    )


@pytest.fixture
def api(lists: Any, server: HTTPServer, open_api: Callable[..., Any]) -> Any:
    """ListsApi on the loopback server."""
    return open_api(lists, "ListsApi", server)


def _after(ids: list[str], cursor: str | None, size: int = 3) -> list[str]:
    start = ids.index(cursor) + 1 if cursor else 0
    return ids[start : start + size]


def test_cursor_pages_are_fetched_lazily_after_last_id(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        chunk = _after(IDS, request.args.get("after"), int(request.args["limit"]))
        more = chunk[-1] != IDS[-1]
        body = {"data": id_items(chunk), "last_id": chunk[-1], "has_more": more}
        return json_response(200, body)

    server.expect_request("/files").respond_with_handler(page)
    walk = api.list_files_iter(limit=3)
    assert server.log == []  # nothing is fetched before the loop asks
    first = list(itertools.islice(walk, 3))
    assert [f.id_ for f in first] == IDS[:3] and len(server.log) == 1
    assert [f.id_ for f in walk] == IDS[3:]
    assert queries(server) == [
        {"limit": "3"},
        {"limit": "3", "after": "it_2"},
        {"limit": "3", "after": "it_5"},
    ]


def test_cursor_without_last_id_continues_after_the_last_item(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        chunk = _after(IDS, request.args.get("starting_after"))
        body = {"data": id_items(chunk), "has_more": chunk[-1] != IDS[-1]}
        return json_response(200, body)

    server.expect_request("/threads").respond_with_handler(page)
    assert [t.id_ for t in api.list_threads_iter()] == IDS
    assert [q.get("starting_after") for q in queries(server)] == [None, "it_2", "it_5"]


def test_next_page_field_names_the_next_page(api: Any, server: HTTPServer) -> None:
    pages = {"": (IDS[:4], "p2"), "p2": (IDS[4:], None)}

    def page(request: Request) -> Response:
        chunk, following = pages[request.args.get("page", "")]
        body = {"data": id_items(chunk), "has_more": following is not None, "next_page": following}
        return json_response(200, body)

    server.expect_request("/usage").respond_with_handler(page)
    assert [u.id_ for u in api.list_usage_iter()] == IDS
    assert queries(server) == [{}, {"page": "p2"}]


def test_link_header_next_target_is_followed(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        number = int(request.args.get("page", "1"))
        per_page = int(request.args["per_page"])
        chunk = IDS[(number - 1) * per_page : number * per_page]
        first = urlencode({"per_page": per_page, "page": 1})
        links = [f'<{server.url_for("/repos")}?{first}>; rel="first"']
        if number * per_page < len(IDS):
            query = urlencode({"per_page": per_page, "page": number + 1, "key": "x"})
            links.insert(0, f'<{server.url_for("/repos")}?{query}>; rel="next"')
        return Response(
            json.dumps(id_items(chunk)),
            content_type="application/json",
            headers={"Link": ", ".join(links)},
        )

    server.expect_request("/repos").respond_with_handler(page)
    assert [r.id_ for r in api.list_repos_iter(per_page=2)] == IDS
    assert [q["page"] for q in queries(server)[1:]] == ["2", "3", "4"]
    # Only the method's own parameters are taken from the target.
    assert all("key" not in q for q in queries(server))


def test_page_numbers_count_up_until_an_empty_page(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        number = int(request.args.get("page", "1"))
        chunk = IDS[(number - 1) * 3 : number * 3]
        body = {"total_count": len(IDS), "items": id_items(chunk)}
        return json_response(200, body)

    server.expect_request("/search").respond_with_handler(page)
    assert [s.id_ for s in api.search_items_iter(page=2)] == IDS[3:]
    assert [q["page"] for q in queries(server)] == ["2", "3", "4"]


def test_numbered_pages_stop_where_their_link_header_names_no_next(
    api: Any, server: HTTPServer
) -> None:
    """GitHub numbers its search pages and announces them in Link; past the last announced
    page it answers 422 (page 11 at per_page=100), so the walk must not ask for it."""

    def page(request: Request) -> Response:
        number = int(request.args.get("page", "1"))
        if number > 3:
            return json_response(422, {"message": "Only the first 1000 search results"})
        chunk = IDS[(number - 1) * 2 : number * 2]
        url = server.url_for("/search")
        links = [f'<{url}?page=1>; rel="first"', f'<{url}?page=3>; rel="last"']
        if number < 3:
            links.insert(0, f'<{url}?page={number + 1}>; rel="next"')
        body = {"total_count": len(IDS), "items": id_items(chunk)}
        return json_response(200, body, headers={"Link": ", ".join(links)})

    server.expect_request("/search").respond_with_handler(page)
    assert [s.id_ for s in api.search_items_iter()] == IDS[:6]
    assert [q.get("page") for q in queries(server)] == [None, "2", "3"]


def test_a_link_header_about_something_else_does_not_end_the_pages(
    api: Any, server: HTTPServer
) -> None:
    def page(request: Request) -> Response:
        number = int(request.args.get("page", "1"))
        chunk = IDS[(number - 1) * 3 : number * 3]
        body = {"total_count": len(IDS), "items": id_items(chunk)}
        links = {"Link": f'<{server.url_for("/schema")}>; rel="describedby"'}
        return json_response(200, body, headers=links)

    server.expect_request("/search").respond_with_handler(page)
    assert [s.id_ for s in api.search_items_iter()] == IDS
    assert [q.get("page") for q in queries(server)] == [None, "2", "3", "4"]


def test_offsets_stop_where_their_link_header_names_no_next(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        offset = int(request.args.get("offset", "0"))
        chunk = IDS[offset : offset + int(request.args["limit"])]
        last = offset + len(chunk) >= len(IDS)
        rel = "prev" if last else "next"
        link = f'<{server.url_for("/events")}?offset=0>; rel="{rel}"'
        return json_response(200, id_items(chunk), headers={"Link": link})

    server.expect_request("/events").respond_with_handler(page)
    assert [e.id_ for e in api.list_events_iter(limit=3)] == IDS
    # Without the header the walk asks once more, for an empty page at offset 7.
    assert [q.get("offset") for q in queries(server)] == [None, "3", "6"]


def test_offset_moves_past_the_items_seen(api: Any, server: HTTPServer) -> None:
    def page(request: Request) -> Response:
        offset = int(request.args.get("offset", "0"))
        chunk = IDS[offset : offset + int(request.args["limit"])]
        return json_response(200, id_items(chunk))

    server.expect_request("/events").respond_with_handler(page)
    assert [e.id_ for e in api.list_events_iter(limit=3)] == IDS
    assert [q.get("offset") for q in queries(server)] == [None, "3", "6", "7"]


def test_configured_pagination_wins_over_detection(
    api: Any, lists: Any, server: HTTPServer
) -> None:
    pages = {"": (IDS[:5], "c2"), "c2": (IDS[5:], "")}

    def page(request: Request) -> Response:
        chunk, cursor = pages[request.args.get("after", "")]
        body = {"orders": id_items(chunk), "warnings": ["w"], "cursor": cursor}
        return json_response(200, body)

    server.expect_request("/orders").respond_with_handler(page)
    assert [o.id_ for o in api.list_orders_iter()] == IDS
    assert not hasattr(lists.ListsApi, "list_tags_iter")


def test_a_server_repeating_its_cursor_ends_the_walk(api: Any, server: HTTPServer) -> None:
    body = {"data": id_items(IDS[:2]), "last_id": IDS[1], "has_more": True}
    server.expect_request("/files").respond_with_json(body)
    assert [f.id_ for f in api.list_files_iter()] == IDS[:2] * 2
    assert len(server.log) == 2


def test_a_link_target_naming_only_what_was_sent_is_not_fetched(
    api: Any, server: HTTPServer
) -> None:
    # The target pages by a parameter the method does not have: following it would only
    # fetch the first page again.
    target = server.url_for("/repos") + "?per_page=2&after=opaque"
    headers = {"Link": f'<{target}>; rel="next"'}
    server.expect_request("/repos").respond_with_json(id_items(IDS[:2]), headers=headers)
    assert [r.id_ for r in api.list_repos_iter(per_page=2)] == IDS[:2]
    assert len(server.log) == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('<https://h/x?page=2&per_page=5&key=k>; rel="next"', {"page": 2, "per_page": 5}),
        ('<https://h/x?page=1>; rel="prev", <https://h/x?page=3>; rel=next', {"page": 3}),
        ('<https://h/x?page=9>; REL="last next"', {"page": 9}),
        ('<https://h/x?page=1>; rel="first", <https://h/x?page=4>; rel="last"', None),
        ('<https://h/x?page=two>; rel="next"', None),
        ('<https://h/x?other=1>; rel="next"', None),
        ("", None),
    ],
)
def test_link_targets(lists: Any, header: str, expected: dict[str, int] | None) -> None:
    params = {"page": ("page", int), "per_page": ("per_page", int)}
    assert lists.pagination.from_link({"link": header}, params) == expected
