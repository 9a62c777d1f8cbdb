"""The offline demo the README's first command runs."""

from __future__ import annotations

import pytest

from swr_fake.cli import main


def test_demo_runs_the_workflow_and_shows_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "HTTP 400 SVCSTG.SWR.4001028" in out  # a rejected name
    assert "HTTP 409 SVCSTG.SWR.4090060" in out  # a duplicate
    assert "deleted ['1.0', '1.1']" in out  # retention ran after the push
    assert "3.0: success" in out  # the trigger fired
    assert "✓ oras push swr.cn-north-4.myhuaweicloud.com/acme/web/frontend:3.0: HTTP 201" in out  # a real client
    assert "tags in cn-east-3: HTTP 200 — ['3.0']" in out  # the sync copied the tag
    assert "HTTP 406 SVCSTG.SWR.4060074" in out
    assert "✗ delete repository" not in out
