"""``python -m bench.versus REV [--blocks N] [--calls N]``: this checkout against an older one, same process.

A change must not make a row of the floor table slower. Two runs of ``python -m bench`` on a
busy machine differ by more than that, so this runs the older package (``git archive REV``,
imported as ``swr_fake_base``), the checkout's and the floor side by side, in short blocks
that take turns (block b starts with variant b mod 3), and compares their distributions: the
25th percentile and the median of every call of each. The older package must import itself
by relative imports only (swr_fake does).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from swr_fake import FakeSwr

from .common import NAMESPACE, TOKEN_HEADERS, CannedStub, capture, path_of, session
from .timing import Variant

_TIMES = re.compile(rb"\d{4}-\d\d-\d\dT[\d:.]+Z")


def load_base(rev: str, into: Path) -> Any:
    """The package as it was at ``rev``, importable as ``swr_fake_base`` (schemas beside it)."""
    archive = subprocess.run(["git", "archive", rev, "swr_fake", "schemas"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    (into / "swr_fake").rename(into / "swr_fake_base")
    sys.path.insert(0, str(into))
    return importlib.import_module("swr_fake_base")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.versus", description=__doc__)
    parser.add_argument("rev", help="the older revision, e.g. main or a commit")
    parser.add_argument("--blocks", type=int, default=40, help="blocks per variant (default 40)")
    parser.add_argument("--calls", type=int, default=25, help="timed calls per block (default 25)")
    args = parser.parse_args(argv)
    where = Path(tempfile.mkdtemp(prefix="swr-fake-versus-"))
    try:
        base = load_base(args.rev, where)
        print(f"### Floor rows: {args.rev} against this checkout (requests)\n")
        print("| request | floor (p25) | base/floor p25 | now/floor p25 | now/base p25 | now/base median |")
        print("|---|---|---|---|---|---|")
        for line in _rows(base.FakeSwr(), FakeSwr(), args.blocks, args.calls):
            print(line, flush=True)
    finally:
        shutil.rmtree(where, ignore_errors=True)
    return 0


def _forget(memo: dict[Any, Any]) -> None:
    """Drop what the views keep, as they drop it themselves."""
    from swr_fake.api import views

    views.forget_tag_encodings(memo)


def _rows(old: Any, new: FakeSwr, blocks: int, calls: int) -> list[str]:
    http = session()
    for fake in (old, new):
        fake.create_namespace(NAMESPACE)
        for index in range(100):
            fake.push_image(NAMESPACE, "app", f"v{index:06d}")
    base_url = new.endpoint + f"/v2/manage/namespaces/{NAMESPACE}/repos"
    show_url, tags_url, tmp_url = f"{base_url}/app", f"{base_url}/app/tags", f"{base_url}/tmp"
    create_body = {"repository": "tmp", "is_public": False}

    def canned(fake: Any) -> dict[tuple[str, str], tuple[int, dict[str, str], bytes]]:
        return {
            ("GET", path_of(show_url)): capture(fake, http, "GET", show_url),
            ("GET", path_of(tags_url)): capture(fake, http, "GET", tags_url, params={"limit": "100"}),
            ("POST", path_of(base_url)): capture(fake, http, "POST", base_url, json=create_body),
            ("DELETE", path_of(tmp_url)): capture(fake, http, "DELETE", tmp_url),
        }

    replies = canned(new)
    for key, (status, _headers, body) in canned(old).items():  # the same answers, times aside
        now = replies[key]
        assert status == now[0], key
        if _TIMES.sub(b"", bytes(body)) != _TIMES.sub(b"", bytes(now[2])):
            # Answers a later change made different on purpose (time forms, made-up images that
            # are real ones): the rows still compare the same requests.
            print(f"note: {key[0]} {key[1]} answers differently in the two versions")
    stub = CannedStub(replies, ("GET", "POST", "DELETE"))

    def list_tags() -> object:
        return http.get(tags_url, params={"limit": "100"}, headers=TOKEN_HEADERS)

    def forget(fake: Any) -> Callable[[], object]:
        repo = fake.backend.regions[fake.region].namespaces[NAMESPACE].repositories["app"]

        def call() -> object:
            if hasattr(fake.backend, "tag_memo"):
                _forget(fake.backend.tag_memo(repo))
            else:  # older versions kept them on the record
                repo.rendered = None
            return list_tags()

        return call

    def moved(fake: Any) -> Callable[[], object]:
        repo = fake.backend.regions[fake.region].namespaces[NAMESPACE].repositories["app"]
        images = itertools.cycle(list(repo.manifests.values())[1:3])

        def call() -> object:
            with fake.backend.lock:
                fake.backend._set_tag(repo, "v000000", next(images))
            return list_tags()

        return call

    def create_delete() -> object:
        return http.post(base_url, json=create_body, headers=TOKEN_HEADERS), http.delete(tmp_url, headers=TOKEN_HEADERS)

    rows: dict[str, Callable[[Any], Callable[[], object]]] = {
        "show repository": lambda fake: lambda: http.get(show_url, headers=TOKEN_HEADERS),
        "list 100 tags (v2, limit=100)": lambda fake: list_tags,
        "list 100 tags, nothing kept": forget,
        "list 100 tags after one moved": moved,
        "create + delete repository": lambda fake: create_delete,
    }
    lines = []
    for row, make in rows.items():
        # The floor answers canned bytes; in the "moved" row it moves a tag of a fake too (unused).
        floor_call = moved(new) if "moved" in row else make(new) if "kept" not in row else list_tags
        variants = [
            Variant("floor", floor_call, stub.active),
            Variant("base", make(old), lambda: old),
            Variant("now", make(new), lambda: new),
        ]
        samples = _interleaved(variants, blocks, calls)
        q = _quantiles(samples)
        floor = q("floor", 0.25)
        lines.append(
            f"| {row} | {floor / 1000:,.0f} µs | {q('base', 0.25) / floor:.3f} | {q('now', 0.25) / floor:.3f} "
            f"| {q('now', 0.25) / q('base', 0.25):.3f} | {q('now', 0.5) / q('base', 0.5):.3f} |"
        )
    return lines


def _quantiles(samples: dict[str, list[int]]) -> Callable[[str, float], float]:
    ordered = {name: sorted(values) for name, values in samples.items()}
    return lambda name, share: ordered[name][int(share * (len(ordered[name]) - 1))]


def _interleaved(variants: list[Variant], blocks: int, calls: int) -> dict[str, list[int]]:
    samples: dict[str, list[int]] = {variant.name: [] for variant in variants}
    clock = time.perf_counter_ns
    for block in range(blocks):
        for offset in range(len(variants)):
            variant = variants[(block + offset) % len(variants)]
            assert variant.active is not None
            with variant.active():
                for _ in range(5):  # warm-up
                    variant.call()
                gc.collect()
                gc.disable()
                try:
                    for _ in range(calls):
                        start = clock()
                        variant.call()
                        samples[variant.name].append(clock() - start)
                finally:
                    gc.enable()
    return samples


if __name__ == "__main__":
    raise SystemExit(main())
