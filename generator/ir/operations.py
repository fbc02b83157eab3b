"""The IR of operations: parameters, bodies, responses, and the API classes that group them."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from urllib.parse import quote

from oapigen.ir.models import Helper, TypeInfo
from oapigen.ir.prose import hanging, summary_and_body

# What a path key may carry as it is: RFC 3986 pchar, "/" and the "?" of a fixed query.
_PATH_SAFE = "/:@!$&'()*+,;=?-._~"


def path_literal(piece: str) -> str:
    """A literal piece of a path key as sent: ``#``, ``%``, spaces, non-ASCII percent-encoded.

    Unencoded, ``#`` would end the path (the rest is a fragment, never sent).
    """
    return quote(piece, safe=_PATH_SAFE)


# The return of a ``_chunks`` twin: an unread binary body, iterated for its chunks.
BINARY_STREAM = "bodies.BinaryStream"
# The return of a streamed operation: its decoded server-sent events.
EVENT_STREAM = "streams.EventStream"


def _closing_bracket(text: str, start: int) -> int:
    """The index of the bracket closing the one at ``start``; -1 if it never closes."""
    depth = 0
    for index in range(start, len(text)):
        depth += {"[": 1, "]": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return -1


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """One operation parameter."""

    pointer: str
    py_name: str
    wire_name: str
    location: str
    required: bool
    type: TypeInfo
    style: str
    explode: bool
    description: str
    deprecated: bool
    encode_expr: str
    example_repr: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    """An operation's request body."""

    pointer: str
    py_name: str
    content_type: str
    required: bool
    type: TypeInfo
    description: str
    encode_expr: str
    example_json: str | None
    # Form fields the spec's ``encoding`` sends as deepObject: a list in brackets too, a[0]=v
    # (Stripe's ``expand``), where a form field's list is repeated pairs, a=v&a=w.
    bracketed: tuple[str, ...] = ()

    @property
    def is_json(self) -> bool:
        """Whether the body is sent as JSON."""
        return "json" in self.content_type


