"""Helpers shared by the tests: plain-`requests` calls and rejection checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException, SdkException

from swr_fake import FakeSwr, endpoint_for

TOKEN_HEADERS = {"X-Auth-Token": "test-token", "Content-Type": "application/json"}


def api(
    swr: FakeSwr,
    method: str,
    path: str,
    *,
    body: Any = None,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    region: str | None = None,
) -> requests.Response:
    """A plain `requests` call to the fake, authenticated with a token."""
    url = endpoint_for(region or swr.region) + path
    return requests.request(method, url, json=body, params=params, headers={**TOKEN_HEADERS, **(headers or {})})


def assert_error(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    """The documented error body, both formats, and a request id header."""
    assert response.status_code == status, response.text
    assert response.headers.get("X-Request-Id")
    body: dict[str, Any] = response.json()
    assert body["error_code"] == code
    assert body["errors"][0]["errorCode"] == code
    assert body["errors"][0]["errorMessage"] == body["error_msg"]
    return body


def sdk_rejects(swr: FakeSwr, call: Callable[[], Any], status: int, code: str) -> SdkException:
    """Run an SDK call that must fail; check what the SDK exposes and that no state changed."""
    before = swr.snapshot()
    with pytest.raises(ClientRequestException) as caught:
        call()
    error = caught.value
    assert (error.status_code, error.error_code) == (status, code), error.error_msg
    assert error.request_id
    assert swr.snapshot() == before
    return error
