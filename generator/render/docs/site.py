"""The MkDocs site of a client's docs: its ``mkdocs.yml`` (theme, navigation), CSS and script."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import jinja2

from oapigen import ir

# Where the stylesheet and the script go, relative to the docs folder (MkDocs' extra_css and
# extra_javascript are relative to it), and the files of our templates they are copied from.
STYLESHEET = "docs/stylesheets/oapigen.css"
SCRIPT = "docs/javascripts/oapigen.js"
SITE_FILES = {STYLESHEET: "docs/site.css", SCRIPT: "docs/site.js"}
# A model group longer than this is split by initial letter, so a sidebar stays readable and
# every page does not carry a list of hundreds of links.
GROUP_SIZE = 60
SHARED = "Shared by several APIs"
UNUSED = "Not used by an operation"


@dataclass(frozen=True, slots=True, kw_only=True)
class NavNode:
    """One entry of the site navigation: a page (``path``) or a section of entries."""

    title: str
    path: str = ""
    children: tuple[NavNode, ...] = ()


def mkdocs_config(env: jinja2.Environment, client: ir.Client, *, docs_dir: str) -> str:
    """The ``mkdocs.yml`` that publishes the docs in ``docs_dir`` (relative to the file)."""
    return env.get_template("docs/mkdocs.yml.jinja").render(
        client=client,
        docs_dir=docs_dir,
        nav=navigation(client),
        stylesheet=STYLESHEET,
        script=SCRIPT,
    )


def site_files(env: jinja2.Environment) -> dict[str, str]:
    """The site's stylesheet and script: plain files, taken from the user's templates first."""
    assert env.loader is not None  # strict_environment always sets one
    return {path: env.loader.get_source(env, name)[0] for path, name in SITE_FILES.items()}


def navigation(client: ir.Client) -> tuple[NavNode, ...]:
    """Home, one page per API class, then the model pages grouped by the API that uses them."""
    apis = tuple(
        NavNode(title=api.name, path=f"docs/{ir.api_page(client, api)}") for api in client.apis
    )
    groups = tuple(_model_groups(client))
    if len(groups) == 1:
        groups = groups[0].children
    return (
        NavNode(title="Home", path="README.md"),
        NavNode(title="API reference", children=apis),
        *([NavNode(title="Models", children=groups)] if groups else []),
    )


def _model_groups(client: ir.Client) -> Iterator[NavNode]:
    """Each model and alias page under the one API reaching it, else "shared" or "unused"."""
    owners = _owners(client)
    names = sorted([m.name for m in client.models] + [a.name for a in client.aliases])
    order = [api.name for api in client.apis] + [SHARED, UNUSED]
    members: dict[str, list[str]] = {title: [] for title in order}
    for name in names:
        found = owners.get(name, set())
        members[next(iter(found)) if len(found) == 1 else SHARED if found else UNUSED].append(name)
    for title in order:
        if members[title]:
            yield NavNode(title=title, children=tuple(_chunks(members[title])))


def _chunks(names: list[str]) -> Iterator[NavNode]:
    """The pages themselves, or for a long group, sections by initial letter ("A-C")."""
    pages = [NavNode(title=name, path=f"docs/{name}.md") for name in names]
    if len(pages) <= GROUP_SIZE:
        yield from pages
        return
    chunk: list[NavNode] = []
    for same in _by_initial(pages):
        if chunk and len(chunk) + len(same) > GROUP_SIZE:
            yield _letters(chunk)
            chunk = []
        chunk.extend(same)
    if chunk:
        yield _letters(chunk)


def _by_initial(pages: list[NavNode]) -> Iterator[list[NavNode]]:
    """Runs of pages sharing an initial letter, in order."""
    run: list[NavNode] = []
    for page in pages:
        if run and run[0].title[0].upper() != page.title[0].upper():
            yield run
            run = []
        run.append(page)
    if run:
        yield run


def _letters(pages: list[NavNode]) -> NavNode:
    first, last = pages[0].title[0].upper(), pages[-1].title[0].upper()
    return NavNode(title=first if first == last else f"{first}\u2013{last}", children=tuple(pages))


def _owners(client: ir.Client) -> dict[str, set[str]]:
    """For each model or alias, the API classes whose operations reach it (through any field)."""
    edges = {
        m.name: {r for f in m.fields for r in f.type.refs} | set(m.extra_refs)
        for m in client.models
    }
    edges.update({a.name: set(a.type.refs) for a in client.aliases})
    owners: dict[str, set[str]] = {}
    for api in client.apis:
        stack = list(_operation_refs(api.operations))
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen or name not in edges:
                continue
            seen.add(name)
            owners.setdefault(name, set()).add(api.name)
            stack.extend(sorted(edges[name]))
    return owners


def _operation_refs(operations: Iterable[ir.Operation]) -> Iterator[str]:
    """The names the operations' parameters, bodies and responses refer to."""
    for op in operations:
        for param in op.params:
            yield from param.type.refs
        if op.body is not None:
            yield from op.body.type.refs
        for response in op.responses:
            if response.type is not None:
                yield from response.type.refs
