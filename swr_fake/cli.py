"""The ``swr-fake`` command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="swr-fake", description="An in-process fake of Huawei Cloud SWR.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run an offline workflow through the official SDK and print what happened")
    commands.add_parser("coverage", help="print the table of API operations and what the fake simulates (markdown)")
    from .server.cli import add_arguments

    add_arguments(commands.add_parser("serve", help="serve the fake over HTTP for other processes (docs/server.md)"))
    args = parser.parse_args(argv)
    if args.command == "demo":
        from .demo import run_demo

        return run_demo()
    if args.command == "coverage":
        from .coverage import render

        print(render(), end="")
        return 0
    if args.command == "serve":
        from .server.cli import serve

        return serve(args)
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
