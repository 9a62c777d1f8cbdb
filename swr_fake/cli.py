"""The ``swr-fake`` command (also ``python -m swr_fake``).

Each subcommand is one ``_add_<name>`` function that declares its arguments and one
``_run_<name>`` function that does the work; ``SUBCOMMANDS`` lists them in ``--help`` order.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import TypeAlias

    _Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

__all__ = ["SUBCOMMANDS", "build_parser", "main"]

_DESCRIPTION = """\
An in-process fake of the Huawei Cloud SWR management API, for tests: code that uses
`requests` or the official SDK `huaweicloudsdkswr` gets the service's URLs, status codes,
JSON and errors, offline. In tests, use the `swr` pytest fixture or `swr_fake.mock_swr()`;
this command shows what the fake does."""

_EPILOG = "Run `swr-fake COMMAND --help` for the options of a command."


def _add_demo(commands: _Commands) -> None:
    commands.add_parser(
        "demo",
        help="run an offline workflow through the official SDK and print each call's outcome",
        description=(
            "Drives the fake through the official SDK (`huaweicloudsdkswr`, the `sdk` extra) the way a team "
            "would: organizations, repositories, pushes, tags, retention, triggers, sync across regions, "
            "shares and permissions, including calls the service rejects. Nothing leaves the machine and "
            "nothing is left behind."
        ),
    ).set_defaults(run=_run_demo)


def _run_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    return run_demo()


def _add_coverage(commands: _Commands) -> None:
    parser = commands.add_parser(
        "coverage",
        help="list the SWR API operations the fake answers and what each does not simulate",
        description=(
            "Lists every operation of the official SDK (shared edition) and of the older v1 API, the method "
            "and path the fake answers it on, and what it does not simulate. Give operation names (the SDK's "
            "method names, e.g. `list_repository_tags`) for the details of those."
        ),
    )
    parser.add_argument("operations", nargs="*", metavar="OPERATION", help="show the details of these operations")
    parser.add_argument(
        "--markdown", action="store_true", help="print the full table as markdown (the text of docs/coverage.md)"
    )
    parser.set_defaults(run=_run_coverage)


def _run_coverage(args: argparse.Namespace) -> int:
    from . import coverage

    if args.markdown:
        print(coverage.render(), end="")
        return 0
    if not args.operations:
        print(coverage.render_text(), end="")
        return 0
    try:
        print(coverage.render_details(args.operations), end="")
    except LookupError as unknown:
        print(f"swr-fake coverage: {unknown.args[0]}", file=sys.stderr)
        return 2
    return 0


def _add_serve(commands: _Commands) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve the fake over HTTP for other processes (docs/server.md)",
        description=(
            "Runs the fake as an HTTP(S) server on the loopback interface until Ctrl-C, for code in other "
            "processes or languages: prints its URL, then the environment variables an SDK needs to use it."
        ),
    )
    from .server.cli import add_arguments

    add_arguments(parser)
    parser.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from .server.cli import serve

    return serve(args)


# The functions that add each subcommand's parser, in the order `--help` lists them.
SUBCOMMANDS: tuple[Callable[[_Commands], None], ...] = (
    _add_demo,
    _add_coverage,
    _add_serve,
)


def build_parser() -> argparse.ArgumentParser:
    """The ``swr-fake`` argument parser with every subcommand."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="swr-fake",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"swr-fake {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for add in SUBCOMMANDS:
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one subcommand; returns the process exit status (0 success, 2 usage error)."""
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
