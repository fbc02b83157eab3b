"""The ``oapigen docs`` subcommand: write only the Markdown pages, in a Python or Ruby flavour."""

from __future__ import annotations

import argparse
from pathlib import Path

from oapigen.choices import DOCS_FLAVORS
from oapigen.cli.options import add_spec_flags, apply_spec_flags
from oapigen.config import Config


def add_docs_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``docs`` on the main parser's subcommands."""
    docs = sub.add_parser("docs", help="write only the Markdown documentation")
    add_spec_flags(docs)
    docs.add_argument("--out", type=Path, required=True, help="the folder the pages go to")
    docs.add_argument(
        "--flavor", choices=DOCS_FLAVORS, default="python", help="language of the examples"
    )
    docs.add_argument("--module-name", help="Ruby flavour: the client's module, e.g. MyClient")
    docs.add_argument("--gem-name", help="Ruby flavour: the gem the examples require")
    docs.add_argument(
        "--overwrite",
        action="store_true",
        help="replace files in the output folder that oapigen did not write",
    )
    docs.set_defaults(run=_docs)


def _docs(args: argparse.Namespace, config: Config) -> int:
    # Imported here: parsing the command line must not load the renderer.
    from oapigen.pipeline import write_docs  # noqa: PLC0415
    from oapigen.render.docs import RubyNames  # noqa: PLC0415

    config = apply_spec_flags(config, args)
    ruby = None
    if args.flavor == "ruby":
        # An empty name is the client's package, known once the spec is read.
        ruby = RubyNames(module_name=args.module_name or "", gem_name=args.gem_name or "")
    write_docs(config, out=args.out, flavor=args.flavor, ruby=ruby, overwrite=args.overwrite)
    return 0
