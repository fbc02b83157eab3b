"""The docs-only pipeline behind ``oapigen docs``: load, validate, build, render Markdown, write."""

from __future__ import annotations

from pathlib import Path

from oapigen.build import build_client
from oapigen.config import Config
from oapigen.diagnostics import Collector
from oapigen.output import write
from oapigen.render import environment
from oapigen.render.docs import RubyNames, render_docs
from oapigen.spec.bundle import load_bundle
from oapigen.spec.validate import validate


def write_docs(
    config: Config,
    *,
    out: Path,
    flavor: str,
    ruby: RubyNames | None = None,
    overwrite: bool = False,
) -> write.Plan:
    """Write only the documentation pages of ``config.spec`` into ``out``."""
    diags = Collector(config.spec_label)
    bundle = load_bundle(config.spec, display=config.spec_label)
    with bundle.origins.relocating():
        document = validate(bundle.document, diags, lenient=config.lenient)
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
    extra = {"generator": "oapigen docs", "spec": config.spec_label}
    return write.write_tree(out, files, extra, overwrite=overwrite)
