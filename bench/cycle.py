"""Fixture cycle (setup + one call + teardown) and import time."""

from __future__ import annotations

import compileall
import contextlib
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import responses

from swr_fake import FakeSwr, mock_swr
from swr_fake.interception import SWR_URL
from swr_fake.settings import Settings, apply

from .common import TOKEN_HEADERS, session
from .report import Table, verdict
from .timing import Plan, Variant, compare, fmt_ns, ratio

CYCLE_TARGET_NS = 100_000
IMPORT_TARGET_NS = 50_000_000
ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(plan: Plan, quick: bool) -> list[Table]:
    return [_cycles(plan), _imports(5 if quick else 15)]


def _cycles(plan: Plan) -> Table:
    http = session()
    engine = FakeSwr()  # what the session-scoped swr_engine fixture holds
    url = engine.endpoint + "/v2/manage/namespaces"
    canned = (200, {"Content-Type": "application/json;charset=utf-8"}, b'{"namespaces": []}')
    settings = Settings()  # what the swr fixture puts back before each test

    def fixture_cycle() -> None:
        apply(engine, settings)
        engine.start()
        engine.stop()

    def fixture_cycle_call() -> None:
        apply(engine, settings)
        engine.start()
        http.get(url, headers=TOKEN_HEADERS)
        engine.stop()

    def reset_cycle() -> None:
        engine.reset()
        engine.start()
        engine.stop()

    def fresh_cycle() -> None:
        with mock_swr():
            pass

    def fresh_cycle_call() -> None:
        with mock_swr():
            http.get(url, headers=TOKEN_HEADERS)

    def bare_cycle() -> None:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            mock.add_callback("GET", SWR_URL, callback=lambda request: canned, content_type=None)

    def bare_cycle_call() -> None:
        with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
            mock.add_callback("GET", SWR_URL, callback=lambda request: canned, content_type=None)
            http.get(url, headers=TOKEN_HEADERS)

    variants = [
        Variant("fixture", fixture_cycle),
        Variant("fixture+call", fixture_cycle_call),
        Variant("reset only", reset_cycle),
        Variant("fresh", fresh_cycle),
        Variant("fresh+call", fresh_cycle_call),
        Variant("bare", bare_cycle),
        Variant("bare+call", bare_cycle_call),
    ]
    moto_note = ""
    try:
        from moto import mock_aws

        def moto_cycle() -> None:
            with mock_aws():
                pass

        variants.append(Variant("moto", moto_cycle, weight=0.1))
    except ImportError:
        moto_note = " (moto not installed)"
    results = compare(variants, plan.scaled(0.5))

    table = Table(
        "Fixture cycle: setup + teardown, and with one call in between",
        ["cycle", "no call", "one GET list_namespaces", "ratio to bare RequestsMock (one call)"],
    )
    table.add(
        "swr fixture: long-lived FakeSwr, every setting restored (settings.apply) + start() + stop()",
        fmt_ns(results["fixture"].median), fmt_ns(results["fixture+call"].median),
        f"{ratio(results, 'fixture+call', 'bare+call'):.2f}",
    )  # fmt: skip
    table.add("the same with reset() only (no settings restored)", fmt_ns(results["reset only"].median), "", "")
    table.add(
        "fresh `with mock_swr():`",
        fmt_ns(results["fresh"].median), fmt_ns(results["fresh+call"].median),
        f"{ratio(results, 'fresh+call', 'bare+call'):.2f}",
    )  # fmt: skip
    table.add(
        "bare responses.RequestsMock + one callback (floor)",
        fmt_ns(results["bare"].median), fmt_ns(results["bare+call"].median), "1.00",
    )  # fmt: skip
    if "moto" in results:
        table.add("moto `with mock_aws():` (reference)", fmt_ns(results["moto"].median), "", "")
    fixture = results["fixture"].median
    table.notes.append(
        f"the swr fixture's setup + teardown: {fmt_ns(fixture)} "
        f"(target ≤ {fmt_ns(CYCLE_TARGET_NS)}: {verdict(fixture <= CYCLE_TARGET_NS)}); "
        f"a fresh mock_swr(): {fmt_ns(results['fresh'].median)}{moto_note}"
    )
    return table


