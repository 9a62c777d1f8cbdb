"""Operation names: the generated ``Literal`` is current, and unknown names are refused loudly."""

from __future__ import annotations

import pathlib
from typing import get_args

import pytest

from swr_fake.operations import OPERATIONS, Operation, check_operation, current_operations, render

SOURCE = pathlib.Path(__file__).resolve().parents[1] / "swr_fake" / "operations.py"


def test_the_literal_lists_every_routed_operation() -> None:
    assert sorted(get_args(Operation)) == current_operations(), "run: python -m swr_fake.operations --write"
    assert render() in SOURCE.read_text(encoding="utf-8"), "run: python -m swr_fake.operations --write"
    assert "delete_repo_tag" in OPERATIONS and "keystone_list_projects" in OPERATIONS


def test_check_operation_gives_a_did_you_mean() -> None:
    assert check_operation("list_namespaces") == "list_namespaces"
    assert check_operation("list_namespaces_async") == "list_namespaces"
    with pytest.raises(ValueError, match=r"unknown SWR operation 'delete_repo_tags'; did you mean 'delete_repo_tag'"):
        check_operation("delete_repo_tags")
    with pytest.raises(ValueError, match="unknown SWR operation 'xyzzy' \\(the operation names"):
        check_operation("xyzzy")
    with pytest.raises(TypeError, match="not int"):
        check_operation(3)


@pytest.mark.slow
def test_mypy_rejects_a_misspelt_operation(tmp_path: pathlib.Path) -> None:
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from swr_fake import FakeSwr\n"
        "def check(swr: FakeSwr) -> None:\n"
        "    swr.calls.assert_not_called('delete_repo_tag')\n"
        "    swr.calls.assert_not_called('delete_repo_tags')\n"
        "    swr.faults.fail('delete_repo_tagz')\n"
    )
    out, _, status = api.run(["--strict", "--no-incremental", "--follow-imports=silent", str(snippet)])
    assert status == 1
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 2 and "snippet.py:4:" in errors[0] and "snippet.py:5:" in errors[1], out
