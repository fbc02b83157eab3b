"""Model fields given as plain dicts (the TypedDict twins): built into models, checked, sent.

Also the twins' home (the package root and ``models``) and what an open or a closed model's
dict form does with a key its schema does not declare, under mypy and at run time.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from rt_support import (
    ROOT,
    SESSION_PATH,
    generate_inline,
    json_response,
    openapi_openai,
    session_json,
)

from tests.commands import mypy_program, mypy_refusal

SPEC = """\
openapi: 3.0.3
info: {title: Fields, version: "1"}
servers: [{url: "http://127.0.0.1"}]
paths:
  /orders:
    post:
      operationId: placeOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Order"}
      responses:
        "200":
          description: placed
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Order"}
components:
  schemas:
    Order:
      type: object
      required: [id]
      properties:
        id: {type: string}
        sealed: {$ref: "#/components/schemas/Sealed"}
        note: {$ref: "#/components/schemas/Note"}
        lines:
          type: array
          items: {$ref: "#/components/schemas/Line"}
        by_sku:
          type: object
          additionalProperties: {$ref: "#/components/schemas/Line"}
        shape: {$ref: "#/components/schemas/Shape"}
    Sealed:
      type: object
      additionalProperties: false
      required: [size]
      properties:
        size: {type: integer}
    Note:
      type: object
      properties:
        text: {type: string}
    Line:
      type: object
      required: [sku]
      properties:
        sku: {type: string}
        qty: {type: integer}
    Shape:
      oneOf:
        - {$ref: "#/components/schemas/Circle"}
        - {$ref: "#/components/schemas/Square"}
      discriminator: {propertyName: kind}
    Circle:
      type: object
      required: [kind, r]
      properties:
        kind: {type: string, enum: [circle]}
        r: {type: number}
    Square:
      type: object
      required: [kind, side]
      properties:
        kind: {type: string, enum: [square]}
        side: {type: number}
"""


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A client whose request model nests closed, open, listed, mapped and union models."""
    return generate_inline(tmp_path_factory.mktemp("fields"), SPEC, package="fields_pkg")


def _api(pkg: Any, server: HTTPServer) -> Any:
    return pkg.OrdersApi(pkg.ApiClient(pkg.Configuration(server.url_for(""))))


def _sent(server: HTTPServer) -> list[Any]:
    return [json.loads(request.get_data()) for request, _ in server.log]


ORDER = {
    "id": "o1",
    "sealed": {"size": 2},
    "note": {"text": "hi"},
    "lines": [{"sku": "a", "qty": 1}, {"sku": "b"}],
    "by_sku": {"a": {"sku": "a"}},
    "shape": {"kind": "circle", "r": 1.5},
}


def test_field_dicts_become_the_models_and_are_sent_as_given(pkg: Any, server: HTTPServer) -> None:
    order = pkg.Order(id_="o1", **{key: value for key, value in ORDER.items() if key != "id"})
    assert isinstance(order.sealed, pkg.Sealed) and order.sealed.size == 2
    assert isinstance(order.note, pkg.Note)
    assert [type(line) for line in order.lines] == [pkg.Line, pkg.Line]
    assert isinstance(order.by_sku["a"], pkg.Line)
    assert isinstance(order.shape, pkg.Circle) and order.shape.r == 1.5
    server.expect_request("/orders", method="POST").respond_with_json(ORDER)
    answer = _api(pkg, server).place_order(order)
    assert _sent(server) == [ORDER]
    assert isinstance(answer.shape, pkg.Circle)  # responses decode into the models as before


