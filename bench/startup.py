"""``python -m bench.startup [--rounds N] [--before REF]``: what the installed pytest plugin
costs every pytest start-up, in a project that never uses the ``swr`` fixture.

pytest imports ``swr_fake.plugin`` (and so the ``swr_fake`` package) for the ``pytest11``
entry point before it collects anything. Measured after ``import pytest``, in a fresh
interpreter per round, with and without byte-compiled sources (a cache in a temporary
``PYTHONPYCACHEPREFIX``, or none, as with ``PYTHONDONTWRITEBYTECODE=1``):

- ``-X importtime``: the cumulative import time of ``swr_fake`` and ``swr_fake.plugin``;
- ``perf_counter`` around ``import swr_fake.plugin``, in the same process;
- ``--before REF`` measures the sources of a git revision the same way, for comparison.

Figures are medians over the rounds, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_MODULES = frozenset({"swr_fake", "swr_fake.plugin"})
TIMED = (
    "import time, pytest\n"
    "started = time.perf_counter()\n"
    "import swr_fake.plugin\n"
    "print((time.perf_counter() - started) * 1e3)\n"
)


def plugin_import_ms(stderr: str) -> float:
    """From ``-X importtime`` output: the cumulative time of the plugin's own top-level imports."""
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        _, cumulative, name = line[len("import time:") :].split("|")
        # One leading space: imported at the top level, not nested in another import.
        top_level = name.startswith(" ") and not name.startswith("  ")
        if top_level and cumulative.strip().isdigit() and name.strip() in PLUGIN_MODULES:
            total += int(cumulative)
    return total / 1000


def _python(source: Path, env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *arguments],
        env={**env, "PYTHONPATH": str(source)},
        cwd=source,
        capture_output=True,
        text=True,
        check=True,
    )


def measure(source: Path, rounds: int, compiled: bool, scratch: Path) -> tuple[float, float]:
    """(``-X importtime`` ms, in-process ms) for the ``swr_fake`` package found in ``source``."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    if compiled:
        env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        _python(source, env, "-c", "import pytest, swr_fake.plugin")  # fills the cache
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    importtime, timed = [], []
    for _ in range(rounds):
        report = _python(source, env, "-X", "importtime", "-c", "import pytest, swr_fake.plugin").stderr
        importtime.append(plugin_import_ms(report))
        timed.append(float(_python(source, env, "-c", TIMED).stdout))
    return statistics.median(importtime), statistics.median(timed)


def _export(ref: str, into: Path) -> Path:
    """The ``swr_fake`` package of a git revision, extracted under ``into``."""
    archive = subprocess.run(["git", "archive", ref, "swr_fake"], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--rounds", type=int, default=15, help="rounds per figure (default 15)")
    parser.add_argument("--before", metavar="REF", help="also measure the plugin of this git revision")
    args = parser.parse_args(argv)
    print("| plugin | sources | -X importtime (swr_fake + swr_fake.plugin) | import swr_fake.plugin, in-process |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="swr-fake-startup-") as scratch:
        sources = [("this checkout", ROOT)]
        if args.before:
            sources.insert(0, (f"at {args.before}", _export(args.before, Path(scratch) / "before")))
        for number, (label, source) in enumerate(sources):
            for compiled in (True, False):
                cache = Path(scratch) / f"cache-{number}-{compiled}"
                importtime, timed = measure(source, args.rounds, compiled, cache)
                kind = "byte-compiled" if compiled else "not compiled"
                print(f"| {label} | {kind} | {importtime:.1f} ms | {timed:.1f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
