"""``python -m bench [--quick] [--only SECTION ...]``: measure and print the tables."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable

from .report import Table
from .timing import Plan

SECTIONS = ("floor", "moto", "scale", "cycle", "registry", "server", "hostile")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls, smaller scales (about 1 min)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="run only these sections")
    args = parser.parse_args(argv)
    # The SDK writes ~/.huaweicloud/application_id on import: keep it out of the real home.
    os.environ["HOME"] = tempfile.mkdtemp(prefix="swr-fake-bench-home-")

    from . import common

    # Many short rounds rather than a few long ones: on a busy machine a slow phase then falls on
    # every variant alike (7 rounds of 600 calls gave per-round ratios from 0.9 to 1.7 at load 10).
    plan = Plan(rounds=12, calls=40, warmup=5) if args.quick else Plan(rounds=35, calls=120, warmup=10)
    print("# swr_fake benchmark" + (" (--quick)" if args.quick else ""))
    print()
    for line in common.machine():
        print(f"- {line}")
    print(f"- method: {plan.rounds} interleaved rounds, {plan.calls} timed calls per round (fewer for slow calls),")
    print("  perf_counter_ns per call, gc off while timing; figures are medians of the round medians")
    print()
    failed = False
    for name in args.only:
        started = time.perf_counter()
        try:
            tables = _section(name)(plan, args.quick)
        except ImportError as missing:
            failed = True
            print(f"### {name}: could not run: {missing} (pip install -e '.[bench]')\n", flush=True)
            continue
        except Exception:
            failed = True
            print(f"### {name}: could not run\n\n```\n{traceback.format_exc()}```\n", flush=True)
            continue
        for table in tables:
            print(table.render(), flush=True)
        print(f"({name}: {time.perf_counter() - started:.0f} s)\n", flush=True)
    return 1 if failed else 0


def _section(name: str) -> Callable[[Plan, bool], list[Table]]:
    if name == "floor":
        from . import floor

        return lambda plan, quick: floor.run(plan)
    if name == "moto":
        from . import moto_vs

        return lambda plan, quick: moto_vs.run(plan)
    if name == "registry":
        from . import registry

        return lambda plan, quick: registry.run(plan)
    if name == "server":
        from . import server_vs

        return lambda plan, quick: server_vs.run(plan)
    if name == "scale":
        from . import scale

        return scale.run
    if name == "hostile":
        from . import hostile

        return hostile.run
    from . import cycle

    return cycle.run


if __name__ == "__main__":
    sys.exit(main())
