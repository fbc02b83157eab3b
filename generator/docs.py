"""The docs-only pipeline behind ``oapigen docs``: load, validate, build, render Markdown, write."""

from __future__ import annotations

import os
from pathlib import Path

from oapigen.build import build_client
from oapigen.config import Config
from oapigen.diagnostics import Collector
from oapigen.output import write
from oapigen.render import environment
from oapigen.render.docs import RubyNames, render_docs, render_site_config
from oapigen.spec.load import load_spec
from oapigen.spec.validate import validate


def write_docs(
    config: Config,
    *,
    out: Path,
    flavor: str,
    ruby: RubyNames | None = None,
    mkdocs: Path | None = None,
) -> write.Plan:
    """Write only the documentation pages of ``config.spec`` into ``out``.

    With ``mkdocs`` (a path outside ``out``), also the MkDocs configuration publishing them.
    """
    diags = Collector(config.spec_label)
    document = load_spec(config.spec, display=config.spec_label)
    document = validate(document, diags, lenient=config.lenient)
    diags.raise_if_errors()
    client = build_client(document, diags, config)
    diags.raise_if_errors()
    configuration = environment(config.templates).get_template("python/configuration.py.jinja")
    files = render_docs(
        client,
        configuration_source=configuration.render(client=client),
        user_templates=config.templates,
        flavor=flavor,
        ruby=ruby,
    )
    plan = write.write_tree(out, files, {"generator": "oapigen docs", "spec": config.spec_label})
    if mkdocs is not None:
        docs_dir = Path(os.path.relpath(out.resolve(), mkdocs.resolve().parent)).as_posix()
        site = render_site_config(client, docs_dir=docs_dir, user_templates=config.templates)
        write.write_file(mkdocs, site)
    return plan
