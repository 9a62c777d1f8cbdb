"""Nothing left behind: the demo and a test session remove the temporary directories they make
(the SDK's ~/.huaweicloud included), in each xdist worker too."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _run(arguments: list[str], tmp_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    """Runs ``python arguments`` with empty TMPDIR and HOME of its own; returns both."""
    scratch, home = tmp_path / "tmp", tmp_path / "home"
    scratch.mkdir()
    home.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "HOME": str(home)}
    done = subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return scratch, home


def _left_behind(directory: pathlib.Path) -> list[str]:
    # pytest's per-user root (``pytest-of-<user>``) is shared by every run and stays, empty.
    return sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if not (
            path.is_dir()
            and path.parent == directory
            and path.name.startswith("pytest-of-")
            and not any(path.iterdir())
        )
    )


def test_the_demo_leaves_nothing_behind(tmp_path: pathlib.Path) -> None:
    scratch, home = _run(["-m", "swr_fake", "demo"], tmp_path)
    assert _left_behind(scratch) == []
    assert _left_behind(home) == []  # the SDK's ~/.huaweicloud/application_id went to a throwaway home


def test_a_parallel_test_session_leaves_nothing_behind(tmp_path: pathlib.Path) -> None:
    # A worker and the controller, each with its own throwaway HOME; test_plugin uses pytester's tmp_path.
    session = ["-m", "pytest", "-q", "-n", "1", "tests/test_plugin.py"]
    scratch, home = _run(session, tmp_path)
    assert _left_behind(scratch) == []
    assert _left_behind(home) == []