def installed_copy(into: pathlib.Path) -> pathlib.Path:
    """The package copied and byte-compiled, as a wheel install leaves it (this checkout may have no
    bytecode: with PYTHONDONTWRITEBYTECODE set every import would compile the sources again)."""
    shutil.copytree(ROOT / "swr_fake", into / "swr_fake", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "schemas", into / "swr_fake" / "_schemas")
    compileall.compile_dir(into / "swr_fake", quiet=1)
    return into


def _run_python(code: str, path: pathlib.Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run(
        [sys.executable, *options, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=path
    )


def _wall_ns(code: str, path: pathlib.Path) -> int:
    start = time.perf_counter_ns()
    _run_python(code, path)
    return time.perf_counter_ns() - start


def own_import_ns(path: pathlib.Path) -> tuple[int, int]:
    """From ``-X importtime``: (self time of swr_fake's own modules, cumulative time of ``swr_fake``)."""
    report = _run_python("from swr_fake import mock_swr", path, "-X", "importtime").stderr
    own = total = 0
    for line in report.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        raw = line[len("import time:") :].split("|")
        parts = [part.strip() for part in raw]
        if not parts[0].isdigit():
            continue
        name = parts[2]
        if name.split(".")[0] == "swr_fake":
            own += int(parts[0]) * 1000
            if not raw[2].startswith("  "):  # top level: the package, then what `mock_swr` pulls in
                total += int(parts[1]) * 1000
    return own, total


def _imports(rounds: int) -> Table:
    with tempfile.TemporaryDirectory(prefix="swr-fake-bench-") as scratch:
        return _imports_from(installed_copy(pathlib.Path(scratch)), rounds)


def _imports_from(installed: pathlib.Path, rounds: int) -> Table:
    statements = {
        "bare interpreter": ("pass", installed),
        "requests + responses": ("import requests, responses", installed),
        # `import swr_fake` alone imports almost nothing: its names are imported on first use.
        "swr_fake": ("from swr_fake import mock_swr", installed),
        "swr_fake, from the checkout's sources": ("from swr_fake import mock_swr", ROOT),
        "swr_fake + SDK": ("from swr_fake import mock_swr; import huaweicloudsdkswr.v2", installed),
        "moto": ("import moto", installed),
        "moto + boto3": ("import moto, boto3", installed),
    }
    samples: dict[str, list[int]] = {name: [] for name in statements}
    own: list[int] = []
    cumulative: list[int] = []
    for _ in range(rounds):
        for name, (code, path) in statements.items():
            with contextlib.suppress(subprocess.CalledProcessError):  # not installed
                samples[name].append(_wall_ns(code, path))
        mine, total = own_import_ns(installed)
        own.append(mine)
        cumulative.append(total)
    bare = statistics.median(samples["bare interpreter"])
    table = Table(
        f"Import time (fresh interpreter each, {rounds} interleaved rounds, median)",
        ["import", "wall time", "minus bare interpreter"],
    )
    for name, times in samples.items():
        if not times:
            table.add(name, "not installed", "")
            continue
        wall = statistics.median(times)
        table.add(name, fmt_ns(wall), "" if name == "bare interpreter" else fmt_ns(wall - bare))
    fake = statistics.median(samples["swr_fake"]) - bare
    table.notes += [
        f"`import swr_fake` minus bare interpreter: {fmt_ns(fake)} "
        f"(target ≤ {fmt_ns(IMPORT_TARGET_NS)}: {verdict(fake <= IMPORT_TARGET_NS)})",
        f"-X importtime: swr_fake's own modules {fmt_ns(statistics.median(own))} self time, "
        f"{fmt_ns(statistics.median(cumulative))} cumulative with everything it imports",
        "swr_fake is timed byte-compiled, as installed; the checkout row compiles its sources on every import "
        f"when bytecode is not written (PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})",
        "responses, requests and urllib3 are imported on the first start() of a fake, not by `import swr_fake`",
    ]
    return table
