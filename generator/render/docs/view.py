"""IR -> the finished values the Markdown templates show (types, notes, example code)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from oapigen import ir
from oapigen.ir.prose import first_sentence
from oapigen.render.docs import examples as docs_examples
from oapigen.render.docs.auth import configuration_args, scheme_label, setup_comments
from oapigen.render.docs.examples import Examples
from oapigen.render.docs.markdown import markdown
from oapigen.render.docs.program_names import ProgramNames, program_names
from oapigen.render.docs.runtime_facts import RuntimeFacts
from oapigen.render.docs.type_text import return_markdown, ruby_type, type_markdown

_SAFE_ANCHOR = re.compile(r"[A-Za-z][\w.\-]*")


# (variable, value expression, type, description) of one example argument.
Assignment = tuple[str, str, str, str]


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
    # The first sentence of the summary (else the description), for the tables of operations.
    summary: str
    args: tuple[str, ...]
    signature: str
    rows: tuple[Row, ...]
    assignments: tuple[Assignment, ...]
    # The program's imports and the names it calls the runtime and the API class by.
    program: ProgramNames
    async_program: ProgramNames
    return_type: str
    ruby_return_type: str
    returns: str
    auth: str
    # The Python pages name each scheme as what it is: "ApiKeyAuth (HTTP bearer)".
    auth_named: str
    auth_comments: tuple[str, ...]
    configuration: str
    outcomes: tuple[Outcome, ...]
    ruby_args: str
    ruby_returns: str
    ruby_rows: tuple[Row, ...]
    ruby_assignments: tuple[Assignment, ...]
    ruby_options: tuple[Assignment, ...]


def auth_anchor(name: str) -> str:
    """The README anchor of a security scheme: its own name when that is a safe HTML id."""
    return name if _SAFE_ANCHOR.fullmatch(name) else "auth-" + re.sub(r"[^\w\-]", "-", name)


class DocsView:
    """Builds the views of one client's pages."""

    def __init__(
        self,
        client: ir.Client,
        *,
        facts: RuntimeFacts,
        ruby_module: str = "",
    ) -> None:
        """The views of ``client``'s operations, with the runtime's ``facts``."""
        self.client = client
        self.examples = Examples(client)
        self.ruby_module = ruby_module
        self.facts = facts
        self.exception_for_status = facts.exception_for

    def operation(self, api: ir.Api, op: ir.Operation) -> OperationView:
        """Table rows, example assignments and outcome list of one operation."""
        assignments, models = self._python_assignments(op)
        ruby_required, ruby_optional = self._ruby_assignments(op)
        return OperationView(
            op=op,
            summary=first_sentence(op.summary or op.description),
            args=_call_args(op),
            signature=_signature(op),
            rows=tuple(_rows(op, ruby=False)),
            assignments=assignments,
            program=program_names(self.client, api, models),
            async_program=program_names(self.client, api, models, asyncio=True),
            return_type=return_markdown(op),
            ruby_return_type=return_markdown(op, ruby=True),
            returns=op.return_doc if op.return_hint != "None" else "",
            auth=", ".join(self._auth_link(name) for name in op.auth)
            or "No authorization required",
            auth_named=", ".join(self._auth_link(name, named=True) for name in op.auth)
            or "No authorization required",
            auth_comments=setup_comments(op.auth, self.client.security, self.client.env_api_key),
            configuration=configuration_args(
                op.auth, self.client.security, self.client.env_api_key
            ),
            outcomes=self._outcomes(op),
            ruby_args=", ".join(_ruby_call_args(op)),
            ruby_returns=ruby_type(op.return_hint) if op.return_hint != "None" else "",
            ruby_rows=tuple(_rows(op, ruby=True)),
            ruby_assignments=ruby_required,
            ruby_options=ruby_optional,
        )

    def _python_assignments(self, op: ir.Operation) -> tuple[tuple[Assignment, ...], set[str]]:
        """``name = value`` for every argument, and the models the values construct."""
        found = [(p.py_name, p.example_repr, p.type.hint, p.description) for p in op.params]
        models: set[str] = set()
        if op.body is not None:
            example = self.examples.for_body(op.body)
            models = docs_examples.model_names(example)
            value = docs_examples.python(example, indent=4)
            found.append((op.body.py_name, value, op.body.type.hint, op.body.description))
        return tuple(found), models

    def _ruby_assignments(
        self, op: ir.Operation
    ) -> tuple[tuple[Assignment, ...], tuple[Assignment, ...]]:
        """Required arguments as variables and optional ones for ``opts``, as OAG's Ruby does."""
        required: list[Assignment] = []
        optional: list[Assignment] = []
        for p in op.params:
            value = _ruby_value(p.example_repr)
            entry = (p.py_name, value, ruby_type(p.type.hint), p.description)
            (required if p.required else optional).append(entry)
        if op.body is not None:
            minimal = self.examples.for_body(op.body, required_only=True)
            value = docs_examples.ruby(minimal, self.ruby_module)
            entry = (
                op.body.py_name,
                value,
                ruby_type(op.body.type.hint),
                op.body.description,
            )
            (required if op.body.required else optional).append(entry)
        return tuple(required), tuple(optional)

    def _auth_link(self, name: str, *, named: bool = False) -> str:
        """A link to the README's section on the scheme; text only if the spec never declares it.

        ``named``: followed by what the scheme is, in words.
        """
        for scheme in self.client.security:
            if scheme.name == name:
                link = f"[{markdown(name)}](../README.md#{auth_anchor(name)})"
                return f"{link} ({markdown(scheme_label(scheme, nested=True))})" if named else link
        return f"{markdown(name)} (not declared in the spec)"

    def _outcomes(self, op: ir.Operation) -> tuple[Outcome, ...]:
        """Declared responses (what they return or raise), then the statuses every call maps."""
        found = []
        decoded = set(op.error_decoders)
        for response in op.responses:
            if response.status.startswith("2"):
                result = "returns " + (type_markdown(response.type) if response.type else "None")
            elif response.status.isdigit():
                result = f"raises `{self.exception_for_status(int(response.status))}`"
            else:
                result = "raises `ApiException` or its subclass for the status"
            if response in decoded and response.type is not None:
                result += f" with `data` as {type_markdown(response.type)}"
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


def _rows(op: ir.Operation, *, ruby: bool) -> list[Row]:
    """The Parameters table: parameters in signature order, then the body."""
    rows = [
        Row(
            name=p.py_name,
            type=type_markdown(p.type, ruby=ruby),
            description=p.description,
            notes="" if p.required else "[optional]",
        )
        for p in op.params
    ]
    if op.body is not None:
        rows.append(
            Row(
                name=op.body.py_name,
                type=type_markdown(op.body.type, ruby=ruby),
                description=op.body.description,
                notes="" if op.body.required else "[optional]",
            )
        )
    return rows


def _ruby_value(python_repr: str) -> str:
    """A parameter's example (a Python literal) as a Ruby literal."""
    try:
        return docs_examples.ruby_literal(ast.literal_eval(python_repr))
    except (ValueError, SyntaxError):
        return docs_examples.ruby_literal(python_repr)


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