# What a method returns for a 2xx the spec declares without a body (build/undeclared.py):
# None, or the body a server sends anyway, kept by the runtime's ApiResponse.undeclared().
UNDECLARED_HINT = "UnknownVariant | None"
UNDECLARED_DECODE = "response.undeclared()"


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One declared response: a status code or range and how its body decodes."""

    pointer: str
    status: str
    description: str
    content_type: str | None
    type: TypeInfo | None
    decode_expr: str | None
    example_json: str | None
    read_expr: str | None = None

    @property
    def keeps_undeclared(self) -> bool:
        """Whether this is a bodiless 2xx whose body, should one come, is kept as it came."""
        return self.decode_expr == UNDECLARED_DECODE

    @property
    def error_decode_expr(self) -> str:
        """``decode_expr`` in a function returning the union of the error types.

        Plain JSON is ``data`` itself, typed Any: returned as it is from a function declared
        to return a union, mypy --strict reports "Returning Any" (GitHub's gists_api.py).
        """
        if self.decode_expr == "data" and self.type is not None:
            return f"typing.cast({self.type.hint!r}, data)"
        return self.decode_expr or "None"

    @property
    def condition(self) -> str:
        """The test on ``status`` selecting this response."""
        code = self.status.upper()
        if code.isdigit():
            return f"status == {int(code)}"
        if len(code) == 3 and code[0].isdigit() and code.endswith("XX"):
            return f"{code[0]}00 <= status <= {code[0]}99"
        return "True"


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    """How an operation's list pages: what its ``_iter`` twin reads from each page.

    ``items_expr`` and ``next_expr`` read ``page`` (the decoded page), ``headers`` and
    ``items``; they are finished once the page model's field names are settled.
    """

    pointer: str
    style: str
    item_hint: str
    item_doc: str
    # The page model's pointer (None: the page is a JSON array of the items).
    page_model: str | None
    items_field: str | None
    param: str
    next_field: str | None
    has_more_field: str | None
    # The body argument whose field ``param`` selects a page (a POST's cursor), else None.
    body_arg: str | None = None
    # (wire name, argument, "int" or "str") of the query parameters a Link target may set.
    link_params: tuple[tuple[str, str, str], ...] = ()
    items_expr: str = ""
    next_expr: str = ""

    @property
    def describe(self) -> str:
        """How the pages are walked, for docstrings and docs."""
        return {
            "cursor": f"each next page starts after the last item (``{self.param}``)",
            "before": f"each next page ends before the first item (``{self.param}``)",
            "next": f"each next page is the one the page's ``{self.next_field}`` names",
            "link": 'each next page is the ``Link: <...>; rel="next"`` target',
            "page": f"page numbers (``{self.param}``) count up until a page is empty",
            "offset": f"the offset (``{self.param}``) moves past the items seen",
        }[self.style] + (" in the request body" if self.body_arg else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamFlag:
    """The request body's field that asks for an event stream, and the two values it takes.

    OpenAI's ``stream`` is a boolean; createSpeech's ``stream_format`` an enum whose ``sse``
    asks for events and whose other value (``audio``) for the binary answer.
    """

    wire_name: str
    on_repr: str  # what the streaming method sends (``True``, ``'sse'``)
    off_repr: str  # what its twins send (``False``, ``'audio'``)
    off_text: str  # the off value as the docstring says it (``false``, ``'audio'``)


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One HTTP operation as a pair of client methods."""

    pointer: str
    operation_id: str
    py_name: str
    method: str
    path: str
    path_expr: str
    summary: str
    description: str
    deprecated: bool
    params: tuple[Param, ...]
    body: Body | None
    responses: tuple[Response, ...]
    return_hint: str
    return_doc: str
    return_link: str | None
    accept: str
    auth: tuple[str, ...]
    example_response: str | None
    stream: bool = False
    pagination: Pagination | None = None
    # The body's boolean that asks for a stream: true in the streaming method, false in its twins.
    stream_flag: StreamFlag | None = None
    stream_flag_on: bool = False
    # The request's text formats (``response_format="text"``) the spec's JSON answer leaves out:
    # a text/* answer is returned as str.
    text_formats: tuple[str, ...] = ()

    @property
    def body_encode_expr(self) -> str:
        """The body's encoding, with the stream flag set to what the method returns."""
        expr = self.body.encode_expr if self.body else "None"
        if not self.stream_flag:
            return expr
        flag = self.stream_flag
        value = flag.on_repr if self.stream_flag_on else flag.off_repr
        return f"streams.flagged({expr}, {flag.wire_name!r}, {value})"

    @property
    def iter_docstring(self) -> str:
        """The ``_iter`` twin's docstring: what it yields and how it walks the pages."""
        if self.pagination is None:
            return ""
        text = (
            f"Every item of {self.py_name}, page after page, each page fetched when the loop "
            f"reaches it. Takes the arguments of {self.py_name}, which select the first page; "
            f"then {self.pagination.describe}."
        )
        return textwrap.fill(text, width=80)

    @property
    def page_method(self) -> str:
        """The private method fetching one page for the ``_iter`` twin."""
        return f"_{self.py_name}_page"

    @property
    def yields(self) -> bool:
        """Whether the call returns only an iterator read as it arrives (events, chunks).

        A return that is an iterator or something else (``Iterator[Thing] | bytes``) is not.
        """
        hint = self.return_hint
        if hint == BINARY_STREAM:
            return True
        return any(
            hint.startswith(kind + "[") and _closing_bracket(hint, len(kind)) == len(hint) - 1
            for kind in ("Iterator", EVENT_STREAM)
        )

    @property
    def async_return_hint(self) -> str:
        """The return type of the async twin: an iterator is read as an ``AsyncStream``."""
        if self.return_hint == BINARY_STREAM:
            return "AsyncStream[bytes]"  # its chunks, read as they arrive
        if self.yields and self.return_hint.startswith(EVENT_STREAM):
            # An event stream also yields the events the spec does not know.
            events = self.return_hint.removeprefix(EVENT_STREAM + "[")[:-1]
            return f"AsyncStream[{events} | streams.UnknownEvent]"
        if self.yields:
            return "AsyncStream" + self.return_hint.removeprefix("Iterator")
        return self.return_hint

    @property
    def positional_args(self) -> tuple[str, ...]:
        """Required arguments, as ``name: hint``."""
        args = [f"{p.py_name}: {p.type.hint}" for p in self.params if p.required]
        if self.body and self.body.required:
            args.append(f"{self.body.py_name}: {self.body.type.input_hint}")
        return tuple(args)

    @property
    def keyword_args(self) -> tuple[str, ...]:
        """Optional arguments, as ``name: hint | Unset = UNSET``."""
        args = [
            f"{p.py_name}: {p.type.hint} | Unset = UNSET" for p in self.params if not p.required
        ]
        if self.body and not self.body.required:
            args.append(f"{self.body.py_name}: {self.body.type.input_hint} | Unset = UNSET")
        return tuple(args)

    @property
    def call_args(self) -> tuple[str, ...]:
        """Every argument name, in signature order."""
        names = [p.py_name for p in self.params if p.required]
        if self.body and self.body.required:
            names.append(self.body.py_name)
        names += [p.py_name for p in self.params if not p.required]
        if self.body and not self.body.required:
            names.append(self.body.py_name)
        return tuple(names)

    @property
    def cookie_params(self) -> tuple[Param, ...]:
        """Parameters sent in the Cookie header."""
        return tuple(p for p in self.params if p.location == "cookie")

    @property
    def success_decoders(self) -> tuple[Response, ...]:
        """2xx responses with a body, most specific first; the last one catches any 2xx."""
        has_2xx = any(r.status.startswith("2") for r in self.responses)
        found = [
            r
            for r in self.responses
            if r.decode_expr
            and (r.status.startswith("2") or (r.status == "default" and not has_2xx))
        ]
        found.sort(key=lambda r: (r.status == "default", "X" in r.status.upper()))
        return tuple(found)

    @property
    def error_decoders(self) -> tuple[Response, ...]:
        """Non-2xx responses with a JSON body, most specific first (decoded onto the exception)."""
        success = set(self.success_decoders)
        found = [
            r
            for r in self.responses
            if r.decode_expr
            and r.read_expr == "response.json()"
            and not r.status.startswith("2")
            and r not in success
        ]
        found.sort(key=lambda r: (r.status == "default", "X" in r.status.upper()))
        return tuple(found)

    @property
    def error_data_function(self) -> str:
        """Name of the module-level function decoding this operation's error bodies."""
        return f"_{self.py_name}_error_data"

    @property
    def error_data_hint(self) -> str:
        """The declared error types, Any for an undeclared status, None for a declared no body."""
        hints = [r.type.hint for r in self.error_decoders if r.type]
        # A status nothing declares gives back the JSON as it came.
        if self.error_decoders and self.error_decoders[-1].condition != "True":
            hints.append("Any")
        return " | ".join(dict.fromkeys([*hints, "None"]))

    @property
    def docstring(self) -> str:
        """Summary line and whole description, then every argument's whole text."""
        summary, body = summary_and_body(self.description, self.summary)
        lines = [summary or self.operation_id]
        if body:
            lines += ["", body]
        documented = [p for p in self.params if p.description.strip()]
        if documented or self.body:
            lines += ["", "Args:"]
            lines += [hanging(p.py_name, p.description, width=80) for p in self.params]
            if self.body:
                lines.append(hanging(self.body.py_name, self.body.description, width=80))
        if self.error_decoders:
            cases = [
                f"{r.type.doc} for {'any other status' if r.status == 'default' else r.status}"
                for r in self.error_decoders
                if r.type
            ]
            lines += [
                "",
                "Raises:",
                "    ApiException: for a status outside 2xx; its ``data`` is the error body as",
                f"        {', '.join(cases)} (the JSON as it came when it does not fit).",
            ]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    """One API class: the operations sharing a tag."""

    name: str
    module: str
    tag: str
    description: str
    operations: tuple[Operation, ...]
    imports: tuple[str, ...]
    type_checking_imports: tuple[tuple[str, str], ...]
    helpers: tuple[Helper, ...]

    @property
    def async_name(self) -> str:
        """The asyncio twin of the class."""
        return f"Async{self.name}"

    @property
    def docstring(self) -> str:
        """The tag's description, or a plain line."""
        return self.description.strip() or f"Operations tagged {self.tag}."
