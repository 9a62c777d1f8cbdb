"""The ``swr-fake`` command as a user meets it: ``--version``, ``--help``, ``python -m swr_fake``, coverage."""

from __future__ import annotations

import subprocess
import sys

import pytest

import swr_fake
from swr_fake.cli import main
from swr_fake.coverage import SHARED_OPERATIONS, render_text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"swr-fake {swr_fake.__version__}\n"


def test_version_is_the_packages() -> None:
    from importlib.metadata import version

    assert swr_fake.__version__ == version("swr-fake")


def test_help_lists_and_explains_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps to the terminal's width
    assert "--version" in out
    assert "demo " in out and "offline workflow" in out
    assert "coverage " in out and "does not simulate" in out


@pytest.mark.parametrize(("command", "expected"), [("demo", "official SDK"), ("coverage", "--markdown")])
def test_each_subcommand_has_its_own_help(command: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith(f"usage: swr-fake {command}")
    assert expected in out


def test_no_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([])
    assert exit_.value.code == 2
    assert "COMMAND" in capsys.readouterr().err


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "swr_fake", "--version"], capture_output=True, text=True, check=False, timeout=60
    )
    assert (done.returncode, done.stdout) == (0, f"swr-fake {swr_fake.__version__}\n"), done.stderr


def test_coverage_speaks_to_users(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert out == render_text()
    assert out.startswith(f"swr-fake {swr_fake.__version__} answers 59 of the 59 operations")
    assert "do not edit" not in out and "tests/" not in out  # no maintainer notes
    for _, path, operation in SHARED_OPERATIONS:
        assert f"  {operation} " in out and path in out
    assert "not simulated: CCE/CCI workloads" in out  # create_trigger's gap
    assert "v1_list_tags" in out


def test_coverage_of_one_operation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "create_trigger"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        "create_trigger",
        "  POST /v2/manage/namespaces/{namespace}/repos/{repository}/triggers -> 201",
    ]
    assert "not simulated: CCE/CCI workloads" in out


def test_coverage_of_an_unknown_operation_suggests_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "list_repository_tgs"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "unknown operation 'list_repository_tgs'; did you mean list_repository_tags" in captured.err


def test_coverage_suggests_operations_by_their_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", "list_tag"]) == 2
    err = capsys.readouterr().err
    assert "did you mean list_repository_tag, list_repository_tags, v1_list_tags" in err
