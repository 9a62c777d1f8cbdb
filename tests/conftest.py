"""Test settings: a throwaway HOME for the SDK, and schema checks on every response."""

from __future__ import annotations

import os
import tempfile

# The SDK writes ~/.huaweicloud/application_id when it is imported; keep that out of $HOME.
os.environ["HOME"] = tempfile.mkdtemp(prefix="swr-fake-home-")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def swr_validate_responses() -> bool:
    return True
