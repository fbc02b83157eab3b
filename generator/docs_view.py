"""IR -> the finished values the Markdown templates show (types, notes, example code)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import docs_examples, ir
from .docs_examples import Examples
from .docs_runtime import RuntimeFacts
from .markdown import markdown

_RUBY_TYPES = {"str": "String", "int": "Integer", "float": "Float", "bool": "Boolean"}
_SAFE_ANCHOR = re.compile(r"[A-Za-z][\w.\-]*")


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One row of a Properties or Parameters table; ``type`` is finished Markdown."""

    name: str
    type: str
    description: str
    notes: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What a call returns or raises for one status; ``result`` is finished Markdown."""

    status: str
    result: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationView:
    """One operation as the API page shows it."""

    op: ir.Operation
    args: tuple[str, ...]
    signature: str
    rows: tuple[Row, ...]
    assignments: tuple[tuple[str, str, str, str], ...]
    model_imports: tuple[str, ...]
    return_type: str
    returns: str
    auth: str
    outcomes: tuple[Outcome, ...]
    ruby_args: str
    ruby_rows: tuple[Row, ...]
    ruby_assignments: tuple[tuple[str, str, str, str], ...]


def auth_anchor(name: str) -> str:
    """The README anchor of a security scheme: its own name when that is a safe HTML id."""
    return (
        name
        if _SAFE_ANCHOR.fullmatch(name)
        else "auth-" + re.sub(r"[^\w\-]", "-", name)
    )


def type_markdown(info: ir.TypeInfo, *, ruby: bool = False) -> str:
    """A type for a table cell: bold, linked to its page when it names a model."""
    text = _ruby_type(info.hint) if ruby else info.hint
    escaped = _cell(text)
    return f"[**{escaped}**]({info.link})" if info.link else f"**{escaped}**"


def _ruby_type(hint: str) -> str:
    hint = hint.removesuffix(" | None")
    inner = re.fullmatch(r"list\[(.+)\]", hint)
    if inner:
        return f"Array<{_ruby_type(inner.group(1))}>"
    if hint.startswith("dict["):
        return "Hash<String, Object>"
    if hint.startswith("Literal["):
        return "String"
    return _RUBY_TYPES.get(hint, hint if re.fullmatch(r"\w+", hint) else "Object")


def _cell(text: str) -> str:
    return markdown(text, "cell")


class DocsView:
    """Builds the views of one client's pages."""

    def __init__(
        self, client: ir.Client, *, facts: RuntimeFacts, ruby_module: str = ""
    ) -> None:
        self.client = client
        self.examples = Examples(client)
        self.ruby_module = ruby_module
        self.facts = facts
        self.exception_for_status = facts.exception_for

    def operation(self, api: ir.Api, op: ir.Operation) -> OperationView:
        """Table rows, example assignments and failure list of one operation."""
        rows: list[Row] = []
        ruby_rows: list[Row] = []
        assignments = []
        ruby_assignments = []
        models: set[str] = set()
        for param in op.params:
            notes = "" if param.required else "[optional]"
            for target, ruby in ((rows, False), (ruby_rows, True)):
                target.append(
                    Row(
                        name=param.py_name,
                        type=type_markdown(param.type, ruby=ruby),
                        description=param.description,
                        notes=notes,
                    )
                )
            value = param.example_repr
            assignments.append(
                (param.py_name, value, param.type.hint, param.description)
            )
            ruby_assignments.append(
                (param.py_name, value, _ruby_type(param.type.hint), param.description)
            )
        if op.body is not None:
            body = op.body
            for target, ruby in ((rows, False), (ruby_rows, True)):
                target.append(
                    Row(
                        name=body.py_name,
                        type=type_markdown(body.type, ruby=ruby),
                        description=body.description,
                        notes="" if body.required else "[optional]",
                    )
                )
            example = self.examples.for_body(body)
            models |= docs_examples.model_names(example)
            assignments.append(
                (
                    body.py_name,
                    docs_examples.python(example, indent=4),
                    body.type.hint,
                    body.description,
                )
            )
            minimal = self.examples.for_body(body, required_only=True)
            ruby_assignments.append(
                (
                    body.py_name,
                    docs_examples.ruby(minimal, self.ruby_module),
                    _ruby_type(body.type.hint),
                    body.description,
                )
            )
        return OperationView(
            op=op,
            args=_call_args(op),
            signature=_signature(op),
            rows=tuple(rows),
            assignments=tuple(assignments),
            model_imports=tuple(sorted(models | {api.name})),
            return_type=_return_markdown(op),
            returns=op.return_doc if op.return_hint != "None" else "",
            auth=", ".join(self._auth_link(name) for name in op.auth)
            or "No authorization required",
            outcomes=self._outcomes(op),
            ruby_args=", ".join(_ruby_call_args(op)),
            ruby_rows=tuple(ruby_rows),
            ruby_assignments=tuple(ruby_assignments),
        )

    def _auth_link(self, name: str) -> str:
        """A link to the README's section on the scheme; text only if the spec never declares it."""
        if any(scheme.name == name for scheme in self.client.security):
            return f"[{markdown(name)}](../README.md#{auth_anchor(name)})"
        return f"{markdown(name)} (not declared in the spec)"

    def _outcomes(self, op: ir.Operation) -> tuple[Outcome, ...]:
        """Declared responses (what they return or raise), then the statuses every call maps."""
        found = []
        for response in op.responses:
            if response.status.startswith("2"):
                result = "returns " + (
                    type_markdown(response.type) if response.type else "None"
                )
            elif response.status.isdigit():
                result = f"raises `{self.exception_for_status(int(response.status))}`"
            else:
                result = "raises `ApiException` or its subclass for the status"
            found.append(
                Outcome(
                    status=markdown(response.status, "cell"),
                    result=result,
                    description=response.description,
                )
            )
        declared = {f.status for f in found}
        for status in (400, 401, 403, 404, 409, 422, 429):
            if str(status) not in declared:
                found.append(
                    Outcome(
                        status=str(status),
                        description="",
                        result=f"raises `{self.exception_for_status(status)}`",
                    )
                )
        found.append(
            Outcome(
                status="5xx",
                description="",
                result=f"raises `{self.exception_for_status(500)}`",
            )
        )
        return tuple(found)


def _call_args(op: ir.Operation) -> tuple[str, ...]:
    """How the example passes each argument: required ones by position, the rest by keyword."""
    required = [p.py_name for p in op.params if p.required]
    if op.body and op.body.required:
        required.append(op.body.py_name)
    optional = [f"{p.py_name}={p.py_name}" for p in op.params if not p.required]
    if op.body and not op.body.required:
        optional.append(f"{op.body.py_name}={op.body.py_name}")
    return (*required, *optional)


def _signature(op: ir.Operation) -> str:
    """The method's arguments as the signature line shows them: optional ones keyword-only."""
    optional = [f"{arg.split(':')[0]}=UNSET" for arg in op.keyword_args]
    names = [arg.split(":")[0] for arg in op.positional_args]
    return ", ".join([*names, *(["*", *optional] if optional else [])])


def _ruby_call_args(op: ir.Operation) -> list[str]:
    names = [p.py_name for p in op.params if p.required]
    if op.body and op.body.required:
        names.append(op.body.py_name)
    if any(not p.required for p in op.params) or (op.body and not op.body.required):
        names.append("opts")
    return names


def _return_markdown(op: ir.Operation) -> str:
    if op.return_hint == "None":
        return "None (empty response body)"
    escaped = _cell(op.return_doc)
    return f"[**{escaped}**]({op.return_link})" if op.return_link else f"**{escaped}**"
