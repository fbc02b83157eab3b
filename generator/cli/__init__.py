"""Command line: parse arguments, run a stage, print diagnostics, set the exit code."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from oapigen import generate
from oapigen.choices import DIFF_FORMATS
from oapigen.cli.docs import add_docs_command
from oapigen.cli.internal import internal_errors
from oapigen.cli.options import add_spec_flags, add_strict_flag, apply_spec_flags
from oapigen.config import Config, ConfigError, load_config, spec_mode
from oapigen.diagnostics import Collector, Diagnostic, SpecError
from oapigen.output.write import NotOurs

if TYPE_CHECKING:
    from oapigen.apidiff.release import Release
    from oapigen.output.write import Plan

# Each command imports its stages when it runs: a warm ``generate`` answered from the cache
# would otherwise spend most of its time importing the diff, docs and validator modules.

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


def console() -> NoReturn:
    """The ``oapigen`` command."""
    try:
        sys.exit(main())
    finally:
        # The process ends now and its memory with it. Frozen objects are skipped by the
        # interpreter's collections at exit, which otherwise walk every object the run left
        # (a fifth of a cold fragment run's CPU).
        gc.freeze()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``oapigen`` and ``python -m oapigen``."""
    parser = _parser()
    args = parser.parse_args(argv)
    with internal_errors(argv, debug=args.debug) as outcome:
        outcome.code = _run(args)
    return outcome.code


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.run(args, load_config(Path.cwd())))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    except SpecError as exc:
        _print(exc.diagnostics)
        return EXIT_BAD_INPUT
    except NotOurs as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"{exc.filename or '?'}: error[os]: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


