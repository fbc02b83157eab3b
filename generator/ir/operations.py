"""The IR of operations: parameters, bodies, responses, and the API classes that group them."""

from __future__ import annotations

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

    @property
    def is_json(self) -> bool:
        """Whether the body is sent as JSON."""
        return "json" in self.content_type


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

    @property
    def yields(self) -> bool:
        """Whether the call returns only an iterator read as it arrives (events, chunks).

        A return that is an iterator or something else (``Iterator[Thing] | bytes``) is not.
        """
        hint = self.return_hint
        return (
            hint.startswith("Iterator[")
            and _closing_bracket(hint, len("Iterator")) == len(hint) - 1
        )

    @property
    def async_return_hint(self) -> str:
        """The return type of the async twin: an iterator is read as an ``AsyncStream``."""
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
        """The declared error types, or None when the status declares no body."""
        hints = [r.type.hint for r in self.error_decoders if r.type]
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
                f"        {', '.join(cases)} (None when the body does not fit).",
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
