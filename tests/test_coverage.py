"""The coverage table: every shared-edition operation is routed, and docs/coverage.md is current."""

from __future__ import annotations

import csv
import inspect
import pathlib
import re

import pytest

from swr_fake.api.routing import ROUTER
from swr_fake.cli import main
from swr_fake.coverage import SHARED_OPERATIONS, render, rows, unrouted

ROOT = pathlib.Path(__file__).resolve().parents[1]
# The reference list sits in ``shared/reference`` beside the checkout (or beside the worktrees' folder).
OPERATIONS_TSV = next(
    (
        candidate
        for parent in ROOT.parents
        if (candidate := parent / "shared" / "reference" / "sdk-operations.tsv").is_file()
    ),
    ROOT / "sdk-operations.tsv",
)


def test_every_shared_operation_is_routed() -> None:
    assert len(SHARED_OPERATIONS) == 59
    assert len({operation for _, _, operation in SHARED_OPERATIONS}) == 59
    assert unrouted() == []
    shared = {route.operation for route in ROUTER.routes if route.api != "v1"}
    assert shared == {operation for _, _, operation in SHARED_OPERATIONS}


def test_methods_and_paths_are_the_sdks() -> None:
    client = pytest.importorskip("huaweicloudsdkswr.v2.swr_client").SwrClient
    for method, path, operation in SHARED_OPERATIONS:
        source = inspect.getsource(getattr(client, f"_{operation}_http_info"))
        found = re.search(r'"method": "(\w+)",\s*"resource_path": "([^"]*)"', source)
        assert found is not None, operation
        assert (found.group(1), found.group(2)) == (method, path), operation


def test_operations_match_the_reference_list() -> None:
    if not OPERATIONS_TSV.is_file():
        pytest.skip("shared/reference/sdk-operations.tsv is not beside the checkout")
    with OPERATIONS_TSV.open(encoding="utf-8") as handle:
        listed = {
            (row["method"], row["path"], row["sdk_operation"])
            for row in csv.DictReader(handle, delimiter="\t")
            if row["edition"] == "shared"
        }
    assert listed == set(SHARED_OPERATIONS)


def test_every_handler_has_a_one_line_docstring() -> None:
    for route in ROUTER.routes:
        doc = route.handler.__doc__ or ""
        assert doc.strip() and "\n" not in doc.strip(), route.operation


def test_docs_coverage_md_is_current() -> None:
    committed = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    assert render() == committed, "docs/coverage.md is stale: run `swr-fake coverage --markdown > docs/coverage.md`"


def test_table_has_a_row_per_operation_with_status_and_description() -> None:
    table = render().splitlines()
    body = [line for line in table if re.match(r"\| \d+ \|", line)]
    assert len(body) == 59
    by_operation = {row.operation: row for row in rows()}
    assert by_operation["create_agency"].status == "204"
    assert by_operation["delete_image_sync_repo"].status == "200"
    simulated, missing = by_operation["create_trigger"].description()
    assert "fired" in simulated and missing == "CCE/CCI workloads"
    assert by_operation["list_namespaces"].description()[1] == "—"


def test_cli_prints_the_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "--markdown"]) == 0
    assert capsys.readouterr().out == render()
