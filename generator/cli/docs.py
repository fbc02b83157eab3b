"""The ``oapigen docs`` subcommand: write only the Markdown pages, in a Python or Ruby flavour."""

from __future__ import annotations

import argparse
from pathlib import Path

from oapigen.choices import DOCS_FLAVORS
from oapigen.config import Config


def add_docs_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``docs`` on the main parser's subcommands."""
    docs = sub.add_parser("docs", help="write only the Markdown documentation")
    docs.add_argument("--spec", type=Path)
    docs.add_argument("--out", type=Path, required=True)
    docs.add_argument("--flavor", choices=DOCS_FLAVORS, default="python")
    docs.add_argument("--module-name", help="Ruby flavour: the client's module, e.g. MyClient")
    docs.add_argument("--gem-name", help="Ruby flavour: the gem the examples require")
    docs.add_argument("--templates", type=Path, help="folder of templates overriding ours")
    docs.set_defaults(run=_docs)


def _docs(args: argparse.Namespace, config: Config) -> int:
    # Imported here: parsing the command line must not load the renderer.
    from oapigen.pipeline import write_docs  # noqa: PLC0415
    from oapigen.render.docs import RubyNames  # noqa: PLC0415

    config = config.with_overrides(spec=args.spec, templates=args.templates)
    ruby = None
    if args.flavor == "ruby":
        ruby = RubyNames(
            module_name=args.module_name or config.package,
            gem_name=args.gem_name or config.package,
        )
    write_docs(config, out=args.out, flavor=args.flavor, ruby=ruby)
    return 0