class _Version(argparse.Action):
    """``--version``: read from the installed metadata only when asked (it costs ~10 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help")))

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        try:
            found = installed_version("oapigen")
        except PackageNotFoundError:  # run from a checkout that was never installed
            found = "unknown (not installed)"
        print(f"oapigen {found}")
        parser.exit()


def _print(diagnostics: Sequence[Diagnostic]) -> None:
    for diag in sorted(diagnostics):
        print(diag.render(), file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="oapigen", description=__doc__)
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    parser.add_argument(
        "--debug", action="store_true", help="print the traceback of an internal error"
    )
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    gen = sub.add_parser("generate", help="write the client package")
    add_spec_flags(gen)
    gen.add_argument("--out", type=Path, help="the output folder (default: generated)")
    gen.add_argument(
        "--lenient",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="report spec defects as warnings and generate anyway (default: config's lenient)",
    )
    add_strict_flag(gen, negatable=True)
    gen.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the cache (same output)"
    )
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    gen.add_argument(
        "--overwrite",
        action="store_true",
        help="replace files in the output folder that oapigen did not write",
    )
    gen.set_defaults(run=_generate)

    val = sub.add_parser("validate", help="report problems in a spec")
    val.add_argument("spec", type=Path, help="the OpenAPI document")
    val.add_argument(
        "--lenient", action="store_true", default=None, help="report spec defects as warnings"
    )
    add_strict_flag(val)
    val.set_defaults(run=_validate)

    cut = sub.add_parser("slice", help="keep some operations and what they reference")
    cut.add_argument("source", type=Path, help="the OpenAPI document to cut from")
    cut.add_argument(
        "--operation",
        action="append",
        required=True,
        dest="operations",
        metavar="OPID",
        help="an operationId to keep (repeat for more)",
    )
    cut.add_argument("-o", "--output", type=Path, help="where to write (default: stdout)")
    cut.set_defaults(run=_slice)

    one = sub.add_parser("bundle", help="write a spec split over files as one document")
    one.add_argument("spec", type=Path)
    one.add_argument("-o", "--output", type=Path, help="a .json or .yaml file (default: stdout)")
    one.set_defaults(run=_bundle)
    _add_diff(sub)
    add_docs_command(sub)
    return parser


def _generate(args: argparse.Namespace, config: Config) -> int:
    config = spec_mode(config, lenient=args.lenient, strict=args.strict)
    config = apply_spec_flags(
        config, args, out=args.out, use_cache=False if args.no_cache else None
    )
    result = generate(config, check=args.check, overwrite=args.overwrite)
    _print(result.warnings)
    plan = result.plan
    if args.check and plan is not None and plan.stale:
        for label, paths in (
            ("added", plan.added),
            ("changed", plan.changed),
            ("removed", plan.removed),
        ):
            for path in paths:
                print(f"{_label(config.out / path, config.root)}: stale[{label}]", file=sys.stderr)
        if result.release is not None and result.release.bump != "none":
            _print_release(result.release)
        print("generated code is stale: run make generate", file=sys.stderr)
        return EXIT_STALE
    if not args.check and plan is not None:
        print(f"{_label(config.out, config.root)}: {_summary(plan, result.release)}")
    return EXIT_OK


def _print_release(release: Release) -> None:
    """What regenerating would bring: the version change, then one line per API change."""
    from oapigen.apidiff.report import brief  # noqa: PLC0415

    print(f"regenerating would bring: {_release_line(release)}", file=sys.stderr)
    for line in brief(release.changes or ()):
        print(f"  {line}", file=sys.stderr)


def _summary(plan: Plan, release: Release | None) -> str:
    """The one line ``generate`` ends with: files written, changes, the version."""
    written = len(plan.added) + len(plan.changed)
    files = f"{written} file(s) written, {len(plan.removed)} removed"
    if release is None:
        return files
    return f"{files}; {_release_line(release)}"


def _release_line(release: Release) -> str:
    from oapigen.apidiff.report import summary  # noqa: PLC0415

    if release.previous is None:
        return f"first version {release.version}"
    if release.bump == "none":
        return f"spec unchanged, version {release.version}"
    changes = "API not recorded" if release.changes is None else summary(release.changes)
    return f"{changes}; version {release.previous} -> {release.version} ({release.bump})"


def _validate(args: argparse.Namespace, config: Config) -> int:
    from oapigen.pipeline import validate  # noqa: PLC0415
    from oapigen.spec.bundle import load_bundle  # noqa: PLC0415

    config = spec_mode(config, lenient=args.lenient, strict=args.strict)
    diags = Collector(str(args.spec))
    bundle = load_bundle(args.spec)
    validate(bundle.document, diags, lenient=config.lenient, strict=config.strict, cache_dir=None)
    _print(bundle.origins.relocate(diags.items))
    return EXIT_BAD_INPUT if diags.errors else EXIT_OK


def _slice(args: argparse.Namespace, config: Config) -> int:
    from oapigen.spec.bundle import load_bundle, write_document  # noqa: PLC0415
    from oapigen.spec.slice import slice_spec  # noqa: PLC0415

    diags = Collector(str(args.source))
    bundle = load_bundle(args.source)
    result = slice_spec(bundle.document, args.operations, diags)
    diags.raise_if_errors()
    write_document(result, args.output)
    return EXIT_OK


def _bundle(args: argparse.Namespace, config: Config) -> int:
    from oapigen.spec.bundle import load_bundle, write_document  # noqa: PLC0415

    write_document(load_bundle(args.spec).document, args.output)
    return EXIT_OK


def _add_diff(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    cmp = sub.add_parser("diff", help="compare the client APIs of two specs; exit 1 if breaking")
    cmp.add_argument("old", type=Path, metavar="OLD_SPEC")
    cmp.add_argument("new", type=Path, metavar="NEW_SPEC")
    cmp.add_argument(
        "--format", choices=DIFF_FORMATS, default="text", dest="fmt", help="the report's form"
    )
    cmp.add_argument(
        "--lenient",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="report spec defects as warnings and compare anyway (default: config's lenient)",
    )
    add_strict_flag(cmp, negatable=True)
    cmp.set_defaults(run=_diff)


def _diff(args: argparse.Namespace, config: Config) -> int:
    from oapigen.apidiff import report as api_report  # noqa: PLC0415
    from oapigen.apidiff.diff import diff  # noqa: PLC0415
    from oapigen.apidiff.release import bump_of  # noqa: PLC0415
    from oapigen.pipeline import spec_surface  # noqa: PLC0415

    config = spec_mode(config, lenient=args.lenient, strict=args.strict)
    old, old_warnings = spec_surface(args.old, config, lenient=config.lenient)
    new, new_warnings = spec_surface(args.new, config, lenient=config.lenient)
    _print([*old_warnings, *new_warnings])
    changes = diff(old, new)
    bump = bump_of(changes, spec_changed=args.old.read_bytes() != args.new.read_bytes())
    labels = {"old": _label(args.old, config.root), "new": _label(args.new, config.root)}
    text = api_report.render(changes, **labels, fmt=args.fmt, bump=bump)
    sys.stdout.write(text)
    return EXIT_STALE if any(c.breaking for c in changes) else EXIT_OK


def _label(path: Path, root: Path) -> str:
    """A spec's name in reports: as given, but relative to the project when it is inside it."""
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