def test_models_and_dicts_mix_in_one_field(pkg: Any) -> None:
    order = pkg.Order(id_="o1", lines=[pkg.Line(sku="a"), {"sku": "b", "qty": 2}])
    assert [line.sku for line in order.lines] == ["a", "b"]
    assert order.to_dict() == {"id": "o1", "lines": [{"sku": "a"}, {"sku": "b", "qty": 2}]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        # A closed model refuses a key it does not declare, naming where it is.
        ("sealed", {"size": 1, "colour": "red"}, r"Order\.sealed .*at /sealed/colour:"),
        ("lines", [{"sku": "a"}, {"qty": 2}], r"lacks a required key: Order\.lines\[1\]\.sku"),
        ("lines", [{"sku": "a"}, 5], r"at /lines/1: expected a JSON object for Line"),
        ("by_sku", {"a": {"qty": 1}}, r"lacks a required key: Order\.by_sku\['a'\]\.sku"),
        ("shape", {"kind": "hexagon"}, r"Order\.shape .*at /shape: expected one of"),
    ],
)
def test_a_wrong_dict_in_a_field_is_refused_naming_where(
    pkg: Any, field: str, value: Any, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        pkg.Order(id_="o1", **{field: value})


def test_an_open_model_keeps_an_undeclared_key_and_sends_it(pkg: Any, server: HTTPServer) -> None:
    order = pkg.Order(id_="o1", note={"text": "hi", "mood": "glad"})
    assert order.note.additional_properties == {"mood": "glad"}
    server.expect_request("/orders", method="POST").respond_with_json({"id": "o1"})
    api = _api(pkg, server)
    api.place_order(order)
    # The dict form of the whole body, open at the top and in the nested model.
    api.place_order({"id": "o2", "channel": "web", "note": {"text": "hi", "mood": "glad"}})
    assert _sent(server) == [
        {"id": "o1", "note": {"text": "hi", "mood": "glad"}},
        {"id": "o2", "channel": "web", "note": {"text": "hi", "mood": "glad"}},
    ]


def test_a_closed_model_refuses_an_undeclared_key_in_a_body_naming_it(
    pkg: Any, server: HTTPServer
) -> None:
    api = _api(pkg, server)
    with pytest.raises(ValueError, match="at /sealed/colour: a key or value the spec does not"):
        api.place_order({"id": "o1", "sealed": {"size": 1, "colour": "red"}})
    assert server.log == []


def test_received_data_is_still_decoded_leniently(pkg: Any) -> None:
    # from_dict builds no object through __init__: what a server sends is kept, not refused.
    order = pkg.Order.from_dict({"id": "o1", "shape": {"kind": "hexagon"}, "lines": [{"qty": 1}]})
    assert isinstance(order.shape, pkg.UnknownVariant)
    assert isinstance(order.lines[0], pkg.Line)


def test_twins_are_exported_from_the_root_and_models(pkg: Any) -> None:
    models = sys.modules["fields_pkg.models"]
    for name in ("OrderDict", "LineDict", "SealedDict", "ShapeDict", "CircleDict"):
        assert name in pkg.__all__ and name in models.__all__
        assert getattr(pkg, name) is getattr(models, name)
    assert pkg.OrderDict.__required_keys__ == frozenset({"id"})


def test_realtime_fields_take_dicts_on_the_wire(
    server: HTTPServer, make_config: Callable[..., Any]
) -> None:
    rt = openapi_openai()
    server.expect_request(SESSION_PATH).respond_with_response(json_response(200, session_json()))
    request = rt.RealtimeSessionCreateRequest(
        model="gpt-4o-realtime-preview",
        turn_detection={"type": "server_vad", "silence_duration_ms": 400},
        tools=[{"type": "function", "name": "lookup"}],
    )
    assert isinstance(request.turn_detection, rt.RealtimeSessionCreateRequestTurnDetection)
    rt.RealtimeApi(rt.ApiClient(make_config(server.url_for("/v1")))).create_realtime_session(
        request
    )
    assert _sent(server) == [
        {
            "model": "gpt-4o-realtime-preview",
            "turn_detection": {"type": "server_vad", "silence_duration_ms": 400},
            "tools": [{"type": "function", "name": "lookup"}],
        }
    ]


USER_CODE = """\
from fields_pkg import Line, LineDict, Order, OrderDict, OrdersApi
from fields_pkg.models import NoteDict


def place(api: OrdersApi) -> str:
    line: LineDict = {"sku": "a", "qty": 1}
    note: NoteDict = {"text": "hi"}
    order = Order(
        id_="o1",
        lines=[line, Line(sku="b")],
        by_sku={"a": {"sku": "a"}},
        shape={"kind": "circle", "r": 1.5},
        sealed={"size": 2},
        note=note,
    )
    body: OrderDict = {"id": "o2", "lines": [{"sku": "c"}]}
    api.place_order(body)
    lines = api.place_order(order).lines
    # The attribute holds models, as received data does: no dict to narrow away.
    return lines[0].sku if isinstance(lines, list) else ""
"""


def test_field_dicts_and_root_twins_pass_mypy_strict(pkg: Any, tmp_path: Path) -> None:
    package_root = Path(pkg.__file__).parents[1]
    # A misspelt key in a dict nested in a list field, and a discriminator no branch has.
    typo = USER_CODE.replace('[{"sku": "c"}]', '[{"skew": "c"}]').replace(
        '"kind": "circle"', '"kind": "hexagon"'
    )
    said = mypy_refusal(USER_CODE, typo, folder=tmp_path, mypypath=package_root)
    assert 'expected "Line | LineDict"' in said, said
    assert 'Argument "shape" to "Order"' in said, said


def test_mypy_refuses_an_undeclared_key_even_in_an_open_model(pkg: Any, tmp_path: Path) -> None:
    # What mypy does (measured): a TypedDict takes no key it does not declare, and mypy 2.4 has
    # no PEP 728 ``extra_items``. The typed way to send one is the model's additional_properties.
    code = USER_CODE.replace('{"text": "hi"}', '{"text": "hi", "mood": "glad"}')
    package_root = Path(pkg.__file__).parents[1]
    result = mypy_program(code, folder=tmp_path, mypypath=package_root)
    assert result.returncode == 1 and 'Extra key "mood" for TypedDict' in result.stdout
    model_form = 'Note(text="hi", additional_properties={"mood": 1})'
    typed = USER_CODE.replace(
        'note: NoteDict = {"text": "hi"}', f"from fields_pkg import Note\n    note = {model_form}"
    )
    assert mypy_program(typed, folder=tmp_path, mypypath=package_root).returncode == 0


REALTIME_CODE = """\
from openapi_openai import (
    RealtimeApi,
    RealtimeSessionCreateRequest,
    RealtimeSessionCreateRequestDict,
    RealtimeSessionCreateRequestTurnDetection,
    Unset,
)


def start(api: RealtimeApi) -> RealtimeSessionCreateRequestTurnDetection | Unset:
    request = RealtimeSessionCreateRequest(
        model="gpt-4o-realtime-preview",
        turn_detection={"type": "server_vad"},
        tools=[{"type": "function", "name": "lookup"}],
    )
    body: RealtimeSessionCreateRequestDict = {"model": "gpt-4o-realtime-preview"}
    api.create_realtime_session(body)
    api.create_realtime_session(request)
    return request.turn_detection
"""


def test_realtime_field_dicts_pass_mypy_strict(tmp_path: Path) -> None:
    generated = ROOT / "generated"
    typo = REALTIME_CODE.replace('{"type": "server_vad"}', '{"type": "server_vad", "silence": 1}')
    said = mypy_refusal(REALTIME_CODE, typo, folder=tmp_path, mypypath=generated)
    assert 'Argument "turn_detection"' in said, said
