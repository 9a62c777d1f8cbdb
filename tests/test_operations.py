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
