"""The ``oapigen docs`` subcommand: write only the Markdown pages, in a Python or Ruby flavour."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oapigen.choices import DOCS_FLAVORS
from oapigen.cli.options import add_spec_flags, add_strict_flag, apply_spec_flags
from oapigen.config import Config, spec_mode

SITE_CONFIG = "mkdocs.yml"


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
    docs.add_argument(
        "--lenient",
        action="store_true",
        default=None,
        help="report spec defects as warnings and write the docs anyway",
    )
    add_strict_flag(docs)
    docs.add_argument(
        "--mkdocs",
        nargs="?",
        type=Path,
        const=True,
        metavar="FILE",
        help=(
            "also write the site's configuration, so that `mkdocs build` publishes the pages: "
            f"FILE, by default {SITE_CONFIG} beside the --out folder"
        ),
    )
    docs.set_defaults(run=_docs)


def _docs(args: argparse.Namespace, config: Config) -> int:
    # Imported here: parsing the command line must not load the renderer.
    from oapigen.pipeline import write_docs  # noqa: PLC0415
    from oapigen.render.docs import RubyNames  # noqa: PLC0415

    config = apply_spec_flags(spec_mode(config, lenient=args.lenient, strict=args.strict), args)
    mkdocs = _site_config_path(args)
    problem = _site_config_problem(args, mkdocs)
    if problem:
        print(f"{mkdocs}: error[config]: {problem}", file=sys.stderr)
        return 2
    ruby = None
    if args.flavor == "ruby":
        # An empty name is the client's package, known once the spec is read.
        ruby = RubyNames(module_name=args.module_name or "", gem_name=args.gem_name or "")
    _, warnings = write_docs(
        config,
        out=args.out,
        flavor=args.flavor,
        ruby=ruby,
        overwrite=args.overwrite,
        mkdocs=mkdocs,
    )
    for warning in sorted(warnings):  # as generate prints them
        print(warning.render(), file=sys.stderr)
    return 0


def _site_config_path(args: argparse.Namespace) -> Path | None:
    """Where ``--mkdocs`` writes: the file named, by default mkdocs.yml beside ``--out``."""
    if args.mkdocs is None:
        return None
    if args.mkdocs is True:
        return Path(args.out.resolve().parent / SITE_CONFIG)
    return Path(args.mkdocs)


def _site_config_problem(args: argparse.Namespace, path: Path | None) -> str:
    """Why ``--mkdocs`` cannot write ``path``; empty when it can."""
    if path is None:
        return ""
    if args.flavor != "python":
        return "--mkdocs publishes the python flavour only"
    if path.resolve().parent.is_relative_to(args.out.resolve()):
        # MkDocs needs its docs_dir to be a folder below the configuration's own.
        return "--mkdocs must be written outside the --out folder"
    return ""
