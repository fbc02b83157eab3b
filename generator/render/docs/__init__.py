"""IR -> {relative path: Markdown}: the API, model and README pages, in a Python or Ruby flavour."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from oapigen import ir
from oapigen.choices import DOCS_FLAVORS as FLAVORS
from oapigen.render import cache as render_cache
from oapigen.render.cache import RenderCache
from oapigen.render.docs.auth import bearer_format, scheme_label
from oapigen.render.docs.markdown import markdown
from oapigen.render.docs.models import alias_view, model_view
from oapigen.render.docs.runtime_facts import runtime_facts
from oapigen.render.docs.site import mkdocs_config, site_files
from oapigen.render.docs.view import DocsView, auth_anchor
from oapigen.render.environment import strict_environment
from oapigen.resources import shipped_templates

TEMPLATES = shipped_templates()


@dataclass(frozen=True, slots=True, kw_only=True)
class RubyNames:
    """What the Ruby flavour calls the client: its module and its gem."""

    module_name: str
    gem_name: str


def environment(user_templates: Path | None, cache_dir: Path | None = None) -> jinja2.Environment:
    """Strict Jinja for Markdown; no autoescape: every spec string goes through ``markdown``."""
    env = strict_environment(user_templates, cache_dir)
    env.filters["markdown"] = markdown
    return env


def render_docs(
    client: ir.Client,
    *,
    user_templates: Path | None = None,
    flavor: str = "python",
    ruby: RubyNames | None = None,
    cache_dir: Path | None = None,
    rendered: RenderCache | None = None,
) -> dict[str, str]:
    """The documentation pages of ``client``, keyed by path relative to the output folder.

    ``rendered``: the code's render cache, to share its salt (the code and templates' digest).
    """
    if flavor not in FLAVORS:
        raise ValueError(f"unknown docs flavour {flavor!r}; choose from {', '.join(FLAVORS)}")
    env = environment(user_templates, cache_dir)
    names = RubyNames(
        module_name=(ruby and ruby.module_name) or client.package,
        gem_name=(ruby and ruby.gem_name) or client.package,
    )
    view = DocsView(client, facts=runtime_facts(client), ruby_module=names.module_name)
    if flavor == "ruby":
        return _ruby_pages(env, client, view, names)
    roots = [user_templates, TEMPLATES] if user_templates else [TEMPLATES]
    if rendered is None or rendered.cache_dir != cache_dir:
        rendered = RenderCache(cache_dir, roots)
    return _python_pages(env, client, view, _exception_tree(user_templates), rendered=rendered)


def _python_pages(
    env: jinja2.Environment,
    client: ir.Client,
    view: DocsView,
    exception_tree: str,
    *,
    rendered: RenderCache,
) -> dict[str, str]:
    def render(template: str, **values: Any) -> str:
        return env.get_template(f"docs/{template}").render(client=client, **values)

    outline = render_cache.outline(client)

    def page(template: str, **node: Any) -> str:
        """One page per IR node; kept in the render cache while what it shows is the same."""
        values = {"client": outline, **node}
        name = f"docs/{template}"
        return rendered.text(name, values, lambda: env.get_template(name).render(values))

    op_views = {
        api.name: tuple(view.operation(api, op) for op in api.operations) for api in client.apis
    }
    apis = [api for api in client.apis if op_views[api.name]]
    files = {}
    # A schema named like an API class takes that name at the package root (README, Names):
    # the class is then named by the module it lives in.
    taken = ir.schema_names(client)
    for api in client.apis:
        home = f"{client.package}.api.{api.module}" if api.name in taken else client.package
        files[f"docs/{ir.api_page(client, api)}"] = page(
            "api.md.jinja",
            api=api,
            api_home=home,
            api_page=ir.api_page(client, api),
            views=op_views[api.name],
            facts=view.facts,
        )
    for model in client.models:
        # The example follows the model's fields into other models: worked out each run, so
        # the page depends only on the values it is handed.
        files[f"docs/{model.name}.md"] = page(
            "model.md.jinja", page=model_view(view.examples, model)
        )
    for alias in client.aliases:
        files[f"docs/{alias.name}.md"] = page("alias.md.jinja", page=alias_view(alias))
    files.update(site_files(env))
    files["README.md"] = render(
        "readme.md.jinja",
        views=op_views,
        api_pages={api.name: ir.api_page(client, api) for api in client.apis},
        anchors={s.name: auth_anchor(s.name) for s in client.security},
        labels={s.name: scheme_label(s) for s in client.security},
        exception_tree=exception_tree,
        facts=view.facts,
        pages=sorted([m.name for m in client.models] + [a.name for a in client.aliases]),
        first=(apis[0], op_views[apis[0].name][0]) if apis else None,
    )
    return files


def render_site_config(
    client: ir.Client, *, docs_dir: str, user_templates: Path | None = None
) -> str:
    """The ``mkdocs.yml`` publishing the Python pages of ``client`` found in ``docs_dir``."""
    return mkdocs_config(environment(user_templates), client, docs_dir=docs_dir)


def _ruby_pages(
    env: jinja2.Environment, client: ir.Client, view: DocsView, names: RubyNames
) -> dict[str, str]:
    template = env.get_template("docs_ruby/api.md.jinja")
    return {
        f"{api.name}.md": template.render(
            client=client,
            api=api,
            views=tuple(view.operation(api, op) for op in api.operations),
            module_name=names.module_name,
            gem_name=names.gem_name,
            bearer_formats={s.name: bearer_format(s) for s in client.security},
        )
        for api in client.apis
    }


def _static_file(user_templates: Path | None, name: str) -> Path:
    for root in (user_templates, TEMPLATES):
        if root is not None and (root / "static" / name).is_file():
            return root / "static" / name
    raise FileNotFoundError(name)


def _exception_tree(user_templates: Path | None) -> str:
    """The exception tree drawn in the runtime's own module docstring (one source of truth)."""
    text = _static_file(user_templates, "exceptions.py").read_text(encoding="utf-8")
    docstring = text.split('"""')[1] if text.count('"""') >= 2 else ""
    paragraphs = docstring.strip().split("\n\n")
    return paragraphs[1] if len(paragraphs) > 1 else paragraphs[0]  # the one after the title
